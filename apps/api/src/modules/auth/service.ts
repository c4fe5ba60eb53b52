import crypto from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { MFA_REQUIRED_ROLES, type Role } from '@sinergi/shared';
import type { Actor } from '../../http/actor.ts';
import { AppError } from '../../http/errors.ts';
import type { AuditService } from '../audit/index.ts';
import type { AuthRepository } from './repository.ts';
import { verifyPassword } from './passwords.ts';
import { createTokenCache, type TokenCache } from './token-cache.ts';
import { matchTotp, newTotpSecret, totpFor } from './totp.ts';

export const SESSION_COOKIE = 'sinergi_session';
export const SECURE_SESSION_COOKIE = '__Host-sinergi_session';
const SESSION_HOURS = 12;
const FAILURE_WINDOW_MINUTES = 15;
const MAX_FAILURES_PER_ACCOUNT = 5;
const MAX_FAILURES_PER_ADDRESS = 30;
export const API_TOKEN_PREFIX = 'sin_';

const sha256 = (value: string) => crypto.createHash('sha256').update(value).digest();
const expiry = () => new Date(Date.now() + SESSION_HOURS * 3600_000).toISOString();

export interface LoginResult {
  sessionToken: string;
  csrfToken: string;
  userId: string;
  mfaEnrollmentRequired: boolean;
}

/** The user's part of an Actor, from the columns read with a session or an API token. */
function userOf(row: {
  id: string;
  username: string;
  name: string;
  role: string;
  scope_code: string;
  scope_path: string;
}): Pick<Actor, 'userId' | 'username' | 'name' | 'role' | 'scopeCode' | 'scopePath'> {
  return {
    userId: row.id,
    username: row.username,
    name: row.name,
    role: row.role as Role,
    scopeCode: row.scope_code,
    scopePath: row.scope_path,
  };
}

/** What a valid API token stands for, as kept between requests (token-cache.ts). */
interface KnownToken {
  tokenId: string;
  lastUsedAt: number;
  actor: Actor;
}

