import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { chromium } from 'playwright-core';
import { connect, disconnect } from '../../apps/api/src/db/index.ts';
import type { Jobs } from '../../apps/api/src/jobs/index.ts';
import type { AuditService } from '../../apps/api/src/modules/audit/index.ts';
import type { ReportEvent } from '../../apps/api/src/modules/reports/events.ts';
import { createRiskRepository, createRiskService } from '../../apps/api/src/modules/risk/index.ts';
import type { BenchContext } from '../lib/context.ts';
import { percentile, type LatencySummary } from '../lib/load.ts';
import { BENCH_ADMIN, ROOT, type Target } from '../lib/server.ts';

/**
 * The vulnerability index at national scale: 1,000,000 reports spread over every village and the
 * last 365 days, then
 * - the incremental update after one report (the listener in its own transaction), p99;
 * - a full national recomputation (every aggregate from the 1M reports, then every region's score);
 * - GET /api/v1/risk?parent= for the country (38 provinces) and the largest province, p95;
 * - the dashboard's first draw in headless Chromium (when the web app is built).
 */

// Fewer for a quick iteration (SINERGI_BENCH_REPORT_ROWS=100000); the goals are for a million.
const REPORTS = Number(process.env.SINERGI_BENCH_REPORT_ROWS ?? 1_000_000);
const GOALS = { incrementalP99Ms: 50, fullRecomputeMs: 5000, listP95Ms: 50, firstDrawMs: 2000 };
const CONCURRENCY = 8;

/** The database the server uses: DATABASE_URL, or the embedded cluster of its data dir. */
function connectionStringOf(target: Target): string {
  if (target.env.DATABASE_URL) return target.env.DATABASE_URL;
  const dataDir = target.env.SINERGI_DATA_DIR ?? '';
  const settings = JSON.parse(fs.readFileSync(path.join(dataDir, 'postgres.json'), 'utf8')) as {
    user: string;
    password: string;
  };
  const port = fs
    .readFileSync(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8')
    .split('\n')[3]
    ?.trim();
  return `postgresql://${settings.user}:${encodeURIComponent(settings.password)}@127.0.0.1:${port}/sinergi`;
}

const summary = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const r = (n: number) => Math.round(n * 100) / 100;
  return {
    n: values.length,
    p50: r(percentile(sorted, 50)),
    p95: r(percentile(sorted, 95)),
    p99: r(percentile(sorted, 99)),
    max: r(sorted[sorted.length - 1] ?? Number.NaN),
  };
};

/**
 * ctx.load's closed loop (same clients, keep-alive, but through fetch where ctx.load uses node:http),
 * keeping every latency so that the p95 the goal is stated in can be read (ctx.load reports p50, p90
 * and p99).
 */
