import crypto from 'node:crypto';
import { OFFICER_ROLES, type Role } from '@sinergi/shared';
import { newTotpSecret, totpFor } from '../../src/modules/auth/index.ts';
import type { TestContext, TestUser } from '../harness.ts';
import type { AccessCase } from './types.ts';

/** Routes of the foundation: auth, users, regions, health. */

const TARGET_PASSWORD = 'matrix-target-pass';
const USER_READERS: readonly Role[] = [...OFFICER_ROLES, 'ministry'];

// The matrix calls `build` once per call; the user the routes act on is created once per app and region.
const targets = new WeakMap<object, Map<string, Promise<TestUser>>>();
function targetUser(ctx: TestContext, regionCode: string): Promise<TestUser> {
  let perRegion = targets.get(ctx.app);
  if (!perRegion) {
    perRegion = new Map();
    targets.set(ctx.app, perRegion);
  }
  let user = perRegion.get(regionCode);
  if (!user) {
    user = ctx.user('field_reporter', regionCode, { password: TARGET_PASSWORD });
    perRegion.set(regionCode, user);
  }
  return user;
}

/** Puts the caller back to "no second factor yet", so enrolment can be tried whatever ran before. */
async function resetTotp(ctx: TestContext, secret: string | null): Promise<void> {
  if (!ctx.caller) return;
  await ctx.database.db
    .updateTable('users')
    .set({ totp_secret: secret, totp_enrolled_at: null, totp_last_step: null })
    .where('id', '=', ctx.caller.id)
    .execute();
}

export const cases: AccessCase[] = [
  {
    route: 'GET /api/v1/health',
    allowed: 'public',
    build: () => Promise.resolve({ url: '/api/v1/health' }),
    okStatus: 200,
  },
  {
    route: 'POST /api/v1/auth/login',
    allowed: 'public',
    build: async (ctx, regionCode) => {
      const target = await targetUser(ctx, regionCode);
      return {
        url: '/api/v1/auth/login',
        payload: { username: target.username, password: TARGET_PASSWORD },
      };
    },
    okStatus: 200,
  },
  {
    route: 'POST /api/v1/auth/logout',
    allowed: 'any',
    selfOnly: true,
    build: () => Promise.resolve({ url: '/api/v1/auth/logout' }),
    okStatus: 200,
  },
  {
    route: 'GET /api/v1/me',
    allowed: 'any',
    selfOnly: true,
    build: () => Promise.resolve({ url: '/api/v1/me' }),
    okStatus: 200,
  },
  {
    route: 'POST /api/v1/auth/totp/enroll',
    allowed: 'any',
    selfOnly: true,
    build: async (ctx) => {
      await resetTotp(ctx, null);
      return { url: '/api/v1/auth/totp/enroll' };
    },
    okStatus: 200,
  },
  {
    route: 'POST /api/v1/auth/totp/confirm',
    allowed: 'any',
    selfOnly: true,
    build: async (ctx) => {
      if (!ctx.caller) return { url: '/api/v1/auth/totp/confirm', payload: { otp: '123456' } };
      // An enrolment in progress with a secret we know, so a valid first code can be sent.
      const secret = newTotpSecret();
      await resetTotp(ctx, secret);
      return {
        url: '/api/v1/auth/totp/confirm',
        payload: { otp: totpFor(secret, ctx.caller.username).generate() },
      };
    },
    okStatus: 200,
  },
  {
    route: 'GET /api/v1/auth/tokens',
    allowed: 'any',
    selfOnly: true,
    build: () => Promise.resolve({ url: '/api/v1/auth/tokens' }),
    okStatus: 200,
  },
  {
    route: 'POST /api/v1/auth/tokens',
    allowed: 'any',
    selfOnly: true,
    build: () => Promise.resolve({ url: '/api/v1/auth/tokens', payload: { name: 'access matrix' } }),
    okStatus: 201,
  },
  {
    route: 'DELETE /api/v1/auth/tokens/:id',
    allowed: 'any',
    selfOnly: true,
    build: async (ctx) => {
      if (!ctx.caller) return { url: `/api/v1/auth/tokens/${crypto.randomUUID()}` };
      const token = await ctx.database.db
        .insertInto('api_tokens')
        .values({
          user_id: ctx.caller.id,
          name: 'to revoke',
          token_hash: crypto.randomBytes(32),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return { url: `/api/v1/auth/tokens/${token.id}` };
    },
    okStatus: 200,
  },
  {
    route: 'POST /api/v1/users',
    allowed: OFFICER_ROLES,
    build: (_ctx, regionCode) =>
      Promise.resolve({
        url: '/api/v1/users',
        payload: {
          username: `matrix-${crypto.randomBytes(5).toString('hex')}`,
          name: 'Pelapor Matriks',
          password: 'matrix-new-user-1',
          role: 'field_reporter',
          scopeCode: regionCode,
        },
      }),
    okStatus: 201,
  },
  {
    route: 'GET /api/v1/users',
    allowed: USER_READERS,
    build: (_ctx, regionCode) => Promise.resolve({ url: `/api/v1/users?region=${regionCode}` }),
    okStatus: 200,
  },
  {
    route: 'GET /api/v1/users/:id',
    allowed: USER_READERS,
    build: async (ctx, regionCode) => ({ url: `/api/v1/users/${(await targetUser(ctx, regionCode)).id}` }),
    okStatus: 200,
  },
  {
    route: 'PATCH /api/v1/users/:id',
    allowed: OFFICER_ROLES,
    build: async (ctx, regionCode) => ({
      url: `/api/v1/users/${(await targetUser(ctx, regionCode)).id}`,
      payload: { institution: 'Pemerintah Desa' },
    }),
    okStatus: 200,
  },
  {
    route: 'GET /api/v1/regions',
    allowed: 'any',
    build: (_ctx, regionCode) => Promise.resolve({ url: `/api/v1/regions?parent=${regionCode}` }),
    okStatus: 200,
  },
  {
    route: 'GET /api/v1/regions/:code',
    allowed: 'any',
    build: (_ctx, regionCode) => Promise.resolve({ url: `/api/v1/regions/${regionCode}` }),
    okStatus: 200,
  },
];
