import { describe, expect, it } from 'vitest';
import { groupSecret } from '../auth/secret.ts';
import { childrenKey, levelKey, regionName, zoneLabel } from './format.ts';

describe('regionName', () => {
  it('title-cases the capitalised Kemendagri names and keeps official abbreviations', () => {
    expect(regionName('KABUPATEN BATANGHARI')).toBe('Kabupaten Batanghari');
    expect(regionName('DKI JAKARTA')).toBe('DKI Jakarta');
    expect(regionName('KOTA BAU-BAU')).toBe('Kota Bau-Bau');
    expect(regionName('KABUPATEN TOBA SAMOSIR (TOBASA)')).toBe('Kabupaten Toba Samosir (Tobasa)');
  });

  it('leaves names already in mixed case alone', () => {
    expect(regionName('Batin XXIV')).toBe('Batin XXIV');
    expect(regionName('Muara Bulian')).toBe('Muara Bulian');
  });
});

describe('zones and levels', () => {
  it('labels each zone with its fixed UTC offset', () => {
    expect(zoneLabel('Asia/Jakarta')).toBe('WIB, UTC+7');
    expect(zoneLabel('Asia/Makassar')).toBe('WITA, UTC+8');
    expect(zoneLabel('Asia/Jayapura')).toBe('WIT, UTC+9');
  });

  it('names levels and the level below, with none below a village', () => {
    expect(levelKey(2)).toBe('region.level.2');
    expect(childrenKey(2)).toBe('region.children.2');
    expect(childrenKey(4)).toBeNull();
  });
});

describe('groupSecret', () => {
  it('groups a TOTP secret in fours for typing by hand', () => {
    expect(groupSecret('JBSWY3DPEHPK3PXPAB')).toBe('JBSW Y3DP EHPK 3PXP AB');
    expect(groupSecret('ABCD')).toBe('ABCD');
  });
});
