import type { Transaction } from 'kysely';
import type { DB } from '../../db/index.ts';
import { newEffects, writeEffects, type EffectWriters } from '../../effects.ts';
import type { ReportEvent, ReportListener } from './events.ts';
import type { QueuedReport, ReportRepository } from './repository.ts';
import { eventOf } from './writer.ts';

/**
 * The deferred listeners' side of report creation. A report's transaction only queues its id
 * (report_outbox, in the insert's own statement); the dispatcher takes queued ids in a transaction
 * of its own, calls the deferred listeners with the reports as they are then, writes their effects
 * and deletes the ids, all in that transaction. So:
 *  - the report's transaction, which the filer waits for, does not hold the listeners' locks (the
 *    vulnerability index's shared aggregate rows), and many group commits are projected at once;
 *  - nothing is lost: a crash before the dispatcher's commit leaves the ids queued, and any process
 *    takes them up on start or at its next poll;
 *  - each creation is projected once, and before any later status change of the report (the change
 *    takes its reports off the queue first: `projectQueued` in service.ts).
 * Several processes may dispatch at once: each takes rows the others do not hold (SKIP LOCKED).
 */
export interface DeferredDispatcher {
  /** New reports were committed to the queue: project them within `gatherMs`. */
  wake(): void;
  /** Resolves after a pass that began after the call found the queue empty (tests, bench, demo seeding). */
  settled(): Promise<void>;
  start(): void;
  /** Stops polling and waits for the pass in progress; what is still queued stays queued. */
  stop(): Promise<void>;
}

/** The creation events of reports taken off the queue. */
export function eventsOfQueued(rows: QueuedReport[]): ReportEvent[] {
  return rows.map((row) => ({ type: 'created', report: eventOf(row, row.region_path) }));
}

export function createDeferredDispatcher(deps: {
  repository: Pick<ReportRepository, 'db' | 'claimQueued' | 'queuedIds'>;
  listeners: ReportListener[];
  effects: EffectWriters;
  log: (error: unknown, message: string) => void;
  /**
   * How long a wake-up waits to gather more commits into one pass. The index promises a report is
   * reflected within a second. Part of a pass's cost is per region touched, not per report, so
   * bigger passes cost less per report: at concurrency 64 (2026-12-07, two rounds of 15 s) 200 ms
   * with passes of up to 5,000 gave 1,438 and 1,364 reports/s, and PostgreSQL 0.51–0.56 ms of CPU
   * a report, against 1,340 and 1,138/s and 0.64–0.75 ms with 50 ms and passes of up to 1,000.
   * Longer waits cut the risk statement's time further (pg_stat_statements, per 1,000 reports: 180 ms
   * at 200 ms, 144 at 500, 100 at 800), but six 15 s probes of each, 200 and 500 ms alternating,
   * could not be told apart in reports/s (1,236–1,462 and 1,249–1,474), and a report would reach the
   * index later.
   */
  gatherMs?: number;
  /** How often the queue is looked at without a wake-up (reports of other processes, leftovers). */
  pollMs?: number;
  /** Reports per pass (one transaction). */
  maxBatch?: number;
}): DeferredDispatcher {
  const { repository, listeners, log } = deps;
  const gatherMs = deps.gatherMs ?? 200;
  const pollMs = deps.pollMs ?? 1000;
  const maxBatch = deps.maxBatch ?? 5000;
  let stopped = true;
  let timer: NodeJS.Timeout | undefined;
  let poller: NodeJS.Timeout | undefined;
  let current: Promise<void> | undefined;
  let next: Promise<void> | undefined;

  /** One transaction: takes queued reports, runs the listeners, writes their effects. */
  async function pass(which: { limit: number } | { ids: string[] }): Promise<string[]> {
    return repository.db.transaction().execute(async (trx) => {
      const rows = await repository.claimQueued(trx, which);
      if (rows.length === 0) return [];
      const events = eventsOfQueued(rows);
      const effects = newEffects();
      const outer = trx as unknown as Transaction<DB>;
      for (const listener of listeners) await listener(outer, events, effects);
      await writeEffects(outer, effects, deps.effects);
      return rows.map((r) => r.id);
    });
  }

  async function drain(): Promise<void> {
    while (!stopped) {
      let taken: string[];
      try {
        taken = await pass({ limit: maxBatch });
      } catch (error) {
        // One report the listeners cannot take would hold back every report of its pass: the
        // reports of a failed pass are dispatched one by one, and a failing one stays queued (and
        // logged) for the next poll.
        log(error, 'deferred report listeners failed; retrying report by report');
        await oneByOne();
        return;
      }
      if (taken.length < maxBatch) return;
    }
  }

  async function oneByOne(): Promise<void> {
    const ids = await repository.queuedIds(maxBatch);
    for (const id of ids) {
      if (stopped) return;
      try {
        await pass({ ids: [id] });
      } catch (error) {
        log(error, `deferred report listeners failed for report ${id}; it stays queued`);
      }
    }
  }

  /** A drain that starts after this call: at most one runs and one waits behind it. */
  function request(): Promise<void> {
    if (stopped) return Promise.resolve();
    if (!current) {
      current = drain()
        .catch((error: unknown) => log(error, 'deferred report dispatch failed'))
        .finally(() => {
          current = undefined;
        });
      return current;
    }
    next ??= current.then(() => {
      next = undefined;
      return request();
    });
    return next;
  }

  return {
    wake() {
      if (stopped || timer) return;
      timer = setTimeout(() => {
        timer = undefined;
        void request();
      }, gatherMs);
    },
    settled: request,
    start() {
      if (!stopped) return;
      stopped = false;
      poller = setInterval(() => void request(), pollMs);
      poller.unref();
      void request();
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      timer = undefined;
      clearInterval(poller);
      await next;
      await current;
    },
  };
}
