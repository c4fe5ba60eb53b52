import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext, type TestUser } from '../../../test/harness.ts';
import { createDeferredDispatcher } from './deferred.ts';
import type { ReportEvent, ReportListener } from './events.ts';
import { createReportRepository } from './index.ts';
import { PLACES, reportBody } from './test-helpers.ts';

/**
 * The deferred listeners (the vulnerability index) see each created report once, after its commit,
 * from the queue: also when no process was dispatching at commit time (a crash, a stop), before a
 * later status change, with several dispatchers at once, and past a report they fail on.
 */

let ctx: TestContext;
let officer: TestUser;

beforeAll(async () => {
  ctx = await createTestContext();
  officer = await ctx.user('regency_officer', '15.04');
});
afterAll(() => ctx.close());

async function fileReport(overrides: Parameters<typeof reportBody>[0] = {}): Promise<string> {
  const res = await ctx.app.inject({
    method: 'POST',
    url: '/api/v1/reports',
    headers: officer.headers,
    payload: reportBody(overrides),
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ id: string }>().id;
}

async function queued(ids: string[]): Promise<string[]> {
  const r = await sql<{ report_id: string }>`
    SELECT report_id FROM report_outbox WHERE report_id = ANY(${ids}::uuid[])`.execute(ctx.database.db);
  return r.rows.map((row) => row.report_id);
}

async function projected(ids: string[]): Promise<Array<{ report_id: string; status: string }>> {
  const r = await sql<{ report_id: string; status: string }>`
    SELECT report_id, status FROM risk_reports WHERE report_id = ANY(${ids}::uuid[])`.execute(
    ctx.database.db,
  );
  return r.rows;
}

describe('the queue of the deferred listeners', () => {
  it('keeps reports committed while nothing dispatches, and projects them once dispatching starts', async () => {
    // As after a crash between a report's commit and its projection: the report is stored and queued.
    await ctx.services.reports.projection.stop();
    const ids = [await fileReport(), await fileReport()];
    expect((await queued(ids)).sort()).toEqual([...ids].sort());
    expect(await projected(ids)).toEqual([]);

    ctx.services.reports.projection.start();
    await ctx.services.reports.projection.settled();
    expect(await queued(ids)).toEqual([]);
    expect((await projected(ids)).map((r) => r.report_id).sort()).toEqual([...ids].sort());
  });

  it('projects a creation still queued before the status change that follows it, once', async () => {
    await ctx.services.reports.projection.stop();
    const id = await fileReport({ regionCode: PLACES.batanghariVillage2, severity: 2 });
    const signalBefore = await sql<{ open_reports: number }>`
      SELECT open_reports FROM risk_region_signal WHERE region_code = ${PLACES.batanghariVillage2}`.execute(
      ctx.database.db,
    );
    const verify = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/reports/${id}/status`,
      headers: officer.headers,
      payload: { status: 'verified', note: 'dicek di lapangan' },
    });
    expect(verify.statusCode, verify.body).toBe(200);
    // The change took the report off the queue: the index has it, with the new status after the old.
    expect(await queued([id])).toEqual([]);
    expect(await projected([id])).toEqual([{ report_id: id, status: 'verified' }]);
    const statuses = await sql<{ status: string }>`
      SELECT status FROM risk_report_statuses WHERE report_id = ${id} ORDER BY at, status = 'verified'`.execute(
      ctx.database.db,
    );
    expect(statuses.rows.map((r) => r.status)).toEqual(['new', 'verified']);

    // Dispatching again changes nothing: the report counts once, as one open report more.
    ctx.services.reports.projection.start();
    await ctx.services.reports.projection.settled();
    const signalAfter = await sql<{ open_reports: number }>`
      SELECT open_reports FROM risk_region_signal WHERE region_code = ${PLACES.batanghariVillage2}`.execute(
      ctx.database.db,
    );
    expect(signalAfter.rows[0]?.open_reports).toBe((signalBefore.rows[0]?.open_reports ?? 0) + 1);
  });

  it('gives each report to exactly one of several dispatchers running at once', async () => {
    await ctx.services.reports.projection.stop();
    const ids: string[] = [];
    for (let i = 0; i < 60; i += 1) ids.push(await fileReport());
    const seen: string[] = [];
    const recording: ReportListener = async (_trx, events) => {
      for (const event of events) seen.push(event.report.id);
      // Hold the pass open a little, so that the dispatchers' passes overlap.
      await new Promise((resolve) => setTimeout(resolve, 5));
    };
    const repository = createReportRepository(ctx.database.db);
    const dispatchers = [0, 1, 2].map(() =>
      createDeferredDispatcher({
        repository,
        listeners: [recording],
        effects: { audit: ctx.services.audit, jobs: ctx.services.jobs },
        log: () => undefined,
        maxBatch: 7,
      }),
    );
    for (const dispatcher of dispatchers) dispatcher.start();
    await Promise.all(dispatchers.map((d) => d.settled()));
    await Promise.all(dispatchers.map((d) => d.stop()));
    const mine = seen.filter((id) => ids.includes(id));
    expect(mine.sort()).toEqual([...ids].sort());
    expect(await queued(ids)).toEqual([]);
  });

  it('projects the rest of a pass when one report fails, and keeps the failing one queued', async () => {
    await ctx.services.reports.projection.stop();
    const good = [await fileReport(), await fileReport()];
    const bad = await fileReport({ title: 'Laporan yang tidak bisa diproyeksikan' });
    const seen = new Set<string>();
    const failures: string[] = [];
    const failing: ReportListener = (_trx, events: ReportEvent[]) => {
      if (events.some((e) => e.report.id === bad)) return Promise.reject(new Error('listener failure'));
      for (const event of events) seen.add(event.report.id);
      return Promise.resolve();
    };
    const dispatcher = createDeferredDispatcher({
      repository: createReportRepository(ctx.database.db),
      listeners: [failing],
      effects: { audit: ctx.services.audit, jobs: ctx.services.jobs },
      log: (_error, message) => failures.push(message),
    });
    dispatcher.start();
    await dispatcher.settled();
    await dispatcher.stop();
    expect(good.every((id) => seen.has(id))).toBe(true);
    expect(seen.has(bad)).toBe(false);
    expect(await queued([...good, bad])).toEqual([bad]);
    expect(failures.some((m) => m.includes(bad))).toBe(true);

    // The app's own dispatcher projects it.
    ctx.services.reports.projection.start();
    await ctx.services.reports.projection.settled();
    expect(await queued([bad])).toEqual([]);
    expect(await projected([bad])).toHaveLength(1);
  });
});
