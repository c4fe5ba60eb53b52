import { z } from 'zod';
import {
  CLIENT_REPORT_CHANNELS,
  REPORT_CATEGORY_CODES,
  REPORT_CHANNELS,
  REPORT_STATUSES,
} from '../domain/report-categories.ts';
import { regionCodeSchema } from './common.ts';

/** Regions a report can name: a village (15.04.01.2001) or a district (15.04.01). */
export const reportRegionCodeSchema = z
  .string()
  .regex(/^\d{2}\.\d{2}\.\d{2}(\.\d{4})?$/, 'a village or district code such as 15.04.01.2001 or 15.04.01');

export const phoneSchema = z.string().regex(/^\+?[0-9]{8,15}$/, '8–15 digits, optionally starting with +');

export const reportLocationSchema = z.strictObject({
  lat: z.number().min(-90).max(90),
  lon: z.number().min(-180).max(180),
});

export const reporterSchema = z.strictObject({
  name: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .refine((s) => !s.includes('\u0000'), 'must not contain NUL characters'),
  phone: phoneSchema.optional(),
});

const severitySchema = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]);
/** Text PostgreSQL can store: no NUL characters (they would fail the insert, not the validation). */
const text = (min: number, max: number) =>
  z
    .string()
    .trim()
    .min(min)
    .max(max)
    .refine((s) => !s.includes('\u0000'), 'must not contain NUL characters');
const titleSchema = text(3, 200);
const descriptionSchema = text(1, 10_000);

/** POST /api/v1/reports (and each item of /reports/batch). */
export const reportCreateSchema = z
  .strictObject({
    /** Client-generated (a phone creates it offline): resubmitting the same id stores the report once. */
    id: z.uuid().optional(),
    regionCode: reportRegionCodeSchema,
    occurredAt: z.iso.datetime({ offset: true }),
    category: z.enum(REPORT_CATEGORY_CODES),
    severity: severitySchema,
    title: titleSchema,
    description: descriptionSchema,
    location: reportLocationSchema.optional(),
    channel: z.enum(CLIENT_REPORT_CHANNELS).optional(),
    anonymous: z.boolean().optional(),
    reporter: reporterSchema.optional(),
  })
  .refine((r) => !(r.anonymous === true && r.reporter !== undefined), {
    message: 'an anonymous report carries no reporter',
    path: ['reporter'],
  });
export type ReportCreate = z.infer<typeof reportCreateSchema>;

export const REPORT_BATCH_MAX = 1000;
export const reportBatchSchema = z.array(reportCreateSchema).min(1).max(REPORT_BATCH_MAX);

export const reportSchema = z.object({
  id: z.uuid(),
  regionCode: z.string(),
  regionName: z.string(),
  districtCode: z.string(),
  districtName: z.string(),
  /** ISO 8601 in the region's time zone (WIB/WITA/WIT). */
  occurredAt: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  timezone: z.enum(['Asia/Jakarta', 'Asia/Makassar', 'Asia/Jayapura']),
  category: z.enum(REPORT_CATEGORY_CODES),
  severity: severitySchema,
  status: z.enum(REPORT_STATUSES),
  title: z.string(),
  description: z.string(),
  location: reportLocationSchema.nullable(),
  channel: z.enum(REPORT_CHANNELS),
  anonymous: z.boolean(),
  duplicateOf: z.uuid().nullable(),
  trackingCode: z.string().nullable(),
});
export type Report = z.infer<typeof reportSchema>;

export const reportHistoryEntrySchema = z.object({
  fromStatus: z.enum(REPORT_STATUSES).nullable(),
  status: z.enum(REPORT_STATUSES),
  note: z.string().nullable(),
  duplicateOf: z.uuid().nullable(),
  /** The officer who changed it; null for the filing itself (which may be anonymous). */
  by: z.object({ id: z.uuid().nullable(), name: z.string() }).nullable(),
  at: z.string(),
});
export type ReportHistoryEntry = z.infer<typeof reportHistoryEntrySchema>;

export const reportAttachmentSchema = z.object({
  id: z.uuid(),
  filename: z.string(),
  mime: z.string(),
  size: z.number().int(),
  sha256: z.string(),
  createdAt: z.string(),
});
export type ReportAttachment = z.infer<typeof reportAttachmentSchema>;

export const reportDetailSchema = reportSchema.extend({
  history: z.array(reportHistoryEntrySchema),
  attachments: z.array(reportAttachmentSchema),
  /** Whether a reporter identity is on file (readable only by the regency officer and admins). */
  hasReporter: z.boolean(),
  /** Reports merged into this one. */
  duplicates: z.array(z.uuid()),
});
export type ReportDetail = z.infer<typeof reportDetailSchema>;

const instantOrDate = z.union([z.iso.datetime({ offset: true }), z.iso.date()]);
const csv = <T extends readonly [string, ...string[]]>(values: T) =>
  z
    .string()
    .transform((s) => s.split(',').filter(Boolean))
    .pipe(z.array(z.enum(values)).min(1).max(values.length));

export const reportListQuerySchema = z.strictObject({
  region: regionCodeSchema.optional(),
  /** One status or several, comma-separated. */
  status: csv(REPORT_STATUSES).optional(),
  category: csv(REPORT_CATEGORY_CODES).optional(),
  severityMin: z.coerce.number().int().min(1).max(4).optional(),
  /** occurredAt bounds: an instant, or a date meaning that day in the region's zone (to: inclusive). */
  from: instantOrDate.optional(),
  to: instantOrDate.optional(),
  /** Indonesian full-text search over title and description (stemmed: "pengamanan" finds "aman"). */
  q: z.string().trim().min(2).max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(300).optional(),
});
export type ReportListQuery = z.infer<typeof reportListQuerySchema>;

