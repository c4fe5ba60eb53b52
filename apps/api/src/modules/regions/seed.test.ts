import { getDistricts, getProvinces, getRegencies, getVillages } from 'idn-area-data';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext, type TestUser } from '../../../test/harness.ts';
import { packageRegionCount, seedRegions } from './index.ts';

/**
 * The province time zones, written out from public knowledge (not from the code under test):
 * WITA = Bali, NTB, NTT, Kalimantan Selatan/Timur/Utara and all of Sulawesi; WIT = Maluku, Maluku
 * Utara and every Papua province; everything else WIB.
 */
const PROVINCES: ReadonlyArray<[code: string, name: string, zone: 'WIB' | 'WITA' | 'WIT']> = [
  ['11', 'ACEH', 'WIB'],
  ['12', 'SUMATERA UTARA', 'WIB'],
  ['13', 'SUMATERA BARAT', 'WIB'],
  ['14', 'RIAU', 'WIB'],
  ['15', 'JAMBI', 'WIB'],
  ['16', 'SUMATERA SELATAN', 'WIB'],
  ['17', 'BENGKULU', 'WIB'],
  ['18', 'LAMPUNG', 'WIB'],
  ['19', 'KEPULAUAN BANGKA BELITUNG', 'WIB'],
  ['21', 'KEPULAUAN RIAU', 'WIB'],
  ['31', 'DKI JAKARTA', 'WIB'],
  ['32', 'JAWA BARAT', 'WIB'],
  ['33', 'JAWA TENGAH', 'WIB'],
  ['34', 'DAERAH ISTIMEWA YOGYAKARTA', 'WIB'],
  ['35', 'JAWA TIMUR', 'WIB'],
  ['36', 'BANTEN', 'WIB'],
  ['51', 'BALI', 'WITA'],
  ['52', 'NUSA TENGGARA BARAT', 'WITA'],
  ['53', 'NUSA TENGGARA TIMUR', 'WITA'],
  ['61', 'KALIMANTAN BARAT', 'WIB'],
  ['62', 'KALIMANTAN TENGAH', 'WIB'],
  ['63', 'KALIMANTAN SELATAN', 'WITA'],
  ['64', 'KALIMANTAN TIMUR', 'WITA'],
  ['65', 'KALIMANTAN UTARA', 'WITA'],
  ['71', 'SULAWESI UTARA', 'WITA'],
  ['72', 'SULAWESI TENGAH', 'WITA'],
  ['73', 'SULAWESI SELATAN', 'WITA'],
  ['74', 'SULAWESI TENGGARA', 'WITA'],
  ['75', 'GORONTALO', 'WITA'],
  ['76', 'SULAWESI BARAT', 'WITA'],
  ['81', 'MALUKU', 'WIT'],
  ['82', 'MALUKU UTARA', 'WIT'],
  ['91', 'PAPUA', 'WIT'],
  ['92', 'PAPUA BARAT', 'WIT'],
  ['93', 'PAPUA SELATAN', 'WIT'],
  ['94', 'PAPUA TENGAH', 'WIT'],
  ['95', 'PAPUA PEGUNUNGAN', 'WIT'],
  ['96', 'PAPUA BARAT DAYA', 'WIT'],
];
const ZONE_ID = { WIB: 'Asia/Jakarta', WITA: 'Asia/Makassar', WIT: 'Asia/Jayapura' } as const;

let ctx: TestContext;
let national: TestUser;

beforeAll(async () => {
  ctx = await createTestContext();
  national = await ctx.user('ministry', 'ID');
});
afterAll(() => ctx.close());

const countsByLevel = async () => {
  const rows = await ctx.database.pool.query<{ level: number; n: number }>(
    'SELECT level, count(*)::int AS n FROM regions GROUP BY level ORDER BY level',
  );
  return Object.fromEntries(rows.rows.map((r) => [r.level, r.n]));
};

describe('regions loaded from idn-area-data', () => {
  it('hold 38 provinces, 514 regencies, 7,277 districts and every village of the package', async () => {
    const villages = (await getVillages()).length;
    expect(villages).toBeGreaterThan(80_000);
    expect(await countsByLevel()).toEqual({ 1: 38, 2: 514, 3: 7277, 4: villages });
  });

  it('give every province its time zone, WIB / WITA / WIT province by province', async () => {
    const rows = await ctx.database.pool.query<{ code: string; name: string; timezone: string }>(
      'SELECT code, name, timezone FROM regions WHERE level = 1 ORDER BY code',
    );
    expect(rows.rows).toEqual(
      PROVINCES.map(([code, name, zone]) => ({ code, name, timezone: ZONE_ID[zone] })),
    );
  });

  it('give every region the time zone of its province', async () => {
    const mismatched = await ctx.database.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM regions r JOIN regions p ON p.code = split_part(r.code, '.', 1)
        WHERE r.timezone <> p.timezone`,
    );
    expect(mismatched.rows[0]?.n).toBe(0);
    for (const [code, zone] of [
      ['15.04', 'Asia/Jakarta'],
      ['51.06', 'Asia/Makassar'],
      ['94.01', 'Asia/Jayapura'],
    ] as const) {
      const res = await ctx.app.inject({ url: `/api/v1/regions/${code}`, headers: national.headers });
      expect(res.json(), code).toMatchObject({ code, timezone: zone });
    }
  });

  it('are found by the spellings people use: "tanjab timur", "batang hari", "bangli"', async () => {
    for (const [q, code, name] of [
      ['tanjab timur', '15.07', 'KABUPATEN TANJUNG JABUNG TIMUR'],
      ['batang hari', '15.04', 'KABUPATEN BATANGHARI'],
      ['bangli', '51.06', 'KABUPATEN BANGLI'],
    ] as const) {
      const res = await ctx.app.inject({
        url: `/api/v1/regions?q=${encodeURIComponent(q)}`,
        headers: national.headers,
      });
      expect(res.statusCode, q).toBe(200);
      expect(res.json().items[0], q).toMatchObject({ code, name });
    }
  });

  it('are counted from the package files exactly as the package parses them', async () => {
    const lists = await Promise.all([getProvinces(), getRegencies(), getDistricts(), getVillages()]);
    expect(packageRegionCount()).toBe(lists.reduce((sum, list) => sum + list.length, 0));
  });

  it('are seeded idempotently: a full set is left alone, a damaged one is repaired', async () => {
    const full = await countsByLevel();
    expect(await seedRegions(ctx.database.pool)).toEqual({ loaded: 0, skipped: true });
    expect(await countsByLevel()).toEqual(full);

    // Lose a few villages and garble a regency's name; the next seed puts both right.
    await ctx.database.pool.query(
      `DELETE FROM regions WHERE code IN (SELECT code FROM regions WHERE level = 4 ORDER BY code LIMIT 5)`,
    );
    await ctx.database.pool.query(`UPDATE regions SET name = 'GARBLED' WHERE code = '15.04'`);
    const repaired = await seedRegions(ctx.database.pool);
    expect(repaired.skipped).toBe(false);
    expect(await countsByLevel()).toEqual(full);
    const batanghari = await ctx.database.pool.query<{ name: string }>(
      `SELECT name FROM regions WHERE code = '15.04'`,
    );
    expect(batanghari.rows[0]?.name).toBe('KABUPATEN BATANGHARI');
    expect(await seedRegions(ctx.database.pool)).toEqual({ loaded: 0, skipped: true });
  });
});
