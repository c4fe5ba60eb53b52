import crypto from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RiskList } from '@sinergi/shared';
import { createTestContext, type TestContext, type TestUser } from '../../../test/harness.ts';
import type { ReportEvent } from '../reports/events.ts';
import { OPEN_STATUSES, STATUS_WEIGHTS } from './formula.ts';
import { createRiskRepository } from './index.ts';

/**
 * The listener's incremental state against the reports it was built from: the daily counts of
 * provinces, regencies and districts behind the activity test, the hourly province counts behind the
 * national list, and the aggregates when a recomputation moves the
 * epoch while a report change waits for the lock.
 */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const clock = { t: Date.parse('2024-11-20T10:17:00Z'), now: () => new Date(clock.t) };

let ctx: TestContext;
let ministry: TestUser;
let villages: string[];

beforeAll(async () => {
  ctx = await createTestContext({}, { clock });
  ministry = await ctx.user('ministry', 'ID');
  // Villages of two provinces, so that both the counts and their keeping apart are checked.
  const rows = await sql<{ code: string }>`
    (SELECT code FROM regions WHERE level = 4 AND code LIKE '15.%' ORDER BY code LIMIT 6)
    UNION ALL (SELECT code FROM regions WHERE level = 4 AND code LIKE '51.%' ORDER BY code LIMIT 6)`.execute(
    ctx.database.db,
  );
  villages = rows.rows.map((r) => r.code);
});
afterAll(() => ctx.close());

type Report = ReportEvent['report'];

function report(village: string, occurredMs: number, status: Report['status'], severity: Report['severity']) {
  return {
    id: crypto.randomUUID(),
    regionCode: village,
    regionPath: village,
    districtCode: village.slice(0, 8),
    occurredAt: new Date(occurredMs).toISOString(),
    createdAt: new Date(clock.t).toISOString(),
    category: 'other',
    severity,
    status,
    title: `Uji aktivitas ${village}`,
  } satisfies Report;
}

const emit = (events: ReportEvent[]) =>
  ctx.database.db.transaction().execute((trx) => ctx.services.risk.onReportEvents(trx, events));

/**
 * Counted reports per province, regency, district and village, last 24 h and the 28 days before,
 * straight from the reports.
 */
async function directCounts(nowMs: number) {
  const now = new Date(nowMs).toISOString();
  const rows = await sql<{ code: string; day: number; previous: number }>`
    SELECT v.code,
           count(*) FILTER (WHERE at > ${now}::timestamptz - interval '24 hours')::int AS day,
           count(*) FILTER (WHERE at <= ${now}::timestamptz - interval '24 hours')::int AS previous
      FROM risk_reports CROSS JOIN LATERAL (VALUES (l1), (l2), (l3), (l4)) AS v(code)
     WHERE counted AND at > ${now}::timestamptz - interval '29 days' AND at <= ${now}::timestamptz
     GROUP BY 1`.execute(ctx.database.db);
  return new Map(rows.rows.map((r) => [r.code, { day: r.day, previous: r.previous }]));
}

async function expectCountsExact(nowMs: number) {
  const repository = createRiskRepository(ctx.database.db, ctx.database.pool);
  // The villages, their provinces, regencies and districts, and two regions without any report.
  const regions = [
    ...new Set(villages.flatMap((v) => [v.slice(0, 2), v.slice(0, 5), v.slice(0, 8), v])),
    '11.01.01',
    '11.01.01.2001',
  ].map((code) => ({ code, level: code.split('.').length }));
  const kept = await repository.activityCounts(repository.db, regions, new Date(nowMs).toISOString());
  const direct = await directCounts(nowMs);
  for (const { code } of regions)
    expect(kept.get(code), `${code} at ${new Date(nowMs).toISOString()}`).toEqual(
      direct.get(code) ?? { day: 0, previous: 0 },
    );
}

