/**
 * Keeps the reports' text index (GIN, `reports_search_idx`) merged in the background.
 *
 * A GIN index first appends new entries to a pending list; the insert that finds the list past
 * `gin_pending_list_limit` (4 MB) merges it into the index itself. Under a sustained load that insert
 * is a group commit's: its statement took 32–39 ms instead of about 2 every 4 s or so, and every filer
 * waiting on that commit waited with it. Merging from here, shortly after reports were committed,
 * keeps the list short, so no filer's insert does it. Measured 2026-12-07 at concurrency 64:
 *  - report inserts of 25 ms or more (auto_explain, 30 s on the server PostgreSQL): none with this,
 *    8 without;
 *  - p99, embedded, alternating runs of three 15 s rounds: with a merge every 250 ms from another
 *    connection 60.9–70.9 ms against 65.7–107.9 ms (over 100 ms in four rounds of six); with this
 *    module 63.8–106.0 ms against 65.8–122.2 ms. The p99 also moves with other things (it grew
 *    from round to round with the tables in both).
 *
 * Several processes may run it at once; a merge waits for one in progress. Autovacuum merges the list
 * too, but it runs rarely under a steady load of inserts, and not at all where it is turned off.
 */
export interface SearchIndexUpkeep {
  /** Reports were committed: merge within `everyMs`. */
  wake(): void;
  /** Resolves once no merge is waiting or running (tests). */
  settled(): Promise<void>;
  start(): void;
  /** Stops waking and waits for the merge in progress. */
  stop(): Promise<void>;
}

export function createSearchIndexUpkeep(deps: {
  /** Merges the pending list (`gin_clean_pending_list`). */
  merge: () => Promise<void>;
  log: (error: unknown, message: string) => void;
  /** At most one merge per this many ms while reports keep coming. */
  everyMs?: number;
}): SearchIndexUpkeep {
  const everyMs = deps.everyMs ?? 250;
  let stopped = true;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;

  function run(): void {
    timer = undefined;
    running = deps
      .merge()
      .catch((error: unknown) => {
        // A role that does not own the index may not merge it: say so once and leave the merging
        // to the inserts, as without this.
        deps.log(error, 'merging the reports text index failed; inserts will merge it themselves');
        stopped = true;
      })
      .finally(() => {
        running = undefined;
      });
  }

  return {
    wake() {
      if (stopped || timer) return;
      timer = setTimeout(run, everyMs);
    },
    async settled() {
      while (timer || running) {
        if (running) await running;
        else await new Promise((resolve) => setTimeout(resolve, everyMs));
      }
    },
    start() {
      stopped = false;
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      timer = undefined;
      await running;
    },
  };
}
