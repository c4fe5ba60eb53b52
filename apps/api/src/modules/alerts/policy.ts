import type { FastifyRequest } from 'fastify';
import type { Role } from '@sinergi/shared';
import type { Access } from '../../http/policy.ts';

/**
 * Who sees alerts: the region's officers and Forkopimda members, the province and the ministry, and
 * the election bodies (who read the region's reports and risk picture too). Field reporters and
 * agency heads do not: an alert gathers reports of the whole district.
 */
export const ALERT_READERS: readonly Role[] = [
  'admin',
  'ministry',
  'province_officer',
  'regency_officer',
  'forum_member',
  'election_body',
];
/** Who handles them (acknowledge, assign, close): officers and Forkopimda members of the scope. */
export const ALERT_HANDLERS: readonly Role[] = [
  'admin',
  'province_officer',
  'regency_officer',
  'forum_member',
];
/** Who manages the region's webhooks: the Kesbangpol officers (and admins). */
export const WEBHOOK_MANAGERS: readonly Role[] = ['admin', 'province_officer', 'regency_officer'];

/** Routes naming an alert or webhook by id are scoped in SQL: outside the scope it does not exist (404). */
export const alertAccess = {
  list: { roles: ALERT_READERS, regions: (r: FastifyRequest) => [(r.query as { region?: string }).region] },
  read: { roles: ALERT_READERS },
  handle: { roles: ALERT_HANDLERS },
  createWebhook: {
    roles: WEBHOOK_MANAGERS,
    regions: (r: FastifyRequest) => [(r.body as { regionCode?: string } | undefined)?.regionCode],
  },
  listWebhooks: {
    roles: WEBHOOK_MANAGERS,
    regions: (r: FastifyRequest) => [(r.query as { region?: string }).region],
  },
  deleteWebhook: { roles: WEBHOOK_MANAGERS },
} satisfies Record<string, Access>;
