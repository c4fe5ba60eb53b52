import { sql, type Kysely } from 'kysely';
import type pg from 'pg';
import { preparedLookup, type DB } from '../../db/index.ts';

/** The user's columns an Actor is made of, read with a session or an API token. */
const ACTOR_COLUMNS = [
  'u.id',
  'u.username',
  'u.name',
  'u.role',
  'u.scope_code',
  'u.scope_path',
  'u.active',
] as const;

/**
 * `pool` is the one behind `db`: the session and token lookups, made on every request, run as
 * prepared statements on it.
 */
export function createAuthRepository(db: Kysely<DB>, pool: pg.Pool) {
  // Built once: building them per request cost more than running them.
  const placeholder = Buffer.alloc(32);
  const sessionLookup = preparedLookup(
    pool,
    db
      .selectFrom('sessions as s')
      .innerJoin('users as u', 'u.id', 's.user_id')
      .select(['s.id_hash', 's.csrf_token', 's.mfa_satisfied', 's.last_seen_at', ...ACTOR_COLUMNS])
      .where('s.id_hash', '=', placeholder)
      .where('s.expires_at', '>', sql<string>`now()`)
      .compile(),
  );
  const tokenLookup = preparedLookup(
    pool,
    db
      .selectFrom('api_tokens as t')
      .innerJoin('users as u', 'u.id', 't.user_id')
      .select(['t.id as token_id', 't.last_used_at', ...ACTOR_COLUMNS])
      .where('t.token_hash', '=', placeholder)
      .where('t.revoked_at', 'is', null)
      .compile(),
  );
  return {
    db,
    userByUsername: (username: string) =>
      db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst(),
    meRow: (id: string) =>
      db
        .selectFrom('users as u')
        .leftJoin('regions as r', 'r.code', 'u.scope_code')
        .select([
          'u.id',
          'u.username',
          'u.name',
          'u.role',
          'u.scope_code',
          'r.name as scope_name',
          'u.institution',
          'u.totp_enrolled_at',
        ])
        .where('u.id', '=', id)
        .executeTakeFirst(),
    userById: (id: string) => db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst(),

    async recentFailures(username: string, ip: string, windowMinutes: number) {
      const row = await sql<{ by_user: number; by_ip: number }>`
        SELECT (SELECT count(*)::int FROM login_failures WHERE username = ${username} AND at > now() - make_interval(mins => ${windowMinutes})) AS by_user,
               (SELECT count(*)::int FROM login_failures WHERE ip = ${ip} AND at > now() - make_interval(mins => ${windowMinutes})) AS by_ip`.execute(
        db,
      );
      return row.rows[0] ?? { by_user: 0, by_ip: 0 };
    },
    recordFailure: (username: string, ip: string) =>
      db.insertInto('login_failures').values({ username, ip }).execute(),
    clearFailures: (username: string) =>
      db.deleteFrom('login_failures').where('username', '=', username).execute(),

    createSession: (values: {
      idHash: Buffer;
      userId: string;
      csrfToken: string;
      mfaSatisfied: boolean;
      expiresAt: string;
      ip: string;
      userAgent: string | null;
    }) =>
      db
        .insertInto('sessions')
        .values({
          id_hash: values.idHash,
          user_id: values.userId,
          csrf_token: values.csrfToken,
          mfa_satisfied: values.mfaSatisfied,
          expires_at: values.expiresAt,
          ip: values.ip,
          user_agent: values.userAgent,
        })
        .execute(),

    sessionWithUser: (idHash: Buffer) => sessionLookup(idHash).then(([row]) => row),

    touchSession: (idHash: Buffer, expiresAt: string) =>
      db
        .updateTable('sessions')
        .set({ last_seen_at: sql`now()`, expires_at: expiresAt })
        .where('id_hash', '=', idHash)
        .execute(),
    deleteSession: (idHash: Buffer) => db.deleteFrom('sessions').where('id_hash', '=', idHash).execute(),
    markSessionsMfaSatisfied: (userId: string) =>
      db.updateTable('sessions').set({ mfa_satisfied: true }).where('user_id', '=', userId).execute(),

    tokenWithUser: (tokenHash: Buffer) => tokenLookup(tokenHash).then(([row]) => row),
    touchToken: (id: string) =>
      db
        .updateTable('api_tokens')
        .set({ last_used_at: sql`now()` })
        .where('id', '=', id)
        .execute(),
  };
}

export type AuthRepository = ReturnType<typeof createAuthRepository>;
