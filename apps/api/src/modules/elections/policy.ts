import { NATIONAL_CODE, type Role } from '@sinergi/shared';
import type { FastifyRequest } from 'fastify';
import type { Actor } from '../../http/actor.ts';
import type { Access } from '../../http/policy.ts';

/** Officers set up elections held in their region (a Pilkades in a regency); national ones need a national role. */
export const ELECTION_CREATORS: readonly Role[] = [
  'admin',
  'ministry',
  'province_officer',
  'regency_officer',
];
const NATIONAL_CREATORS: readonly Role[] = ['admin', 'ministry'];

export function mayCreateNational(actor: Actor): boolean {
  return NATIONAL_CREATORS.includes(actor.role);
}

/** 'ID' names the whole country: who may create a national election is the service's rule (a clearer code). */
const scopeOf = (r: FastifyRequest) => {
  const code = (r.body as { scopeCode?: string } | undefined)?.scopeCode;
  return [code === NATIONAL_CODE ? undefined : code];
};

export const electionAccess = {
  create: { roles: ELECTION_CREATORS, regions: scopeOf },
  list: { roles: 'any', regions: (r: FastifyRequest) => [(r.query as { region?: string }).region] },
  /** Whether the election lies on the caller's line is checked against the stored election. */
  read: { roles: 'any' },
  current: { roles: 'any', regions: (r: FastifyRequest) => [(r.query as { region?: string }).region] },
} satisfies Record<string, Access>;
