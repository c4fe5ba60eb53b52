import { describe, expect, it } from 'vitest';
import { localDate, localDateTime, timezoneOfProvince } from './regions.ts';

describe('wall-clock time in a region', () => {
  const instant = new Date('2024-11-26T16:30:00Z');

  it('is the instant in WIB, WITA or WIT, as a datetime-local input takes it', () => {
    expect(localDateTime(instant, timezoneOfProvince('15'))).toBe('2024-11-26T23:30');
    expect(localDateTime(instant, timezoneOfProvince('51'))).toBe('2024-11-27T00:30');
    expect(localDateTime(instant, timezoneOfProvince('94'))).toBe('2024-11-27T01:30');
  });

  it('gives the calendar day of the same zone', () => {
    expect(localDate(instant, 'Asia/Jakarta')).toBe('2024-11-26');
    expect(localDate(instant, 'Asia/Makassar')).toBe('2024-11-27');
  });
});
