import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createEmptyDatabase,
  createTestContext,
  type TestContext,
  type TestUser,
} from '../../../test/harness.ts';
import { connect, disconnect, runMigrations } from '../../db/index.ts';
import type { Actor } from '../../http/actor.ts';
import { createAuditRepository, createAuditService } from './index.ts';

const ROOT = path.resolve(new URL('../../../../..', import.meta.url).pathname);
const ENTRIES = 6;

const actor = { userId: null, username: 'auditor' } as unknown as Actor;

/** A migrated database (no regions needed) holding a chain of ENTRIES linked audit entries. */
async function databaseWithChain() {
  const empty = await createEmptyDatabase();
  const base = connect(empty.url, 'server', 2);
  await runMigrations(base.pool);
  const audit = createAuditService({
    repository: createAuditRepository(base.db, base.pool),
    log: (error) => {
      throw error;
    },
  });
  for (let i = 1; i <= ENTRIES; i += 1) {
    await audit.record(base.db, actor, {
      action: 'test.write',
      entityType: 'thing',
      entityId: String(i),
      regionPath: '15.04',
      changes: { step: i, note: `entry ${i}` },
    });
  }
  await audit.stop();
  const tamper = async (statements: string[]) => {
    await base.pool.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only');
    for (const statement of statements) await base.pool.query(statement);
    await base.pool.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only');
  };
  const idAt = async (pos: number) =>
    Number(
      (await base.pool.query<{ id: number }>('SELECT id FROM audit_log WHERE chain_pos = $1', [pos])).rows[0]
        ?.id,
    );
  return {
    url: empty.url,
    pool: base.pool,
    tamper,
    idAt,
    close: async () => {
      await disconnect(base);
      await empty.drop();
    },
  };
}

/** `npm run cli -- audit verify` against the given database, as an operator would run it. */
function verifyWithCli(
  databaseUrl: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', '--silent', 'cli', '--', 'audit', 'verify'], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: databaseUrl, SINERGI_LOG_LEVEL: 'silent' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('audit log tampering is found by `npm run cli -- audit verify`', { timeout: 120_000 }, () => {
  type Chain = Awaited<ReturnType<typeof databaseWithChain>>;
  const chains: Chain[] = [];
  afterAll(async () => {
    await Promise.all(chains.map((c) => c.close()));
  });

  it('the table itself refuses edits and deletes', async () => {
    const chain = await databaseWithChain();
    chains.push(chain);
    await expect(chain.pool.query(`UPDATE audit_log SET changes = '{}' WHERE chain_pos = 1`)).rejects.toThrow(
      /append-only/,
    );
    await expect(chain.pool.query('DELETE FROM audit_log WHERE chain_pos = 1')).rejects.toThrow(
      /append-only/,
    );
  });

  it('an untouched chain passes; an edited, deleted, truncated or reordered one names its first broken entry', async () => {
    const scenarios: Array<{
      name: string;
      tamper: (chain: Chain) => Promise<void>;
      brokenAt: number | null;
      rowIdAt?: number;
    }> = [
      { name: 'untouched', tamper: () => Promise.resolve(), brokenAt: null },
      {
        name: 'edited changes',
        tamper: (c) =>
          c.tamper([`UPDATE audit_log SET changes = '{"step": 3, "note": "rewritten"}' WHERE chain_pos = 3`]),
        brokenAt: 3,
        rowIdAt: 3,
      },
      {
        name: 'middle entry deleted',
        tamper: (c) => c.tamper(['DELETE FROM audit_log WHERE chain_pos = 3']),
        brokenAt: 3,
        rowIdAt: 4,
      },
      {
        name: 'last entry deleted',
        tamper: (c) => c.tamper([`DELETE FROM audit_log WHERE chain_pos = ${ENTRIES}`]),
        brokenAt: ENTRIES,
      },
      {
        name: 'two entries swapped',
        tamper: (c) =>
          c.tamper([
            'UPDATE audit_log SET chain_pos = -2 WHERE chain_pos = 2',
            'UPDATE audit_log SET chain_pos = 2 WHERE chain_pos = 4',
            'UPDATE audit_log SET chain_pos = 4 WHERE chain_pos = -2',
          ]),
        brokenAt: 2,
        rowIdAt: 2,
      },
    ];
    const prepared = await Promise.all(
      scenarios.map(async (scenario) => {
        const chain = await databaseWithChain();
        chains.push(chain);
        await scenario.tamper(chain);
        const rowId = scenario.rowIdAt === undefined ? undefined : await chain.idAt(scenario.rowIdAt);
        return { scenario, chain, rowId };
      }),
    );
    const results = await Promise.all(prepared.map(({ chain }) => verifyWithCli(chain.url)));

    prepared.forEach(({ scenario, rowId }, i) => {
      const result = results[i];
      if (!result) throw new Error('missing result');
      const said = `${scenario.name}: ${result.stdout}${result.stderr}`;
      if (scenario.brokenAt === null) {
        expect(result.code, said).toBe(0);
        expect(result.stdout, said).toContain(`audit log intact: ${ENTRIES} entries verified`);
      } else {
        expect(result.code, said).toBe(1);
        expect(result.stderr, said).toContain(`audit log BROKEN at entry ${scenario.brokenAt}`);
        if (rowId !== undefined) expect(result.stderr, said).toContain(`(row id ${rowId})`);
      }
    });
  });
});

