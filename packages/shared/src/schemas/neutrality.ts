import { z } from 'zod';
import { passwordSchema, usernameSchema } from './auth.ts';
import { regionCodeSchema } from './common.ts';

/** Neutrality (C6): agencies and their heads, pledge campaigns (fakta integritas), cases. */

export const AGENCY_KINDS = [
  'sekretariat',
  'inspektorat',
  'dinas',
  'badan',
  'satuan',
  'kantor',
  'rsud',
  'kecamatan',
  'kelurahan',
  'other',
] as const;
export type AgencyKind = (typeof AGENCY_KINDS)[number];

/** The kind an agency's name implies ("Dinas Kesehatan" is a dinas), for forms and imports. */
export function inferAgencyKind(name: string): AgencyKind {
  const n = name.trim().toLowerCase();
  if (n.startsWith('sekretariat') || n.startsWith('setda') || n.startsWith('sekwan')) return 'sekretariat';
  if (n.startsWith('inspektorat')) return 'inspektorat';
  if (n.startsWith('dinas')) return 'dinas';
  if (n.startsWith('badan') || /^(bappeda|bkpsdm|bpbd|bpkad|bapenda|kesbangpol)\b/.test(n)) return 'badan';
  if (n.startsWith('satuan') || n.startsWith('satpol')) return 'satuan';
  if (n.startsWith('kantor')) return 'kantor';
  if (n.startsWith('rsud') || n.startsWith('rumah sakit')) return 'rsud';
  if (n.startsWith('kecamatan')) return 'kecamatan';
  if (n.startsWith('kelurahan')) return 'kelurahan';
  return 'other';
}

/**
 * NIP of a civil servant: 18 digits, birth date (YYYYMMDD), appointment month (YYYYMM), sex (1/2),
 * sequence. Only the structure that can be checked without the BKN register is checked.
 */
export function nipProblem(nip: string): string | null {
  if (!/^\d{18}$/.test(nip)) return 'NIP must be exactly 18 digits';
  const year = Number(nip.slice(0, 4));
  const month = Number(nip.slice(4, 6));
  const day = Number(nip.slice(6, 8));
  const birth = new Date(Date.UTC(year, month - 1, day));
  if (
    year < 1930 ||
    birth.getUTCFullYear() !== year ||
    birth.getUTCMonth() !== month - 1 ||
    birth.getUTCDate() !== day
  )
    return 'NIP must start with a valid birth date (YYYYMMDD)';
  const appointed = Number(nip.slice(12, 14));
  if (appointed < 1 || appointed > 12) return 'NIP digits 13–14 must be the appointment month (01–12)';
  return null;
}

