import type { ColumnType, Generated } from 'kysely';

/** Kysely's view of the meetings tables (migration 0300). Timestamps are read as ISO strings in UTC. */
type Timestamp = ColumnType<string, string | undefined, string>;

export interface LegalBasesTable {
  id: Generated<string>;
  kind: string;
  number: string;
  year: number;
  title: string;
  region_code: string | null;
  region_path: string | null;
  created_by: string | null;
  created_at: Timestamp;
}

export interface MeetingsTable {
  id: Generated<string>;
  region_code: string;
  region_path: string;
  kind: string;
  title: string;
  theme: string | null;
  starts_at: string;
  ends_at: string | null;
  venue: string | null;
  link: string | null;
  agenda: ColumnType<string[], string, string>;
  summary: string | null;
  chair_name: string | null;
  chair_position: string | null;
  chair_user_id: string | null;
  minutes_taker_name: string | null;
  minutes_taker_position: string | null;
  organizer: string | null;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface MeetingLegalBasesTable {
  meeting_id: string;
  legal_basis_id: string;
  position: number;
}

export interface MeetingParticipantsTable {
  id: Generated<string>;
  meeting_id: string;
  seq: Generated<number>;
  name: string;
  position: string;
  institution: string;
  representing: string | null;
  attended: boolean;
  user_id: string | null;
  invitation_sent_at: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface MeetingDecisionsTable {
  id: Generated<string>;
  meeting_id: string;
  number: number;
  text: string;
  created_by: string | null;
  created_at: Timestamp;
}

export interface FollowUpsTable {
  id: Generated<string>;
  decision_id: string;
  meeting_id: string;
  seq: Generated<number>;
  region_code: string;
  region_path: string;
  title: string;
  assignee_institution: string | null;
  assignee_user_id: string | null;
  due_on: string;
  due_at: string;
  status: Generated<string>;
  drop_reason: string | null;
  completed_at: string | null;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface FollowUpEvidenceTable {
  id: Generated<string>;
  follow_up_id: string;
  text: string | null;
  file_sha256: string | null;
  file_name: string | null;
  file_mime: string | null;
  file_size: number | null;
  created_by: string | null;
  created_by_name: string;
  created_at: Timestamp;
}

export interface FollowUpRemindersTable {
  id: Generated<string>;
  follow_up_id: string;
  kind: 'before_3d' | 'before_1d' | 'escalation';
  due_on: string;
  fire_at: string;
  stale_at: string | null;
  handled_at: string | null;
  outcome: 'sent' | 'cancelled' | 'stale' | 'no_recipient' | 'mail_disabled' | null;
  recipients: string[] | null;
  last_enqueued_at: string | null;
}

export interface MeetingAttachmentsTable {
  id: Generated<string>;
  meeting_id: string;
  kind: string;
  name: string;
  sha256: string;
  mime: string;
  size: number;
  created_by: string | null;
  created_at: Timestamp;
}

export type MeetingTables = {
  legal_bases: LegalBasesTable;
  meetings: MeetingsTable;
  meeting_legal_bases: MeetingLegalBasesTable;
  meeting_participants: MeetingParticipantsTable;
  meeting_decisions: MeetingDecisionsTable;
  follow_ups: FollowUpsTable;
  follow_up_evidence: FollowUpEvidenceTable;
  follow_up_reminders: FollowUpRemindersTable;
  meeting_attachments: MeetingAttachmentsTable;
};
