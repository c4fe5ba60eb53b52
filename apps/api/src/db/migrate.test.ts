import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmptyDatabase } from '../../test/harness.ts';
import { connect, disconnect, runMigrations } from './index.ts';

// Runs on the test cluster: the embedded PostgreSQL by default, the server in DATABASE_URL when set.
const migrationFiles = fs
  .readdirSync(new URL('./migrations/', import.meta.url))
  .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
  .sort();

const CORE_TABLES = [
  'regions',
  'users',
  'sessions',
  'api_tokens',
  'login_failures',
  'audit_log',
  'audit_head',
  'schema_migrations',
];

async function schemaFingerprint(pool: ReturnType<typeof connect>['pool']): Promise<string> {
  const columns = await pool.query<{ c: string }>(
    `SELECT string_agg(table_name || '.' || column_name || ':' || data_type, ',' ORDER BY table_name, column_name) AS c
       FROM information_schema.columns WHERE table_schema = 'public'`,
  );
  const indexes = await pool.query<{ c: string }>(
    `SELECT string_agg(indexdef, ',' ORDER BY indexdef) AS c FROM pg_indexes WHERE schemaname = 'public'`,
  );
  return `${columns.rows[0]?.c ?? ''}|${indexes.rows[0]?.c ?? ''}`;
}

describe('migrations', () => {
  let empty: Awaited<ReturnType<typeof createEmptyDatabase>>;
  let second: Awaited<ReturnType<typeof createEmptyDatabase>>;
  beforeAll(async () => {
    [empty, second] = await Promise.all([createEmptyDatabase(), createEmptyDatabase()]);
  });
  afterAll(async () => {
    await Promise.all([empty.drop(), second.drop()]);
  });

  it('apply every file to an empty database, and a second run changes nothing', async () => {
    const base = connect(empty.url, 'server', 2);
    try {
      expect(migrationFiles.length).toBeGreaterThan(0);
      expect(await runMigrations(base.pool)).toEqual(migrationFiles);

      const tables = await base.pool.query<{ table_name: string }>(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'`,
      );
      expect(tables.rows.map((r) => r.table_name)).toEqual(expect.arrayContaining(CORE_TABLES));
      const recorded = await base.pool.query<{ name: string }>(
        'SELECT name FROM schema_migrations ORDER BY name',
      );
      expect(recorded.rows.map((r) => r.name)).toEqual(migrationFiles);
      const head = await base.pool.query<{ chain_pos: number }>('SELECT chain_pos FROM audit_head');
      expect(head.rows).toEqual([{ chain_pos: 0 }]);

      const before = await schemaFingerprint(base.pool);
      expect(await runMigrations(base.pool)).toEqual([]);
      expect(await schemaFingerprint(base.pool)).toBe(before);
      const again = await base.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM schema_migrations');
      expect(again.rows[0]?.n).toBe(migrationFiles.length);
    } finally {
      await disconnect(base);
    }
  });

  it('two processes starting at once apply each file exactly once', async () => {
    const a = connect(second.url, 'server', 2);
    const b = connect(second.url, 'server', 2);
    try {
      const [fromA, fromB] = await Promise.all([runMigrations(a.pool), runMigrations(b.pool)]);
      expect([...fromA, ...fromB].sort()).toEqual(migrationFiles);
    } finally {
      await Promise.all([disconnect(a), disconnect(b)]);
    }
  });

  it('refuse to start when an applied migration was edited afterwards', async () => {
    const base = connect(empty.url, 'server', 2);
    try {
      await base.pool.query(`UPDATE schema_migrations SET checksum = 'edited' WHERE name = $1`, [
        migrationFiles[0],
      ]);
      await expect(runMigrations(base.pool)).rejects.toThrow(/was changed after it was applied/);
    } finally {
      await disconnect(base);
    }
  });
});
