import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/harness.ts';
import { buildApp, type BuiltApp } from '../../app.ts';
import { connect, disconnect, type Database } from '../../db/index.ts';
import { createTokenCache } from './token-cache.ts';

describe('token cache', () => {
  it('keeps nothing until listening, and nothing once the connection is lost', () => {
    const cache = createTokenCache<string>();
    cache.set('a', 'A', cache.generation());
    expect(cache.get('a')).toBeUndefined();
    cache.listening();
    cache.set('a', 'A', cache.generation());
    expect(cache.get('a')).toBe('A');
    cache.lost();
    expect(cache.get('a')).toBeUndefined();
    cache.set('a', 'A', cache.generation());
    cache.listening();
    expect(cache.get('a')).toBeUndefined();
  });

  it('drops everything on a notice or a change here, and keeps no lookup that began before it', () => {
    const cache = createTokenCache<string>();
    cache.listening();
    cache.set('a', 'A', cache.generation());
    cache.notice();
    expect(cache.get('a')).toBeUndefined();

    const before = cache.generation();
    cache.forget(); // a revocation committed while the lookup ran
    cache.set('a', 'stale', before);
    expect(cache.get('a')).toBeUndefined();
  });

  it('keeps an entry no longer than its maximum age', () => {
    let now = 1_000_000;
    const cache = createTokenCache<string>({ maxAgeMs: 30_000, now: () => now });
    cache.listening();
    cache.set('a', 'A', cache.generation());
    now += 30_000;
    expect(cache.get('a')).toBe('A');
    now += 1;
    expect(cache.get('a')).toBeUndefined();
  });
});

/**
 * Two app instances on one database, as two API processes: a token read (and kept) by the second
 * stops working there within a second of a change made through the first.
 */
describe('API tokens kept by another process', () => {
  let ctx: TestContext;
  let other: BuiltApp;
  let otherDatabase: Database;

  beforeAll(async () => {
    ctx = await createTestContext();
    const base = connect(ctx.databaseUrl, 'server', 4);
    otherDatabase = { ...base, embeddedPid: () => undefined, close: () => disconnect(base) };
    other = await buildApp(ctx.config, otherDatabase, { logger: false });
    await other.app.ready();
  });

  afterAll(async () => {
    await other.app.close();
    await otherDatabase.close();
    await ctx.close();
  });

  const me = (headers: Record<string, string>) => other.app.inject({ url: '/api/v1/me', headers });

  async function within(ms: number, done: () => Promise<boolean>): Promise<number> {
    const started = performance.now();
    while (!(await done())) {
      if (performance.now() - started > ms) throw new Error(`not within ${ms} ms`);
      await new Promise((r) => setTimeout(r, 5));
    }
    return performance.now() - started;
  }

  it('is served from memory until a change is announced', async () => {
    const user = await ctx.user('field_reporter', '15.04');
    const listUsers = async () =>
      (await other.app.inject({ url: '/api/v1/users?region=15.04', headers: user.headers })).statusCode;
    expect(await listUsers()).toBe(403);
    // A change that announces nothing (triggers off for that session): the kept entry is still served.
    await ctx.database.db.connection().execute(async (db) => {
      await sql`SET session_replication_role = 'replica'`.execute(db);
      await db.updateTable('users').set({ role: 'regency_officer' }).where('id', '=', user.id).execute();
      await sql`SET session_replication_role = 'origin'`.execute(db);
    });
    expect(await listUsers()).toBe(403);
    // A change announced: the entry is dropped and the token read again, with the new role.
    await ctx.database.db.updateTable('users').set({ name: 'Nama Baru' }).where('id', '=', user.id).execute();
    await within(1000, async () => (await listUsers()) === 200);
  });

  it('a token revoked through one process stops working on the other within a second', async () => {
    const user = await ctx.user('field_reporter', '15.04');
    expect((await me(user.headers)).statusCode).toBe(200);
    const list = await ctx.app.inject({ url: '/api/v1/auth/tokens', headers: user.headers });
    const [token] = list.json<{ items: Array<{ id: string }> }>().items;
    const revoked = await ctx.app.inject({
      method: 'DELETE',
      url: `/api/v1/auth/tokens/${token?.id ?? ''}`,
      headers: user.headers,
    });
    expect(revoked.statusCode).toBe(200);
    await within(1000, async () => (await me(user.headers)).statusCode === 401);
  });

  it('a user disabled through one process can no longer use its token on the other within a second', async () => {
    const admin = await ctx.user('admin', 'ID');
    const user = await ctx.user('regency_officer', '15.04');
    expect((await me(user.headers)).statusCode).toBe(200);
    const disabled = await ctx.app.inject({
      method: 'PATCH',
      url: `/api/v1/users/${user.id}`,
      headers: admin.headers,
      payload: { active: false },
    });
    expect(disabled.statusCode).toBe(200);
    // The process that made the change knows at once, without waiting for the notice.
    expect((await ctx.app.inject({ url: '/api/v1/me', headers: user.headers })).statusCode).toBe(401);
    await within(1000, async () => (await me(user.headers)).statusCode === 401);
  });
});
