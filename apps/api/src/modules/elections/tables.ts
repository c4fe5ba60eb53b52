import type { ColumnType, Generated } from 'kysely';

/** Kysely types of this module's tables (migration 0500); dates and instants are read as strings. */
export interface ElectionsTable {
  id: Generated<string>;
  name: string;
  kind: string;
  region_code: string | null;
  scope_path: string;
  voting_day: string;
  created_by: string | null;
  created_at: Generated<string>;
}

export interface ElectionStagesTable {
  election_id: string;
  code: string;
  name: string;
  position: number;
  starts_on: string;
  ends_on: string;
  watch_items: ColumnType<unknown, string, string>;
}

export type ElectionTables = {
  elections: ElectionsTable;
  election_stages: ElectionStagesTable;
};
