import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import './provided.ts';
import type { Role } from '@sinergi/shared';
import { buildApp, type BuiltApp } from '../src/app.ts';
import type { Clock } from '../src/clock.ts';
import { loadConfig, type Config } from '../src/config.ts';
import { connect, disconnect, type Database } from '../src/db/index.ts';
import type { App } from '../src/http/types.ts';

export interface TestUser {
  id: string;
  username: string;
  role: Role;
  scopeCode: string;
  /** `authorization: Bearer …` for this user (tokens skip CSRF and TOTP, as for integrations). */
  headers: Record<string, string>;
}

export interface TestContext extends BuiltApp {
  config: Config;
  database: Database;
  databaseUrl: string;
  /** Creates a user with an API token; the fastest way to call routes as a role in a scope. */
  user: (role: Role, scopeCode: string, extra?: { password?: string; name?: string }) => Promise<TestUser>;
  /** Logs in through the API with a cookie session; returns the cookie and CSRF headers. */
  session: (
    username: string,
    password: string,
    otp?: string,
  ) => Promise<{ cookie: string; csrf: string; headers: Record<string, string> }>;
  close: () => Promise<void>;
  /**
   * Set by the access-matrix runner on the context it hands to a case's `build`: the user the request
   * will be sent as, for routes that act on the caller only (own tokens, own TOTP enrolment).
   */
  caller?: TestUser;
}

export interface TestContextOptions {
  /** Runs before the app is ready: tests register extra routes here (e.g. one that throws). */
  beforeReady?: (app: App) => void | Promise<void>;
  /** A clock the test moves (deadlines, reminders); the system clock otherwise. */
  clock?: Clock;
}

function urlFor(database: string): string {
  const url = new URL(inject('adminUrl'));
  url.pathname = `/${database}`;
  return url.toString();
}

/** Clones the migrated template (regions loaded) into a database of this test file's own. */
export async function createTestDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const template = inject('templateDatabase');
  const name = `${template}_${crypto.randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: inject('adminUrl') });
  await admin.connect();
  // CREATE DATABASE … TEMPLATE needs the template to be idle; two files cloning at once retry.
  for (let attempt = 0; ; attempt += 1) {
    try {
      await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template} STRATEGY FILE_COPY`);
      break;
    } catch (error) {
      if (attempt > 50 || !/being accessed by other users/.test((error as Error).message)) throw error;
      await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
    }
  }
  await admin.end();
  return {
    url: urlFor(name),
    drop: async () => {
      const client = new pg.Client({ connectionString: inject('adminUrl') });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

/** An empty database (no migrations) of this test file's own, for tests that start from nothing. */
export async function createEmptyDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  // The template's name as prefix lets the global teardown drop it should the test crash.
  const name = `${inject('templateDatabase')}_${crypto.randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: inject('adminUrl') });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name} TEMPLATE template0`);
  } finally {
    await admin.end();
  }
  return {
    url: urlFor(name),
    drop: async () => {
      const client = new pg.Client({ connectionString: inject('adminUrl') });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

export async function createTestContext(
  env: Record<string, string> = {},
  options: TestContextOptions = {},
): Promise<TestContext> {
  const testDb = await createTestDatabase();
  // Uploaded files of this test file go to a directory of its own, removed on close (unless the test
  // brings its own data dir).
  const filesDir =
    env.SINERGI_DATA_DIR === undefined ? fs.mkdtempSync(path.join(os.tmpdir(), 'sinergi-files-')) : undefined;
  const config = loadConfig({
    SINERGI_MFA: 'optional',
    SINERGI_LOG_LEVEL: 'silent',
    DATABASE_URL: testDb.url,
    SINERGI_DEMO: '0',
    SINERGI_JOBS_POLL_SECONDS: '0.5',
    // A host that never resolves (RFC 6761 .invalid): webhooks can be registered, nothing is ever sent.
    SINERGI_WEBHOOK_ALLOWLIST: 'hooks.sinergi.invalid',
    ...(filesDir === undefined ? {} : { SINERGI_DATA_DIR: filesDir }),
    ...env,
  });
  const base = connect(testDb.url, 'server', 10);
  const database: Database = { ...base, embeddedPid: () => undefined, close: () => disconnect(base) };
  const built = await buildApp(config, database, {
    logger: false,
    ...(options.clock ? { clock: options.clock } : {}),
  });
  await options.beforeReady?.(built.app);
  await built.app.ready();
  let counter = 0;

  const context: TestContext = {
    ...built,
    config,
    database,
    databaseUrl: testDb.url,
    async user(role, scopeCode, extra = {}) {
      counter += 1;
      const username = `${role.replaceAll('_', '-')}-${counter}-${crypto.randomBytes(3).toString('hex')}`;
      const created = await built.services.users.create(null, {
        username,
        name: extra.name ?? `Test ${role} ${counter}`,
        password: extra.password ?? 'test-password-123',
        role,
        scopeCode,
      });
      const token = `sin_${crypto.randomBytes(24).toString('base64url')}`;
      await database.db
        .insertInto('api_tokens')
        .values({
          user_id: created.id,
          name: 'test',
          token_hash: crypto.createHash('sha256').update(token).digest(),
        })
        .execute();
      return { id: created.id, username, role, scopeCode, headers: { authorization: `Bearer ${token}` } };
    },
    async session(username, password, otp) {
      const response = await built.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username, password, ...(otp ? { otp } : {}) },
      });
      if (response.statusCode !== 200)
        throw new Error(`login failed: ${response.statusCode} ${response.body}`);
      const setCookie = response.headers['set-cookie'];
      const cookie = (Array.isArray(setCookie) ? setCookie[0] : setCookie)?.split(';')[0] ?? '';
      const csrf = response.json<{ csrfToken: string }>().csrfToken;
      return { cookie, csrf, headers: { cookie, 'x-csrf-token': csrf } };
    },
    async close() {
      await built.app.close();
      await database.close();
      await testDb.drop();
      if (filesDir !== undefined) fs.rmSync(filesDir, { recursive: true, force: true });
    },
  };
  return context;
}
