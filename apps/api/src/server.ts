import { buildApp } from './app.ts';
import { bootstrap } from './bootstrap.ts';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { openDatabase, type Database } from './db/index.ts';

/**
 * Starts Sinergi: configuration, database (embedded or server), migrations, regions and demo data,
 * then HTTP. SIGTERM/SIGINT stop taking requests, drain the ones in flight, then stop the database.
 */
async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
  const say = (line: string) => console.log(`[sinergi] ${line}`);

  let database: Database;
  try {
    database = await openDatabase(config, say);
  } catch (error) {
    console.error(`[sinergi] ${(error as Error).message}`);
    process.exit(1);
  }
  say(
    `Database: ${database.kind === 'embedded' ? `embedded PostgreSQL in ${config.dataDir}` : 'PostgreSQL server (DATABASE_URL)'}`,
  );

  const { app, services } = await buildApp(config, database);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    say(`${signal}: stopping`);
    const force = setTimeout(() => process.exit(1), 30_000);
    force.unref();
    await app.close().catch((error: unknown) => console.error(error));
    await database.close().catch((error: unknown) => console.error(error));
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));

  await bootstrap(config, database, services, say);
  services.audit.start();
  await app.listen({ port: config.port, host: config.host });
  // The first region search would otherwise wait for the index to be built (about a second).
  services.regions
    .warmSearch()
    .catch((error: unknown) => app.log.error({ err: error }, 'region search index'));
  say(
    `Sinergi is running at http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port}/ (API docs at /api/docs)`,
  );
}

main().catch((error: unknown) => {
  console.error('[sinergi] failed to start:', error);
  process.exit(1);
});
