import { z } from 'zod';
import { regionCodeSchema } from './common.ts';
import { scopeSchema } from './auth.ts';
import { REPORT_CATEGORY_CODES } from '../domain/report-categories.ts';

/** Kinds of election (DESIGN C7): general, regional head, village head, and a re-vote (PSU). */
export const ELECTION_KINDS = ['pemilu', 'pilkada', 'pilkades', 're_vote'] as const;
export type ElectionKind = (typeof ELECTION_KINDS)[number];

/** A calendar date `YYYY-MM-DD` that exists (no 30 February). */
const calendarDateSchema = z.iso.date();

export const stageCodeSchema = z
  .string()
  .trim()
  .regex(/^[a-z][a-z0-9_]{1,39}$/, 'lower-case letters, digits and _ (2–40), e.g. campaign');

/**
 * Something to watch during a stage: a report category where one matches (so reports of that
 * category can be highlighted), free text, or both.
 */
export const watchItemInputSchema = z
  .object({
    category: z.enum(REPORT_CATEGORY_CODES).optional(),
    text: z.string().trim().min(1).max(300).optional(),
  })
  .refine((w) => w.category !== undefined || w.text !== undefined, 'a category, a text, or both');

export const watchItemSchema = z.object({
  category: z.string().nullable(),
  text: z.string().nullable(),
});
export type WatchItem = z.infer<typeof watchItemSchema>;

export const electionStageInputSchema = z
  .object({
    code: stageCodeSchema,
    name: z.string().trim().min(1).max(200),
    startsOn: calendarDateSchema,
    endsOn: calendarDateSchema,
    watchItems: z.array(watchItemInputSchema).max(30).optional(),
  })
  .refine((s) => s.endsOn >= s.startsOn, { path: ['endsOn'], message: 'must not be before startsOn' });
export type ElectionStageInput = z.infer<typeof electionStageInputSchema>;

export const electionCreateSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    kind: z.enum(ELECTION_KINDS),
    /** The region the election covers; absent (or 'ID') for a national election. */
    scopeCode: regionCodeSchema.optional(),
    votingDay: calendarDateSchema,
    stages: z.array(electionStageInputSchema).min(1).max(60),
  })
  .superRefine((value, ctx) => {
    const seen = new Set<string>();
    value.stages.forEach((stage, index) => {
      if (seen.has(stage.code))
        ctx.addIssue({
          code: 'custom',
          path: ['stages', index, 'code'],
          message: `stage code ${stage.code} is used twice`,
        });
      seen.add(stage.code);
    });
  });
export type ElectionCreate = z.infer<typeof electionCreateSchema>;

export const electionStageSchema = z.object({
  code: z.string(),
  name: z.string(),
  startsOn: z.string(),
  endsOn: z.string(),
  watchItems: z.array(watchItemSchema),
});
export type ElectionStage = z.infer<typeof electionStageSchema>;

const electionBase = {
  id: z.uuid(),
  name: z.string(),
  kind: z.enum(ELECTION_KINDS),
  /** `{code: 'ID', level: 0}` for a national election. */
  scope: scopeSchema,
  votingDay: z.string(),
  /** First and last day of the schedule. */
  startsOn: z.string(),
  endsOn: z.string(),
  createdAt: z.string(),
};

export const electionSummarySchema = z.object({ ...electionBase, stageCount: z.number().int() });
export type ElectionSummary = z.infer<typeof electionSummarySchema>;

export const electionSchema = z.object({ ...electionBase, stages: z.array(electionStageSchema) });
export type Election = z.infer<typeof electionSchema>;

export const electionListQuerySchema = z.object({
  /** Elections that cover this region or lie inside it (default: the caller's scope). */
  region: regionCodeSchema.optional(),
  kind: z.enum(ELECTION_KINDS).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
});

export const currentStageQuerySchema = z.object({
  /** The day to look at; default today in the election's (or the caller's) time zone. */
  on: calendarDateSchema.optional(),
});

export const currentStageSchema = z.object({
  electionId: z.uuid(),
  on: z.string(),
  /** The most specific stage running that day: the latest started, then the shortest. */
  stage: electionStageSchema.nullable(),
  /** Every stage running that day, most specific first. */
  active: z.array(electionStageSchema),
});
export type CurrentStage = z.infer<typeof currentStageSchema>;

export const currentStagesQuerySchema = z.object({
  on: calendarDateSchema.optional(),
  /** Elections covering this region or inside it (default: the caller's scope). */
  region: regionCodeSchema.optional(),
});

export const currentStagesSchema = z.object({
  on: z.string(),
  /** Elections with a stage running that day. */
  items: z.array(
    z.object({
      election: electionSummarySchema,
      stage: electionStageSchema,
      active: z.array(electionStageSchema),
    }),
  ),
});
export type CurrentStages = z.infer<typeof currentStagesSchema>;
