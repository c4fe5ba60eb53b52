import { z } from 'zod';
import { ROLES } from '../domain/roles.ts';

export const usernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9._-]{2,63}$/, '3–64 letters, digits, dot, dash or underscore');
export const passwordSchema = z.string().min(10, 'at least 10 characters').max(256);
export const otpSchema = z.string().regex(/^\d{6}$/, 'six digits');

export const loginBodySchema = z.object({
  username: z.string().trim().toLowerCase().min(1).max(64),
  password: z.string().min(1).max(256),
  otp: otpSchema.optional(),
});

export const scopeSchema = z.object({ code: z.string(), name: z.string(), level: z.number().int() });

export const meSchema = z.object({
  id: z.uuid(),
  username: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
  scope: scopeSchema,
  institution: z.string().nullable(),
  timezone: z.enum(['Asia/Jakarta', 'Asia/Makassar', 'Asia/Jayapura']),
  mfaEnrolled: z.boolean(),
});
export type Me = z.infer<typeof meSchema>;

export const loginResponseSchema = z.object({
  user: meSchema,
  csrfToken: z.string(),
  /** True when the role needs a second factor that is not yet set up: only enrolment is allowed. */
  mfaEnrollmentRequired: z.boolean(),
});

export const totpEnrollResponseSchema = z.object({ secret: z.string(), otpauthUri: z.string() });
export const totpConfirmBodySchema = z.object({ otp: otpSchema });

export const apiTokenCreateSchema = z.object({ name: z.string().trim().min(1).max(100) });
export const apiTokenSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
});
export const apiTokenCreatedSchema = apiTokenSchema.extend({ token: z.string() });
