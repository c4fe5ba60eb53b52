import { assignableRoles, levelOfCode, NATIONAL_CODE, type Role } from '@sinergi/shared';
import type { FastifyRequest } from 'fastify';
import type { Actor } from '../../http/actor.ts';
import type { Access } from '../../http/policy.ts';

const MANAGERS: Role[] = ['admin', 'province_officer', 'regency_officer'];

export const userAccess = {
  create: { roles: MANAGERS, regions: (r: FastifyRequest) => [(r.body as { scopeCode?: string }).scopeCode] },
  list: {
    roles: [...MANAGERS, 'ministry'],
    regions: (r: FastifyRequest) => [(r.query as { region?: string }).region],
  },
  read: { roles: [...MANAGERS, 'ministry'] },
  update: { roles: MANAGERS },
} satisfies Record<string, Access>;

/** Which scope levels a role may be bound to: officers to their own level, national roles to the country. */
const SCOPE_LEVELS: Record<Role, number[]> = {
  admin: [0],
  ministry: [0],
  province_officer: [1],
  regency_officer: [2],
  forum_member: [1, 2, 3],
  election_body: [0, 1, 2],
  agency_head: [1, 2, 3, 4],
  field_reporter: [2, 3, 4],
};

export function scopeFitsRole(role: Role, scopeCode: string): boolean {
  return SCOPE_LEVELS[role].includes(scopeCode === NATIONAL_CODE ? 0 : levelOfCode(scopeCode));
}

/** An officer manages only users of lower roles; an admin everyone but itself. */
export function mayManage(actor: Actor, targetRole: Role, targetId?: string): boolean {
  if (targetId === actor.userId) return false;
  return assignableRoles(actor.role).includes(targetRole);
}
