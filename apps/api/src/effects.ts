import type { Kysely, Transaction } from 'kysely';
import type { DB } from './db/index.ts';
import type { Actor } from './http/actor.ts';
import type { Jobs } from './jobs/index.ts';
import { publishLive, type LiveNotice } from './live/index.ts';
import type { AuditRecord, AuditService } from './modules/audit/index.ts';

/**
 * What a transaction sets off besides its own rows: audit entries, pg-boss jobs and live notices.
 * Code running inside another module's transaction (the report listeners) adds to it, and the
 * transaction's owner writes all of it once, just before commit: one statement per kind instead of
 * one per caller, which keeps the group-commit transaction short. Effects written in the
 * transaction exist exactly when its changes do, as when each caller wrote its own.
 */
export interface TransactionEffects {
  audit: Array<{ actor: Actor | null; record: AuditRecord }>;
  jobs: Array<{ queue: string; data: object }>;
  live: LiveNotice[];
}

export function newEffects(): TransactionEffects {
  return { audit: [], jobs: [], live: [] };
}

export interface EffectWriters {
  audit: Pick<AuditService, 'recordMany'>;
  jobs: Pick<Jobs, 'sendMany'>;
}

/** Writes the gathered effects inside `trx` (each kind skipped when empty), in the order they were added. */
export async function writeEffects<T extends DB>(
  trx: Transaction<T> | Kysely<T>,
  effects: TransactionEffects,
  writers: EffectWriters,
): Promise<void> {
  await writers.audit.recordMany(trx, effects.audit);
  await writers.jobs.sendMany(effects.jobs, trx);
  await publishLive(trx, effects.live);
}
