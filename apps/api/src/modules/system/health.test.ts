import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import '../../../test/provided.ts';
import { createTestContext, type TestContext } from '../../../test/harness.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

async function asAdmin(statement: string): Promise<void> {
  const admin = new pg.Client({ connectionString: inject('adminUrl') });
  await admin.connect();
  try {
    await admin.query(statement);
  } finally {
    await admin.end();
  }
}

describe('GET /api/v1/health', () => {
  it('reports the database up', async () => {
    const res = await ctx.app.inject({ url: '/api/v1/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok', database: 'up', version: expect.any(String) });
  });

  it('answers 503 while the database is gone, and 200 again once it is back', async () => {
    const name = new URL(ctx.databaseUrl).pathname.slice(1);
    // Refuse new connections and end the open ones: to the app the database has disappeared.
    await asAdmin(`ALTER DATABASE ${name} WITH ALLOW_CONNECTIONS false`);
    try {
      await asAdmin(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${name}' AND pid <> pg_backend_pid()`,
      );
      const res = await ctx.app.inject({ url: '/api/v1/health' });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toEqual({ status: 'degraded', database: 'down', version: expect.any(String) });
    } finally {
      await asAdmin(`ALTER DATABASE ${name} WITH ALLOW_CONNECTIONS true`);
    }
    const back = await ctx.app.inject({ url: '/api/v1/health' });
    expect(back.statusCode).toBe(200);
  });
});
