import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import './provided.ts';
import { connect, disconnect, runMigrations } from '../src/db/index.ts';
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from '../src/db/embedded.ts';
import { seedRegions } from '../src/modules/regions/index.ts';
import { createJobs } from '../src/jobs/index.ts';

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** One cluster for the whole run; each test file gets its own database cloned from a migrated template. */
export default async function setup(project: TestProject) {
  let embedded: EmbeddedPostgresHandle | undefined;
  let dataDir: string | undefined;
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sinergi-test-'));
    fs.chmodSync(dataDir, 0o755);
    embedded = await startEmbeddedPostgres(dataDir, () => undefined);
    adminUrl = embedded.connectionString;
  }
  const template = `sinergi_tpl_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${template}`);
  await admin.query(`CREATE DATABASE ${template}`);
  const base = connect(withDatabase(adminUrl, template), 'server', 4);
  await runMigrations(base.pool);
  await seedRegions(base.pool);
  // pg-boss installs its schema on first start; doing it once here keeps each test file's start quick.
  const jobs = createJobs({ connectionString: withDatabase(adminUrl, template), log: () => undefined });
  await jobs.start();
  await jobs.stop();
  await base.pool.query('VACUUM ANALYZE');
  await disconnect(base);
  // Nothing (autovacuum included) may sit in the template while files clone it.
  await admin.query(`ALTER DATABASE ${template} WITH ALLOW_CONNECTIONS false IS_TEMPLATE true`);

  project.provide('adminUrl', adminUrl);
  project.provide('templateDatabase', template);

  return async () => {
    const leftovers = await admin.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname LIKE $1 OR datname = $2`,
      [`${template}_%`, template],
    );
    await admin.query(`ALTER DATABASE ${template} WITH IS_TEMPLATE false`);
    for (const { datname } of leftovers.rows)
      await admin.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
    await admin.end();
    await embedded?.stop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  };
}
