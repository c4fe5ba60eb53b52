import type { Role } from '@sinergi/shared';

/** The same rules as the API's reports policy (apps/api/src/modules/reports/policy.ts). */
export const REPORT_READERS: readonly Role[] = [
  'admin',
  'province_officer',
  'regency_officer',
  'forum_member',
  'field_reporter',
  'election_body',
];
export const REPORT_FILERS: readonly Role[] = REPORT_READERS;
export const REPORT_OPERATORS: readonly Role[] = ['admin', 'province_officer', 'regency_officer'];
export const IDENTITY_READERS: readonly Role[] = ['admin', 'regency_officer'];
