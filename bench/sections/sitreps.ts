import fs from 'node:fs';
import type { BenchContext } from '../lib/context.ts';
import { databaseUrlOf, fill } from './reports.ts';

/**
 * Situation reports and exports (C9) with 1,000,000 reports stored (generated in SQL, as in the
 * reports section):
 *  - compiling a sitrep for the regency with the most reports and for its province (goal ≤ 2 s);
 *  - streaming the national CSV export of every report: rows/s over HTTP (goal ≥ 50,000) and the
 *    server's resident memory sampled through the download (goal: flat, not growing with rows).
 */

const GOALS = { compileSeconds: 2, exportRowsPerSecond: 50_000 };
const TOTAL_ROWS = Number(process.env.SINERGI_BENCH_REPORT_ROWS ?? 1_000_000);
const COMPILES = 5;

function rssMb(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    const line = fs
      .readFileSync(`/proc/${pid}/status`, 'utf8')
      .split('\n')
      .find((l) => l.startsWith('VmRSS:'));
    return Math.round(Number(line?.replace(/\D+/g, '') ?? 0) / 1024);
  } catch {
    return 0;
  }
}

async function timeCompiles(base: string, headers: Record<string, string>, regionCode: string) {
  const seconds: number[] = [];
  for (let i = 0; i < COMPILES; i += 1) {
    const t0 = performance.now();
    const res = await fetch(`${base}/api/v1/sitreps`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      // A month's period: the widest a Kesbangpol office usually compiles.
      body: JSON.stringify({ regionCode, periodStart: '2026-10-01', periodEnd: '2026-10-31' }),
    });
    const body = (await res.json()) as { figures?: { reports?: { total: number } | null } };
    if (res.status !== 201) throw new Error(`compile ${regionCode}: ${res.status} ${JSON.stringify(body)}`);
    seconds.push((performance.now() - t0) / 1000);
  }
  const sorted = seconds.sort((a, b) => a - b);
  const r = (n: number) => Math.round(n * 1000) / 1000;
  return { compiles: COMPILES, seconds: { median: r(sorted[2] ?? 0), max: r(sorted.at(-1) ?? 0) } };
}

export async function run(ctx: BenchContext): Promise<Record<string, unknown>> {
  const target = await ctx.freshTarget();
  try {
    const server = await ctx.startServer(target);
    try {
      const headers = await server.adminHeaders();
      ctx.log(`filling to ${TOTAL_ROWS} reports`);
      const stored = await fill(databaseUrlOf(target), TOTAL_ROWS, ctx.log);
      // The regency with the most reports, and its province.
      const pg = (await import('pg')).default;
      const client = new pg.Client({ connectionString: databaseUrlOf(target) });
      await client.connect();
      const busiest = (
        await client.query<{ code: string }>(
          `SELECT subpath(region_path, 0, 2)::text AS code FROM reports GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`,
        )
      ).rows[0]?.code;
      await client.end();
      if (!busiest) throw new Error('no reports stored');
      const province = busiest.split('.')[0] ?? busiest;
      ctx.log(`compiling sitreps for ${busiest} and ${province}`);
      const regency = await timeCompiles(server.baseUrl, headers, busiest);
      const provinceCompile = await timeCompiles(server.baseUrl, headers, province);

      ctx.log('streaming the national CSV export');
      const rssBefore = rssMb(server.pid);
      let rssPeak = rssBefore;
      const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, rssMb(server.pid))), 200);
      const t0 = performance.now();
      const res = await fetch(`${server.baseUrl}/api/v1/exports/reports.csv`, { headers });
      let rows = -1; // the header line
      let bytes = 0;
      // Resident memory at every 100,000 rows: flat after the first batches means it does not grow with rows.
      const rssByRows: Record<string, number> = {};
      const reader = res.body?.getReader();
      while (reader) {
        const { done, value } = await reader.read();
        if (done) break;
        bytes += value.byteLength;
        for (let at = value.indexOf(10); at !== -1; at = value.indexOf(10, at + 1)) {
          rows += 1;
          if (rows > 0 && rows % 100_000 === 0) rssByRows[String(rows)] = rssMb(server.pid);
        }
      }
      clearInterval(sampler);
      const exportSeconds = (performance.now() - t0) / 1000;
      const rowsPerSecond = Math.round(rows / exportSeconds);
      return {
        reportsStored: stored,
        compile: { regency: { code: busiest, ...regency }, province: { code: province, ...provinceCompile } },
        export: {
          status: res.status,
          announcedRows: Number(res.headers.get('x-export-rows')),
          rows,
          megabytes: Math.round(bytes / 1e6),
          seconds: Math.round(exportSeconds * 10) / 10,
          rowsPerSecond,
          serverRssMb: { before: rssBefore, peak: rssPeak, byRows: rssByRows },
        },
        goals: {
          ...GOALS,
          compileMet:
            regency.seconds.max <= GOALS.compileSeconds &&
            provinceCompile.seconds.max <= GOALS.compileSeconds,
          exportMet: rowsPerSecond >= GOALS.exportRowsPerSecond,
        },
      };
    } finally {
      await server.stop();
    }
  } finally {
    await target.drop();
  }
}
