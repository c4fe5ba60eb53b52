import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/harness.ts';
import { seedDemoReports } from './index.ts';

let ctx: TestContext;

beforeAll(async () => {
  ctx = await createTestContext();
  for (const code of ['15.04', '15.07', '16.07', '51.06']) await ctx.user('regency_officer', code);
});
afterAll(() => ctx.close());

describe('demo reports', () => {
  it('are seeded once in the four demo regencies, across categories, severities and statuses', async () => {
    const first = await seedDemoReports(ctx.services, ctx.database);
    expect(first.created).toBe(60);
    const again = await seedDemoReports(ctx.services, ctx.database);
    expect(again.created).toBe(0);

    const rows = await sql<{
      regency: string;
      n: number;
      categories: number;
      statuses: number;
      severities: number;
    }>`
      SELECT subpath(region_path, 0, 2)::text AS regency, count(*)::int AS n, count(DISTINCT category)::int AS categories,
             count(DISTINCT status)::int AS statuses, count(DISTINCT severity)::int AS severities
        FROM reports GROUP BY 1 ORDER BY 1`.execute(ctx.database.db);
    expect(rows.rows.map((r) => r.regency)).toEqual(['15.04', '15.07', '16.07', '51.06']);
    for (const row of rows.rows) {
      expect(row.n).toBe(15);
      expect(row.categories).toBeGreaterThanOrEqual(10);
      expect(row.statuses).toBeGreaterThanOrEqual(5);
      expect(row.severities).toBe(4);
    }
    // Around the Pilkada of 27 November 2024, and in recent days.
    const dates = await sql<{ pilkada: number; recent: number }>`
      SELECT count(*) FILTER (WHERE occurred_at BETWEEN '2024-11-15' AND '2024-12-15')::int AS pilkada,
             count(*) FILTER (WHERE occurred_at > now() - interval '14 days')::int AS recent FROM reports`.execute(
      ctx.database.db,
    );
    expect(dates.rows[0]?.pilkada).toBeGreaterThanOrEqual(20);
    expect(dates.rows[0]?.recent).toBeGreaterThanOrEqual(20);

    // The operator finds a group of near-duplicates to merge in each regency.
    const officer = await ctx.user('regency_officer', '15.04');
    const groups = await ctx.app.inject({
      url: '/api/v1/reports/duplicate-groups',
      headers: officer.headers,
    });
    expect(groups.json().items.length).toBeGreaterThanOrEqual(1);

    // The public report page has a place to show: Batanghari takes anonymous reports, the others not.
    const places = (parent: string) =>
      ctx.app.inject({ url: `/api/v1/public/intake-places?parent=${parent}` });
    const codes = async (parent: string) =>
      (await places(parent)).json<{ items: Array<{ code: string }> }>().items.map((p) => p.code);
    expect(await codes('ID')).toEqual(['15']);
    expect(await codes('15')).toEqual(['15.04']);
    expect((await places('51')).statusCode).toBe(403);
  });

  it("leaves an officer's later choice on public intake alone", async () => {
    const officer = await ctx.user('regency_officer', '15.04');
    const off = await ctx.app.inject({
      method: 'PUT',
      url: '/api/v1/regions/15.04/public-intake',
      headers: officer.headers,
      payload: { enabled: false },
    });
    expect(off.statusCode, off.body).toBe(200);
    await seedDemoReports(ctx.services, ctx.database);
    const state = await ctx.app.inject({
      url: '/api/v1/regions/15.04/public-intake',
      headers: officer.headers,
    });
    expect(state.json()).toMatchObject({ enabled: false });
  });
});
