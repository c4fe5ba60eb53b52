import type { Role } from '@sinergi/shared';
import type { UiKey } from '../../i18n/index.tsx';

/** The i18n key of a role's display name. */
export function roleKey(role: Role): UiKey {
  return `role.${role}`;
}

/** Roles that may open user management (the API lets the ministry read, officers and admins write). */
export const USER_MANAGEMENT_ROLES: readonly Role[] = [
  'admin',
  'ministry',
  'province_officer',
  'regency_officer',
];
