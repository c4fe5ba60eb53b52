import type { Role } from '@sinergi/shared';

/** The same rules as the API's alerts policy (apps/api/src/modules/alerts/policy.ts). */
export const ALERT_READERS: readonly Role[] = [
  'admin',
  'ministry',
  'province_officer',
  'regency_officer',
  'forum_member',
  'election_body',
];
export const ALERT_HANDLERS: readonly Role[] = [
  'admin',
  'province_officer',
  'regency_officer',
  'forum_member',
];
export const WEBHOOK_MANAGERS: readonly Role[] = ['admin', 'province_officer', 'regency_officer'];
