import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { openEventStream } from '../../apps/api/src/live/event-stream-client.ts';
import type { BenchContext, BenchServer, Target } from '../lib/context.ts';
import { percentile } from '../lib/load.ts';

/**
 * Alerts (C3/C4 notifications), with two API processes on one database:
 *  - live delivery: a critical report POSTed to process A until its alert.opened event reaches an
 *    SSE client of process B (LISTEN/NOTIFY fan-out), one district after another;
 *  - fan-out: one alert to 500 SSE clients connected to B, until the last has it;
 *  - the rules on a batch: 1,000 serious reports in 50 districts in one POST /reports/batch (one
 *    listener call, one window query, 50 alerts opened) against the same batch at severity 1 (no
 *    rule work), after a warm-up batch;
 *  - a webhook delivery through the job queue to a receiver on 127.0.0.1, with its default polling
 *    (measured first, on an idle queue: each worker takes one job per polling interval).
 */

const GOALS = { liveP95Ms: 1000, fanOut500Ms: 1000 };
const LIVE_SAMPLES = 40;
const FAN_OUT_CLIENTS = 500;
const BATCH = 1000;

/** Where the server's PostgreSQL is: DATABASE_URL, or the embedded cluster in the data dir. */
function databaseUrlOf(target: Target): string {
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

async function districts(
  server: BenchServer,
  headers: Record<string, string>,
  count: number,
): Promise<string[]> {
  const children = async (parent: string) =>
    (
      (await (
        await fetch(`${server.baseUrl}/api/v1/regions?parent=${parent}&limit=500`, { headers })
      ).json()) as {
        items: Array<{ code: string }>;
      }
    ).items.map((r) => r.code);
  const found: string[] = [];
  for (const province of ['15', '16', '51', '33', '35']) {
    for (const regency of await children(province)) {
      found.push(...(await children(regency)));
      if (found.length >= count) return found.slice(0, count);
    }
  }
  return found;
}

const summary = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 10) / 10;
  return {
    n: sorted.length,
    p50: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    max: round(sorted[sorted.length - 1] ?? 0),
  };
};

