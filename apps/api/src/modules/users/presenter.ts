import type { Role, User } from '@sinergi/shared';
import { presentScope } from '../auth/index.ts';
import type { UserRow } from './repository.ts';

export function presentUser(row: UserRow): User {
  return {
    id: row.id,
    username: row.username,
    name: row.name,
    role: row.role as Role,
    scope: presentScope(row.scope_code, row.scope_name),
    institution: row.institution,
    email: row.email,
    phone: row.phone,
    active: row.active,
    mfaEnrolled: row.totp_enrolled_at !== null,
    createdAt: row.created_at,
  };
}
