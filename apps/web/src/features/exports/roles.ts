import type { Role } from '@sinergi/shared';

/** The same rule as the API's exports policy (apps/api/src/modules/exports/routes.ts, EXPORTERS). */
export const EXPORT_ROLES: readonly Role[] = [
  'admin',
  'ministry',
  'province_officer',
  'regency_officer',
  'forum_member',
];