export const nipSchema = z.string().superRefine((value, ctx) => {
  const problem = nipProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

const isoDate = z.iso.date();

const text = (max: number) => z.string().trim().min(1).max(max);

/** A new account for the agency head (role agency_head, scoped to the agency's region). */
export const agencyHeadAccountSchema = z.object({
  username: usernameSchema,
  password: passwordSchema,
  email: z.email().max(254).optional(),
});

export const agencyCreateSchema = z.object({
  regionCode: regionCodeSchema,
  name: z.string().trim().min(2).max(200),
  kind: z.enum(AGENCY_KINDS).optional(),
  headName: text(200),
  headTitle: text(200).optional(),
  headNip: nipSchema.optional(),
  email: z.email().max(254).optional(),
  phone: z
    .string()
    .regex(/^\+?[0-9]{8,15}$/)
    .optional(),
  /** An existing agency_head account to link, or `headAccount` to create one. */
  headUserId: z.uuid().optional(),
  headAccount: agencyHeadAccountSchema.optional(),
});
export type AgencyCreate = z.infer<typeof agencyCreateSchema>;

export const agencyUpdateSchema = z
  .object({
    name: z.string().trim().min(2).max(200),
    kind: z.enum(AGENCY_KINDS),
    headName: text(200),
    headTitle: text(200).nullable(),
    headNip: nipSchema.nullable(),
    email: z.email().max(254).nullable(),
    phone: z
      .string()
      .regex(/^\+?[0-9]{8,15}$/)
      .nullable(),
    headUserId: z.uuid().nullable(),
    headAccount: agencyHeadAccountSchema,
    active: z.boolean(),
  })
  .partial()
  .refine((value) => Object.keys(value).length > 0, 'at least one field');
export type AgencyUpdate = z.infer<typeof agencyUpdateSchema>;

export const agencySchema = z.object({
  id: z.uuid(),
  regionCode: z.string(),
  regionName: z.string(),
  name: z.string(),
  kind: z.enum(AGENCY_KINDS),
  headName: z.string(),
  headTitle: z.string().nullable(),
  headNip: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  headUser: z.object({ id: z.uuid(), username: z.string() }).nullable(),
  active: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Agency = z.infer<typeof agencySchema>;

export const agencyListQuerySchema = z.object({
  region: regionCodeSchema.optional(),
  kind: z.enum(AGENCY_KINDS).optional(),
  q: z.string().trim().min(1).max(100).optional(),
  active: z.enum(['true', 'false', 'all']).default('true'),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z.string().max(200).optional(),
});

/** One agency in a batch (starter list picks, imports): the batch names the default region. */
export const agencyBatchItemSchema = agencyCreateSchema
  .omit({ regionCode: true, headUserId: true, headAccount: true })
  .extend({ regionCode: regionCodeSchema.optional() });

export const agencyBatchSchema = z.object({
  regionCode: regionCodeSchema,
  items: z.array(agencyBatchItemSchema).min(1).max(2000),
});

export const agencyBatchResultSchema = z.object({
  imported: z.number().int(),
  items: z.array(agencySchema),
});

/** A row-level problem of an import: spreadsheet row (header = 1) and column. */
export const agencyImportProblemSchema = z.object({
  row: z.number().int(),
  column: z.string(),
  message: z.string(),
});

export const agencyStarterSchema = z.object({
  name: z.string(),
  kind: z.enum(AGENCY_KINDS),
  headTitle: z.string(),
  regionCode: z.string(),
  registered: z.boolean(),
});
export const agencyStarterListSchema = z.object({ items: z.array(agencyStarterSchema) });

// ---------------------------------------------------------------------------------------------
// Pledge campaigns

export const PLEDGE_STATUSES = ['pending', 'verified', 'returned'] as const;
export type PledgeStatus = (typeof PLEDGE_STATUSES)[number];

export const pledgeCampaignCreateSchema = z.object({
  regionCode: regionCodeSchema,
  title: text(300),
  deadline: isoDate,
  requireVideo: z.boolean(),
  /** Template with {{agency}}, {{head}}, {{headTitle}}, {{nip}}, {{region}}, {{deadline}}. */
  pledgeText: z.string().trim().min(20).max(20_000).optional(),
});
export type PledgeCampaignCreate = z.infer<typeof pledgeCampaignCreateSchema>;

export const pledgeCampaignUpdateSchema = z
  .object({
    title: text(300),
    deadline: isoDate,
    requireVideo: z.boolean(),
    pledgeText: z.string().trim().min(20).max(20_000),
  })
  .partial()
  .refine((value) => Object.keys(value).length > 0, 'at least one field');

export const agencyRefSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  kind: z.enum(AGENCY_KINDS),
  regionCode: z.string(),
  headName: z.string(),
});
export type AgencyRef = z.infer<typeof agencyRefSchema>;

export const pledgeProgressCountsSchema = z.object({
  agencies: z.number().int(),
  signed: z.number().int(),
  onTime: z.number().int(),
  withVideo: z.number().int(),
  verified: z.number().int(),
  pending: z.number().int(),
  returned: z.number().int(),
  compliancePct: z.number(),
  overdueCount: z.number().int(),
});
export type PledgeProgressCounts = z.infer<typeof pledgeProgressCountsSchema>;

export const pledgeProgressSchema = pledgeProgressCountsSchema.extend({
  deadlinePassed: z.boolean(),
  /** Agencies with no pact after the deadline, by name; at most 500 (overdueCount is exact). */
  overdue: z.array(agencyRefSchema),
});
export type PledgeProgress = z.infer<typeof pledgeProgressSchema>;

export const neutralityFileSchema = z.object({
  sha256: z.string(),
  size: z.number().int(),
  mime: z.string(),
  filename: z.string().nullable(),
  url: z.string(),
});
export type NeutralityFile = z.infer<typeof neutralityFileSchema>;

export const pledgeVersionSchema = z.object({
  version: z.number().int(),
  signedOn: z.string(),
  changed: z.array(z.enum(['signedOn', 'scan', 'video', 'videoUrl'])),
  scan: neutralityFileSchema,
  video: neutralityFileSchema.nullable(),
  videoUrl: z.string().nullable(),
  submittedAt: z.string(),
  submittedBy: z.string().nullable(),
});

export const pledgeReviewSchema = z.object({
  version: z.number().int(),
  decision: z.enum(['verified', 'returned']),
  reason: z.string().nullable(),
  reviewedAt: z.string(),
  reviewedBy: z.string().nullable(),
});

export const pledgeSchema = z.object({
  id: z.uuid(),
  campaignId: z.uuid(),
  agency: agencyRefSchema,
  status: z.enum(PLEDGE_STATUSES),
  signedOn: z.string(),
  onTime: z.boolean(),
  version: z.number().int(),
  scan: neutralityFileSchema,
  video: neutralityFileSchema.nullable(),
  videoUrl: z.string().nullable(),
  firstSubmittedAt: z.string(),
  submittedAt: z.string(),
  returnReason: z.string().nullable(),
  reviewedAt: z.string().nullable(),
  /** Newest first; the first is the current version. */
  versions: z.array(pledgeVersionSchema),
  reviews: z.array(pledgeReviewSchema),
});
export type Pledge = z.infer<typeof pledgeSchema>;

export const pledgeCampaignSummarySchema = z.object({
  id: z.uuid(),
  regionCode: z.string(),
  regionName: z.string(),
  timezone: z.enum(['Asia/Jakarta', 'Asia/Makassar', 'Asia/Jayapura']),
  timezoneAbbreviation: z.enum(['WIB', 'WITA', 'WIT']),
  title: z.string(),
  deadline: z.string(),
  /** The instant the deadline day ends in the campaign region's zone. */
  closesAt: z.string(),
  requireVideo: z.boolean(),
  createdAt: z.string(),
});
export type PledgeCampaignSummary = z.infer<typeof pledgeCampaignSummarySchema>;

export const pledgeCampaignSchema = pledgeCampaignSummarySchema.extend({
  pledgeText: z.string(),
  /** Counts inside the caller's scope; null for an agency head, who sees only their own pledge. */
  progress: pledgeProgressSchema.nullable(),
  /** For an agency head: their agency and its pledge in this campaign. */
  mine: z.object({ agency: agencyRefSchema, pledge: pledgeSchema.nullable() }).nullable(),
});
export type PledgeCampaign = z.infer<typeof pledgeCampaignSchema>;

export const pledgeCampaignListQuerySchema = z.object({
  region: regionCodeSchema.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
});

export const PLEDGE_BOARD_STATES = ['overdue', 'unsigned', 'pending', 'verified', 'returned'] as const;

export const pledgeBoardQuerySchema = z.object({
  /** Only the agencies inside this region (a province drilling down to a regency). */
  region: regionCodeSchema.optional(),
  state: z.enum(PLEDGE_BOARD_STATES).optional(),
  q: z.string().trim().min(1).max(100).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(200),
  cursor: z.string().max(200).optional(),
});

/** One agency on a campaign's compliance board. */
export const pledgeBoardRowSchema = z.object({
  agency: agencyRefSchema,
  pledge: z
    .object({
      id: z.uuid(),
      status: z.enum(PLEDGE_STATUSES),
      signedOn: z.string(),
      onTime: z.boolean(),
      hasVideo: z.boolean(),
      submittedAt: z.string(),
      version: z.number().int(),
    })
    .nullable(),
  overdue: z.boolean(),
});
export type PledgeBoardRow = z.infer<typeof pledgeBoardRowSchema>;

export const pledgeReviewInputSchema = z
  .object({
    decision: z.enum(['verified', 'returned']),
    reason: z.string().trim().min(3).max(2000).optional(),
  })
  .refine((v) => v.decision !== 'returned' || v.reason !== undefined, {
    message: 'a returned pledge needs a reason',
    path: ['reason'],
  });

/** The text fields of a pledge upload (multipart/form-data, sent before the files). */
export const pledgeFieldsSchema = z.object({
  agencyId: z.uuid(),
  signedOn: isoDate.optional(),
  videoUrl: z
    .url({ protocol: /^https?$/ })
    .max(2000)
    .optional(),
});

export const pledgeRollupQuerySchema = z.object({
  region: regionCodeSchema.optional(),
  campaign: z.uuid().optional(),
  /** Campaigns whose deadline falls in [from, to] (without `campaign`). */
  from: isoDate.optional(),
  to: isoDate.optional(),
});

export const pledgeRollupRowSchema = pledgeProgressCountsSchema.extend({
  code: z.string(),
  name: z.string(),
  campaigns: z.number().int(),
});

export const pledgeRollupSchema = z.object({
  region: z.object({ code: z.string(), name: z.string(), level: z.number().int() }),
  campaign: pledgeCampaignSummarySchema.nullable(),
  totals: pledgeProgressCountsSchema.extend({ campaigns: z.number().int() }),
  items: z.array(pledgeRollupRowSchema),
});
export type PledgeRollup = z.infer<typeof pledgeRollupSchema>;

// ---------------------------------------------------------------------------------------------
// Neutrality cases

export const NEUTRALITY_SUBJECT_KINDS = [
  'asn',
  'pppk',
  'tni',
  'polri',
  'village_head',
  'election_body_member',
] as const;
export const NEUTRALITY_CASE_SOURCES = ['officer', 'report', 'bawaslu', 'public', 'media'] as const;
export const NEUTRALITY_CASE_STATUSES = ['recorded', 'referred', 'decided', 'closed'] as const;
export const NEUTRALITY_REFERRAL_TARGETS = ['bawaslu', 'kasn', 'bkn'] as const;
export type NeutralityCaseStatus = (typeof NEUTRALITY_CASE_STATUSES)[number];

export const neutralityCaseCreateSchema = z
  .object({
    regionCode: regionCodeSchema,
    agencyId: z.uuid().optional(),
    subjectKind: z.enum(NEUTRALITY_SUBJECT_KINDS),
    subjectName: text(200),
    subjectNip: nipSchema.optional(),
    subjectPosition: text(200).optional(),
    occurredOn: isoDate,
    description: text(10_000),
    evidence: text(10_000).optional(),
    source: z.enum(NEUTRALITY_CASE_SOURCES).default('officer'),
    reportId: z.uuid().optional(),
  })
  .refine((v) => v.source !== 'report' || v.reportId !== undefined, {
    message: 'a case from a report names the report',
    path: ['reportId'],
  });
export type NeutralityCaseCreate = z.infer<typeof neutralityCaseCreateSchema>;

export const neutralityCaseUpdateSchema = z
  .object({
    agencyId: z.uuid().nullable(),
    subjectKind: z.enum(NEUTRALITY_SUBJECT_KINDS),
    subjectName: text(200),
    subjectNip: nipSchema.nullable(),
    subjectPosition: text(200).nullable(),
    occurredOn: isoDate,
    description: text(10_000),
    evidence: text(10_000).nullable(),
  })
  .partial()
  .refine((value) => Object.keys(value).length > 0, 'at least one field');

export const neutralityReferralInputSchema = z.object({
  to: z.enum(NEUTRALITY_REFERRAL_TARGETS),
  referredOn: isoDate,
  reference: text(200).optional(),
  note: text(2000).optional(),
});

export const neutralityCaseStatusInputSchema = z.object({
  status: z.enum(['decided', 'closed']),
  on: isoDate,
  note: text(5000),
});

export const neutralityCaseSchema = z.object({
  id: z.uuid(),
  regionCode: z.string(),
  regionName: z.string(),
  agency: agencyRefSchema.nullable(),
  subjectKind: z.enum(NEUTRALITY_SUBJECT_KINDS),
  subjectName: z.string(),
  subjectNip: z.string().nullable(),
  subjectPosition: z.string().nullable(),
  occurredOn: z.string(),
  description: z.string(),
  evidence: z.string().nullable(),
  evidenceFiles: z.array(neutralityFileSchema),
  source: z.enum(NEUTRALITY_CASE_SOURCES),
  reportId: z.uuid().nullable(),
  status: z.enum(NEUTRALITY_CASE_STATUSES),
  referrals: z.array(
    z.object({
      id: z.uuid(),
      to: z.enum(NEUTRALITY_REFERRAL_TARGETS),
      referredOn: z.string(),
      reference: z.string().nullable(),
      note: z.string().nullable(),
    }),
  ),
  decidedOn: z.string().nullable(),
  decision: z.string().nullable(),
  closedOn: z.string().nullable(),
  closingNote: z.string().nullable(),
  /** The agency had signed a pact on or before the day of the case. */
  pledgeBreached: z.boolean(),
  pledge: z
    .object({
      id: z.uuid(),
      campaignId: z.uuid(),
      campaignTitle: z.string(),
      signedOn: z.string(),
      status: z.enum(PLEDGE_STATUSES),
    })
    .nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type NeutralityCase = z.infer<typeof neutralityCaseSchema>;

export const neutralityCaseListQuerySchema = z.object({
  region: regionCodeSchema.optional(),
  status: z.enum(NEUTRALITY_CASE_STATUSES).optional(),
  subjectKind: z.enum(NEUTRALITY_SUBJECT_KINDS).optional(),
  agencyId: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
});
