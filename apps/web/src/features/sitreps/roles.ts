import type { Role } from '@sinergi/shared';

/** Mirrors the API's policy (modules/sitreps/policy.ts); the API is what enforces it. */
export const SITREP_AUTHORS: readonly Role[] = ['admin', 'province_officer', 'regency_officer'];
export const SITREP_REVIEWERS: readonly Role[] = ['admin', 'ministry', 'province_officer'];
export const SITREP_READERS: readonly Role[] = [
  'admin',
  'ministry',
  'province_officer',
  'regency_officer',
  'forum_member',
];
