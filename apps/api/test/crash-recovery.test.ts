import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exclusive } from './exclusive.ts';

/**
 * The real server on the embedded database, killed the hard way. These spawn `server.ts` with its own
 * data dir and never use DATABASE_URL, so the run against a server PostgreSQL skips them.
 */

const ROOT = path.resolve(new URL('../../..', import.meta.url).pathname);
const ADMIN = { username: 'root', password: 'crash-test-password' };

interface Server {
  child: ChildProcess;
  port: number;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

const children: ChildProcess[] = [];

async function startServer(dataDir: string): Promise<Server> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    SINERGI_DATA_DIR: dataDir,
    PORT: String(port),
    HOST: '127.0.0.1',
    SINERGI_MFA: 'optional',
    SINERGI_DEMO: '0',
    SINERGI_BOOTSTRAP_ADMIN: `${ADMIN.username}:${ADMIN.password}`,
    SINERGI_LOG_LEVEL: 'warn',
  };
  delete env.DATABASE_URL;
  const child = spawn(process.execPath, ['--import', 'tsx', 'apps/api/src/server.ts'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, port, output: () => output, exited };
}

async function waitHealthy(server: Server, timeoutMs = 150_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  void server.exited.then(() => (exited = true));
  while (Date.now() < deadline && !exited) {
    try {
      const res = await fetch(`http://127.0.0.1:${server.port}/api/v1/health`);
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`server did not become healthy:\n${server.output()}`);
}

async function api(server: Server, method: string, url: string, body?: unknown, headers = {}) {
  const res = await fetch(`http://127.0.0.1:${server.port}${url}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown>, headers: res.headers };
}

async function loginHeaders(server: Server, username: string, password: string) {
  const res = await api(server, 'POST', '/api/v1/auth/login', { username, password });
  if (res.status !== 200) throw new Error(`login of ${username} failed: ${JSON.stringify(res.body)}`);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  return { cookie, 'x-csrf-token': String(res.body.csrfToken) };
}

/** Creates a user through the API; resolves once the server has acknowledged it (201). */
async function createUser(server: Server, username: string): Promise<void> {
  const headers = await loginHeaders(server, ADMIN.username, ADMIN.password);
  const res = await api(
    server,
    'POST',
    '/api/v1/users',
    {
      username,
      name: `Pengguna ${username}`,
      password: `${username}-password`,
      role: 'field_reporter',
      scopeCode: '15.04',
    },
    headers,
  );
  expect(res.status, JSON.stringify(res.body)).toBe(201);
}

async function canLogIn(server: Server, username: string): Promise<boolean> {
  const res = await api(server, 'POST', '/api/v1/auth/login', { username, password: `${username}-password` });
  return res.status === 200;
}

function postmasterPid(dataDir: string): number {
  const pid = Number.parseInt(fs.readFileSync(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8'), 10);
  if (!Number.isInteger(pid)) throw new Error('no postmaster.pid');
  return pid;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitDead(pid: number, timeoutMs = 10_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  return !isAlive(pid);
}

// Seconds on an idle machine; the generous timeout is for a machine busy with other work.
describe.skipIf(!!process.env.DATABASE_URL)(
  'the server on the embedded database survives being killed',
  { timeout: 180_000 },
  () => {
    // Made when the suite runs, not when it is collected: a suite skipped for DATABASE_URL runs no
    // afterAll, and left its empty dir behind.
    let dataDir = '';
    beforeAll(() => {
      dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sinergi-crash-'));
      // The embedded PostgreSQL runs as the "postgres" user when we are root; it must reach its dir.
      fs.chmodSync(dataDir, 0o755);
    });
    let server: Server;

    // The kill -9 suites take turns (see exclusive.ts).
    let release: (() => void) | undefined;
    beforeAll(async () => {
      release = await exclusive('kill-tests');
    }, 900_000);
    afterAll(() => release?.());
    afterAll(async () => {
      for (const child of children)
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      try {
        const pid = postmasterPid(dataDir);
        if (isAlive(pid)) process.kill(pid, 'SIGKILL');
        await waitDead(pid);
      } catch {
        // no database left running
      }
      if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    });

    it('starts from an empty data dir and acknowledges a new user', async () => {
      server = await startServer(dataDir);
      await waitHealthy(server);
      await createUser(server, 'sebelum-crash');
      expect(await canLogIn(server, 'sebelum-crash')).toBe(true);
    });

    it('a second server on the same data dir stops within seconds, saying the dir is in use', async () => {
      const second = await startServer(dataDir);
      const timeout = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 15_000));
      const result = await Promise.race([second.exited, timeout]);
      expect(result, second.output()).not.toBe('timeout');
      expect(result === 'timeout' ? null : result.code).not.toBe(0);
      expect(second.output()).toMatch(/in use by another running Sinergi process \(pid \d+\)/);
      // The first server is untouched.
      expect(await canLogIn(server, 'sebelum-crash')).toBe(true);
    });

    it('after kill -9 of the app alone, with its database left running, it starts again with the data', async () => {
      const orphan = postmasterPid(dataDir);
      server.child.kill('SIGKILL');
      await server.exited;
      expect(isAlive(orphan), 'the embedded PostgreSQL outlives its app').toBe(true);

      server = await startServer(dataDir);
      await waitHealthy(server);
      expect(await canLogIn(server, 'sebelum-crash')).toBe(true);
      expect(isAlive(orphan), 'the orphaned PostgreSQL was stopped').toBe(false);
      await createUser(server, 'sesudah-crash-1');
    });

    it('after kill -9 of the app and its database together, it starts again with nothing lost', async () => {
      const postmaster = postmasterPid(dataDir);
      process.kill(postmaster, 'SIGKILL');
      server.child.kill('SIGKILL');
      await server.exited;
      expect(await waitDead(postmaster)).toBe(true);

      server = await startServer(dataDir);
      await waitHealthy(server);
      expect(await canLogIn(server, 'sebelum-crash')).toBe(true);
      expect(await canLogIn(server, 'sesudah-crash-1')).toBe(true);
    });

    it('SIGTERM stops the app and its database cleanly', async () => {
      const postmaster = postmasterPid(dataDir);
      server.child.kill('SIGTERM');
      const result = await server.exited;
      expect(result, server.output()).toEqual({ code: 0, signal: null });
      expect(await waitDead(postmaster, 2000), 'the embedded PostgreSQL was stopped').toBe(true);
      expect(fs.existsSync(path.join(dataDir, 'sinergi.pid')), 'the data-dir claim was released').toBe(false);
    });
  },
);
