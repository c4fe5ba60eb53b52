import { NATIONAL_CODE, timezoneOfProvince, type Me, type Role } from '@sinergi/shared';

export interface UserWithScopeRow {
  id: string;
  username: string;
  name: string;
  role: string;
  scope_code: string;
  scope_name: string | null;
  institution: string | null;
  totp_enrolled_at: string | null;
}

export function presentScope(code: string, name: string | null) {
  return code === NATIONAL_CODE
    ? { code, name: 'Indonesia', level: 0 }
    : { code, name: name ?? code, level: code.split('.').length };
}

export function presentMe(row: UserWithScopeRow): Me {
  return {
    id: row.id,
    username: row.username,
    name: row.name,
    role: row.role as Role,
    scope: presentScope(row.scope_code, row.scope_name),
    institution: row.institution,
    // National users see times in WIB, the capital's zone.
    timezone: row.scope_code === NATIONAL_CODE ? 'Asia/Jakarta' : timezoneOfProvince(row.scope_code),
    mfaEnrolled: row.totp_enrolled_at !== null,
  };
}
