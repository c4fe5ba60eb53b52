import { localDate, UTC_OFFSET, ZONE_ABBREVIATION, type TimeZoneId } from '@sinergi/shared';

const DAYS = ['Minggu', 'Senin', 'Selasa', 'Rabu', 'Kamis', 'Jumat', 'Sabtu'];
const MONTHS = [
  'Januari',
  'Februari',
  'Maret',
  'April',
  'Mei',
  'Juni',
  'Juli',
  'Agustus',
  'September',
  'Oktober',
  'November',
  'Desember',
];

/** "2024-09-30" → "30 September 2024". */
export function indonesianDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return `${d} ${MONTHS[(m ?? 1) - 1]} ${y}`;
}

/** "2024-09-30" → "Senin, 30 September 2024" (the day as official letters write it). */
export function indonesianDayDate(date: string): string {
  return `${DAYS[new Date(`${date}T00:00:00Z`).getUTCDay()]}, ${indonesianDate(date)}`;
}

/** An instant in a region's zone: "Senin, 30 September 2024 pukul 09.00 WITA". */
export function indonesianDateTime(instant: Date, timezone: TimeZoneId): string {
  const local = new Date(instant.getTime() + Number(UTC_OFFSET[timezone].slice(1, 3)) * 3_600_000);
  const time = `${String(local.getUTCHours()).padStart(2, '0')}.${String(local.getUTCMinutes()).padStart(2, '0')}`;
  return `${indonesianDayDate(localDate(instant, timezone))} pukul ${time} ${ZONE_ABBREVIATION[timezone]}`;
}
