import { OFFICER_ROLES, type Role } from '@sinergi/shared';

/** The same rule as the API's risk policy: who sees the index, who imports baselines. */
export const RISK_READERS: readonly Role[] = [
  'admin',
  'ministry',
  'province_officer',
  'regency_officer',
  'forum_member',
  'election_body',
];
export const BASELINE_IMPORTERS: readonly Role[] = OFFICER_ROLES;
