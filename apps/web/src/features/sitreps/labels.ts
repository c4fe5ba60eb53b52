import {
  NATIONAL_CODE,
  timezoneOfProvince,
  ZONE_ABBREVIATION,
  type Me,
  type SitrepComplianceState,
  type SitrepStatus,
  type TimeZoneId,
} from '@sinergi/shared';
import type { UiKey } from '../../i18n/index.tsx';
import { SITREP_AUTHORS, SITREP_REVIEWERS } from './roles.ts';

/** A region's sitrep is compiled and sent by that region's own officers (or an admin). */
export function mayAuthor(user: Me, regionCode: string): boolean {
  if (!SITREP_AUTHORS.includes(user.role)) return false;
  return user.role === 'admin' || user.scope.code === regionCode;
}

/** The recipient region's officers review what was sent to it; the ministry receives the provinces'. */
export function mayReview(user: Me, parentCode: string): boolean {
  if (user.role === 'admin') return true;
  if (parentCode === NATIONAL_CODE) return user.role === 'ministry';
  return user.role === 'province_officer' && user.scope.code === parentCode;
}

/** Province officers, the ministry and admins have child regions that report to them. */
export function receivesSitreps(user: Me): boolean {
  return SITREP_REVIEWERS.includes(user.role) && user.scope.level <= 1;
}

export const STATUS_KEYS: Record<SitrepStatus, UiKey> = {
  draft: 'sitreps.status.draft',
  submitted: 'sitreps.status.submitted',
  acknowledged: 'sitreps.status.acknowledged',
  returned: 'sitreps.status.returned',
  superseded: 'sitreps.status.superseded',
};

export const STATUS_COLORS: Record<SitrepStatus, string> = {
  draft: 'gray',
  submitted: 'blue',
  acknowledged: 'teal',
  returned: 'orange',
  superseded: 'dark',
};

export const COMPLIANCE_KEYS: Record<SitrepComplianceState, UiKey> = {
  reported: 'sitreps.compliance.state.reported',
  late_reported: 'sitreps.compliance.state.late_reported',
  late: 'sitreps.compliance.state.late',
  pending: 'sitreps.compliance.state.pending',
};

/** Symbols that tell the states apart without colour (grey print, colour-blind readers). */
export const COMPLIANCE_SYMBOLS: Record<SitrepComplianceState, string> = {
  reported: '✓',
  late_reported: '✓!',
  late: '✗',
  pending: '…',
};

export const COMPLIANCE_ORDER: readonly SitrepComplianceState[] = [
  'late',
  'pending',
  'late_reported',
  'reported',
];

/** The zone of a region from its code (no daylight saving in Indonesia; the province decides). */
export function regionZone(regionCode: string, fallback: TimeZoneId): TimeZoneId {
  return regionCode === NATIONAL_CODE ? fallback : timezoneOfProvince(regionCode);
}

/** "25 Nov 2024 10.30 WIB": an instant as it was in the region's zone. */
export function formatInstant(iso: string, timezone: TimeZoneId, locale: string): string {
  const text = new Intl.DateTimeFormat(locale, {
    timeZone: timezone,
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(iso));
  return `${text} ${ZONE_ABBREVIATION[timezone]}`;
}

/** A calendar date (YYYY-MM-DD) as words, without shifting it through a zone. */
export function formatDay(date: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, {
    timeZone: 'UTC',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  }).format(new Date(`${date}T00:00:00Z`));
}

/** "18 – 24 November 2024" style period, in the user's language. */
export function formatPeriod(start: string, end: string, locale: string): string {
  const format = new Intl.DateTimeFormat(locale, {
    timeZone: 'UTC',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  });
  return format.formatRange(new Date(`${start}T00:00:00Z`), new Date(`${end}T00:00:00Z`));
}

/** YYYY-MM-DD plus a number of days. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** The default period: the last seven days, today included. */
export function lastSevenDays(today: string): { periodStart: string; periodEnd: string } {
  return { periodStart: addDays(today, -6), periodEnd: today };
}
