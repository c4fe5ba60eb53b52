import { NATIONAL_CODE, type User, type UserCreate } from '@sinergi/shared';
import type { Actor } from '../../http/actor.ts';
import { AppError } from '../../http/errors.ts';
import { decodeCursor, page } from '../../http/pagination.ts';
import type { AuditService } from '../audit/index.ts';
import { hashPassword } from '../auth/index.ts';
import type { RegionService } from '../regions/index.ts';
import { mayManage, scopeFitsRole } from './policy.ts';
import { presentUser } from './presenter.ts';
import type { UserRepository } from './repository.ts';

export interface UserUpdate {
  name?: string;
  institution?: string | null;
  email?: string | null;
  phone?: string | null;
  active?: boolean;
  password?: string;
}

export function createUserService(deps: {
  repository: UserRepository;
  regions: RegionService;
  audit: AuditService;
  /**
   * Told after an account's change committed: what its API tokens stand for may have changed, and
   * the tokens kept by this process (auth module) must be read again.
   */
  accessChanged?: () => void;
}) {
  const { repository, regions, audit } = deps;

  const scopePathFor = async (scopeCode: string): Promise<string> => {
    if (scopeCode === NATIONAL_CODE) return '';
    try {
      return (await regions.require(scopeCode)).path;
    } catch {
      throw new AppError('validation.invalid', [
        { in: 'body', path: 'scopeCode', message: `unknown region ${scopeCode}` },
      ]);
    }
  };

  return {
    /** Used by the admin bootstrap and the demo seed as well as the API (actor null = the system). */
    async create(actor: Actor | null, input: UserCreate & { totpSecret?: string }): Promise<User> {
      if (actor && !mayManage(actor, input.role))
        throw new AppError('access.role_not_assignable', [{ path: 'role', message: input.role }]);
      if (!scopeFitsRole(input.role, input.scopeCode)) {
        throw new AppError('validation.invalid', [
          { in: 'body', path: 'scopeCode', message: `a ${input.role} cannot have scope ${input.scopeCode}` },
        ]);
      }
      const scopePath = await scopePathFor(input.scopeCode);
      if (await repository.usernameTaken(input.username)) throw new AppError('user.username_taken');
      const passwordHash = await hashPassword(input.password);
      const id = await repository.db.transaction().execute(async (trx) => {
        const row = await trx
          .insertInto('users')
          .values({
            username: input.username,
            name: input.name,
            password_hash: passwordHash,
            role: input.role,
            scope_code: input.scopeCode,
            scope_path: scopePath,
            institution: input.institution ?? null,
            email: input.email ?? null,
            phone: input.phone ?? null,
            created_by: actor?.userId ?? null,
            totp_secret: input.totpSecret ?? null,
            totp_enrolled_at: input.totpSecret ? new Date().toISOString() : null,
            totp_last_step: null,
          })
          .onConflict((oc) => oc.column('username').doNothing())
          .returning('id')
          .executeTakeFirst();
        if (!row) throw new AppError('user.username_taken');
        await audit.record(trx, actor, {
          action: 'user.create',
          entityType: 'user',
          entityId: row.id,
          regionPath: scopePath,
          changes: {
            username: input.username,
            name: input.name,
            role: input.role,
            scopeCode: input.scopeCode,
            institution: input.institution ?? null,
          },
        });
        return row.id;
      });
      const created = await repository.byId(id, '');
      if (!created) throw new Error('created user vanished');
      return presentUser(created);
    },

    async list(
      actor: Actor,
      query: { region?: string; role?: string; q?: string; limit: number; cursor?: string },
    ) {
      const regionPath = query.region === undefined ? undefined : await scopePathFor(query.region);
      const after = decodeCursor(query.cursor, 2) as [string, string] | undefined;
      const rows = await repository.list(
        actor.scopePath,
        { regionPath, role: query.role, q: query.q },
        query.limit,
        after,
      );
      const result = page(rows, query.limit, (r) => [r.username, r.id]);
      return { items: result.items.map(presentUser), nextCursor: result.nextCursor };
    },

    async get(actor: Actor, id: string): Promise<User> {
      const row = await repository.byId(id, actor.scopePath);
      if (!row) throw new AppError('resource.not_found');
      return presentUser(row);
    },

    async update(actor: Actor, id: string, changes: UserUpdate): Promise<User> {
      await repository.db.transaction().execute(async (trx) => {
        const current = await repository.byId(id, actor.scopePath, trx);
        if (!current) throw new AppError('resource.not_found');
        if (!mayManage(actor, current.role as User['role'], current.id))
          throw new AppError('access.forbidden');
        const { password, ...fields } = changes;
        const passwordHash = password === undefined ? undefined : await hashPassword(password);
        await trx
          .updateTable('users')
          .set({
            ...fields,
            ...(passwordHash ? { password_hash: passwordHash } : {}),
            updated_at: new Date().toISOString(),
          })
          .where('id', '=', id)
          .execute();
        if (fields.active === false || passwordHash)
          await trx.deleteFrom('sessions').where('user_id', '=', id).execute();
        await audit.record(trx, actor, {
          action: 'user.update',
          entityType: 'user',
          entityId: id,
          changes: { ...fields, ...(passwordHash ? { password: 'changed' } : {}) },
        });
      });
      deps.accessChanged?.();
      return this.get(actor, id);
    },

    count: () => repository.countUsers(),
  };
}

export type UserService = ReturnType<typeof createUserService>;
