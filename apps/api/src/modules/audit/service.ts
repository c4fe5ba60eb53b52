import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/index.ts';
import type { Actor } from '../../http/actor.ts';
import type { AuditRepository } from './repository.ts';

/** Entries chained per pass (one transaction). */
const CHAIN_BATCH = 5000;

export interface AuditRecord {
  action: string;
  entityType: string;
  entityId: string | null;
  regionPath?: string | null;
  changes?: Record<string, unknown>;
}

/**
 * Every write records what it did inside its own transaction (so an entry exists exactly when the
 * change does); a background chainer links the entries into the hash chain shortly after.
 */
export function createAuditService(deps: { repository: AuditRepository; log: (error: unknown) => void }) {
  const { repository } = deps;
  let timer: NodeJS.Timeout | undefined;
  let scheduled: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();

  const chainNow = (): Promise<void> => {
    running = running
      .then(async () => {
        // A pass that chained less than a full batch found everything committed when it read; one
        // more pass would only read nothing (a transaction of its own, after every burst).
        while ((await repository.chainPending(CHAIN_BATCH)) === CHAIN_BATCH) {
          // a full batch: more may be pending
        }
      })
      .catch(deps.log);
    return running;
  };

  /** Several entries in one statement (one round trip inside a busy transaction), in this order. */
  async function recordMany<T extends DB>(
    trx: Transaction<T> | Kysely<T>,
    entries: Array<{ actor: Actor | null; record: AuditRecord }>,
  ): Promise<void> {
    if (entries.length === 0) return;
    await repository.insert(
      trx as unknown as Kysely<DB>,
      entries.map(({ actor, record }) => ({
        actorId: actor?.userId ?? null,
        actorLabel: actor ? actor.username : 'system',
        action: record.action,
        entityType: record.entityType,
        entityId: record.entityId,
        regionPath: record.regionPath ?? null,
        changes: record.changes ?? {},
      })),
    );
    // Chain soon after the caller commits; bursts share one pass.
    scheduled ??= setTimeout(() => {
      scheduled = undefined;
      void chainNow();
    }, 50);
  }

  return {
    /** `trx` may be typed with a module's extra tables (`db.withTables<…>()`); audit_log is in every one. */
    async record<T extends DB>(
      trx: Transaction<T> | Kysely<T>,
      actor: Actor | null,
      record: AuditRecord,
    ): Promise<void> {
      await recordMany(trx, [{ actor, record }]);
    },
    recordMany,
    chainNow,
    verify: () => repository.verify(),
    start(intervalMs = 1000): void {
      timer = setInterval(() => void chainNow(), intervalMs);
      timer.unref();
    },
    async stop(): Promise<void> {
      if (timer) clearInterval(timer);
      if (scheduled) clearTimeout(scheduled);
      scheduled = undefined;
      await chainNow();
    },
  };
}

export type AuditService = ReturnType<typeof createAuditService>;
