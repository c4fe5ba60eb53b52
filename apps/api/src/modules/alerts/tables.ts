import type { ColumnType, Generated, Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/index.ts';

/** Kysely's view of the alerts tables (migration 0200). Timestamps are read as ISO strings in UTC. */
type Timestamp = ColumnType<string, string | undefined, string>;

export interface AlertsTable {
  id: Generated<string>;
  region_code: string;
  region_path: string;
  kind: string;
  severity: number;
  title: string;
  details: ColumnType<Record<string, unknown>, string, string>;
  dedupe_key: string | null;
  status: Generated<string>;
  opened_at: Timestamp;
  updated_at: Timestamp;
  acknowledged_at: string | null;
  acknowledged_by: string | null;
  assignee_id: string | null;
  assigned_at: string | null;
  closed_at: string | null;
  closed_by: string | null;
  close_note: string | null;
}

export interface AlertReportSignalsTable {
  report_id: string;
  region_code: string;
  district_code: string;
  occurred_at: string;
  category: string;
  severity: number;
  status: string;
  title: string;
  updated_at: Timestamp;
}

export interface AlertReportsTable {
  alert_id: string;
  report_id: string;
  attached_at: Timestamp;
}

export interface AlertWebhooksTable {
  id: Generated<string>;
  region_code: string;
  region_path: string;
  url: string;
  description: string | null;
  secret: string;
  created_by: string | null;
  created_at: Timestamp;
  deleted_at: string | null;
  deleted_by: string | null;
}

export interface AlertDeliveriesTable {
  alert_id: string;
  channel: 'email' | 'webhook';
  target: string;
  attempts: Generated<number>;
  delivered_at: string | null;
  last_error: string | null;
  updated_at: Timestamp;
}

// A type alias, not an interface: withTables<T> needs T to be indexable by string.
export type AlertTables = {
  alerts: AlertsTable;
  alert_report_signals: AlertReportSignalsTable;
  alert_reports: AlertReportsTable;
  alert_webhooks: AlertWebhooksTable;
  alert_deliveries: AlertDeliveriesTable;
};

export type AlertDB = DB & AlertTables;
export type AlertExecutor = Kysely<AlertDB> | Transaction<AlertDB>;

/** The typed handle on the alerts tables for a core database or transaction handle. */
export function withAlertTables(executor: Kysely<DB>): Kysely<AlertDB>;
export function withAlertTables(executor: Transaction<DB>): Transaction<AlertDB>;
export function withAlertTables(executor: Kysely<DB> | Transaction<DB>): AlertExecutor {
  return executor.withTables<AlertTables>();
}
