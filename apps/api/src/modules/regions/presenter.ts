import { ZONE_ABBREVIATION, type Region, type RegionDetail, type TimeZoneId } from '@sinergi/shared';
import type { RegionRow } from './repository.ts';

export function presentRegion(row: RegionRow): Region {
  const timezone = row.timezone as TimeZoneId;
  return {
    code: row.code,
    name: row.name,
    level: row.level,
    parentCode: row.parent_code,
    timezone,
    timezoneAbbreviation: ZONE_ABBREVIATION[timezone],
  };
}

export function presentRegionDetail(
  row: RegionRow & { child_count: number },
  path: Array<{ code: string; name: string }>,
): RegionDetail {
  return { ...presentRegion(row), path, childCount: row.child_count };
}
