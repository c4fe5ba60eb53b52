import type { ColumnType, Generated } from 'kysely';

export type SitrepsTable = {
  id: Generated<string>;
  region_code: string;
  region_path: string;
  parent_code: string;
  period_start: string;
  period_end: string;
  version: number;
  status: Generated<string>;
  figures: ColumnType<unknown, string, string>;
  narrative: Generated<string>;
  supersedes: string | null;
  created_by: string;
  created_at: Generated<string>;
  submitted_by: string | null;
  submitted_at: string | null;
  reviewed_by: string | null;
  reviewed_at: string | null;
  review_note: string | null;
};

export type SitrepTables = {
  sitreps: SitrepsTable;
};
