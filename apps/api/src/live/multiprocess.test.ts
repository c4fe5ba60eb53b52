import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert } from '@sinergi/shared';
import { createTestContext, type TestContext, type TestUser } from '../../test/harness.ts';
import { openEventStream } from './event-stream-client.ts';

/**
 * Two real API processes on one database: an alert opened by a report filed on one reaches a
 * live-feed client connected to the other, through PostgreSQL LISTEN/NOTIFY, within a second.
 */

const ROOT = path.resolve(new URL('../../../..', import.meta.url).pathname);

interface Server {
  url: string;
  child: ChildProcess;
  output: () => string;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** The servers' data dirs (uploads only: the database is the test's), removed at the end. */
const dataDirs: string[] = [];

async function startServer(databaseUrl: string): Promise<Server> {
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sinergi-mp-'));
  dataDirs.push(dataDir);
  const child = spawn(process.execPath, ['--import', 'tsx', 'apps/api/src/server.ts'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      SINERGI_MFA: 'optional',
      SINERGI_DEMO: '0',
      SINERGI_LOG_LEVEL: 'warn',
      SINERGI_JOBS_POLL_SECONDS: '0.5',
      SINERGI_DATA_DIR: dataDir,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  while (!output.includes('Sinergi is running')) {
    if (child.exitCode !== null) throw new Error(`server exited ${child.exitCode}:\n${output}`);
    if (Date.now() > deadline) throw new Error(`server did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, child, output: () => output };
}

async function stopServer(server: Server | undefined): Promise<void> {
  if (!server || server.child.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => server.child.once('exit', () => resolve()));
  server.child.kill('SIGTERM');
  const timer = setTimeout(() => server.child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}

let ctx: TestContext;
let a: Server | undefined;
let b: Server | undefined;
let reporter: TestUser;
let officer: TestUser;
let outsider: TestUser;

beforeAll(async () => {
  ctx = await createTestContext();
  [reporter, officer, outsider] = await Promise.all([
    ctx.user('field_reporter', '15.04'),
    ctx.user('regency_officer', '15.04'),
    ctx.user('regency_officer', '15.07'),
  ]);
  [a, b] = await Promise.all([startServer(ctx.databaseUrl), startServer(ctx.databaseUrl)]);
}, 180_000);

afterAll(async () => {
  await Promise.all([stopServer(a), stopServer(b)]);
  await ctx.close();
  for (const dir of dataDirs) fs.rmSync(dir, { recursive: true, force: true });
});

describe('live feed across API processes', () => {
  it('a critical report posted to one process reaches an SSE client of the other in under a second', async () => {
    if (!a || !b) throw new Error('servers not started');
    const feed = await openEventStream(`${b.url}/api/v1/live`, officer.headers);
    const neighbour = await openEventStream(`${b.url}/api/v1/live`, outsider.headers);
    try {
      expect(feed.status).toBe(200);
      await feed.next((e) => e.event === 'ready');
      await neighbour.next((e) => e.event === 'ready');

      // A first request warms each process (connections, compiled serializers): measure the steady state.
      await Promise.all(
        [a, b].map((s) => fetch(`${s.url}/api/v1/alerts?limit=1`, { headers: officer.headers })),
      );
      // Each attempt files a critical report in another district of Batanghari. The machine may be
      // busy with other work: the best of three attempts must arrive within a second (a feed that
      // polled, or that only reached clients of the process that took the report, never would).
      const timings: number[] = [];
      let alert: Alert | undefined;
      for (const district of ['15.04.03', '15.04.05', '15.04.07']) {
        const started = performance.now();
        const response = await fetch(`${a.url}/api/v1/reports`, {
          method: 'POST',
          headers: { ...reporter.headers, 'content-type': 'application/json' },
          body: JSON.stringify({
            regionCode: district,
            occurredAt: new Date(Date.now() - 600_000).toISOString(),
            category: 'intimidation_violence',
            severity: 4,
            title: 'Ancaman kekerasan terhadap petugas PPK',
            description: 'Petugas diancam sekelompok orang.',
          }),
        });
        expect(response.status, await response.clone().text()).toBe(201);
        const event = await feed.next(
          (e) =>
            e.event === 'alert.opened' &&
            (JSON.parse(e.data) as Alert).kind === 'critical_report' &&
            (JSON.parse(e.data) as Alert).regionCode === district,
          10_000,
        );
        timings.push(event.at - started);
        alert = JSON.parse(event.data) as Alert;
        expect(alert).toMatchObject({ regionCode: district, severity: 4, status: 'open' });
        if (event.at - started < 1000) break;
      }
      expect(Math.min(...timings), `arrived after ${timings.map(Math.round).join(', ')} ms`).toBeLessThan(
        1000,
      );
      if (!alert) throw new Error('no alert');

      // The same alert as the first process serves it; the neighbouring regency heard nothing.
      const fromA = await fetch(`${a.url}/api/v1/alerts/${alert.id}`, { headers: officer.headers });
      expect(fromA.status).toBe(200);
      await new Promise((r) => setTimeout(r, 200));
      expect(neighbour.events.filter((e) => e.event.startsWith('alert.'))).toEqual([]);
    } finally {
      feed.close();
      neighbour.close();
    }
  });

  it('a status change made on one process updates the feed on the other', async () => {
    if (!a || !b) throw new Error('servers not started');
    const list = await fetch(`${a.url}/api/v1/alerts?region=15.04`, { headers: officer.headers });
    const target = (await list.json()) as { items: Alert[] };
    const alert = target.items.find((x) => x.kind === 'critical_report');
    if (!alert) throw new Error('no alert to acknowledge');
    const feed = await openEventStream(`${b.url}/api/v1/live`, officer.headers);
    try {
      await feed.next((e) => e.event === 'ready');
      const ack = await fetch(`${a.url}/api/v1/alerts/${alert.id}/acknowledge`, {
        method: 'POST',
        headers: officer.headers,
      });
      expect(ack.status).toBe(200);
      const event = await feed.next((e) => e.event === 'alert.updated', 5000);
      expect(JSON.parse(event.data)).toMatchObject({ id: alert.id, status: 'acknowledged' });
    } finally {
      feed.close();
    }
  });
});