export async function run(ctx: BenchContext): Promise<Record<string, unknown>> {
  const received: Array<{ at: number; body: string }> = [];
  const receiver = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => {
      received.push({ at: performance.now(), body: Buffer.concat(chunks).toString('utf8') });
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const hookPort = (receiver.address() as AddressInfo).port;
  const env = { SINERGI_WEBHOOK_ALLOWLIST: `127.0.0.1:${hookPort}` };

  const target = await ctx.freshTarget();
  const secondDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sinergi-bench-b-'));
  try {
    const a = await ctx.startServer(target, env);
    // The second process shares the first one's database (its embedded cluster, or the server).
    const b = await ctx.startServer(
      {
        kind: 'server',
        env: { DATABASE_URL: databaseUrlOf(target), SINERGI_DATA_DIR: secondDir },
        describe: 'second process',
        drop: () => Promise.resolve(),
      },
      env,
    );
    try {
      const headers = await a.adminHeaders();
      const json = { ...headers, 'content-type': 'application/json' };
      const places = await districts(a, headers, LIVE_SAMPLES + 60);
      const report = (regionCode: string, severity: number, minutesAgo = 10) => ({
        id: crypto.randomUUID(),
        regionCode,
        occurredAt: new Date(Date.now() - minutesAgo * 60_000).toISOString(),
        category: 'supporter_clash',
        severity,
        title: 'Bentrokan pendukung pasangan calon (bench)',
        description: 'Laporan uji beban.',
      });

      // A webhook through the job queue (default polling interval), first, while the queue is empty.
      ctx.log('webhook delivery');
      const hook = await fetch(`${a.baseUrl}/api/v1/webhooks`, {
        method: 'POST',
        headers: json,
        body: JSON.stringify({ regionCode: '51', url: `http://127.0.0.1:${hookPort}/bench` }),
      });
      if (hook.status !== 201) throw new Error(`webhook refused: ${await hook.text()}`);
      const webhook: number[] = [];
      for (const district of ['51.06.01', '51.06.02', '51.06.03', '51.06.04']) {
        const started = performance.now();
        const filed = await fetch(`${a.baseUrl}/api/v1/reports`, {
          method: 'POST',
          headers: json,
          body: JSON.stringify(report(district, 4)),
        });
        if (filed.status !== 201) throw new Error(`report refused: ${filed.status} ${await filed.text()}`);
        await filed.arrayBuffer();
        const deadline = Date.now() + 30_000;
        let arrived: { at: number } | undefined;
        while (!arrived && Date.now() < deadline) {
          arrived = received.find((r) => r.at >= started && r.body.includes(`"regionCode":"${district}"`));
          if (!arrived) await new Promise((r) => setTimeout(r, 20));
        }
        if (!arrived) throw new Error(`no webhook for ${district}`);
        webhook.push(arrived.at - started);
      }

      // Live delivery A -> B, one district at a time.
      ctx.log(`live delivery: ${LIVE_SAMPLES} critical reports`);
      const feed = await openEventStream(`${b.baseUrl}/api/v1/live`, headers);
      await feed.next((e) => e.event === 'ready');
      await fetch(`${a.baseUrl}/api/v1/alerts?limit=1`, { headers }).then((r) => r.arrayBuffer());
      const live: number[] = [];
      const post: number[] = [];
      // From the POST's answer (the commit) to the event on the other process.
      const afterResponse: number[] = [];
      for (const district of places.slice(0, LIVE_SAMPLES)) {
        const started = performance.now();
        const response = await fetch(`${a.baseUrl}/api/v1/reports`, {
          method: 'POST',
          headers: json,
          body: JSON.stringify(report(district, 4)),
        });
        await response.arrayBuffer();
        if (response.status !== 201) throw new Error(`report refused: ${response.status}`);
        post.push(performance.now() - started);
        const event = await feed.next(
          (e) =>
            e.event === 'alert.opened' &&
            e.at >= started &&
            e.data.includes(`"regionCode":"${district}"`) &&
            e.data.includes('critical_report'),
          10_000,
        );
        live.push(event.at - started);
        afterResponse.push(event.at - started - (post[post.length - 1] ?? 0));
      }
      feed.close();

      // Fan-out to many clients of B.
      ctx.log(`fan-out to ${FAN_OUT_CLIENTS} clients`);
      const clients = [];
      for (let i = 0; i < FAN_OUT_CLIENTS; i += 50) {
        clients.push(
          ...(await Promise.all(
            Array.from({ length: Math.min(50, FAN_OUT_CLIENTS - i) }, () =>
              openEventStream(`${b.baseUrl}/api/v1/live`, headers),
            ),
          )),
        );
      }
      await Promise.all(clients.map((c) => c.next((e) => e.event === 'ready')));
      const fanDistrict = places[LIVE_SAMPLES] ?? '15.04.01';
      const fanStarted = performance.now();
      await fetch(`${a.baseUrl}/api/v1/reports`, {
        method: 'POST',
        headers: json,
        body: JSON.stringify(report(fanDistrict, 4)),
      }).then((r) => r.arrayBuffer());
      const arrivals = await Promise.all(
        clients.map((c) =>
          c
            .next(
              (e) => e.event === 'alert.opened' && e.data.includes(`"regionCode":"${fanDistrict}"`),
              15_000,
            )
            .then((e) => e.at - fanStarted),
        ),
      );
      for (const c of clients) c.close();

      // The rules on one batch: 1,000 serious reports in 50 districts (20 each, 15 min apart),
      // against the same batch at severity 1.
      const batchPlaces = places.slice(LIVE_SAMPLES + 1, LIVE_SAMPLES + 51);
      const batchOf = (severity: number) =>
        Array.from({ length: BATCH }, (_, i) =>
          report(batchPlaces[i % batchPlaces.length] ?? '15.04.01', severity, 15 * Math.floor(i / 50) + 5),
        );
      const timeBatch = async (severity: number) => {
        const started = performance.now();
        const response = await fetch(`${a.baseUrl}/api/v1/reports/batch`, {
          method: 'POST',
          headers: json,
          body: JSON.stringify(batchOf(severity)),
        });
        const body = (await response.json()) as { created: number };
        if (response.status !== 200 || body.created !== BATCH)
          throw new Error(`batch failed: ${response.status}`);
        return performance.now() - started;
      };
      ctx.log('batch of 1,000 reports, severity 1 then 3');
      await timeBatch(1); // warm-up: the first batch pays for cold code paths
      const quietMs = await timeBatch(1);
      const seriousMs = await timeBatch(3);
      const opened = (await (
        await fetch(`${a.baseUrl}/api/v1/alerts?limit=200&status=open`, { headers })
      ).json()) as { items: Array<{ kind: string; regionCode: string }> };
      const clusterAlerts = opened.items.filter(
        (x) => x.kind === 'report_cluster' && batchPlaces.includes(x.regionCode),
      ).length;

      const liveSummary = summary(live);
      const fanSummary = summary(arrivals);
      return {
        liveDeliveryAcrossProcessesMs: liveSummary,
        reportPostMs: summary(post),
        eventAfterPostAnsweredMs: summary(afterResponse),
        fanOut: { clients: FAN_OUT_CLIENTS, arrivalMs: fanSummary },
        batch1000: {
          severity1Ms: Math.round(quietMs),
          severity3Ms: Math.round(seriousMs),
          districts: batchPlaces.length,
          clusterAlertsOpened: clusterAlerts,
        },
        webhookDeliveryMs: summary(webhook),
        goals: {
          liveP95Ms: {
            goal: GOALS.liveP95Ms,
            measured: liveSummary.p95,
            met: liveSummary.p95 <= GOALS.liveP95Ms,
          },
          fanOut500MaxMs: {
            goal: GOALS.fanOut500Ms,
            measured: fanSummary.max,
            met: fanSummary.max <= GOALS.fanOut500Ms,
          },
        },
      };
    } finally {
      await b.stop();
      await a.stop();
    }
  } finally {
    receiver.close();
    fs.rmSync(secondDir, { recursive: true, force: true });
    await target.drop();
  }
}
