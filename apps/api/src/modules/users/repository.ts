import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../db/index.ts';

export interface UserRow {
  id: string;
  username: string;
  name: string;
  role: string;
  scope_code: string;
  scope_name: string | null;
  institution: string | null;
  email: string | null;
  phone: string | null;
  active: boolean;
  totp_enrolled_at: string | null;
  created_at: string;
}

/** Every query takes the caller's scope path; users outside it do not exist for the caller. */
export function createUserRepository(db: Kysely<DB>) {
  const base = (executor: Kysely<DB> | Transaction<DB>) =>
    executor
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
        'u.email',
        'u.phone',
        'u.active',
        'u.totp_enrolled_at',
        'u.created_at',
      ]);

  return {
    db,
    byId: (
      id: string,
      scopePath: string,
      executor: Kysely<DB> | Transaction<DB> = db,
    ): Promise<UserRow | undefined> =>
      base(executor)
        .where('u.id', '=', id)
        .where(sql<boolean>`u.scope_path <@ ${scopePath}::ltree`)
        .executeTakeFirst(),

    async list(
      scopePath: string,
      filter: { regionPath?: string; role?: string; q?: string },
      limit: number,
      after?: [string, string],
    ) {
      let query = base(db).where(sql<boolean>`u.scope_path <@ ${scopePath}::ltree`);
      if (filter.regionPath !== undefined)
        query = query.where(sql<boolean>`u.scope_path <@ ${filter.regionPath}::ltree`);
      if (filter.role) query = query.where('u.role', '=', filter.role);
      if (filter.q) {
        const like = `%${filter.q.replace(/[\\%_]/g, '\\$&')}%`;
        query = query.where((eb) => eb.or([eb('u.username', 'ilike', like), eb('u.name', 'ilike', like)]));
      }
      if (after) query = query.where(sql<boolean>`(u.username, u.id) > (${after[0]}, ${after[1]}::uuid)`);
      return query
        .orderBy('u.username')
        .orderBy('u.id')
        .limit(limit + 1)
        .execute();
    },

    usernameTaken: async (username: string) =>
      (await db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirst()) !==
      undefined,

    countUsers: async () =>
      (
        await db
          .selectFrom('users')
          .select(sql<number>`count(*)::int`.as('n'))
          .executeTakeFirstOrThrow()
      ).n,
  };
}

export type UserRepository = ReturnType<typeof createUserRepository>;