async function listLoad(
  url: string,
  headers: Record<string, string>,
  concurrency: number,
  requests: number,
): Promise<LatencySummary & { p95Ms: number }> {
  const latencies: number[] = [];
  const sampleErrors: string[] = [];
  let errors = 0;
  let next = 0;
  const started = performance.now();
  const client = async () => {
    while (next < requests && performance.now() - started < 60_000) {
      next += 1;
      const t0 = performance.now();
      try {
        const res = await fetch(url, { headers });
        await res.arrayBuffer();
        latencies.push(performance.now() - t0);
        if (res.status !== 200) {
          errors += 1;
          if (sampleErrors.length < 5) sampleErrors.push(`${res.status} ${url}`);
        }
      } catch (error) {
        errors += 1;
        if (sampleErrors.length < 5) sampleErrors.push(`${(error as Error).message} ${url}`);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, client));
  const seconds = (performance.now() - started) / 1000;
  const sorted = [...latencies].sort((a, b) => a - b);
  const r = (n: number) => Math.round(n * 100) / 100;
  return {
    requests: latencies.length,
    errors,
    seconds: r(seconds),
    requestsPerSecond: r(latencies.length / seconds),
    concurrency,
    ms: {
      p50: r(percentile(sorted, 50)),
      p90: r(percentile(sorted, 90)),
      p99: r(percentile(sorted, 99)),
      max: r(sorted[sorted.length - 1] ?? Number.NaN),
      mean: r(sorted.reduce((sum, v) => sum + v, 0) / Math.max(1, sorted.length)),
    },
    p95Ms: r(percentile(sorted, 95)),
    ...(sampleErrors.length ? { sampleErrors } : {}),
  };
}

async function loadReports(
  database: ReturnType<typeof connect>,
  log: (line: string) => void,
): Promise<number> {
  const started = performance.now();
  // Villages numbered once; each report picks one at random and a moment in the last year.
  await database.pool.query(`
    CREATE TEMP TABLE bench_villages AS
      SELECT row_number() OVER (ORDER BY code)::int AS n, code, path FROM regions WHERE level = 4`);
  const villages =
    (await database.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM bench_villages')).rows[0]?.n ??
    0;
  // The state a year of use leaves: autovacuum has been over the older reports (their pages are
  // all-visible, so index-only scans stay in the index), but not over the last weeks: at a million
  // reports a year its insert threshold (20 % of the table) comes round every ~73 days, so the most
  // recent reports are, on average, the last ~36 days' worth. Vacuuming those too would flatter every
  // count over recent reports; vacuuming none would time autovacuum's first pass over the bulk load.
  const unvacuumedDays = 36;
  const cutoff = new Date(Date.now() - unvacuumedDays * 86_400_000).toISOString();
  const older = Math.round((REPORTS * (365 - unvacuumedDays)) / 365);
  const insert = async (from: number, count: number, at: string) => {
    await database.pool.query(
      `INSERT INTO risk_reports (report_id, region_code, region_path, l1, l2, l3, l4, at, created_at,
                                 category, severity, status, title)
       SELECT gen_random_uuid(), v.code, v.path, left(v.code, 2), left(v.code, 5), left(v.code, 8), v.code,
              p.at, p.at + interval '5 minutes',
              (ARRAY['money_politics','supporter_clash','hate_speech_hoax','intimidation_violence',
                     'demonstration','neutrality_violation','logistics_disruption','other'])[1 + floor(random() * 8)::int],
              1 + floor(random() * 4)::int,
              (ARRAY['new','new','new','verified','verified','verified','handling','resolved','resolved','resolved',
                     'rejected','duplicate'])[1 + floor(random() * 12)::int],
              'Laporan uji beban ' || p.g
         FROM (SELECT g, 1 + floor(random() * $2)::int AS pick, ${at} AS at
                 FROM generate_series($1::int + 1, $1::int + $3::int) g) p
         JOIN bench_villages v ON v.n = p.pick`,
      [from, villages, count, cutoff],
    );
    log(`reports: ${from + count}`);
  };
  const chunk = 100_000;
  for (let done = 0; done < older; done += chunk)
    await insert(
      done,
      Math.min(chunk, older - done),
      `$4::timestamptz - random() * interval '${365 - unvacuumedDays} days'`,
    );
  const statuses = `INSERT INTO risk_report_statuses (report_id, at, status)
                    SELECT report_id, created_at, status FROM risk_reports`;
  await database.pool.query(`${statuses} WHERE at < $1::timestamptz`, [cutoff]);
  await database.pool.query('VACUUM (ANALYZE) risk_reports, risk_report_statuses');
  for (let done = older; done < REPORTS; done += chunk)
    await insert(
      done,
      Math.min(chunk, REPORTS - done),
      `$4::timestamptz + random() * (now() - $4::timestamptz)`,
    );
  await database.pool.query(`${statuses} WHERE at >= $1::timestamptz`, [cutoff]);
  await database.pool.query('ANALYZE risk_reports; ANALYZE risk_report_statuses');
  return performance.now() - started;
}

function noJobs(): Jobs {
  return {
    send: () => Promise.resolve(null),
    sendMany: () => Promise.resolve(),
    work: () => Promise.resolve(),
    start: () => Promise.resolve(),
    stop: () => Promise.resolve(),
  };
}

async function firstDraw(baseUrl: string, log: (line: string) => void): Promise<Record<string, unknown>> {
  const chromiumPath = process.env.SINERGI_E2E_CHROMIUM ?? '/usr/bin/chromium';
  if (!fs.existsSync(path.join(ROOT, 'apps', 'web', 'dist', 'index.html')))
    return { skipped: 'web app not built (npm run build:web)' };
  if (!fs.existsSync(chromiumPath)) return { skipped: `no Chromium at ${chromiumPath}` };
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
    await page.goto(`${baseUrl}/login`);
    await page.getByLabel('Nama pengguna').fill(BENCH_ADMIN.username);
    await page.getByLabel('Kata sandi', { exact: true }).fill(BENCH_ADMIN.password);
    await page.getByRole('button', { name: 'Masuk' }).click();
    await page.waitForURL((url) => !url.pathname.endsWith('/login'));
    const draws: Record<string, number[]> = { national: [], province: [] };
    for (let i = 0; i < 4; i += 1) {
      for (const [name, where, code] of [
        ['national', '/risk/ID', '35'],
        ['province', '/risk/35', '35.78'],
      ] as const) {
        const t0 = performance.now();
        await page.goto(`${baseUrl}${where}`);
        await page.locator(`[data-testid="risk-map"] path[data-code="${code}"]`).waitFor({ timeout: 30_000 });
        draws[name]?.push(performance.now() - t0);
      }
    }
    log(`first draws: ${JSON.stringify(draws)}`);
    return {
      maxMs: Math.round(Math.max(...(draws.national ?? []), ...(draws.province ?? []))),
      note: 'navigation to the map drawn (page load, session, scores, boundaries, Leaflet), signed in',
      nationalColdMs: Math.round(draws.national?.[0] ?? Number.NaN),
      national: summary(draws.national?.slice(1) ?? []),
      provinceJawaTimur: summary(draws.province ?? []),
    };
  } finally {
    await browser.close();
  }
}

export async function run(ctx: BenchContext): Promise<Record<string, unknown>> {
  const target = await ctx.freshTarget();
  ctx.log(`data: ${target.describe}`);
  try {
    const server = await ctx.startServer(target);
    const database = connect(connectionStringOf(target), 'server', 4);
    try {
      ctx.log(`loading ${REPORTS} reports`);
      const loadMs = await loadReports(database, ctx.log);

      // The service as the server builds it, against the same database (no alerts are opened here).
      const risk = createRiskService({
        repository: createRiskRepository(database.db, database.pool),
        audit: {} as AuditService,
        clock: { now: () => new Date() },
        jobs: noJobs(),
        openAlerts: () => Promise.resolve(undefined),
        halfLifeHours: 72,
        log: () => undefined,
      });

      ctx.log('full national recomputation');
      const recomputes: Array<{ aggregatesMs: number; scoresMs: number; regions: number; scored: number }> =
        [];
      for (let i = 0; i < 3; i += 1) {
        const aggregates = await risk.recomputeAll();
        const t0 = performance.now();
        const scored = await risk.scoreAll();
        recomputes.push({
          aggregatesMs: Math.round(aggregates.ms),
          scoresMs: Math.round(performance.now() - t0),
          regions: aggregates.regions,
          scored: scored.length,
        });
      }
      await database.pool.query('ANALYZE risk_region_signal, risk_province_activity');
      const fullMs = recomputes.map((r) => r.aggregatesMs + r.scoresMs);

      ctx.log('incremental updates');
      const villages = (
        await database.pool.query<{ code: string }>(
          `SELECT code FROM regions WHERE level = 4 ORDER BY random() LIMIT 600`,
        )
      ).rows.map((r) => r.code);
      const created: number[] = [];
      const changed: number[] = [];
      for (const [i, village] of villages.entries()) {
        const now = new Date().toISOString();
        const report: ReportEvent['report'] = {
          id: crypto.randomUUID(),
          regionCode: village,
          regionPath: village,
          districtCode: village.slice(0, 8),
          occurredAt: now,
          createdAt: now,
          category: 'supporter_clash',
          severity: ((i % 4) + 1) as 1 | 2 | 3 | 4,
          status: 'new',
          title: `Laporan uji inkremental ${i}`,
        };
        let t0 = performance.now();
        await database.db
          .transaction()
          .execute((trx) => risk.onReportEvents(trx, [{ type: 'created', report }]));
        if (i >= 100) created.push(performance.now() - t0);
        t0 = performance.now();
        await database.db
          .transaction()
          .execute((trx) =>
            risk.onReportEvents(trx, [
              { type: 'status_changed', report: { ...report, status: 'verified' }, previousStatus: 'new' },
            ]),
          );
        if (i >= 100) changed.push(performance.now() - t0);
      }

      ctx.log('list latency');
      const headers = await server.adminHeaders();
      const rows = await sql<{ n: number }>`SELECT count(*)::int AS n FROM risk_reports`.execute(database.db);
      // The same load on the health check: what the machine gives any request right now, to read the
      // risk numbers against (the bench machine is shared and its load varies).
      const health = await ctx.load({
        concurrency: CONCURRENCY,
        maxRequests: 600,
        maxMs: 60_000,
        headers,
        request: () => `${server.baseUrl}/api/v1/health`,
      });
      const nationalSequential = await ctx.load({
        concurrency: 1,
        maxRequests: 300,
        maxMs: 60_000,
        headers,
        request: () => `${server.baseUrl}/api/v1/risk`,
      });
      // Each measured load follows an unmeasured one at the same concurrency, as the incremental
      // updates skip their first 100: the server's pool opens connections on the first burst, and a
      // new PostgreSQL backend's first queries load its catalog caches (tens of ms each).
      const warmLoad = async (url: string) => {
        await listLoad(url, headers, CONCURRENCY, 200);
        return listLoad(url, headers, CONCURRENCY, 800);
      };
      const national = await warmLoad(`${server.baseUrl}/api/v1/risk`);
      const province = await warmLoad(`${server.baseUrl}/api/v1/risk?parent=35`);
      const regency = await ctx.load({
        concurrency: CONCURRENCY,
        maxRequests: 1000,
        maxMs: 60_000,
        headers,
        request: () => `${server.baseUrl}/api/v1/risk?parent=35.78`,
      });
      const detail = await ctx.load({
        concurrency: CONCURRENCY,
        maxRequests: 1000,
        maxMs: 60_000,
        headers,
        request: () => `${server.baseUrl}/api/v1/risk/35`,
      });
      const draw: Record<string, unknown> = await firstDraw(server.baseUrl, ctx.log).catch(
        (error: unknown) => ({ error: (error as Error).message }),
      );

      const incremental = summary(created);
      const statusChange = summary(changed);
      return {
        reportsStored: rows.rows[0]?.n,
        loadSeconds: Math.round(loadMs / 100) / 10,
        incrementalAfterOneReportMs: incremental,
        incrementalAfterStatusChangeMs: statusChange,
        fullNationalRecompute: { runs: recomputes, bestMs: Math.min(...fullMs) },
        healthSameLoad: health,
        listNationalOneClient: nationalSequential,
        listNational: national,
        listProvinceJawaTimur: province,
        listRegencySurabaya: regency,
        detailProvince: detail,
        dashboardFirstDraw: draw,
        goals: GOALS,
        met: {
          incrementalP99:
            incremental.p99 <= GOALS.incrementalP99Ms && statusChange.p99 <= GOALS.incrementalP99Ms,
          fullRecompute: Math.min(...fullMs) <= GOALS.fullRecomputeMs,
          listNationalP95: national.p95Ms <= GOALS.listP95Ms,
          listProvinceP95: province.p95Ms <= GOALS.listP95Ms,
          // Every navigation measured, the cold first one included.
          firstDraw: typeof draw.maxMs === 'number' && draw.maxMs <= GOALS.firstDrawMs,
        },
      };
    } finally {
      await disconnect(database);
      await server.stop();
    }
  } finally {
    await target.drop();
  }
}
