import { reportCategory, type Language, type ReportStatus } from '@sinergi/shared';
import type { UiKey } from '../../i18n/index.tsx';

export const SEVERITY_COLORS: Record<number, string> = { 1: 'gray', 2: 'yellow', 3: 'orange', 4: 'red' };
export const STATUS_COLORS: Record<ReportStatus, string> = {
  new: 'blue',
  verified: 'teal',
  handling: 'violet',
  resolved: 'green',
  rejected: 'gray',
  duplicate: 'gray',
};

export const statusKey = (status: ReportStatus) => `reports.status.${status}` as UiKey;
export const severityKey = (severity: number) => `reports.severity.${severity}` as UiKey;

export function categoryLabel(code: string, language: Language): string {
  return reportCategory(code)?.label[language] ?? code;
}

/** "27 Nov 2024 21.30 WIB": the instant as it was in the region (the API sends the region's offset). */
export function localTime(iso: string, timezone: string, locale: string): string {
  const zone = timezone === 'Asia/Makassar' ? 'WITA' : timezone === 'Asia/Jayapura' ? 'WIT' : 'WIB';
  const text = new Intl.DateTimeFormat(locale, {
    timeZone: timezone,
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(iso));
  return `${text} ${zone}`;
}
