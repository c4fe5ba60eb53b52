import crypto from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/harness.ts';

/**
 * The keys that migrations 0104, 0201 and 0256 check once per statement instead of by foreign key:
 * what the foreign keys refused is still refused, with nothing written, and their cascades still run.
 */

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let pool: pg.Pool;
let village: string;
let district: string;
let userId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  pool = new pg.Pool({ connectionString: database.url, max: 2 });
  const place = await pool.query<{ code: string; parent_code: string }>(
    `SELECT code, parent_code FROM regions WHERE level = 4 ORDER BY code LIMIT 1`,
  );
  village = place.rows[0]?.code ?? '';
  district = place.rows[0]?.parent_code ?? '';
  const user = await pool.query<{ id: string }>(
    `INSERT INTO users (username, name, password_hash, role, scope_code, scope_path)
     VALUES ('keys-test', 'Keys Test', 'x', 'admin', 'ID', '') RETURNING id`,
  );
  userId = user.rows[0]?.id ?? '';
});
afterAll(async () => {
  await pool.end();
  await database.drop();
});

/** Inserts reports in one statement; each entry is [region code, district code]. */
async function insertReports(places: Array<[string, string]>): Promise<string[]> {
  const ids = places.map(() => crypto.randomUUID());
  await pool.query(
    `INSERT INTO reports (id, region_code, region_path, district_code, occurred_at, category, severity, title,
                          description, channel, content_hash)
     SELECT id, region, region::ltree, district, now(), 'other', 3, 'judul', 'uraian', 'api', '\\x00'
       FROM unnest($1::uuid[], $2::text[], $3::text[]) AS t(id, region, district)`,
    [ids, places.map((p) => p[0]), places.map((p) => p[1])],
  );
  return ids;
}

