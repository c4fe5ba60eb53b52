import type { ColumnType, Generated, Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/index.ts';

/** Kysely's view of the reports tables (migration 0100). Timestamps are read as ISO strings in UTC. */
type Timestamp = ColumnType<string, string | undefined, string>;

export interface ReportsTable {
  id: Generated<string>;
  region_code: string;
  region_path: string;
  district_code: string;
  occurred_at: string;
  created_at: Timestamp;
  updated_at: Timestamp;
  category: string;
  severity: number;
  status: Generated<string>;
  title: string;
  description: string;
  lat: number | null;
  lon: number | null;
  channel: string;
  anonymous: Generated<boolean>;
  content_hash: Buffer;
  duplicate_of: string | null;
  tracking_code: string | null;
}

export interface ReportStatusHistoryTable {
  id: Generated<number>;
  report_id: string;
  from_status: string;
  to_status: string;
  note: string | null;
  duplicate_of: string | null;
  changed_by: string | null;
  changed_by_name: string;
  changed_at: Timestamp;
}

export interface ReporterIdentitiesTable {
  report_id: string;
  user_id: string | null;
  name: string | null;
  phone: string | null;
  created_at: Timestamp;
}

export interface ReportAttachmentsTable {
  id: Generated<string>;
  report_id: string;
  sha256: string;
  size: number;
  mime: string;
  filename: string;
  uploaded_by: string | null;
  created_at: Timestamp;
}

export interface ReportIntakeSettingsTable {
  region_code: string;
  region_path: string;
  public_intake: boolean;
  updated_by: string | null;
  updated_at: Timestamp;
}

export interface PublicIntakeHitsTable {
  address_hash: Buffer;
  window_start: string;
  hits: number;
}

// A type alias (not an interface) so that Kysely's withTables accepts it.
export type ReportTables = {
  reports: ReportsTable;
  report_status_history: ReportStatusHistoryTable;
  reporter_identities: ReporterIdentitiesTable;
  report_attachments: ReportAttachmentsTable;
  report_intake_settings: ReportIntakeSettingsTable;
  public_intake_hits: PublicIntakeHitsTable;
};

export type ReportDB = DB & ReportTables;
export type ReportDb = Kysely<ReportDB>;
export type ReportTrx = Transaction<ReportDB>;
