import { z } from 'zod';
import { REGION_CODE_PATTERN } from '../domain/regions.ts';

export const regionCodeSchema = z
  .string()
  .regex(REGION_CODE_PATTERN, 'Kemendagri code such as 15, 15.04, 15.04.01 or 15.04.01.2001');

export const uuidSchema = z.uuid();

export const listQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(200).optional(),
});

export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}

export const errorBodySchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.array(z.unknown()) }),
});

export const okSchema = z.object({ ok: z.literal(true) });