async function count(table: string, column: string, ids: string[]): Promise<number> {
  const result = await pool.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM ${table} WHERE ${column} = ANY($1::uuid[])`,
    [ids],
  );
  return result.rows[0]?.n ?? -1;
}

async function rejection(query: Promise<unknown>): Promise<{ code?: string; message: string }> {
  const error = (await query.then(
    () => new Error('the statement was accepted'),
    (e: unknown) => e,
  )) as { code?: string; message: string };
  return { code: error.code, message: error.message };
}

describe('keys checked per statement', () => {
  it('refuse a report whose region or district does not exist, writing none of the statement', async () => {
    const before = await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM reports`);
    for (const bad of [
      [village, '99.99.99'],
      ['99.99.99.9999', district],
    ] as Array<[string, string]>) {
      const refused = await rejection(insertReports([[village, district], bad]));
      expect(refused.code).toBe('23503');
      expect(refused.message).toContain('99.99.99');
    }
    const after = await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM reports`);
    expect(after.rows[0]?.n).toBe(before.rows[0]?.n);
  });

  it('refuse moving a report to a region that does not exist', async () => {
    const [id] = await insertReports([[village, district]]);
    const refused = await rejection(
      pool.query(`UPDATE reports SET district_code = '99.99.99' WHERE id = $1`, [id]),
    );
    expect(refused.code).toBe('23503');
  });

  it('keep a region that reports name from being deleted or renumbered', async () => {
    await insertReports([[village, district]]);
    expect((await rejection(pool.query(`DELETE FROM regions WHERE code = $1`, [village]))).code).toBe(
      '23503',
    );
    expect(
      (await rejection(pool.query(`UPDATE regions SET code = '99.99.99.9998' WHERE code = $1`, [village])))
        .code,
    ).toBe('23503');
    const still = await pool.query(`SELECT 1 FROM regions WHERE code = $1`, [village]);
    expect(still.rowCount).toBe(1);
  });

  it('refuse an identity of a report or a user that does not exist, and keep a named user', async () => {
    const [id = ''] = await insertReports([[village, district]]);
    expect(
      (
        await rejection(
          pool.query(`INSERT INTO reporter_identities (report_id, name) VALUES ($1, 'Nama')`, [
            crypto.randomUUID(),
          ]),
        )
      ).code,
    ).toBe('23503');
    expect(
      (
        await rejection(
          pool.query(`INSERT INTO reporter_identities (report_id, user_id) VALUES ($1, $2)`, [
            id,
            crypto.randomUUID(),
          ]),
        )
      ).code,
    ).toBe('23503');
    await pool.query(`INSERT INTO reporter_identities (report_id, user_id) VALUES ($1, $2)`, [id, userId]);
    expect((await rejection(pool.query(`DELETE FROM users WHERE id = $1`, [userId]))).code).toBe('23503');
  });

  it('refuse an alert signal or a risk status of a report that was never stored', async () => {
    expect(
      (
        await rejection(
          pool.query(
            `INSERT INTO alert_report_signals (report_id, region_code, district_code, occurred_at, category,
                                               severity, status, title)
             VALUES ($1, $2, $3, now(), 'other', 3, 'new', 'judul')`,
            [crypto.randomUUID(), village, district],
          ),
        )
      ).code,
    ).toBe('23503');
    expect(
      (
        await rejection(
          pool.query(`INSERT INTO risk_report_statuses (report_id, at, status) VALUES ($1, now(), 'new')`, [
            crypto.randomUUID(),
          ]),
        )
      ).code,
    ).toBe('23503');
  });

  it('refuse attaching a report to an alert that does not exist, or one without a signal', async () => {
    const [id = ''] = await insertReports([[village, district]]);
    await pool.query(
      `INSERT INTO alert_report_signals (report_id, region_code, district_code, occurred_at, category, severity,
                                         status, title)
       VALUES ($1, $2, $3, now(), 'other', 3, 'new', 'judul')`,
      [id, village, district],
    );
    const alert = await pool.query<{ id: string }>(
      `INSERT INTO alerts (region_code, region_path, kind, severity, title, details)
       VALUES ($1, $2::ltree, 'critical_report', 4, 'judul', '{}') RETURNING id`,
      [district, district],
    );
    const alertId = alert.rows[0]?.id ?? '';
    for (const [alertOf, reportOf] of [
      [crypto.randomUUID(), id],
      [alertId, crypto.randomUUID()],
    ])
      expect(
        (
          await rejection(
            pool.query(`INSERT INTO alert_reports (alert_id, report_id) VALUES ($1, $2)`, [
              alertOf,
              reportOf,
            ]),
          )
        ).code,
      ).toBe('23503');
    await pool.query(`INSERT INTO alert_reports (alert_id, report_id) VALUES ($1, $2)`, [alertId, id]);

    // Deleting the report takes its signal, and the signal its place in the alert.
    await pool.query(`DELETE FROM reports WHERE id = $1`, [id]);
    expect(await count('alert_reports', 'report_id', [id])).toBe(0);
  });

  it('delete what depended on a deleted report or projection, as ON DELETE CASCADE did', async () => {
    const ids = await insertReports([
      [village, district],
      [village, district],
    ]);
    await pool.query(`INSERT INTO reporter_identities (report_id, name) SELECT unnest($1::uuid[]), 'Nama'`, [
      ids,
    ]);
    await pool.query(
      `INSERT INTO alert_report_signals (report_id, region_code, district_code, occurred_at, category, severity,
                                         status, title)
       SELECT unnest($1::uuid[]), $2, $3, now(), 'other', 3, 'new', 'judul'`,
      [ids, village, district],
    );
    await pool.query(
      `INSERT INTO risk_reports (report_id, region_code, region_path, l1, l2, l3, l4, at, created_at, category,
                                 severity, status, title)
       SELECT unnest($1::uuid[]), $2::text, $2::ltree, 'a', 'b', 'c', $2::text, now(), now(), 'other', 3, 'new', 'judul'`,
      [ids, village],
    );
    await pool.query(
      `INSERT INTO risk_report_statuses (report_id, at, status) SELECT unnest($1::uuid[]), now(), 'new'`,
      [ids],
    );

    await pool.query(`DELETE FROM reports WHERE id = ANY($1::uuid[])`, [ids]);
    await pool.query(`DELETE FROM risk_reports WHERE report_id = ANY($1::uuid[])`, [ids]);
    expect(await count('reporter_identities', 'report_id', ids)).toBe(0);
    expect(await count('alert_report_signals', 'report_id', ids)).toBe(0);
    expect(await count('risk_report_statuses', 'report_id', ids)).toBe(0);
  });

  it('probe each parent by its primary key, whatever the statistics were when the plan was made', async () => {
    // A check planned while its parent table was small kept a hash join over the whole table as the
    // table grew (0107): the functions plan without sequential scans, hash or merge joins.
    const functions = [
      'reports_regions_exist',
      'reporter_identities_keys_exist',
      'alert_report_signals_report_exists',
      'alert_reports_keys_exist',
      'risk_report_statuses_report_exists',
    ];
    const result = await pool.query<{ proname: string; proconfig: string[] | null }>(
      `SELECT proname, proconfig FROM pg_proc WHERE proname = ANY($1::text[]) ORDER BY proname`,
      [functions],
    );
    expect(result.rows.map((r) => r.proname)).toEqual([...functions].sort());
    for (const row of result.rows)
      expect(row.proconfig?.sort(), row.proname).toEqual([
        'enable_hashjoin=off',
        'enable_mergejoin=off',
        'enable_seqscan=off',
      ]);
  });
});
