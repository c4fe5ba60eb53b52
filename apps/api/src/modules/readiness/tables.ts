import type { Generated } from 'kysely';

/** Kysely types of this module's tables (migration 0510); instants are read as ISO strings. */
export interface ReadinessChecklistsTable {
  id: Generated<string>;
  region_code: string;
  region_path: string;
  election_id: string;
  stage_code: string;
  template_code: string;
  created_by: string | null;
  created_at: Generated<string>;
}

export interface ReadinessItemsTable {
  id: Generated<string>;
  checklist_id: string;
  area: string;
  position: number;
  title: string;
  status: Generated<string>;
  owner_institution: string | null;
  owner_user_id: string | null;
  owner_user_name: string | null;
  evidence_note: string | null;
  evidence_sha256: string | null;
  evidence_mime: string | null;
  evidence_size: number | null;
  evidence_name: string | null;
  done_at: string | null;
  updated_at: Generated<string>;
  updated_by_name: string | null;
}

export type ReadinessTables = {
  readiness_checklists: ReadinessChecklistsTable;
  readiness_items: ReadinessItemsTable;
};
