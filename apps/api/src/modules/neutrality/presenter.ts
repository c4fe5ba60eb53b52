import {
  ZONE_ABBREVIATION,
  type Agency,
  type AgencyKind,
  type AgencyRef,
  type NeutralityCase,
  type NeutralityFile,
  type Pledge,
  type PledgeBoardRow,
  type PledgeCampaignSummary,
  type PledgeProgressCounts,
  type PledgeStatus,
  type TimeZoneId,
} from '@sinergi/shared';
import type {
  AgencyRow,
  BoardRow,
  CampaignRow,
  CaseRow,
  CountsRow,
  PledgeReviewRow,
  PledgeRow,
  PledgeVersionRow,
} from './repository.ts';

export const NATIONAL_NAME = 'Indonesia';

export function presentAgency(row: AgencyRow): Agency {
  return {
    id: row.id,
    regionCode: row.region_code,
    regionName: row.region_name,
    name: row.name,
    kind: row.kind as AgencyKind,
    headName: row.head_name,
    headTitle: row.head_title,
    headNip: row.head_nip,
    email: row.email,
    phone: row.phone,
    headUser: row.head_user_id === null ? null : { id: row.head_user_id, username: row.head_username ?? '' },
    active: row.active,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function presentAgencyRef(row: {
  id: string;
  name: string;
  kind: string;
  region_code: string;
  head_name: string;
}): AgencyRef {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind as AgencyKind,
    regionCode: row.region_code,
    headName: row.head_name,
  };
}

export function presentCampaignSummary(row: CampaignRow): PledgeCampaignSummary {
  const timezone = row.timezone as TimeZoneId;
  return {
    id: row.id,
    regionCode: row.region_code,
    regionName: row.region_name ?? NATIONAL_NAME,
    timezone,
    timezoneAbbreviation: ZONE_ABBREVIATION[timezone],
    title: row.title,
    deadline: row.deadline,
    closesAt: row.closes_at,
    requireVideo: row.require_video,
    createdAt: row.created_at,
  };
}

/** signed / agencies × 100, one decimal; 0 when there is no agency yet. */
export function compliancePct(signed: number, agencies: number): number {
  return agencies === 0 ? 0 : Math.round((signed / agencies) * 1000) / 10;
}

export function presentCounts(row: CountsRow): PledgeProgressCounts {
  return {
    agencies: row.agencies,
    signed: row.signed,
    onTime: row.on_time,
    withVideo: row.with_video,
    verified: row.verified,
    pending: row.pending,
    returned: row.returned,
    compliancePct: compliancePct(row.signed, row.agencies),
    overdueCount: row.overdue,
  };
}

const fileUrl = (campaignId: string, pledgeId: string, sha256: string) =>
  `/api/v1/pledge-campaigns/${campaignId}/pledges/${pledgeId}/files/${sha256}`;

function presentVersion(campaignId: string, pledgeId: string, v: PledgeVersionRow) {
  return {
    version: v.version,
    signedOn: v.signed_on,
    changed: v.changed as Array<'signedOn' | 'scan' | 'video' | 'videoUrl'>,
    scan: {
      sha256: v.scan_sha256,
      size: v.scan_size,
      mime: v.scan_mime,
      filename: v.scan_name,
      url: fileUrl(campaignId, pledgeId, v.scan_sha256),
    },
    video:
      v.video_sha256 === null
        ? null
        : {
            sha256: v.video_sha256,
            size: v.video_size ?? 0,
            mime: v.video_mime ?? 'application/octet-stream',
            filename: v.video_name,
            url: fileUrl(campaignId, pledgeId, v.video_sha256),
          },
    videoUrl: v.video_url,
    submittedAt: v.submitted_at,
    submittedBy: v.submitted_by_name,
  };
}

export function presentPledge(
  pledge: PledgeRow,
  agency: AgencyRef,
  versions: PledgeVersionRow[],
  reviews: PledgeReviewRow[],
): Pledge {
  const presented = versions.map((v) => presentVersion(pledge.campaign_id, pledge.id, v));
  const current = presented[0];
  if (!current) throw new Error(`pledge ${pledge.id} has no version`);
  return {
    id: pledge.id,
    campaignId: pledge.campaign_id,
    agency,
    status: pledge.status as PledgeStatus,
    signedOn: pledge.signed_on,
    onTime: pledge.on_time,
    version: pledge.version,
    scan: current.scan,
    video: current.video,
    videoUrl: current.videoUrl,
    firstSubmittedAt: pledge.first_submitted_at,
    submittedAt: pledge.submitted_at,
    returnReason: pledge.return_reason,
    reviewedAt: pledge.reviewed_at,
    versions: presented,
    reviews: reviews.map((r) => ({
      version: r.version,
      decision: r.decision as 'verified' | 'returned',
      reason: r.reason,
      reviewedAt: r.reviewed_at,
      reviewedBy: r.reviewed_by_name,
    })),
  };
}

export function presentBoardRow(row: BoardRow): PledgeBoardRow {
  return {
    agency: presentAgencyRef({
      id: row.agency_id,
      name: row.name,
      kind: row.kind,
      region_code: row.region_code,
      head_name: row.head_name,
    }),
    pledge:
      row.pledge_id === null
        ? null
        : {
            id: row.pledge_id,
            status: row.status as PledgeStatus,
            signedOn: row.signed_on ?? '',
            onTime: row.on_time,
            hasVideo: row.has_video ?? false,
            submittedAt: row.submitted_at ?? '',
            version: row.version ?? 1,
          },
    overdue: row.overdue,
  };
}

export function presentCase(
  row: CaseRow,
  referrals: Array<{
    id: string;
    referred_to: string;
    referred_on: string;
    reference: string | null;
    note: string | null;
  }>,
  evidence: Array<{ sha256: string; mime: string; size: number; filename: string | null }>,
  pledge: { id: string; campaign_id: string; title: string; signed_on: string; status: string } | undefined,
): NeutralityCase {
  const files: NeutralityFile[] = evidence.map((e) => ({
    sha256: e.sha256,
    size: e.size,
    mime: e.mime,
    filename: e.filename,
    url: `/api/v1/neutrality-cases/${row.id}/evidence/${e.sha256}`,
  }));
  return {
    id: row.id,
    regionCode: row.region_code,
    regionName: row.region_name,
    agency:
      row.agency_id === null
        ? null
        : presentAgencyRef({
            id: row.agency_id,
            name: row.agency_name ?? '',
            kind: row.agency_kind ?? 'other',
            region_code: row.agency_region_code ?? row.region_code,
            head_name: row.agency_head_name ?? '',
          }),
    subjectKind: row.subject_kind as NeutralityCase['subjectKind'],
    subjectName: row.subject_name,
    subjectNip: row.subject_nip,
    subjectPosition: row.subject_position,
    occurredOn: row.occurred_on,
    description: row.description,
    evidence: row.evidence,
    evidenceFiles: files,
    source: row.source as NeutralityCase['source'],
    reportId: row.report_id,
    status: row.status as NeutralityCase['status'],
    referrals: referrals.map((r) => ({
      id: r.id,
      to: r.referred_to as 'bawaslu' | 'kasn' | 'bkn',
      referredOn: r.referred_on,
      reference: r.reference,
      note: r.note,
    })),
    decidedOn: row.decided_on,
    decision: row.decision,
    closedOn: row.closed_on,
    closingNote: row.closing_note,
    pledgeBreached: pledge !== undefined,
    pledge:
      pledge === undefined
        ? null
        : {
            id: pledge.id,
            campaignId: pledge.campaign_id,
            campaignTitle: pledge.title,
            signedOn: pledge.signed_on,
            status: pledge.status as PledgeStatus,
          },
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
