import { z } from 'zod';
import { regionCodeSchema } from './common.ts';

export const regionSchema = z.object({
  code: z.string(),
  name: z.string(),
  level: z.number().int().min(0).max(4),
  parentCode: z.string().nullable(),
  timezone: z.enum(['Asia/Jakarta', 'Asia/Makassar', 'Asia/Jayapura']),
  timezoneAbbreviation: z.enum(['WIB', 'WITA', 'WIT']),
});
export type Region = z.infer<typeof regionSchema>;

export const regionDetailSchema = regionSchema.extend({
  path: z.array(z.object({ code: z.string(), name: z.string() })),
  childCount: z.number().int(),
});
export type RegionDetail = z.infer<typeof regionDetailSchema>;

export const regionListQuerySchema = z.object({
  parent: regionCodeSchema.optional(),
  q: z.string().trim().min(2).max(100).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
  cursor: z.string().max(200).optional(),
});
