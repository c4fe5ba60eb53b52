import { OFFICER_ROLES, type Role } from '@sinergi/shared';
import type { FastifyRequest } from 'fastify';
import type { Access } from '../../http/policy.ts';

/**
 * Who sees the vulnerability index: the officers, the Forkopimda, the election bodies and the
 * ministry, each inside its scope (a province officer sees its regencies; a regency officer only its
 * own subtree). Field reporters and agency heads file and sign; they do not need the picture.
 * Baselines are imported by officers, for regions of their scope (checked per row by the service).
 */
export const RISK_READERS: readonly Role[] = [
  'admin',
  'ministry',
  'province_officer',
  'regency_officer',
  'forum_member',
  'election_body',
];
export const BASELINE_IMPORTERS: readonly Role[] = OFFICER_ROLES;

export const riskAccess = {
  list: {
    roles: RISK_READERS,
    regions: (r: FastifyRequest) => [(r.query as { parent?: string }).parent],
  },
  read: {
    roles: RISK_READERS,
    regions: (r: FastifyRequest) => [(r.params as { code: string }).code],
  },
  importBaseline: { roles: BASELINE_IMPORTERS },
} satisfies Record<string, Access>;