describe('daily region and hourly province counts', () => {
  it('equal a count of the reports at any moment, through new reports, status changes and a rebuild', async () => {
    const start = clock.t;
    const filed: Report[] = [];
    // A month of reports, some on the edges of hours, some rejected, a few stamped in the future.
    for (let i = 0; i < 160; i += 1) {
      const village = villages[i % villages.length] ?? '';
      const ageMs = (i * 4.37 * HOUR) % (30 * DAY);
      const occurred = i % 17 === 0 ? start - Math.round(ageMs / HOUR) * HOUR : start - ageMs;
      const status = i % 9 === 0 ? 'rejected' : i % 5 === 0 ? 'verified' : 'new';
      filed.push(report(village, occurred, status, ((i % 4) + 1) as Report['severity']));
    }
    for (let i = 0; i < filed.length; i += 20)
      await emit(filed.slice(i, i + 20).map((r) => ({ type: 'created', report: r })));
    // Re-classified: counted ones rejected, rejected ones reinstated.
    const changes = filed
      .filter((_, i) => i % 7 === 0)
      .map((r) => ({
        ...r,
        status: r.status === 'rejected' ? ('verified' as const) : ('duplicate' as const),
      }));
    await emit(changes.map((r) => ({ type: 'status_changed', report: r, previousStatus: 'new' })));

    // Early and late in the day (the two ways of counting the window edges), on the day's edges, and
    // a little before and after midnight (UTC).
    const midnight = Math.ceil(start / DAY) * DAY;
    for (const offset of [0, 7 * 60_000, 29 * 60_000, 31 * 60_000, 58 * 60_000, 60 * 60_000, 5 * HOUR]) {
      await expectCountsExact(start + offset);
    }
    for (const at of [
      midnight - 60_000,
      midnight,
      midnight + 60_000,
      midnight + 11 * HOUR,
      midnight + 13 * HOUR,
    ])
      await expectCountsExact(at);
    clock.t = start + 45 * 60_000;
    await emit([{ type: 'created', report: report(villages[0] ?? '', clock.t + 10 * 60_000, 'new', 2) }]);
    await expectCountsExact(clock.t);
    // Reports stamped exactly on the windows' bounds, read at instants early and late in their hour
    // and day: each belongs to the window that ends with it.
    const instants = [clock.t, clock.t + 40 * 60_000, clock.t + 2 * HOUR + 15 * 60_000];
    await emit(
      instants.flatMap((t) =>
        [t - DAY, t - 29 * DAY].map((occurred, i) => ({
          type: 'created' as const,
          report: report(villages[i + 1] ?? '', occurred, 'new', 3),
        })),
      ),
    );
    for (const t of instants) await expectCountsExact(t);

    // The national list's last 24 h per province read the same hourly counts.
    const list = await ctx.app.inject({ url: '/api/v1/risk', headers: ministry.headers });
    expect(list.statusCode).toBe(200);
    const direct = await directCounts(clock.t);
    for (const item of list.json<RiskList>().items)
      expect(item.reports24h, item.code).toBe(direct.get(item.code)?.day ?? 0);

    // A full recomputation rebuilds them from the reports alone, and the daily job's pruning keeps
    // every hour and day a window can reach.
    await ctx.services.risk.recomputeAll();
    await expectCountsExact(clock.t);
    const repository = createRiskRepository(ctx.database.db, ctx.database.pool);
    await repository.pruneActivity(repository.db, clock.t);
    await expectCountsExact(clock.t);
    clock.t = start;
  });
});

describe('a recomputation that moves the epoch while a report change waits', () => {
  it('leaves the aggregates equal to a full recomputation', async () => {
    const repository = createRiskRepository(ctx.database.db, ctx.database.pool);
    let release = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    // As recomputeAll does, but holding the exclusive lock until the listener waits for it.
    const recompute = repository.db.transaction().execute(async (trx) => {
      await repository.lockSignalExclusive(trx);
      await gate;
      const t0 = new Date(clock.t + 5 * HOUR).toISOString();
      await repository.setEpoch(trx, t0, 72);
      await repository.rebuildActivity(trx, clock.t);
      await repository.recomputeSignals(trx, t0, 72, STATUS_WEIGHTS, OPEN_STATUSES);
    });
    const waiting = emit([
      { type: 'created', report: report(villages[1] ?? '', clock.t - 2 * HOUR, 'verified', 4) },
    ]);
    for (let i = 0; i < 200; i += 1) {
      const blocked = await sql<{ n: number }>`
        SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted`.execute(
        ctx.database.db,
      );
      if ((blocked.rows[0]?.n ?? 0) > 0) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    release();
    await Promise.all([recompute, waiting]);

    const incremental = await ctx.services.risk.scoreAll();
    await ctx.services.risk.recomputeAll();
    const recomputed = new Map((await ctx.services.risk.scoreAll()).map((r) => [r.region_code, r]));
    const touched = incremental.filter((r) => r.signal > 0);
    expect(touched.length).toBeGreaterThan(0);
    for (const row of touched) {
      expect(row.signal, row.region_code).toBeCloseTo(recomputed.get(row.region_code)?.signal ?? -1, 1);
      expect(row.open_reports, row.region_code).toBe(recomputed.get(row.region_code)?.open_reports);
    }
  });
});
