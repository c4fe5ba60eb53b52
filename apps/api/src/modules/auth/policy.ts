import type { Access } from '../../http/policy.ts';

export const authAccess = {
  login: { public: true },
  /** Logging out, reading oneself and enrolling the second factor stay possible before enrolment. */
  self: { roles: 'any', allowBeforeMfa: true },
  tokens: { roles: 'any' },
} satisfies Record<string, Access>;
