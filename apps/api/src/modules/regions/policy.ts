import type { FastifyRequest } from 'fastify';
import type { Access } from '../../http/policy.ts';

/**
 * Regions are browsed by every signed-in role, inside its scope; the ancestors of the scope are
 * visible too (names only) so that the way from the province down can be shown.
 */
export const regionAccess = {
  browse: {
    roles: 'any',
    lineage: true,
    regions: (r: FastifyRequest) => [(r.query as { parent?: string }).parent],
  },
  read: {
    roles: 'any',
    lineage: true,
    regions: (r: FastifyRequest) => [(r.params as { code: string }).code],
  },
} satisfies Record<string, Access>;
