import { CompiledQuery, type Kysely, type Transaction } from 'kysely';
import PgBoss from 'pg-boss';
import type { DB } from '../db/index.ts';

export interface SendOptions {
  /** Run no earlier than this instant. */
  startAfter?: Date;
  /** At most one queued job per key (e.g. `reminder:<followUpId>:before`). */
  singletonKey?: string;
  retryLimit?: number;
}

export type JobHandler<T> = (data: T, job: { id: string; name: string }) => Promise<void>;

/**
 * Background jobs on PostgreSQL (pg-boss): reminders, notifications, compilations. Jobs live in the
 * database, so they survive restarts and are shared by every API process (each job runs once).
 */
export interface Jobs {
  /** Enqueue; pass the caller's transaction so the job exists exactly when the change commits. */
  send<T extends object, D extends DB = DB>(
    queue: string,
    data: T,
    options?: SendOptions,
    trx?: Transaction<D> | Kysely<D>,
  ): Promise<string | null>;
  /** Enqueue several jobs (any queues) in one statement, with the defaults of `send`; no ids back. */
  sendMany<D extends DB = DB>(
    jobs: Array<{ queue: string; data: object; retryLimit?: number }>,
    trx?: Transaction<D> | Kysely<D>,
  ): Promise<void>;
  /** Run `handler` for each job of `queue` in this process; failures are retried by pg-boss. */
  work<T extends object>(queue: string, handler: JobHandler<T>): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export function createJobs(options: {
  connectionString: string;
  pollingIntervalSeconds?: number;
  log: (error: unknown) => void;
}): Jobs {
  const boss = new PgBoss({
    connectionString: options.connectionString,
    schema: 'pgboss',
    max: 4,
    supervise: true,
    schedule: false,
  });
  boss.on('error', options.log);
  const queues = new Map<string, Promise<void>>();
  let started: Promise<unknown> | undefined;

  const ensureQueue = (name: string): Promise<void> => {
    let ready = queues.get(name);
    if (!ready) {
      ready = boss.createQueue(name).catch((error: unknown) => {
        queues.delete(name);
        throw error;
      });
      queues.set(name, ready);
    }
    return ready;
  };

  /** pg-boss runs its SQL through the caller's transaction when given one. */
  const inTransaction = <D extends DB>(trx: Transaction<D> | Kysely<D> | undefined) =>
    trx
      ? {
          executeSql: async (text: string, values: unknown[]) => ({
            rows: (await trx.executeQuery(CompiledQuery.raw(text, values))).rows,
          }),
        }
      : undefined;

  return {
    async send(queue, data, sendOptions = {}, trx) {
      await ensureQueue(queue);
      const db = inTransaction(trx);
      return boss.send(queue, data, {
        ...(sendOptions.startAfter ? { startAfter: sendOptions.startAfter } : {}),
        ...(sendOptions.singletonKey ? { singletonKey: sendOptions.singletonKey } : {}),
        retryLimit: sendOptions.retryLimit ?? 5,
        retryBackoff: true,
        ...(db ? { db } : {}),
      });
    },
    async sendMany(jobs, trx) {
      if (jobs.length === 0) return;
      await Promise.all([...new Set(jobs.map((j) => j.queue))].map(ensureQueue));
      const db = inTransaction(trx);
      await boss.insert(
        jobs.map((j) => ({ name: j.queue, data: j.data, retryLimit: j.retryLimit ?? 5, retryBackoff: true })),
        db ? { db } : {},
      );
    },
    async work(queue, handler) {
      await ensureQueue(queue);
      await boss.work<never>(
        queue,
        { pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2, batchSize: 1 },
        async (jobs) => {
          for (const job of jobs) await handler(job.data, { id: job.id, name: job.name });
        },
      );
    },
    async start() {
      started ??= boss.start();
      await started;
    },
    async stop() {
      if (started) await boss.stop({ graceful: true, wait: true, timeout: 10_000 });
    },
  };
}
