import type { ColumnType, Generated, Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/index.ts';

/** Kysely types of the risk tables (migration 0250). Instants and dates are read as strings. */
type Timestamp = ColumnType<string, string | undefined, string>;

export interface RiskBaselineImportsTable {
  id: Generated<string>;
  imported_at: Timestamp;
  imported_by: string | null;
  imported_by_name: string;
  format: 'csv' | 'xlsx' | 'json' | 'seed';
  filename: string | null;
  content_sha256: string | null;
  row_count: number;
}

export interface RiskBaselinesTable {
  id: Generated<number>;
  region_code: string;
  region_path: string;
  import_id: string;
  social_political: number;
  election_administration: number;
  contestation: number;
  participation: number;
  source: string;
  measured_on: string;
  valid_from: string;
  superseded_at: string | null;
}

export interface RiskReportsTable {
  report_id: string;
  region_code: string;
  region_path: string;
  l1: string;
  l2: string;
  l3: string;
  l4: string | null;
  at: string;
  created_at: string;
  category: string;
  severity: number;
  status: string;
  title: string;
  counted: Generated<boolean>;
}

export interface RiskReportStatusesTable {
  id: Generated<number>;
  report_id: string;
  at: string;
  status: string;
}

export interface RiskEpochTable {
  singleton: Generated<boolean>;
  t0: string;
  half_life_hours: number;
}

export interface RiskRegionSignalTable {
  region_code: string;
  weighted: number;
  open_reports: number;
}

/** Counted reports per province and hour (migration 0254). */
export interface RiskProvinceActivityTable {
  region_code: string;
  hour: number;
  reports: number;
}

/** Counted reports per province, regency and district and day (migration 0255). */
export interface RiskDailyActivityTable {
  region_code: string;
  day: number;
  reports: number;
}

export interface RiskRegionStateTable {
  region_code: string;
  alert_level: number;
  level_since: string;
  spike_since: string | null;
  updated_at: string;
}

export interface RiskDailyScoresTable {
  region_code: string;
  day: string;
  score: number;
  level: string;
  baseline: number | null;
  signal: number;
  open_reports: number;
  reports_24h: number;
  origin: 'snapshot' | 'computed';
  computed_at: Timestamp;
}

export interface RiskScheduleTable {
  job: string;
  next_day: string;
}

// A type alias (not an interface) so that it satisfies withTables' index-signature constraint.
export type RiskTables = {
  risk_baseline_imports: RiskBaselineImportsTable;
  risk_baselines: RiskBaselinesTable;
  risk_reports: RiskReportsTable;
  risk_report_statuses: RiskReportStatusesTable;
  risk_epoch: RiskEpochTable;
  risk_region_signal: RiskRegionSignalTable;
  risk_province_activity: RiskProvinceActivityTable;
  risk_daily_activity: RiskDailyActivityTable;
  risk_region_state: RiskRegionStateTable;
  risk_daily_scores: RiskDailyScoresTable;
  risk_schedule: RiskScheduleTable;
};

export type RiskDB = DB & RiskTables;
export type RiskExecutor = Kysely<RiskDB> | Transaction<RiskDB>;
