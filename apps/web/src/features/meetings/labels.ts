import type { FollowUpStatus, MeetingKind, Role } from '@sinergi/shared';
import type { UiKey } from '../../i18n/index.tsx';

export const KIND_KEYS: Record<MeetingKind, UiKey> = {
  rakor: 'meetings.kind.rakor',
  dialog: 'meetings.kind.dialog',
  monitoring: 'meetings.kind.monitoring',
  virtual_briefing: 'meetings.kind.virtual_briefing',
  other: 'meetings.kind.other',
};

export const STATUS_KEYS: Record<FollowUpStatus, UiKey> = {
  open: 'meetings.status.open',
  in_progress: 'meetings.status.in_progress',
  done: 'meetings.status.done',
  dropped: 'meetings.status.dropped',
};

export const STATUS_COLORS: Record<FollowUpStatus, string> = {
  open: 'gray',
  in_progress: 'blue',
  done: 'green',
  dropped: 'dark',
};

/** Mirrors the API's policy (modules/meetings/policy.ts); the API is what enforces it. */
export const MEETING_EDITORS: readonly Role[] = ['admin', 'province_officer', 'regency_officer'];
export const MEETING_READERS: readonly Role[] = [
  ...MEETING_EDITORS,
  'ministry',
  'forum_member',
  'election_body',
];
export const MEETING_PAGE_ROLES: readonly Role[] = [...MEETING_READERS, 'agency_head'];
export const FOLLOW_UP_UPDATERS: readonly Role[] = [
  ...MEETING_EDITORS,
  'forum_member',
  'election_body',
  'agency_head',
];

/** "Senin, 30 September 2024 09.00 WIB" in the meeting region's zone. */
export function formatMeetingTime(
  iso: string,
  timezone: string,
  abbreviation: string,
  locale: string,
): string {
  const text = new Intl.DateTimeFormat(locale, {
    timeZone: timezone,
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(iso));
  return `${text} ${abbreviation}`;
}

/** A calendar date (YYYY-MM-DD) as words, without shifting it through a zone. */
export function formatDate(date: string, locale: string, weekday = false): string {
  return new Intl.DateTimeFormat(locale, {
    timeZone: 'UTC',
    ...(weekday ? { weekday: 'long' as const } : {}),
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  }).format(new Date(`${date}T00:00:00Z`));
}
