import type { Transaction } from 'kysely';
import type { DB } from '../../db/index.ts';
import type { TransactionEffects } from '../../effects.ts';

/**
 * What the reports module tells other modules (alerts, risk) about, inside the transaction that
 * makes the change, so their derived state commits or rolls back with it. One call may carry many
 * events (batch import, group commit of concurrent submissions); listeners must handle them in bulk.
 */
export interface ReportEvent {
  type: 'created' | 'status_changed';
  report: {
    id: string;
    /** The most precise region given: a village (level 4) or a district (level 3) code. */
    regionCode: string;
    /** ltree path of regionCode, for subtree roll-ups. */
    regionPath: string;
    /** The district (kecamatan) the report is in. */
    districtCode: string;
    occurredAt: string;
    createdAt: string;
    category: string;
    severity: 1 | 2 | 3 | 4;
    status: 'new' | 'verified' | 'handling' | 'resolved' | 'rejected' | 'duplicate';
    title: string;
  };
  /** For status_changed: the status before. */
  previousStatus?: ReportEvent['report']['status'];
}

/**
 * `effects`, when given, gathers the audit entries, jobs and live notices a listener sets off; the
 * caller writes them before commit. Without it the listener writes its own.
 */
export type ReportListener = (
  trx: Transaction<DB>,
  events: ReportEvent[],
  effects?: TransactionEffects,
) => Promise<void>;