export function createAuthService(deps: {
  repository: AuthRepository;
  audit: AuditService;
  mfa: 'required' | 'optional';
}) {
  const { repository, audit } = deps;
  // API tokens read lately; app.ts connects it to the auth-change notices through `tokenCache`.
  const tokens = createTokenCache<KnownToken>();
  const needsMfa = (role: string) => deps.mfa === 'required' && MFA_REQUIRED_ROLES.includes(role as Role);

  return {
    /** Subscribe it to `AUTH_CHANGED_CHANNEL`; call `forget()` after changing a user's access in this process. */
    tokenCache: tokens as Pick<TokenCache<KnownToken>, 'forget' | 'listening' | 'notice' | 'lost'>,

    async login(
      input: { username: string; password: string; otp?: string | undefined },
      meta: { ip: string; userAgent: string | null },
    ): Promise<LoginResult> {
      const failures = await repository.recentFailures(input.username, meta.ip, FAILURE_WINDOW_MINUTES);
      if (failures.by_user >= MAX_FAILURES_PER_ACCOUNT || failures.by_ip >= MAX_FAILURES_PER_ADDRESS) {
        throw new AppError('auth.throttled', [], { 'retry-after': String(FAILURE_WINDOW_MINUTES * 60) });
      }
      const user = await repository.userByUsername(input.username);
      const passwordOk = await verifyPassword(user?.password_hash, input.password);
      if (!user || !passwordOk) {
        await repository.recordFailure(input.username, meta.ip);
        throw new AppError('auth.invalid_credentials');
      }
      if (!user.active) throw new AppError('auth.account_disabled');
      const enrolled = user.totp_enrolled_at !== null && user.totp_secret !== null;
      if (enrolled) {
        if (!input.otp) throw new AppError('auth.otp_required');
        const step = matchTotp(user.totp_secret ?? '', user.username, input.otp);
        if (step === null || (user.totp_last_step !== null && step <= user.totp_last_step)) {
          await repository.recordFailure(input.username, meta.ip);
          throw new AppError('auth.otp_invalid');
        }
        await repository.db
          .updateTable('users')
          .set({ totp_last_step: step })
          .where('id', '=', user.id)
          .execute();
      }
      await repository.clearFailures(input.username);
      const sessionToken = crypto.randomBytes(32).toString('base64url');
      const csrfToken = crypto.randomBytes(24).toString('base64url');
      const mfaEnrollmentRequired = !enrolled && needsMfa(user.role);
      await repository.createSession({
        idHash: sha256(sessionToken),
        userId: user.id,
        csrfToken,
        mfaSatisfied: !mfaEnrollmentRequired,
        expiresAt: expiry(),
        ip: meta.ip,
        userAgent: meta.userAgent,
      });
      await audit.record(repository.db, { userId: user.id, username: user.username } as Actor, {
        action: 'auth.login',
        entityType: 'user',
        entityId: user.id,
        changes: { ip: meta.ip, mfa: enrolled },
      });
      return { sessionToken, csrfToken, userId: user.id, mfaEnrollmentRequired };
    },

    async logout(actor: Actor): Promise<void> {
      if (actor.sessionIdHash) await repository.deleteSession(actor.sessionIdHash);
      await audit.record(repository.db, actor, {
        action: 'auth.logout',
        entityType: 'user',
        entityId: actor.userId,
      });
    },

    /** The caller, from the session cookie or an `Authorization: Bearer` API token; null when neither is valid. */
    async resolveActor(request: FastifyRequest): Promise<Actor | null> {
      const authorization = request.headers.authorization;
      if (authorization?.startsWith('Bearer ')) {
        const token = authorization.slice(7).trim();
        if (!token.startsWith(API_TOKEN_PREFIX)) return null;
        const tokenHash = sha256(token);
        const key = tokenHash.toString('hex');
        let known = tokens.get(key);
        if (!known) {
          const generation = tokens.generation();
          const row = await repository.tokenWithUser(tokenHash);
          if (!row || !row.active) return null;
          known = {
            tokenId: row.token_id,
            lastUsedAt: row.last_used_at ? Date.parse(row.last_used_at) : 0,
            actor: { ...userOf(row), via: 'token', mfaSatisfied: true },
          };
          tokens.set(key, known, generation);
        }
        // Written at most once a minute per token, as for sessions.
        if (Date.now() - known.lastUsedAt > 60_000) {
          known.lastUsedAt = Date.now();
          await repository.touchToken(known.tokenId);
        }
        return { ...known.actor };
      }
      const cookie = request.cookies[SECURE_SESSION_COOKIE] ?? request.cookies[SESSION_COOKIE];
      if (!cookie) return null;
      const idHash = sha256(cookie);
      const row = await repository.sessionWithUser(idHash);
      if (!row || !row.active) return null;
      // Sliding expiry, written at most once a minute per session.
      if (Date.now() - Date.parse(row.last_seen_at) > 60_000) await repository.touchSession(idHash, expiry());
      return {
        ...userOf(row),
        via: 'session',
        sessionIdHash: idHash,
        csrfToken: row.csrf_token,
        mfaSatisfied: row.mfa_satisfied,
      };
    },

    /** Starts (or restarts, while unconfirmed) TOTP enrolment: a fresh secret to add to an authenticator app. */
    async enrollTotp(actor: Actor): Promise<{ secret: string; otpauthUri: string }> {
      const user = await repository.userById(actor.userId);
      if (!user) throw new AppError('auth.required');
      if (user.totp_enrolled_at) throw new AppError('auth.mfa_already_enrolled');
      const secret = newTotpSecret();
      await repository.db.transaction().execute(async (trx) => {
        await trx.updateTable('users').set({ totp_secret: secret }).where('id', '=', user.id).execute();
        await audit.record(trx, actor, {
          action: 'auth.totp_enrolment_started',
          entityType: 'user',
          entityId: user.id,
        });
      });
      return { secret, otpauthUri: totpFor(secret, user.username).toString() };
    },

    async confirmTotp(actor: Actor, otp: string): Promise<void> {
      const user = await repository.userById(actor.userId);
      if (!user?.totp_secret) throw new AppError('auth.otp_invalid');
      if (user.totp_enrolled_at) throw new AppError('auth.mfa_already_enrolled');
      const step = matchTotp(user.totp_secret, user.username, otp);
      if (step === null) throw new AppError('auth.otp_invalid');
      await repository.db.transaction().execute(async (trx) => {
        await trx
          .updateTable('users')
          .set({ totp_enrolled_at: new Date().toISOString(), totp_last_step: step })
          .where('id', '=', user.id)
          .execute();
        await trx
          .updateTable('sessions')
          .set({ mfa_satisfied: true })
          .where('user_id', '=', user.id)
          .execute();
        await audit.record(trx, actor, {
          action: 'auth.totp_enrolled',
          entityType: 'user',
          entityId: user.id,
        });
      });
    },

    async createApiToken(actor: Actor, name: string) {
      const token = `${API_TOKEN_PREFIX}${crypto.randomBytes(32).toString('base64url')}`;
      const row = await repository.db.transaction().execute(async (trx) => {
        const inserted = await trx
          .insertInto('api_tokens')
          .values({ user_id: actor.userId, name, token_hash: sha256(token) })
          .returning(['id', 'name', 'created_at', 'last_used_at'])
          .executeTakeFirstOrThrow();
        await audit.record(trx, actor, {
          action: 'auth.token_created',
          entityType: 'api_token',
          entityId: inserted.id,
          changes: { name },
        });
        return inserted;
      });
      return { id: row.id, name: row.name, createdAt: row.created_at, lastUsedAt: row.last_used_at, token };
    },

    async listApiTokens(actor: Actor) {
      const rows = await repository.db
        .selectFrom('api_tokens')
        .select(['id', 'name', 'created_at', 'last_used_at'])
        .where('user_id', '=', actor.userId)
        .where('revoked_at', 'is', null)
        .orderBy('created_at', 'desc')
        .execute();
      return rows.map((r) => ({
        id: r.id,
        name: r.name,
        createdAt: r.created_at,
        lastUsedAt: r.last_used_at,
      }));
    },

    async revokeApiToken(actor: Actor, id: string): Promise<void> {
      await repository.db.transaction().execute(async (trx) => {
        const result = await trx
          .updateTable('api_tokens')
          .set({ revoked_at: new Date().toISOString() })
          .where('id', '=', id)
          .where('user_id', '=', actor.userId)
          .where('revoked_at', 'is', null)
          .executeTakeFirst();
        if (result.numUpdatedRows === 0n) throw new AppError('resource.not_found');
        await audit.record(trx, actor, {
          action: 'auth.token_revoked',
          entityType: 'api_token',
          entityId: id,
        });
      });
      // Other processes hear of it from the trigger's notice; this one must not wait for it.
      tokens.forget();
    },
  };
}

export type AuthService = ReturnType<typeof createAuthService>;