describe('the audit chain under concurrent writers', () => {
  let ctx: TestContext;
  let admin: TestUser;
  beforeAll(async () => {
    ctx = await createTestContext();
    admin = await ctx.user('admin', 'ID');
  });
  afterAll(() => ctx.close());

  async function expectUnforked(pool: TestContext['database']['pool']) {
    const summary = await pool.query<{
      n: number;
      first: number;
      last: number;
      pending: number;
      broken_links: number;
    }>(
      `SELECT count(*)::int AS n, min(chain_pos)::int AS first, max(chain_pos)::int AS last,
              count(*) FILTER (WHERE chain_pos IS NULL)::int AS pending,
              count(*) FILTER (WHERE prev_hash IS DISTINCT FROM previous)::int AS broken_links
         FROM (SELECT chain_pos, prev_hash,
                      lag(hash, 1, repeat('0', 64)) OVER (ORDER BY chain_pos) AS previous
                 FROM audit_log) t`,
    );
    const row = summary.rows[0];
    expect(row?.pending).toBe(0);
    expect(row?.first).toBe(1);
    expect(row?.last).toBe(row?.n);
    expect(row?.broken_links).toBe(0);
    const head = await pool.query<{ chain_pos: number; hash: string }>(
      `SELECT h.chain_pos::int AS chain_pos, h.hash = a.hash AS hash
         FROM audit_head h JOIN audit_log a ON a.chain_pos = h.chain_pos`,
    );
    expect(head.rows[0]).toEqual({ chain_pos: row?.n, hash: true });
    return row?.n ?? 0;
  }

  it('25 parallel user creations and 25 logins leave one unforked chain', async () => {
    const password = 'concurrent-login-1';
    const loginUsers = await Promise.all(
      Array.from({ length: 5 }, () => ctx.user('field_reporter', '15.04', { password })),
    );
    const before = (await ctx.database.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log'))
      .rows[0]?.n;

    const creations = Array.from({ length: 25 }, (_, i) =>
      ctx.app.inject({
        method: 'POST',
        url: '/api/v1/users',
        headers: admin.headers,
        payload: {
          username: `serentak-${i}`,
          name: `Pengguna ${i}`,
          password: 'concurrent-user-1',
          role: 'field_reporter',
          scopeCode: '15.04',
        },
      }),
    );
    const logins = Array.from({ length: 25 }, (_, i) =>
      ctx.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username: loginUsers[i % loginUsers.length]?.username, password },
      }),
    );
    const responses = await Promise.all([...creations, ...logins]);
    expect(responses.map((r) => r.statusCode)).toEqual([...Array(25).fill(201), ...Array(25).fill(200)]);

    await ctx.services.audit.chainNow();
    const chained = await expectUnforked(ctx.database.pool);
    expect(chained).toBe((before ?? 0) + 50);
    expect(await ctx.services.audit.verify()).toEqual({ ok: true, checked: chained, pending: 0 });
  });

  it('two processes chaining at once, each with its own pool, do not fork the chain', async () => {
    const a = connect(ctx.databaseUrl, 'server', 4);
    const b = connect(ctx.databaseUrl, 'server', 4);
    const repositories = [createAuditRepository(a.db, a.pool), createAuditRepository(b.db, b.pool)];
    const services = repositories.map((repository) =>
      createAuditService({
        repository,
        log: (error) => {
          throw error;
        },
      }),
    );
    try {
      let writing = true;
      // Both "processes" keep chaining in small batches while both keep writing.
      const chainers = repositories.map(async (repository) => {
        while (writing) {
          await repository.chainPending(3);
          await new Promise((r) => setImmediate(r));
        }
      });
      const writers = [a, b].flatMap((connection, p) =>
        Array.from({ length: 10 }, async (_, w) => {
          for (let i = 0; i < 10; i += 1) {
            await connection.db.transaction().execute(async (trx) => {
              await services[p]?.record(trx, actor, {
                action: 'test.concurrent',
                entityType: 'thing',
                entityId: `${p}-${w}-${i}`,
              });
            });
          }
        }),
      );
      await Promise.all(writers);
      writing = false;
      await Promise.all(chainers);
      await Promise.all(services.map((s) => s.stop()));

      await expectUnforked(ctx.database.pool);
      const written = await ctx.database.pool.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM audit_log WHERE action = 'test.concurrent'`,
      );
      expect(written.rows[0]?.n).toBe(200);
      expect((await ctx.services.audit.verify()).ok).toBe(true);
    } finally {
      await Promise.all([disconnect(a), disconnect(b)]);
    }
  });
});
