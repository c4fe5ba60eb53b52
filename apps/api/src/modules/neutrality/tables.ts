import type { Generated } from 'kysely';
import type { DB } from '../../db/index.ts';

/** Kysely types of this module's tables (migration 0400); dates and instants are read as strings. */
export interface AgenciesTable {
  id: Generated<string>;
  region_code: string;
  region_path: string;
  timezone: string;
  name: string;
  kind: string;
  head_name: string;
  head_title: string | null;
  head_nip: string | null;
  email: string | null;
  phone: string | null;
  head_user_id: string | null;
  head_username: string | null;
  active: Generated<boolean>;
  created_by: string | null;
  created_at: Generated<string>;
  updated_at: Generated<string>;
}

export interface PledgeCampaignsTable {
  id: Generated<string>;
  region_code: string;
  region_path: string;
  title: string;
  deadline: string;
  timezone: string;
  closes_at: string;
  require_video: boolean;
  pledge_text: string;
  created_by: string | null;
  created_at: Generated<string>;
  updated_at: Generated<string>;
}

export interface PledgesTable {
  id: Generated<string>;
  campaign_id: string;
  agency_id: string;
  region_path: string;
  timezone: string;
  agency_active: Generated<boolean>;
  status: string;
  version: number;
  signed_on: string;
  has_video: boolean;
  first_submitted_at: string;
  submitted_at: string;
  reviewed_by: string | null;
  reviewed_at: string | null;
  return_reason: string | null;
}

export interface PledgeVersionsTable {
  pledge_id: string;
  version: number;
  signed_on: string;
  changed: string[];
  scan_sha256: string;
  scan_mime: string;
  scan_size: number;
  scan_name: string | null;
  video_sha256: string | null;
  video_mime: string | null;
  video_size: number | null;
  video_name: string | null;
  video_url: string | null;
  submitted_by: string | null;
  submitted_at: string;
}

export interface PledgeReviewsTable {
  id: Generated<number>;
  pledge_id: string;
  version: number;
  decision: string;
  reason: string | null;
  reviewed_by: string | null;
  reviewed_at: string;
}

export interface PledgeRemindersTable {
  campaign_id: string;
  kind: string;
  deadline: string;
  recipient: string;
  sent_at: Generated<string>;
}

export interface NeutralityCasesTable {
  id: Generated<string>;
  region_code: string;
  region_path: string;
  agency_id: string | null;
  subject_kind: string;
  subject_name: string;
  subject_nip: string | null;
  subject_position: string | null;
  occurred_on: string;
  description: string;
  evidence: string | null;
  source: string;
  report_id: string | null;
  status: Generated<string>;
  decided_on: string | null;
  decision: string | null;
  closed_on: string | null;
  closing_note: string | null;
  created_by: string | null;
  created_at: Generated<string>;
  updated_at: Generated<string>;
}

export interface NeutralityCaseReferralsTable {
  id: Generated<string>;
  case_id: string;
  referred_to: string;
  referred_on: string;
  reference: string | null;
  note: string | null;
  created_by: string | null;
  created_at: Generated<string>;
}

export interface NeutralityCaseEvidenceTable {
  id: Generated<string>;
  case_id: string;
  sha256: string;
  mime: string;
  size: number;
  filename: string | null;
  uploaded_by: string | null;
  uploaded_at: Generated<string>;
}

// A type alias (not an interface) so it satisfies withTables' Record constraint.
export type NeutralityTables = {
  agencies: AgenciesTable;
  pledge_campaigns: PledgeCampaignsTable;
  pledges: PledgesTable;
  pledge_versions: PledgeVersionsTable;
  pledge_reviews: PledgeReviewsTable;
  pledge_reminders: PledgeRemindersTable;
  neutrality_cases: NeutralityCasesTable;
  neutrality_case_referrals: NeutralityCaseReferralsTable;
  neutrality_case_evidence: NeutralityCaseEvidenceTable;
};

export type NeutralityDB = DB & NeutralityTables;
