import { NATIONAL_CODE, type Role } from '@sinergi/shared';

/** Who is calling: resolved once per request from the session cookie or the bearer token. */
export interface Actor {
  userId: string;
  username: string;
  name: string;
  role: Role;
  /** Kemendagri code of the scope, 'ID' for the whole country. */
  scopeCode: string;
  /** ltree path of the scope; '' (the root) for the whole country. */
  scopePath: string;
  via: 'session' | 'token';
  sessionIdHash?: Buffer;
  csrfToken?: string;
  /** False while a role that needs a second factor has not enrolled one: only enrolment is allowed. */
  mfaSatisfied: boolean;
}

export const SYSTEM_ACTOR_LABEL = 'system';

/**
 * A national, read-only identity for work that acts for no user (reminder jobs, sitrep compilation
 * reading other modules after the sitrep's own caller passed the policy layer). Never used for writes.
 */
export const SYSTEM_READER: Actor = {
  userId: '00000000-0000-0000-0000-000000000000',
  username: SYSTEM_ACTOR_LABEL,
  name: 'Sinergi',
  role: 'admin',
  scopeCode: NATIONAL_CODE,
  scopePath: '',
  via: 'token',
  mfaSatisfied: true,
};
