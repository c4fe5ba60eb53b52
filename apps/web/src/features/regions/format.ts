import { ZONE_ABBREVIATION, type TimeZoneId } from '@sinergi/shared';
import type { UiKey } from '../../i18n/index.tsx';

export const ZONE_OFFSET_HOURS = { WIB: 7, WITA: 8, WIT: 9 } as const;
export type ZoneAbbreviation = keyof typeof ZONE_OFFSET_HOURS;

/** "WITA, UTC+8": Indonesia keeps no daylight saving time, so the offset is fixed per zone. */
export function zoneLabel(timezone: TimeZoneId): string {
  const abbreviation = ZONE_ABBREVIATION[timezone];
  return `${abbreviation}, UTC+${ZONE_OFFSET_HOURS[abbreviation]}`;
}

// Roman numerals and the abbreviations that stay capitalised in official names.
const KEEP_UPPER = /^(DKI|DI|[IVXL]+)$/;

/**
 * Kemendagri data spells provinces and regencies in capitals ("KABUPATEN BATANGHARI") and districts
 * and villages in title case; shown in title case throughout so that lists read evenly.
 */
export function regionName(name: string): string {
  if (name !== name.toUpperCase()) return name;
  return name
    .toLowerCase()
    .split(/(\s+|-|\/|\()/)
    .map((word) =>
      KEEP_UPPER.test(word.toUpperCase()) ? word.toUpperCase() : word.charAt(0).toUpperCase() + word.slice(1),
    )
    .join('');
}

const LEVEL_KEYS = [
  'region.level.0',
  'region.level.1',
  'region.level.2',
  'region.level.3',
  'region.level.4',
] as const satisfies readonly UiKey[];

/** "Provinsi", "Kabupaten/Kota", ... for a level 0 (national) .. 4 (village). */
export function levelKey(level: number): UiKey {
  return LEVEL_KEYS[Math.max(0, Math.min(4, level))] ?? 'region.level.0';
}

const CHILDREN_KEYS = [
  'region.children.0',
  'region.children.1',
  'region.children.2',
  'region.children.3',
] as const satisfies readonly UiKey[];

/** The heading of the list of a region's children ("Kecamatan" under a regency). */
export function childrenKey(level: number): UiKey | null {
  return CHILDREN_KEYS[level] ?? null;
}
