import { z } from 'zod';
import { regionCodeSchema } from './common.ts';

const isoDate = z.iso.date();

export const sitrepCreateSchema = z
  .object({ regionCode: regionCodeSchema, periodStart: isoDate, periodEnd: isoDate })
  .refine((v) => v.periodStart <= v.periodEnd, {
    message: 'periodStart must not be after periodEnd',
    path: ['periodEnd'],
  })
  .refine((v) => Date.parse(v.periodEnd) - Date.parse(v.periodStart) <= 92 * 86_400_000, {
    message: 'a period is at most 92 days',
    path: ['periodEnd'],
  });

export const sitrepNarrativeSchema = z.object({ narrative: z.string().max(20_000) });
export const sitrepReturnSchema = z.object({ note: z.string().trim().min(1).max(2_000) });

export const SITREP_STATUSES = ['draft', 'submitted', 'acknowledged', 'returned', 'superseded'] as const;
export type SitrepStatus = (typeof SITREP_STATUSES)[number];

const count = z.number().int().nonnegative();

/** The figures compiled from the data of a region for a period; frozen into the sitrep on compile. */
export const sitrepFiguresSchema = z.object({
  region: z.object({ code: z.string(), name: z.string(), level: z.number().int(), timezone: z.string() }),
  period: z.object({ start: z.string(), end: z.string() }),
  compiledAt: z.string(),
  stage: z.object({ election: z.string(), code: z.string(), name: z.string() }).nullable(),
  reports: z
    .object({
      total: count,
      bySeverity: z.record(z.string(), count),
      byStatus: z.record(z.string(), count),
      byCategory: z.array(z.object({ category: z.string(), total: count, high: count })),
    })
    .nullable(),
  alerts: z
    .object({
      open: count,
      items: z.array(z.object({ title: z.string(), regionName: z.string(), openedAt: z.string() })),
    })
    .nullable(),
  risk: z
    .object({
      score: z.number(),
      level: z.string(),
      previousScore: z.number().nullable(),
      previousLevel: z.string().nullable(),
    })
    .nullable(),
  meetings: z
    .object({
      held: count,
      items: z.array(z.object({ title: z.string(), startsAt: z.string(), kind: z.string() })),
      followUpsOpen: count,
      followUpsOverdue: count,
    })
    .nullable(),
  pledges: z
    .object({
      campaigns: z.array(
        z.object({ title: z.string(), deadline: z.string(), compliancePct: z.number(), overdue: count }),
      ),
    })
    .nullable(),
  readiness: z
    .object({
      overallPct: z.number().nullable(),
      areas: z.array(z.object({ area: z.string(), pct: z.number().nullable() })),
    })
    .nullable(),
  children: z.array(
    z.object({
      regionCode: z.string(),
      name: z.string(),
      sitrepId: z.string().nullable(),
      version: z.number().int().nullable(),
      submittedAt: z.string().nullable(),
      reportsTotal: z.number().int().nullable(),
      riskLevel: z.string().nullable(),
    }),
  ),
});
export type SitrepFigures = z.infer<typeof sitrepFiguresSchema>;

export const sitrepSchema = z.object({
  id: z.uuid(),
  regionCode: z.string(),
  regionName: z.string(),
  parentCode: z.string(),
  periodStart: z.string(),
  periodEnd: z.string(),
  version: z.number().int(),
  status: z.enum(SITREP_STATUSES),
  narrative: z.string(),
  figures: sitrepFiguresSchema,
  createdAt: z.string(),
  createdBy: z.string(),
  submittedAt: z.string().nullable(),
  reviewedAt: z.string().nullable(),
  reviewNote: z.string().nullable(),
  supersedes: z.string().nullable(),
  supersededBy: z.string().nullable(),
});
export type Sitrep = z.infer<typeof sitrepSchema>;

export const sitrepSummarySchema = sitrepSchema.omit({ figures: true, narrative: true });
export type SitrepSummary = z.infer<typeof sitrepSummarySchema>;

export const sitrepListQuerySchema = z.object({
  box: z.enum(['inbox', 'outbox']).default('outbox'),
  region: regionCodeSchema.optional(),
  status: z.enum(SITREP_STATUSES).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
});

export const sitrepComplianceQuerySchema = z
  .object({ region: regionCodeSchema, periodStart: isoDate, periodEnd: isoDate })
  .refine((v) => v.periodStart <= v.periodEnd, {
    message: 'periodStart must not be after periodEnd',
    path: ['periodEnd'],
  });

export const sitrepComplianceSchema = z.object({
  region: z.object({ code: z.string(), name: z.string() }),
  periodStart: z.string(),
  periodEnd: z.string(),
  dueOn: z.string(),
  items: z.array(
    z.object({
      regionCode: z.string(),
      name: z.string(),
      state: z.enum(['reported', 'late_reported', 'late', 'pending']),
      sitrepId: z.string().nullable(),
      submittedAt: z.string().nullable(),
    }),
  ),
});
export type SitrepCompliance = z.infer<typeof sitrepComplianceSchema>;
export type SitrepComplianceState = SitrepCompliance['items'][number]['state'];
