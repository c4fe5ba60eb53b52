/** Region levels of the Kemendagri hierarchy; 0 is the whole country (scope of national users). */
export const REGION_LEVELS = { national: 0, province: 1, regency: 2, district: 3, village: 4 } as const;
export type RegionLevel = 0 | 1 | 2 | 3 | 4;

export const NATIONAL_CODE = 'ID';

export type TimeZoneId = 'Asia/Jakarta' | 'Asia/Makassar' | 'Asia/Jayapura';
export const ZONE_ABBREVIATION: Record<TimeZoneId, 'WIB' | 'WITA' | 'WIT'> = {
  'Asia/Jakarta': 'WIB',
  'Asia/Makassar': 'WITA',
  'Asia/Jayapura': 'WIT',
};

/**
 * Time zone by province code (UU/Keppres 41/1987 split): Bali, Nusa Tenggara, the south, east and
 * north of Kalimantan and all of Sulawesi are WITA; Maluku and Papua WIT; the rest WIB.
 */
export function timezoneOfProvince(provinceCode: string): TimeZoneId {
  const n = Number(provinceCode.slice(0, 2));
  if (n >= 81) return 'Asia/Jayapura';
  if (n >= 71 || (n >= 51 && n <= 53) || (n >= 63 && n <= 65)) return 'Asia/Makassar';
  return 'Asia/Jakarta';
}

/** Level from a Kemendagri code: "15" 1, "15.04" 2, "15.04.01" 3, "15.04.01.2001" 4. */
export function levelOfCode(code: string): RegionLevel {
  if (code === NATIONAL_CODE) return 0;
  return code.split('.').length as RegionLevel;
}

export function parentOfCode(code: string): string | null {
  const i = code.lastIndexOf('.');
  return i < 0 ? null : code.slice(0, i);
}

/** Is `code` inside the subtree of `scope` (itself included)? */
export function isWithinScope(code: string, scope: string): boolean {
  if (scope === NATIONAL_CODE) return true;
  return code === scope || code.startsWith(`${scope}.`);
}

export const REGION_CODE_PATTERN = /^(ID|\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?)$/;

/** Indonesia keeps no daylight saving: each zone is a fixed offset. */
export const UTC_OFFSET: Record<TimeZoneId, '+07:00' | '+08:00' | '+09:00'> = {
  'Asia/Jakarta': '+07:00',
  'Asia/Makassar': '+08:00',
  'Asia/Jayapura': '+09:00',
};

/** The first instant of a calendar day (YYYY-MM-DD) in a region's zone. */
export function startOfLocalDay(date: string, timezone: TimeZoneId): Date {
  return new Date(`${date}T00:00:00${UTC_OFFSET[timezone]}`);
}

/** The first instant after a calendar day in a region's zone: deadlines end there ("end of that day"). */
export function endOfLocalDay(date: string, timezone: TimeZoneId): Date {
  return new Date(startOfLocalDay(date, timezone).getTime() + 86_400_000);
}

/** The wall-clock time (YYYY-MM-DDTHH:mm, as a datetime-local input takes it) of an instant in a region's zone. */
export function localDateTime(instant: Date, timezone: TimeZoneId): string {
  const hours = Number(UTC_OFFSET[timezone].slice(1, 3));
  return new Date(instant.getTime() + hours * 3_600_000).toISOString().slice(0, 16);
}

/** The calendar day (YYYY-MM-DD) an instant falls on in a region's zone. */
export function localDate(instant: Date, timezone: TimeZoneId): string {
  return localDateTime(instant, timezone).slice(0, 10);
}
