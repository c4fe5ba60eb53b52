import { NATIONAL_CODE, timezoneOfProvince, type TimeZoneId } from '@sinergi/shared';

/** The days a stage runs, both ends included, as `YYYY-MM-DD` in the region's time zone. */
export interface StageDays {
  startsOn: string;
  endsOn: string;
  position: number;
}

/**
 * The stages running on `on`, most specific first: the latest started, then the shortest (voting day
 * before the counting that starts with it), then the later one in the schedule. ISO dates compare as
 * strings.
 */
export function stagesOn<T extends StageDays>(stages: readonly T[], on: string): T[] {
  return stages
    .filter((stage) => stage.startsOn <= on && on <= stage.endsOn)
    .sort(
      (a, b) =>
        b.startsOn.localeCompare(a.startsOn) || a.endsOn.localeCompare(b.endsOn) || b.position - a.position,
    );
}

/** The zone whose "today" counts for a region; the country as a whole keeps Jakarta time (WIB). */
export function zoneOfScope(scopeCode: string | null): TimeZoneId {
  return scopeCode === null || scopeCode === NATIONAL_CODE ? 'Asia/Jakarta' : timezoneOfProvince(scopeCode);
}
