import { z } from 'zod';
import { regionCodeSchema } from './common.ts';

/**
 * Alerts (DESIGN C3/C4): opened by the rules on reports (a critical report, a cluster of serious
 * reports in one district) and by the risk index (a region moving up a level, a jump in reports),
 * then acknowledged, assigned and closed by the region's officers and Forkopimda members.
 */
export const ALERT_STATUSES = ['open', 'acknowledged', 'closed'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

/** Kinds known today; the column accepts new snake_case kinds so other modules can add theirs. */
export const ALERT_KINDS = ['critical_report', 'report_cluster', 'level_up', 'anomaly'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

export const ALERT_KIND_LABELS: Record<AlertKind, { id: string; en: string }> = {
  critical_report: { id: 'Laporan kritis', en: 'Critical report' },
  report_cluster: { id: 'Kumpulan laporan serius', en: 'Cluster of serious reports' },
  level_up: { id: 'Kenaikan tingkat kerawanan', en: 'Vulnerability level up' },
  anomaly: { id: 'Lonjakan laporan', en: 'Surge in reports' },
};

export const ALERT_STATUS_LABELS: Record<AlertStatus, { id: string; en: string }> = {
  open: { id: 'Baru', en: 'Open' },
  acknowledged: { id: 'Diketahui', en: 'Acknowledged' },
  closed: { id: 'Ditutup', en: 'Closed' },
};

const timezoneSchema = z.enum(['Asia/Jakarta', 'Asia/Makassar', 'Asia/Jayapura']);
const personSchema = z.object({ id: z.uuid(), name: z.string() });

export const alertSchema = z.object({
  id: z.uuid(),
  regionCode: z.string(),
  regionName: z.string(),
  timezone: timezoneSchema,
  kind: z.string(),
  severity: z.number().int().min(1).max(4),
  status: z.enum(ALERT_STATUSES),
  title: z.string(),
  details: z.record(z.string(), z.unknown()),
  /** Reports that fed the alert (rule alerts); 0 for alerts of the risk index. */
  reportCount: z.number().int(),
  /** ISO 8601 in the region's zone (WIB/WITA/WIT). */
  openedAt: z.string(),
  updatedAt: z.string(),
  acknowledgedAt: z.string().nullable(),
  acknowledgedBy: personSchema.nullable(),
  assignee: personSchema.nullable(),
  assignedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  closedBy: personSchema.nullable(),
  closeNote: z.string().nullable(),
});
export type Alert = z.infer<typeof alertSchema>;

/** What an alert shows of its reports: never the description, never who reported. */
export const alertReportSchema = z.object({
  id: z.uuid(),
  title: z.string(),
  category: z.string(),
  severity: z.number().int().min(1).max(4),
  occurredAt: z.string(),
});
export type AlertReport = z.infer<typeof alertReportSchema>;

export const alertDetailSchema = alertSchema.extend({ reports: z.array(alertReportSchema) });
export type AlertDetail = z.infer<typeof alertDetailSchema>;

export const alertListQuerySchema = z.strictObject({
  region: regionCodeSchema.optional(),
  status: z.enum(ALERT_STATUSES).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
});

export const alertAssignSchema = z.strictObject({ userId: z.uuid() });
export const alertCloseSchema = z.strictObject({ note: z.string().trim().min(1).max(2000) });

export const webhookCreateSchema = z.strictObject({
  regionCode: regionCodeSchema,
  url: z
    .url({ protocol: /^https?$/, error: 'an http:// or https:// URL' })
    .max(2000)
    .refine((value) => !/^[a-z]+:\/\/[^/]*@/i.test(value), 'no user name or password in the URL'),
  description: z.string().trim().min(1).max(200).optional(),
});
export type WebhookCreate = z.infer<typeof webhookCreateSchema>;

export const webhookSchema = z.object({
  id: z.uuid(),
  regionCode: z.string(),
  regionName: z.string(),
  url: z.string(),
  description: z.string().nullable(),
  createdAt: z.string(),
});
export type Webhook = z.infer<typeof webhookSchema>;

/** The answer to creating a webhook: the only time the signing secret is shown. */
export const webhookCreatedSchema = webhookSchema.extend({ secret: z.string() });

export const webhookListQuerySchema = z.strictObject({
  region: regionCodeSchema.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
});

export const liveQuerySchema = z.strictObject({
  /** End the stream after this many seconds (EventSource reconnects); 0 answers the opening only. */
  maxSeconds: z.coerce.number().int().min(0).max(3600).optional(),
});

/** Events of GET /api/v1/live (server-sent events), by `event:` name. */
export const LIVE_EVENTS = ['ready', 'alert.opened', 'alert.updated', 'resync'] as const;
export type LiveEventName = (typeof LIVE_EVENTS)[number];

/** Webhook body (POST, JSON); signed with `x-sinergi-signature: sha256=HMAC(secret, timestamp + "." + body)`. */
export const alertWebhookPayloadSchema = z.object({
  event: z.literal('alert.opened'),
  deliveryId: z.uuid(),
  sentAt: z.string(),
  alert: alertDetailSchema.extend({
    regionPath: z.array(z.object({ code: z.string(), name: z.string() })),
    url: z.string(),
  }),
});
export type AlertWebhookPayload = z.infer<typeof alertWebhookPayloadSchema>;
