/** Roles of DESIGN C2. The order is the authority ladder used for "only lower roles". */
export const ROLES = [
  'admin',
  'ministry',
  'province_officer',
  'regency_officer',
  'forum_member',
  'election_body',
  'agency_head',
  'field_reporter',
] as const;
export type Role = (typeof ROLES)[number];

/** Officers and admins must use a second factor unless SINERGI_MFA=optional. */
export const MFA_REQUIRED_ROLES: readonly Role[] = ['admin', 'province_officer', 'regency_officer'];

export const OFFICER_ROLES: readonly Role[] = ['admin', 'province_officer', 'regency_officer'];

const RANK: Record<Role, number> = {
  admin: 100,
  ministry: 80,
  province_officer: 60,
  regency_officer: 40,
  forum_member: 20,
  election_body: 20,
  agency_head: 20,
  field_reporter: 10,
};

/** Roles that `creator` may hand out: an admin any, an officer only roles strictly below its own. */
export function assignableRoles(creator: Role): Role[] {
  if (creator === 'admin') return [...ROLES];
  if (creator !== 'province_officer' && creator !== 'regency_officer') return [];
  return ROLES.filter((role) => RANK[role] < RANK[creator] && role !== 'ministry');
}
