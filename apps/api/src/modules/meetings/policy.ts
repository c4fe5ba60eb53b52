import { OFFICER_ROLES, type Role } from '@sinergi/shared';
import type { FastifyRequest } from 'fastify';
import type { Actor } from '../../http/actor.ts';
import type { Access } from '../../http/policy.ts';

/**
 * Who may do what with meetings and follow-ups:
 * - officers (admin, province, regency) create and edit meetings, participants, decisions and
 *   follow-ups inside their scope;
 * - forum members and election bodies (KPU, Bawaslu sit in the Forkopimda meetings) read the
 *   meetings of their region and update the follow-ups assigned to them or their institution;
 * - agency heads (OPD) see and update only the follow-ups assigned to them or their agency;
 * - the ministry reads meetings, follow-ups and their aggregates across the country, read-only;
 * - field reporters have no access (apart from their own invitations).
 * Rows outside the caller's scope do not exist for it (404); the repository filters by scope.
 */
export const MEETING_EDITORS: readonly Role[] = OFFICER_ROLES;
export const MEETING_READERS: readonly Role[] = [
  ...OFFICER_ROLES,
  'ministry',
  'forum_member',
  'election_body',
];
/** Roles that can be assigned follow-ups and update the ones they own. */
export const FOLLOW_UP_OWNER_ROLES: readonly Role[] = [
  ...OFFICER_ROLES,
  'forum_member',
  'election_body',
  'agency_head',
];
export const FOLLOW_UP_ACTORS: readonly Role[] = [...MEETING_READERS, 'agency_head'];
export const AGGREGATE_READERS: readonly Role[] = [...OFFICER_ROLES, 'ministry'];

const queryRegion = (r: FastifyRequest) => [(r.query as { region?: string }).region];

export const meetingAccess = {
  listLegalBases: { roles: MEETING_READERS, regions: queryRegion },
  createLegalBasis: {
    roles: MEETING_EDITORS,
    regions: (r: FastifyRequest) => [(r.body as { regionCode?: string }).regionCode],
  },
  list: { roles: MEETING_READERS, regions: queryRegion },
  create: {
    roles: MEETING_EDITORS,
    regions: (r: FastifyRequest) => [(r.body as { regionCode?: string }).regionCode],
  },
  read: { roles: MEETING_READERS },
  edit: { roles: MEETING_EDITORS },
  listFollowUps: { roles: FOLLOW_UP_ACTORS, regions: queryRegion },
  exportFollowUps: { roles: MEETING_READERS, regions: queryRegion },
  updateFollowUp: { roles: FOLLOW_UP_OWNER_ROLES },
  readFollowUpEvidence: { roles: FOLLOW_UP_ACTORS },
  followUpStats: {
    roles: AGGREGATE_READERS,
    regions: (r: FastifyRequest) => [(r.query as { parent?: string }).parent],
  },
  myInvitations: { roles: 'any' },
} satisfies Record<string, Access>;

export const isEditor = (actor: Actor): boolean => MEETING_EDITORS.includes(actor.role);
export const isReader = (actor: Actor): boolean => MEETING_READERS.includes(actor.role);
