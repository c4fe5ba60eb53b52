import type { Role } from '@sinergi/shared';

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
