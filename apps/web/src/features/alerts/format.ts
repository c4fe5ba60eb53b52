import { ZONE_ABBREVIATION, type Alert, type TimeZoneId } from '@sinergi/shared';
import type { UiKey } from '../../i18n/index.tsx';

/** An instant in the alert region's own zone: "27 Nov 2024 08.00 WIB". */
export function alertTime(iso: string, timezone: TimeZoneId, locale: string): string {
  const text = new Intl.DateTimeFormat(locale, {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: timezone,
  }).format(new Date(iso));
  return `${text} ${ZONE_ABBREVIATION[timezone]}`;
}

export const SEVERITY_COLORS: Record<number, string> = { 1: 'gray', 2: 'yellow', 3: 'orange', 4: 'red' };
export const STATUS_COLORS: Record<Alert['status'], string> = {
  open: 'red',
  acknowledged: 'blue',
  closed: 'gray',
};

const SEVERITY_KEYS = [
  'alerts.severity.1',
  'alerts.severity.2',
  'alerts.severity.3',
  'alerts.severity.4',
] as const;
export function severityKey(severity: number): UiKey {
  return SEVERITY_KEYS[Math.min(4, Math.max(1, severity)) - 1] ?? 'alerts.severity.1';
}

const KIND_KEYS: Record<string, UiKey> = {
  critical_report: 'alerts.kind.critical_report',
  report_cluster: 'alerts.kind.report_cluster',
  level_up: 'alerts.kind.level_up',
  anomaly: 'alerts.kind.anomaly',
};
export function kindKey(kind: string): UiKey {
  return KIND_KEYS[kind] ?? 'alerts.kind.other';
}

const STATUS_KEYS: Record<Alert['status'], UiKey> = {
  open: 'alerts.status.open',
  acknowledged: 'alerts.status.acknowledged',
  closed: 'alerts.status.closed',
};
export function statusKey(status: Alert['status']): UiKey {
  return STATUS_KEYS[status];
}
