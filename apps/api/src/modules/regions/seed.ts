import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { getDistricts, getProvinces, getRegencies, getVillages } from 'idn-area-data';
import type pg from 'pg';
import { timezoneOfProvince } from '@sinergi/shared';
import { compactRegionName, normaliseRegionName } from './search-terms.ts';

interface RegionRow {
  code: string;
  name: string;
  level: number;
  parentCode: string | null;
}

async function readAllRegions(): Promise<RegionRow[]> {
  const [provinces, regencies, districts, villages] = await Promise.all([
    getProvinces(),
    getRegencies(),
    getDistricts(),
    getVillages(),
  ]);
  return [
    ...provinces.map((p) => ({ code: p.code, name: p.name, level: 1, parentCode: null })),
    ...regencies.map((r) => ({ code: r.code, name: r.name, level: 2, parentCode: r.province_code })),
    ...districts.map((d) => ({ code: d.code, name: d.name, level: 3, parentCode: d.regency_code })),
    ...villages.map((v) => ({ code: v.code, name: v.name, level: 4, parentCode: v.district_code })),
  ];
}

const PACKAGE_DATA = path.join(
  path.dirname(createRequire(import.meta.url).resolve('idn-area-data')),
  '../data',
);

/**
 * How many regions the package holds, from the line counts of its CSV files (one header line each):
 * a few milliseconds, where parsing them takes half a second of every start. seed.test.ts checks that
 * it agrees with the parsed data.
 */
export function packageRegionCount(): number {
  return ['provinces', 'regencies', 'districts', 'villages'].reduce((sum, area) => {
    const text = fs.readFileSync(path.join(PACKAGE_DATA, `${area}.csv`), 'utf8');
    return sum + text.split('\n').filter((line) => line.trim() !== '').length - 1;
  }, 0);
}

/**
 * Loads every province, regency, district and village of idn-area-data. Idempotent: a database that
 * already holds the package's full set is left alone; otherwise rows are upserted level by level.
 */
export async function seedRegions(pool: pg.Pool): Promise<{ loaded: number; skipped: boolean }> {
  const current = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM regions');
  if (current.rows[0]?.n === packageRegionCount()) return { loaded: 0, skipped: true };
  const regions = await readAllRegions();

  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    // Parents first, so the foreign key on parent_code holds at every step.
    for (const level of [1, 2, 3, 4]) {
      const rows = regions.filter((r) => r.level === level);
      const chunk = 20_000;
      for (let i = 0; i < rows.length; i += chunk) {
        const part = rows.slice(i, i + chunk);
        await client.query(
          `INSERT INTO regions (code, name, level, parent_code, path, timezone, search_name, compact_name)
           SELECT code, name, $3, parent, code::ltree, tz, search, compact
             FROM unnest($1::text[], $2::text[], $4::text[], $5::text[], $6::text[], $7::text[])
                  AS t(code, name, parent, tz, search, compact)
           ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, parent_code = EXCLUDED.parent_code,
             timezone = EXCLUDED.timezone, search_name = EXCLUDED.search_name, compact_name = EXCLUDED.compact_name`,
          [
            part.map((r) => r.code),
            part.map((r) => r.name),
            level,
            part.map((r) => r.parentCode),
            part.map((r) => timezoneOfProvince(r.code)),
            part.map((r) => normaliseRegionName(r.name)),
            part.map((r) => compactRegionName(r.name)),
          ],
        );
      }
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
  await pool.query('ANALYZE regions');
  return { loaded: regions.length, skipped: false };
}