export const reportStatusChangeSchema = z.strictObject({
  status: z.enum(REPORT_STATUSES),
  note: text(0, 2000).optional(),
  duplicateOf: z.uuid().optional(),
});
export type ReportStatusChange = z.infer<typeof reportStatusChangeSchema>;

export const reportBatchResultSchema = z.object({
  items: z.array(
    z.object({
      index: z.number().int(),
      id: z.uuid(),
      /** created: stored now; exists: the same id with the same content was stored before; conflict: the id holds other content. */
      result: z.enum(['created', 'exists', 'conflict']),
      error: z.object({ code: z.string(), message: z.string() }).optional(),
    }),
  ),
  created: z.number().int(),
  existing: z.number().int(),
  conflicts: z.number().int(),
});
export type ReportBatchResult = z.infer<typeof reportBatchResultSchema>;

export const reporterIdentitySchema = z.object({
  reportId: z.uuid(),
  name: z.string().nullable(),
  phone: z.string().nullable(),
  /** The account that filed it, when filed by a signed-in user. */
  user: z.object({ id: z.uuid(), username: z.string(), name: z.string() }).nullable(),
});
export type ReporterIdentity = z.infer<typeof reporterIdentitySchema>;

export const reporterQuerySchema = z.strictObject({ reason: text(5, 500) });

export const reportCategorySchema = z.object({
  code: z.enum(REPORT_CATEGORY_CODES),
  label: z.object({ id: z.string(), en: z.string() }),
  description: z.object({ id: z.string(), en: z.string() }),
  severityGuide: z.object({ id: z.array(z.string()), en: z.array(z.string()) }),
  defaultSeverity: severitySchema,
  smsKeywords: z.array(z.string()),
});

export const duplicateGroupsQuerySchema = z.strictObject({
  region: regionCodeSchema.optional(),
  /** Similarity threshold of the text (pg_trgm, 0..1). */
  threshold: z.coerce.number().min(0.1).max(1).default(0.4),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const duplicateGroupSchema = z.object({
  districtCode: z.string(),
  category: z.enum(REPORT_CATEGORY_CODES),
  /** The earliest report, suggested to keep. */
  keepId: z.uuid(),
  reports: z.array(reportSchema),
});
export type DuplicateGroup = z.infer<typeof duplicateGroupSchema>;

export const reportMergeSchema = z.strictObject({
  keepId: z.uuid(),
  duplicateIds: z.array(z.uuid()).min(1).max(100),
  note: text(0, 2000).optional(),
});

export const publicReportCreateSchema = z.strictObject({
  id: z.uuid().optional(),
  regionCode: reportRegionCodeSchema,
  occurredAt: z.iso.datetime({ offset: true }),
  category: z.enum(REPORT_CATEGORY_CODES),
  severity: severitySchema.optional(),
  title: titleSchema,
  description: descriptionSchema,
  location: reportLocationSchema.optional(),
});
export type PublicReportCreate = z.infer<typeof publicReportCreateSchema>;

/** Letters and digits that cannot be mistaken for each other (no 0/O, 1/I); any case is accepted. */
export const trackingCodeSchema = z
  .string()
  .regex(/^[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$/i, 'such as K7QM-3XWD')
  .transform((code) => code.toUpperCase());
export const publicReportReceiptSchema = z.object({
  trackingCode: z.string(),
  status: z.enum(REPORT_STATUSES),
});
export const publicTrackSchema = z.object({ trackingCode: z.string(), status: z.enum(REPORT_STATUSES) });

/**
 * GET /api/v1/public/intake-places: the place picker of the public form. `parent` is a province,
 * regency or district (none, or ID: the provinces); a village has no places below it.
 */
export const publicIntakePlacesQuerySchema = z.strictObject({
  parent: z
    .string()
    .regex(
      /^(ID|\d{2}(\.\d{2}(\.\d{2})?)?)$/,
      'a province, regency or district code such as 15, 15.04 or 15.04.01',
    )
    .optional(),
});
/** A place the public may report in or below. */
export const publicIntakePlaceSchema = z.object({
  code: z.string(),
  name: z.string(),
  level: z.number().int().min(1).max(4),
  /** Whether a report may name this place itself (a district or village with intake on); false when it is offered only for what lies below it. */
  acceptsReports: z.boolean(),
});
export type PublicIntakePlace = z.infer<typeof publicIntakePlaceSchema>;
/** Every such child at once (a district has at most a few hundred villages), so no cursor. */
export const publicIntakePlacesSchema = z.object({ items: z.array(publicIntakePlaceSchema) });

export const publicIntakeSettingSchema = z.strictObject({ enabled: z.boolean() });
export const publicIntakeStateSchema = z.object({
  regionCode: z.string(),
  /** Effective for this region (the nearest setting on its path). */
  enabled: z.boolean(),
  /** Where the effective setting was made; null when nothing on the path set it (off). */
  setAt: z.string().nullable(),
});

/** The SMS/WhatsApp gateway's webhook body; signed with HMAC-SHA256 of the raw body. */
export const smsIntakeSchema = z.strictObject({
  from: phoneSchema,
  text: text(1, 1600),
  channel: z.enum(['sms', 'whatsapp']).default('sms'),
  /** The gateway's message id: a retried delivery stores the report once. */
  messageId: text(1, 200).optional(),
  receivedAt: z.iso.datetime({ offset: true }).optional(),
});
export const smsReplySchema = z.object({ trackingCode: z.string(), reply: z.string() });
