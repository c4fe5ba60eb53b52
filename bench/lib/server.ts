import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

export const ROOT = path.resolve(new URL('../..', import.meta.url).pathname);

export const BENCH_ADMIN = { username: 'bench', password: 'bench-password-123' };

/**
 * Where a server keeps its data: an empty SINERGI_DATA_DIR (embedded PostgreSQL), or, when the bench
 * runs with DATABASE_URL, a fresh database on that server. `drop` removes it again.
 */
export interface Target {
  kind: 'embedded' | 'server';
  env: Record<string, string>;
  /** Where the data lives, for the report. */
  describe: string;
  drop: () => Promise<void>;
}

export async function freshTarget(databaseUrl: string | undefined): Promise<Target> {
  const target = await createTarget(databaseUrl);
  // SINERGI_BENCH_KEEP=1 leaves the data behind, to look at a slow query with the data that made it slow.
  if (process.env.SINERGI_BENCH_KEEP === '1') {
    process.stderr.write(`[bench] keeping ${target.describe}\n`);
    return { ...target, drop: () => Promise.resolve() };
  }
  return target;
}

async function createTarget(databaseUrl: string | undefined): Promise<Target> {
  if (!databaseUrl) {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sinergi-bench-'));
    // As root the embedded PostgreSQL runs as the "postgres" user, which must reach this dir.
    fs.chmodSync(dataDir, 0o755);
    return {
      kind: 'embedded',
      env: { SINERGI_DATA_DIR: dataDir },
      describe: dataDir,
      drop: () => Promise.resolve(fs.rmSync(dataDir, { recursive: true, force: true })),
    };
  }
  const name = `sinergi_bench_${crypto.randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(databaseUrl);
  url.pathname = `/${name}`;
  // The server keeps its files in a data dir even with DATABASE_URL (uploads); give it a fresh one.
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sinergi-bench-'));
  return {
    kind: 'server',
    env: { DATABASE_URL: url.toString(), SINERGI_DATA_DIR: dataDir },
    describe: `database ${name} on ${url.host}`,
    drop: async () => {
      const client = new pg.Client({ connectionString: databaseUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no free port')),
      );
    });
  });
}

export interface BenchServer {
  baseUrl: string;
  pid: number | undefined;
  /** Milliseconds from spawning the process to the first healthy answer. */
  readyMs: number;
  output: () => string;
  /** Logs in as the bootstrap admin and returns bearer headers of a fresh API token. */
  adminHeaders: () => Promise<Record<string, string>>;
  /**
   * CPU time (ms) used so far by the server process and by its database: the embedded postmaster and
   * its backends, or this database's backends on a local server. `database` is null when it cannot be
   * seen (a remote server). Unlike latency, CPU per request hardly changes with other load on the machine.
   */
  cpuMs: () => Promise<{ server: number; database: number | null }>;
  /** SIGTERM, and wait for a clean exit. */
  stop: () => Promise<number | null>;
}

const TICK_MS = 10; // /proc reports CPU time in clock ticks of 1/100 s

/** utime + stime of a process in ms, or 0 once it is gone. */
export function processCpuMs(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return 0;
  }
}

function childrenOf(pid: number): number[] {
  try {
    return fs
      .readdirSync('/proc')
      .filter((name) => /^\d+$/.test(name))
      .map(Number)
      .filter((child) => {
        try {
          const stat = fs.readFileSync(`/proc/${child}/stat`, 'utf8');
          return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid;
        } catch {
          return false;
        }
      });
  } catch {
    return [];
  }
}

export async function databaseCpuMs(target: Target): Promise<number | null> {
  if (target.kind === 'embedded') {
    try {
      const pidFile = path.join(target.env.SINERGI_DATA_DIR ?? '', 'postgres', 'postmaster.pid');
      const postmaster = Number.parseInt(fs.readFileSync(pidFile, 'utf8'), 10);
      return [postmaster, ...childrenOf(postmaster)].reduce((sum, pid) => sum + processCpuMs(pid), 0);
    } catch {
      return null;
    }
  }
  const url = new URL(target.env.DATABASE_URL ?? '');
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) return null;
  const client = new pg.Client({ connectionString: url.toString() });
  try {
    await client.connect();
    const backends = await client.query<{ pid: number }>(
      'SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
    );
    return backends.rows.reduce((sum, row) => sum + processCpuMs(row.pid), 0);
  } catch {
    return null;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * The node flags of `npm start` (apps/api's start script), so that the bench measures the server as
 * it runs: the flags between `node` and `--import`.
 */
export function startScriptNodeFlags(): string[] {
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'apps/api/package.json'), 'utf8')) as {
    scripts?: { start?: string };
  };
  const words = (manifest.scripts?.start ?? '').split(/\s+/);
  const end = words.indexOf('--import');
  if (words[0] !== 'node' || end < 0) throw new Error('apps/api start script is not "node … --import tsx …"');
  return words.slice(1, end);
}

const running = new Set<ChildProcess>();
/** Servers still running when the bench ends are killed, so a failed section leaves nothing behind. */
export function killAll(): void {
  for (const child of running) child.kill('SIGKILL');
}

/**
 * Spawns the real server (`node --import tsx apps/api/src/server.ts`) on 127.0.0.1 with demo data off,
 * MFA optional and a bootstrap admin, and waits until GET /api/v1/health answers 200.
 */
export async function startServer(target: Target, env: Record<string, string> = {}): Promise<BenchServer> {
  const port = await freePort();
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    HOST: '127.0.0.1',
    PORT: String(port),
    SINERGI_DEMO: '0',
    SINERGI_MFA: 'optional',
    SINERGI_LOG_LEVEL: 'warn',
    SINERGI_BOOTSTRAP_ADMIN: `${BENCH_ADMIN.username}:${BENCH_ADMIN.password}`,
    ...target.env,
    ...env,
  };
  if (!target.env.DATABASE_URL) delete childEnv.DATABASE_URL;
  const started = performance.now();
  // SINERGI_BENCH_NODE_ARGS passes flags to the server's node, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof".
  const nodeArgs = (process.env.SINERGI_BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(
    process.execPath,
    [...startScriptNodeFlags(), ...nodeArgs, '--import', 'tsx', 'apps/api/src/server.ts'],
    {
      cwd: ROOT,
      env: childEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  running.add(child);
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      running.delete(child);
      resolve(code);
    }),
  );
  let gone = false;
  void exited.then(() => (gone = true));

  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 180_000;
  let readyMs: number | undefined;
  while (readyMs === undefined) {
    if (gone || Date.now() > deadline) throw new Error(`the server did not become healthy:\n${output}`);
    try {
      const res = await fetch(`${baseUrl}/api/v1/health`);
      await res.arrayBuffer();
      if (res.status === 200) readyMs = performance.now() - started;
    } catch {
      // not listening yet
    }
    if (readyMs === undefined) await new Promise((r) => setTimeout(r, 25));
  }

  return {
    baseUrl,
    pid: child.pid,
    readyMs,
    output: () => output,
    async adminHeaders() {
      const login = await fetch(`${baseUrl}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(BENCH_ADMIN),
      });
      const { csrfToken } = (await login.json()) as { csrfToken: string };
      const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
      const created = await fetch(`${baseUrl}/api/v1/auth/tokens`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
        body: JSON.stringify({ name: 'bench' }),
      });
      if (created.status !== 201) throw new Error(`could not create a token: ${await created.text()}`);
      const { token } = (await created.json()) as { token: string };
      return { authorization: `Bearer ${token}` };
    },
    async cpuMs() {
      return { server: child.pid ? processCpuMs(child.pid) : 0, database: await databaseCpuMs(target) };
    },
    async stop() {
      if (gone) return child.exitCode;
      child.kill('SIGTERM');
      return exited;
    },
  };
}
