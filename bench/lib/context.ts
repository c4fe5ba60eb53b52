import { runLoad, type LoadOptions, type LatencySummary } from './load.ts';
import { freshTarget, startServer, type BenchServer, type Target } from './server.ts';

/** What every section's `run(ctx)` gets. */
export interface BenchContext {
  /** DATABASE_URL of this run, or undefined for the embedded PostgreSQL. */
  databaseUrl: string | undefined;
  /** A fresh, empty place for a server's data (data dir, or a new database on the server). */
  freshTarget: () => Promise<Target>;
  /** Spawns the real server on a target and waits until it is healthy (see lib/server.ts). */
  startServer: (target: Target, env?: Record<string, string>) => Promise<BenchServer>;
  /** A bounded closed-loop HTTP load with latency percentiles (see lib/load.ts). */
  load: (options: LoadOptions) => Promise<LatencySummary>;
  /** Progress lines go to stderr, so stdout stays the JSON result. */
  log: (line: string) => void;
}

export function createContext(section: string): BenchContext {
  const databaseUrl = process.env.DATABASE_URL;
  return {
    databaseUrl,
    freshTarget: () => freshTarget(databaseUrl),
    startServer,
    load: runLoad,
    log: (line) => console.error(`[bench:${section}] ${line}`),
  };
}

export type { BenchServer, LatencySummary, LoadOptions, Target };
