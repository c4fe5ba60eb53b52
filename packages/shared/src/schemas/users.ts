import { z } from 'zod';
import { ROLES } from '../domain/roles.ts';
import { regionCodeSchema } from './common.ts';
import { passwordSchema, scopeSchema, usernameSchema } from './auth.ts';

export const userCreateSchema = z.object({
  username: usernameSchema,
  name: z.string().trim().min(1).max(200),
  password: passwordSchema,
  role: z.enum(ROLES),
  scopeCode: regionCodeSchema,
  institution: z.string().trim().min(1).max(200).optional(),
  email: z.email().max(254).optional(),
  phone: z
    .string()
    .regex(/^\+?[0-9]{8,15}$/)
    .optional(),
});
export type UserCreate = z.infer<typeof userCreateSchema>;

export const userUpdateSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    institution: z.string().trim().min(1).max(200).nullable(),
    email: z.email().max(254).nullable(),
    phone: z
      .string()
      .regex(/^\+?[0-9]{8,15}$/)
      .nullable(),
    active: z.boolean(),
    password: passwordSchema,
  })
  .partial()
  .refine((value) => Object.keys(value).length > 0, 'at least one field');

export const userSchema = z.object({
  id: z.uuid(),
  username: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
  scope: scopeSchema,
  institution: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  active: z.boolean(),
  mfaEnrolled: z.boolean(),
  createdAt: z.string(),
});
export type User = z.infer<typeof userSchema>;

export const userListQuerySchema = z.object({
  region: regionCodeSchema.optional(),
  role: z.enum(ROLES).optional(),
  q: z.string().trim().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(200).optional(),
});
