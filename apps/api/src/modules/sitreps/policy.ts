import type { FastifyRequest } from 'fastify';
import { NATIONAL_CODE } from '@sinergi/shared';
import type { Actor } from '../../http/actor.ts';
import type { Access } from '../../http/policy.ts';

export const sitrepAccess = {
  compile: {
    roles: ['admin', 'province_officer', 'regency_officer'],
    regions: (r: FastifyRequest) => [(r.body as { regionCode?: string }).regionCode],
  },
  edit: { roles: ['admin', 'province_officer', 'regency_officer'] },
  review: { roles: ['admin', 'ministry', 'province_officer'] },
  read: { roles: ['admin', 'ministry', 'province_officer', 'regency_officer', 'forum_member'] },
  list: {
    roles: ['admin', 'ministry', 'province_officer', 'regency_officer', 'forum_member'],
    regions: (r: FastifyRequest) => [(r.query as { region?: string }).region],
  },
  compliance: {
    roles: ['admin', 'ministry', 'province_officer'],
    regions: (r: FastifyRequest) => [(r.query as { region?: string }).region],
  },
} satisfies Record<string, Access>;

/** A region's sitrep is compiled and sent by that region's own officers (or an admin). */
export function mayAuthor(actor: Actor, regionCode: string): boolean {
  return actor.role === 'admin' || actor.scopeCode === regionCode;
}

/** The recipient region's officers review what was sent to it; the ministry receives the provinces'. */
export function mayReview(actor: Actor, parentCode: string): boolean {
  if (actor.role === 'admin') return true;
  if (parentCode === NATIONAL_CODE) return actor.role === 'ministry';
  return actor.role === 'province_officer' && actor.scopeCode === parentCode;
}

/** Days after the period's end by which a sitrep is due (end of that day, region time). */
export const SITREP_DUE_DAYS = 2;
