import type { ReadinessArea, ReadinessStatus } from '@sinergi/shared';
import type { UiKey } from '../../i18n/index.tsx';

export const AREA_KEYS: Record<ReadinessArea, UiKey> = {
  logistics: 'readiness.area.logistics',
  security: 'readiness.area.security',
  polling_stations: 'readiness.area.polling_stations',
  disaster: 'readiness.area.disaster',
};

export const STATUS_KEYS: Record<ReadinessStatus, UiKey> = {
  not_started: 'readiness.status.not_started',
  in_progress: 'readiness.status.in_progress',
  done: 'readiness.status.done',
  blocked: 'readiness.status.blocked',
};

export const STATUS_COLORS: Record<ReadinessStatus, string> = {
  not_started: 'gray',
  in_progress: 'blue',
  done: 'teal',
  blocked: 'red',
};

/** "52,6 %" in the user's language; "—" when there is nothing to count. */
export function formatPct(pct: number | null, locale: string): string {
  if (pct === null) return '—';
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(pct)} %`;
}

/** Red below a third, yellow below two thirds, green above. */
export function pctColor(pct: number | null): string {
  if (pct === null) return 'gray';
  return pct < 100 / 3 ? 'red' : pct < 200 / 3 ? 'yellow' : 'teal';
}
