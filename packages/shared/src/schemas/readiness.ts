import { z } from 'zod';
import { regionCodeSchema } from './common.ts';
import { scopeSchema } from './auth.ts';
import { stageCodeSchema } from './elections.ts';

/** The four areas of a readiness checklist (DESIGN C8). */
export const READINESS_AREAS = ['logistics', 'security', 'polling_stations', 'disaster'] as const;
export type ReadinessArea = (typeof READINESS_AREAS)[number];

export const READINESS_STATUSES = ['not_started', 'in_progress', 'done', 'blocked'] as const;
export type ReadinessStatus = (typeof READINESS_STATUSES)[number];

const ownerInstitutionSchema = z.string().trim().min(1).max(200);
const evidenceNoteSchema = z.string().trim().min(1).max(4000);
const itemTitleSchema = z.string().trim().min(1).max(300);

export const readinessTemplateSchema = z.object({
  code: z.string(),
  name: z.string(),
  description: z.string(),
  /** Stage codes the template was written for (a hint; any stage may use it). */
  stageHints: z.array(z.string()),
  items: z.array(
    z.object({ area: z.enum(READINESS_AREAS), title: z.string(), ownerInstitution: z.string().nullable() }),
  ),
});
export type ReadinessTemplate = z.infer<typeof readinessTemplateSchema>;

export const checklistCreateSchema = z.object({
  regionCode: regionCodeSchema,
  electionId: z.uuid(),
  stageCode: stageCodeSchema,
  templateCode: z.string().trim().min(1).max(60),
});
export type ChecklistCreate = z.infer<typeof checklistCreateSchema>;

export const readinessItemCreateSchema = z.object({
  area: z.enum(READINESS_AREAS),
  title: itemTitleSchema,
  ownerInstitution: ownerInstitutionSchema.optional(),
  ownerUserId: z.uuid().optional(),
});
export type ReadinessItemCreate = z.infer<typeof readinessItemCreateSchema>;

export const readinessItemPatchSchema = z
  .object({
    status: z.enum(READINESS_STATUSES),
    evidenceNote: evidenceNoteSchema.nullable(),
    title: itemTitleSchema,
    ownerInstitution: ownerInstitutionSchema.nullable(),
    ownerUserId: z.uuid().nullable(),
  })
  .partial()
  .refine((value) => Object.keys(value).length > 0, 'at least one field');
export type ReadinessItemPatch = z.infer<typeof readinessItemPatchSchema>;

export const readinessItemSchema = z.object({
  id: z.uuid(),
  checklistId: z.uuid(),
  area: z.enum(READINESS_AREAS),
  position: z.number().int(),
  title: z.string(),
  status: z.enum(READINESS_STATUSES),
  owner: z.object({
    institution: z.string().nullable(),
    user: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  }),
  evidence: z.object({
    note: z.string().nullable(),
    file: z
      .object({ sha256: z.string(), mime: z.string(), size: z.number().int(), name: z.string().nullable() })
      .nullable(),
  }),
  doneAt: z.string().nullable(),
  updatedAt: z.string(),
  updatedBy: z.string().nullable(),
});
export type ReadinessItem = z.infer<typeof readinessItemSchema>;

/** Progress of one area; `pct` is done / items × 100 (one decimal), null when there are no items. */
export const areaProgressSchema = z.object({
  area: z.enum(READINESS_AREAS),
  items: z.number().int(),
  done: z.number().int(),
  inProgress: z.number().int(),
  blocked: z.number().int(),
  notStarted: z.number().int(),
  pct: z.number().nullable(),
});
export type AreaProgress = z.infer<typeof areaProgressSchema>;

export const progressTotalSchema = z.object({
  items: z.number().int(),
  done: z.number().int(),
  pct: z.number().nullable(),
});
export type ProgressTotal = z.infer<typeof progressTotalSchema>;

const checklistBase = {
  id: z.uuid(),
  region: scopeSchema,
  election: z.object({ id: z.uuid(), name: z.string() }),
  stage: z.object({ code: z.string(), name: z.string(), startsOn: z.string(), endsOn: z.string() }),
  templateCode: z.string(),
  createdAt: z.string(),
  total: progressTotalSchema,
  areas: z.array(areaProgressSchema),
};

export const checklistSummarySchema = z.object(checklistBase);
export type ChecklistSummary = z.infer<typeof checklistSummarySchema>;

export const checklistSchema = z.object({ ...checklistBase, items: z.array(readinessItemSchema) });
export type Checklist = z.infer<typeof checklistSchema>;

export const checklistListQuerySchema = z.object({
  /** Checklists of this region and below (default: the caller's scope). */
  region: regionCodeSchema.optional(),
  election: z.uuid().optional(),
  stage: stageCodeSchema.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
});

export const readinessQuerySchema = z.object({
  /** Default: the caller's scope. */
  region: regionCodeSchema.optional(),
  election: z.uuid().optional(),
  stage: stageCodeSchema.optional(),
});

/**
 * Readiness of a region: its whole subtree (its own checklists and every region below), per area,
 * and the same for each direct child region, so a province sees its regencies side by side.
 * Roll-ups count items, so a region with more items weighs more.
 */
export const readinessSummarySchema = z.object({
  region: scopeSchema,
  electionId: z.uuid().nullable(),
  stageCode: z.string().nullable(),
  total: progressTotalSchema,
  areas: z.array(areaProgressSchema),
  /** Items on checklists of the region itself (not below it). */
  own: progressTotalSchema,
  children: z.array(
    z.object({ region: scopeSchema, total: progressTotalSchema, areas: z.array(areaProgressSchema) }),
  ),
});
export type ReadinessSummary = z.infer<typeof readinessSummarySchema>;
