import { z } from 'zod';
import { regionCodeSchema } from './common.ts';

/** The vulnerability index (C4): levels, the region list, the explanation, history, baseline import. */

export const RISK_LEVELS = ['low', 'medium', 'high'] as const;
export const riskLevelSchema = z.enum(RISK_LEVELS);
export type RiskLevel = z.infer<typeof riskLevelSchema>;

/** The four dimensions of Bawaslu's IKP, in its order, with the column names a baseline file may use. */
export const RISK_DIMENSIONS = [
  'socialPolitical',
  'electionAdministration',
  'contestation',
  'participation',
] as const;
export type RiskDimension = (typeof RISK_DIMENSIONS)[number];

const score = z.number().min(0).max(100);

export const riskDimensionsSchema = z.object({
  socialPolitical: score,
  electionAdministration: score,
  contestation: score,
  participation: score,
});
export type RiskDimensions = z.infer<typeof riskDimensionsSchema>;

export const riskListQuerySchema = z.object({
  /** Children of this region; omitted: the caller's scope (provinces for national users). */
  parent: regionCodeSchema.optional(),
});

export const riskItemSchema = z.object({
  code: z.string(),
  name: z.string(),
  /** 1 province … 4 village. */
  regionLevel: z.number().int().min(1).max(4),
  score: z.number().min(0).max(100),
  level: riskLevelSchema,
  /** Composite baseline (own or inherited from the nearest ancestor); null when none is imported. */
  baseline: z.number().nullable(),
  /** The live signal now: Σ severity × status weight × decay over the subtree's reports. */
  signal: z.number().min(0),
  openReports: z.number().int().min(0),
  reports24h: z.number().int().min(0),
});
export type RiskItem = z.infer<typeof riskItemSchema>;

export const riskListSchema = z.object({
  /** The region whose children these are; null for the provinces. */
  parent: z.object({ code: z.string(), name: z.string(), regionLevel: z.number().int() }).nullable(),
  items: z.array(riskItemSchema),
  nextCursor: z.null(),
  computedAt: z.iso.datetime({ offset: true }),
});
export type RiskList = z.infer<typeof riskListSchema>;

export const riskBaselineVersionSchema = z.object({
  composite: z.number(),
  dimensions: riskDimensionsSchema,
  source: z.string(),
  measuredOn: z.iso.date(),
  validFrom: z.iso.datetime({ offset: true }),
  supersededAt: z.iso.datetime({ offset: true }).nullable(),
});

export const riskContributorSchema = z.object({
  reportId: z.string(),
  title: z.string(),
  category: z.string(),
  severity: z.number().int().min(1).max(4),
  status: z.string(),
  occurredAt: z.iso.datetime({ offset: true }),
  regionCode: z.string(),
  /** Its part of the signal now. */
  contribution: z.number(),
  /** contribution / signal. */
  share: z.number(),
});
export type RiskContributor = z.infer<typeof riskContributorSchema>;

export const riskDetailSchema = riskItemSchema.extend({
  parentCode: z.string().nullable(),
  path: z.array(z.object({ code: z.string(), name: z.string() })),
  explanation: z.object({
    baseline: z.object({
      composite: z.number().nullable(),
      current: riskBaselineVersionSchema.nullable(),
      /** The region whose baseline applies (itself, or the nearest ancestor that has one). */
      from: z.object({ code: z.string(), name: z.string() }).nullable(),
      /** This region's own baselines, newest first (re-imports keep the earlier ones). */
      history: z.array(riskBaselineVersionSchema),
    }),
    signal: z.object({
      value: z.number(),
      halfLifeHours: z.number(),
      /** k of the formula for this region level. */
      scale: z.number(),
      statusWeights: z.record(z.string(), z.number()),
      countedReports: z.number().int(),
      /** The reports that contribute most now, largest first (never who reported them). */
      contributors: z.array(riskContributorSchema),
    }),
    score: z.object({
      formula: z.string(),
      baselinePart: z.number(),
      livePart: z.number(),
      liveFraction: z.number(),
      thresholds: z.object({ medium: z.number(), high: z.number() }),
    }),
    activity: z.object({
      reports24h: z.number().int(),
      previous28Days: z.number().int(),
      expectedPerDay: z.number(),
      pValue: z.number(),
      unusual: z.boolean(),
    }),
  }),
  computedAt: z.iso.datetime({ offset: true }),
});
export type RiskDetail = z.infer<typeof riskDetailSchema>;

export const RISK_HISTORY_MAX_DAYS = 366;

export const riskHistoryQuerySchema = z.object({
  /** First day (YYYY-MM-DD, WIB); default 29 days before `to`. */
  from: z.iso.date().optional(),
  /** Last day; default today (WIB). */
  to: z.iso.date().optional(),
});

export const riskHistoryPointSchema = z.object({
  day: z.iso.date(),
  score: z.number(),
  level: riskLevelSchema,
  baseline: z.number().nullable(),
  signal: z.number(),
  openReports: z.number().int(),
  reports24h: z.number().int(),
  /** snapshot: taken by the daily job; computed: reconstructed on request; live: today, so far. */
  origin: z.enum(['snapshot', 'computed', 'live']),
});
export type RiskHistoryPoint = z.infer<typeof riskHistoryPointSchema>;

export const riskHistorySchema = z.object({
  code: z.string(),
  name: z.string(),
  items: z.array(riskHistoryPointSchema),
});
export type RiskHistory = z.infer<typeof riskHistorySchema>;

/** One baseline row as JSON (PUT /api/v1/risk/baseline with {rows}); files use the same columns. */
export const riskBaselineRowSchema = z.object({
  regionCode: regionCodeSchema,
  socialPolitical: score,
  electionAdministration: score,
  contestation: score,
  participation: score,
  source: z.string().trim().min(1).max(300),
  measuredOn: z.iso.date(),
});
export type RiskBaselineRow = z.infer<typeof riskBaselineRowSchema>;

export const RISK_BASELINE_MAX_ROWS = 20_000;

export const riskBaselineImportResultSchema = z.object({
  /** null when every row equalled the current baseline (nothing was written). */
  importId: z.string().nullable(),
  imported: z.number().int(),
  /** Rows whose values equal the region's current baseline: left as they are. */
  unchanged: z.number().int(),
  regions: z.array(z.string()),
});
export type RiskBaselineImportResult = z.infer<typeof riskBaselineImportResultSchema>;

/** A bad cell of a baseline file: the 1-based row (as a spreadsheet shows it) and the column. */
export interface RiskBaselineProblem {
  row: number;
  column: string;
  cell?: string;
  value?: string;
  message: string;
}
