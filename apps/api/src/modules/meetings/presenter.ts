import {
  CLOSED_FOLLOW_UP_STATUSES,
  LEGAL_BASIS_KIND_NAMES,
  ZONE_ABBREVIATION,
  type Attachment,
  type Decision,
  type FollowUp,
  type FollowUpStatus,
  type Invitation,
  type LegalBasis,
  type LegalBasisKind,
  type Meeting,
  type MeetingKind,
  type MeetingSummary,
  type Participant,
  type AttachmentKind,
  type TimeZoneId,
} from '@sinergi/shared';
import type {
  AttachmentRow,
  DecisionRow,
  EvidenceRow,
  FollowUpRow,
  LegalBasisRow,
  MeetingRow,
  ParticipantRow,
} from './repository.ts';
import { zonedIso } from './time.ts';

/** Organising office under the letterhead when a meeting names none. */
export const DEFAULT_ORGANIZER = 'Badan Kesatuan Bangsa dan Politik';

function regionRef(code: string, name: string, timezone: string) {
  const tz = timezone as TimeZoneId;
  return { code, name, timezone: tz, timezoneAbbreviation: ZONE_ABBREVIATION[tz] };
}

export function citation(row: Pick<LegalBasisRow, 'kind' | 'number' | 'year'>): string {
  return `${row.kind === 'other' ? 'Peraturan' : row.kind} ${row.number}/${row.year}`;
}

/** "Undang-Undang Nomor 23 Tahun 2014 tentang Pemerintahan Daerah" */
export function legalBasisFullName(row: Pick<LegalBasisRow, 'kind' | 'number' | 'year' | 'title'>): string {
  return `${LEGAL_BASIS_KIND_NAMES[row.kind as LegalBasisKind]} Nomor ${row.number} Tahun ${row.year} tentang ${row.title}`;
}

export function presentLegalBasis(row: LegalBasisRow): LegalBasis {
  return {
    id: row.id,
    kind: row.kind as LegalBasisKind,
    number: row.number,
    year: row.year,
    title: row.title,
    regionCode: row.region_code,
    citation: citation(row),
    fullName: legalBasisFullName(row),
  };
}

export function isOverdue(row: Pick<FollowUpRow, 'status' | 'due_at'>, now: Date): boolean {
  return (
    !CLOSED_FOLLOW_UP_STATUSES.includes(row.status as FollowUpStatus) &&
    new Date(row.due_at).getTime() <= now.getTime()
  );
}

export function presentFollowUp(row: FollowUpRow, evidence: EvidenceRow[], now: Date): FollowUp {
  const tz = row.timezone as TimeZoneId;
  return {
    id: row.id,
    title: row.title,
    assignee: {
      institution: row.assignee_institution,
      userId: row.assignee_user_id,
      name: row.assignee_name,
    },
    dueOn: row.due_on,
    dueAt: zonedIso(row.due_at, tz),
    status: row.status as FollowUpStatus,
    overdue: isOverdue(row, now),
    dropReason: row.drop_reason,
    completedAt: row.completed_at === null ? null : zonedIso(row.completed_at, tz),
    evidence: evidence.map((e) => ({
      id: e.id,
      text: e.text,
      file:
        e.file_sha256 === null
          ? null
          : {
              sha256: e.file_sha256,
              name: e.file_name ?? 'file',
              mime: e.file_mime ?? 'application/octet-stream',
              size: e.file_size ?? 0,
            },
      createdAt: zonedIso(e.created_at, tz),
      createdBy: e.created_by_name,
    })),
    region: regionRef(row.region_code, row.region_name, row.timezone),
    meeting: { id: row.meeting_id, title: row.meeting_title, startsAt: zonedIso(row.meeting_starts_at, tz) },
    decision: { id: row.decision_id, number: row.decision_number, text: row.decision_text },
    createdAt: zonedIso(row.created_at, tz),
    updatedAt: zonedIso(row.updated_at, tz),
  };
}

