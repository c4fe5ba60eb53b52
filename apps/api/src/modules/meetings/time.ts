import { endOfLocalDay, startOfLocalDay, UTC_OFFSET, type TimeZoneId } from '@sinergi/shared';

/**
 * Time in a meeting's region. Indonesia keeps no daylight saving, so each zone is a fixed offset and
 * the arithmetic here is exact: WIB +07:00, WITA +08:00, WIT +09:00.
 */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

function offsetMs(timezone: TimeZoneId): number {
  return Number(UTC_OFFSET[timezone].slice(1, 3)) * HOUR;
}

/** An instant as ISO 8601 with the zone's offset: "2024-11-12T09:00:00+07:00". */
export function zonedIso(instant: string | Date, timezone: TimeZoneId): string {
  const at = typeof instant === 'string' ? new Date(instant) : instant;
  return `${new Date(at.getTime() + offsetMs(timezone)).toISOString().slice(0, 19)}${UTC_OFFSET[timezone]}`;
}

/** A meeting time as given: with an offset it is that instant; without one it is read in the zone. */
export function parseMeetingTime(value: string, timezone: TimeZoneId): Date {
  const hasOffset = /(Z|[+-]\d{2}:?\d{2})$/i.test(value);
  return new Date(hasOffset ? value : `${value}${UTC_OFFSET[timezone]}`);
}

/** "2024-10-04" plus n days. */
export function addDays(date: string, days: number): string {
  return new Date(new Date(`${date}T00:00:00Z`).getTime() + days * DAY).toISOString().slice(0, 10);
}

/** The wall-clock time of an instant in the zone, as Indonesian documents write it: "09.00". */
export function localClock(instant: string | Date, timezone: TimeZoneId): string {
  return zonedIso(instant, timezone).slice(11, 16).replace(':', '.');
}

/** The end of the due day in the zone: from this instant an unfinished follow-up is overdue. */
export function dueAt(dueOn: string, timezone: TimeZoneId): Date {
  return endOfLocalDay(dueOn, timezone);
}

export type ReminderKind = 'before_3d' | 'before_1d' | 'escalation';

export interface ReminderPlan {
  kind: ReminderKind;
  fireAt: Date;
  /** Past this, the reminder would say something no longer true, so it is not sent. */
  staleAt: Date | null;
}

/** Reminders go out at the start of the working day in the region. */
const REMINDER_HOUR = 8;

/**
 * The reminders of a follow-up due on `dueOn`: three days and one day before at 08:00 local time
 * to its owner, and an escalation to the meeting's chair at 08:00 on the day after the deadline.
 */
export function reminderPlan(dueOn: string, timezone: TimeZoneId): ReminderPlan[] {
  const at8 = (date: string) => new Date(startOfLocalDay(date, timezone).getTime() + REMINDER_HOUR * HOUR);
  const threeDays = at8(addDays(dueOn, -3));
  const oneDay = at8(addDays(dueOn, -1));
  return [
    { kind: 'before_3d', fireAt: threeDays, staleAt: oneDay },
    { kind: 'before_1d', fireAt: oneDay, staleAt: dueAt(dueOn, timezone) },
    { kind: 'escalation', fireAt: at8(addDays(dueOn, 1)), staleAt: null },
  ];
}
