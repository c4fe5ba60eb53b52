import fs from 'node:fs';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Config } from '../config.ts';
import { claimDataDir } from './data-dir-lock.ts';
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from './embedded.ts';
import { runMigrations } from './migrate.ts';
import { preparingPool } from './prepared.ts';
import type { DB } from './schema.ts';

export type { DB } from './schema.ts';
export { runMigrations } from './migrate.ts';
export { DataDirInUseError } from './data-dir-lock.ts';
export { executePrepared, preparedLookup, runPrepared } from './prepared.ts';

// timestamptz and date come back as strings: presenters format them in the region's zone, and a
// `date` must never shift through a JavaScript Date in the server's zone.
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);
// An instant becomes ISO 8601 in UTC ("2024-11-27T01:00:00.000Z") whatever the session's TimeZone.
const parseInstant = pg.types.getTypeParser(pg.types.builtins.TIMESTAMPTZ) as (value: string) => unknown;
pg.types.setTypeParser(pg.types.builtins.TIMESTAMPTZ, (value) => {
  const parsed = parseInstant(value);
  return parsed instanceof Date && !Number.isNaN(parsed.getTime()) ? parsed.toISOString() : value;
});
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (value) => Number(value));

export interface Database {
  kind: 'embedded' | 'server';
  pool: pg.Pool;
  db: Kysely<DB>;
  connectionString: string;
  /** pid of the embedded postmaster (undefined on a server). */
  embeddedPid: () => number | undefined;
  close: () => Promise<void>;
}

/** Ends Kysely and the pool (Kysely only ends a pool it has used itself). */
export async function disconnect(connection: Pick<Database, 'db' | 'pool'>): Promise<void> {
  await connection.db.destroy();
  if (!connection.pool.ended) await connection.pool.end();
}

export function connect(
  connectionString: string,
  kind: Database['kind'],
  poolSize = 20,
): Omit<Database, 'close' | 'embeddedPid'> {
  const pool = new pg.Pool({ connectionString, max: poolSize, idleTimeoutMillis: 30_000 });
  // An idle client that loses its server must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: preparingPool(pool) }) });
  return { kind, pool, db, connectionString };
}

/**
 * The one place that knows whether the database is embedded: DATABASE_URL set means that server,
 * unset means the embedded PostgreSQL in SINERGI_DATA_DIR (claimed exclusively for this process).
 */
export async function openDatabase(config: Config, log: (message: string) => void): Promise<Database> {
  let embedded: EmbeddedPostgresHandle | undefined;
  let releaseClaim = (): void => undefined;
  let connectionString = config.databaseUrl;
  if (!connectionString) {
    const claim = claimDataDir(ensureDir(config.dataDir));
    releaseClaim = claim.release;
    try {
      embedded = await startEmbeddedPostgres(config.dataDir, log);
    } catch (error) {
      releaseClaim();
      throw error;
    }
    connectionString = embedded.connectionString;
  }
  const base = connect(connectionString, embedded ? 'embedded' : 'server');
  try {
    await runMigrations(base.pool);
  } catch (error) {
    await disconnect(base);
    await embedded?.stop();
    releaseClaim();
    throw error;
  }
  return {
    ...base,
    embeddedPid: () => embedded?.pid(),
    close: async () => {
      await disconnect(base);
      await embedded?.stop();
      releaseClaim();
    },
  };
}

function ensureDir(dir: string): string {
  fs.mkdirSync(dir, { recursive: true, mode: 0o755 });
  return dir;
}