export function presentMeetingSummary(row: MeetingRow): MeetingSummary {
  const tz = row.timezone as TimeZoneId;
  return {
    id: row.id,
    region: regionRef(row.region_code, row.region_name, row.timezone),
    kind: row.kind as MeetingKind,
    title: row.title,
    theme: row.theme,
    startsAt: zonedIso(row.starts_at, tz),
    endsAt: row.ends_at === null ? null : zonedIso(row.ends_at, tz),
    venue: row.venue,
    link: row.link,
    participantCount: row.participant_count,
    attendedCount: row.attended_count,
    decisionCount: row.decision_count,
    openFollowUps: row.open_follow_ups,
    overdueFollowUps: row.overdue_follow_ups,
    createdAt: zonedIso(row.created_at, tz),
    updatedAt: zonedIso(row.updated_at, tz),
  };
}

export function presentParticipant(row: ParticipantRow, timezone: TimeZoneId): Participant {
  return {
    id: row.id,
    name: row.name,
    position: row.position,
    institution: row.institution,
    representing: row.representing,
    attended: row.attended,
    userId: row.user_id,
    invitationSentAt: row.invitation_sent_at === null ? null : zonedIso(row.invitation_sent_at, timezone),
  };
}

export function presentAttachment(row: AttachmentRow, timezone: TimeZoneId): Attachment {
  return {
    id: row.id,
    kind: row.kind as AttachmentKind,
    name: row.name,
    mime: row.mime,
    size: row.size,
    sha256: row.sha256,
    createdAt: zonedIso(row.created_at, timezone),
  };
}

export interface MeetingParts {
  legalBases: LegalBasisRow[];
  participants: ParticipantRow[];
  decisions: DecisionRow[];
  followUps: FollowUpRow[];
  evidence: EvidenceRow[];
  attachments: AttachmentRow[];
}

export function presentMeeting(row: MeetingRow, parts: MeetingParts, now: Date): Meeting {
  const tz = row.timezone as TimeZoneId;
  const evidenceByFollowUp = groupBy(parts.evidence, (e) => e.follow_up_id);
  const followUpsByDecision = groupBy(parts.followUps, (f) => f.decision_id);
  const decisions: Decision[] = parts.decisions.map((d) => ({
    id: d.id,
    number: d.number,
    text: d.text,
    followUps: (followUpsByDecision.get(d.id) ?? []).map((f) =>
      presentFollowUp(f, evidenceByFollowUp.get(f.id) ?? [], now),
    ),
    createdAt: zonedIso(d.created_at, tz),
  }));
  return {
    ...presentMeetingSummary(row),
    agenda: row.agenda,
    summary: row.summary,
    chair:
      row.chair_name === null
        ? null
        : { name: row.chair_name, position: row.chair_position ?? '', userId: row.chair_user_id },
    minutesTaker:
      row.minutes_taker_name === null
        ? null
        : { name: row.minutes_taker_name, position: row.minutes_taker_position ?? '' },
    organizer: row.organizer ?? DEFAULT_ORGANIZER,
    legalBases: parts.legalBases.map(presentLegalBasis),
    participants: parts.participants.map((p) => presentParticipant(p, tz)),
    decisions,
    attachments: parts.attachments.map((a) => presentAttachment(a, tz)),
  };
}

export function presentInvitation(row: {
  participant_id: string;
  position: string;
  institution: string;
  attended: boolean;
  invited_at: string;
  id: string;
  kind: string;
  title: string;
  starts_at: string;
  ends_at: string | null;
  venue: string | null;
  link: string | null;
  region_code: string;
  region_name: string;
  timezone: string;
}): Invitation {
  const tz = row.timezone as TimeZoneId;
  return {
    participantId: row.participant_id,
    meeting: {
      id: row.id,
      kind: row.kind as MeetingKind,
      title: row.title,
      startsAt: zonedIso(row.starts_at, tz),
      endsAt: row.ends_at === null ? null : zonedIso(row.ends_at, tz),
      venue: row.venue,
      link: row.link,
      region: regionRef(row.region_code, row.region_name, row.timezone),
    },
    position: row.position,
    institution: row.institution,
    attended: row.attended,
    invitedAt: zonedIso(row.invited_at, tz),
  };
}

export function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return map;
}
