import {
  agencyBatchItemSchema,
  inferAgencyKind,
  isWithinScope,
  type Agency,
  type AgencyCreate,
  type AgencyUpdate,
  type User,
} from '@sinergi/shared';
import type { Actor } from '../../http/actor.ts';
import { AppError } from '../../http/errors.ts';
import { decodeCursor, page } from '../../http/pagination.ts';
import { isUniqueViolation, regionInfo, type NeutralityDeps, type RegionInfo } from './context.ts';
import { parseAgencyImport, type ImportField, type ImportProblem } from './import.ts';
import { displayRegionName } from './pledge-text.ts';
import { presentAgency } from './presenter.ts';
import type { Executor } from './repository.ts';
import { STARTER_AGENCIES } from './starter.ts';

const NAME_KEY = 'agencies_region_name_key';

export function createAgencyService(deps: NeutralityDeps) {
  const { repository, regions, users, audit } = deps;
  const db = repository.db;

  /** Regions that hold agencies: a province, regency or city, district or village — never the country. */
  const agencyRegion = async (code: string, field = 'regionCode'): Promise<RegionInfo> => {
    const region = await regionInfo(regions, code, field);
    if (region.level === 0)
      throw new AppError('validation.invalid', [
        { in: 'body', path: field, message: 'an agency belongs to a province, regency or lower region' },
      ]);
    return region;
  };

  const requireInScope = (actor: Actor, regionCode: string) => {
    if (!isWithinScope(regionCode, actor.scopeCode)) throw new AppError('access.forbidden');
  };

  /** An existing account may head an agency when it is an agency head of exactly that region. */
  const checkHeadUser = async (
    actor: Actor,
    executor: Executor,
    userId: string,
    regionCode: string,
    agencyId?: string,
  ): Promise<User> => {
    let user: User;
    try {
      user = await users.get(actor, userId);
    } catch {
      throw new AppError('agency.head_user_invalid', [
        { path: 'headUserId', message: 'no such user in your scope' },
      ]);
    }
    if (user.role !== 'agency_head' || user.scope.code !== regionCode)
      throw new AppError('agency.head_user_invalid', [
        { path: 'headUserId', message: `needs role agency_head with scope ${regionCode}` },
      ]);
    const heading = await repository.agencyByHeadUser(executor, userId);
    if (heading && heading.id !== agencyId) throw new AppError('agency.head_user_taken');
    return user;
  };

  const createHeadAccount = async (
    actor: Actor,
    account: NonNullable<AgencyCreate['headAccount']>,
    headName: string,
    agencyName: string,
    regionCode: string,
  ): Promise<User> =>
    users.create(actor, {
      username: account.username,
      name: headName,
      password: account.password,
      role: 'agency_head',
      scopeCode: regionCode,
      institution: agencyName,
      ...(account.email ? { email: account.email } : {}),
    });

  /** An account made for an agency that then failed to be saved must not stay usable. */
  const disableAccount = async (actor: Actor, user: User | undefined) => {
    if (user) await users.update(actor, user.id, { active: false }).catch(() => undefined);
  };

  const nameTaken = async (regionCode: string, name: string, exceptId?: string) => {
    const row = await db
      .selectFrom('agencies')
      .select('id')
      .where('region_code', '=', regionCode)
      .where((eb) => eb(eb.fn('lower', ['name']), '=', name.toLowerCase()))
      .executeTakeFirst();
    return row !== undefined && row.id !== exceptId;
  };

  const get = async (actor: Actor, id: string): Promise<Agency> => {
    const row = await repository.agencyById(db, id, actor.scopePath);
    if (!row) throw new AppError('agency.not_found');
    if (actor.role === 'agency_head' && row.head_user_id !== actor.userId)
      throw new AppError('access.forbidden');
    return presentAgency(row);
  };

  /** Validates and inserts many agencies at once: all or nothing, problems named by row and column. */
  const createMany = async (
    actor: Actor,
    defaultRegionCode: string,
    rows: Array<{ row: number; values: Partial<Record<ImportField, string>> }>,
    columnName: (field: string) => string,
    problems: ImportProblem[],
    action: 'agency.import' | 'agency.batch',
  ): Promise<Agency[]> => {
    const home = await agencyRegion(defaultRegionCode);
    requireInScope(actor, home.code);
    const regionCache = new Map<string, RegionInfo | null>([[home.code, home]]);
    const items: Array<{
      row: number;
      region: RegionInfo;
      value: ReturnType<typeof agencyBatchItemSchema.parse>;
    }> = [];
    for (const { row, values } of rows) {
      const parsed = agencyBatchItemSchema.safeParse(values);
      if (!parsed.success) {
        for (const issue of parsed.error.issues)
          problems.push({ row, column: columnName(String(issue.path[0] ?? 'row')), message: issue.message });
        continue;
      }
      const code = parsed.data.regionCode ?? home.code;
      if (!regionCache.has(code)) {
        regionCache.set(code, await regionInfo(regions, code).catch(() => null));
      }
      const region = regionCache.get(code) ?? null;
      if (!region || !isWithinScope(code, home.code)) {
        problems.push({
          row,
          column: columnName('regionCode'),
          message: `${code} is not a region inside ${home.code}`,
        });
        continue;
      }
      items.push({ row, region, value: parsed.data });
    }
    const existing = await repository.existingNames([...new Set(items.map((i) => i.region.code))]);
    const seen = new Map<string, number>();
    for (const item of items) {
      const key = `${item.region.code}|${item.value.name.toLowerCase()}`;
      if (existing.has(key))
        problems.push({
          row: item.row,
          column: columnName('name'),
          message: 'already registered in this region',
        });
      const first = seen.get(key);
      if (first !== undefined)
        problems.push({ row: item.row, column: columnName('name'), message: `same agency as row ${first}` });
      else seen.set(key, item.row);
    }
    if (problems.length > 0) {
      problems.sort((a, b) => a.row - b.row);
      throw new AppError('agency.import_invalid', problems);
    }
    const ids = await db
      .transaction()
      .execute(async (trx) => {
        const inserted = await trx
          .insertInto('agencies')
          .values(
            items.map(({ region, value }) => ({
              region_code: region.code,
              region_path: region.path,
              timezone: region.timezone,
              name: value.name,
              kind: value.kind ?? inferAgencyKind(value.name),
              head_name: value.headName,
              head_title: value.headTitle ?? null,
              head_nip: value.headNip ?? null,
              email: value.email ?? null,
              phone: value.phone ?? null,
              created_by: actor.userId,
            })),
          )
          .returning(['id', 'name'])
          .execute();
        await audit.record(trx, actor, {
          action,
          entityType: 'agency',
          entityId: null,
          regionPath: home.path,
          changes: { regionCode: home.code, count: inserted.length, agencies: inserted },
        });
        return inserted.map((r) => r.id);
      })
      .catch((error: unknown) => {
        if (isUniqueViolation(error, NAME_KEY)) throw new AppError('agency.name_taken');
        throw error;
      });
    const created = await repository.agenciesByIds(ids, actor.scopePath);
    return created.sort((a, b) => a.name.localeCompare(b.name)).map(presentAgency);
  };

  return {
    get,

    async create(actor: Actor, input: AgencyCreate): Promise<Agency> {
      const region = await agencyRegion(input.regionCode);
      requireInScope(actor, region.code);
      if (input.headUserId && input.headAccount)
        throw new AppError('validation.invalid', [
          { in: 'body', path: 'headAccount', message: 'give headUserId or headAccount, not both' },
        ]);
      if (await nameTaken(region.code, input.name)) throw new AppError('agency.name_taken');
      let linked: User | undefined;
      let createdAccount: User | undefined;
      if (input.headUserId) linked = await checkHeadUser(actor, db, input.headUserId, region.code);
      if (input.headAccount) {
        createdAccount = await createHeadAccount(
          actor,
          input.headAccount,
          input.headName,
          input.name,
          region.code,
        );
        linked = createdAccount;
      }
      try {
        const id = await db.transaction().execute(async (trx) => {
          const row = await trx
            .insertInto('agencies')
            .values({
              region_code: region.code,
              region_path: region.path,
              timezone: region.timezone,
              name: input.name,
              kind: input.kind ?? inferAgencyKind(input.name),
              head_name: input.headName,
              head_title: input.headTitle ?? null,
              head_nip: input.headNip ?? null,
              email: input.email ?? null,
              phone: input.phone ?? null,
              head_user_id: linked?.id ?? null,
              head_username: linked?.username ?? null,
              created_by: actor.userId,
            })
            .returning('id')
            .executeTakeFirstOrThrow();
          await audit.record(trx, actor, {
            action: 'agency.create',
            entityType: 'agency',
            entityId: row.id,
            regionPath: region.path,
            changes: {
              regionCode: region.code,
              name: input.name,
              headName: input.headName,
              headNip: input.headNip ?? null,
              headUserId: linked?.id ?? null,
            },
          });
          return row.id;
        });
        return await get(actor, id);
      } catch (error) {
        await disableAccount(actor, createdAccount);
        if (isUniqueViolation(error, NAME_KEY)) throw new AppError('agency.name_taken');
        if (isUniqueViolation(error)) throw new AppError('agency.head_user_taken');
        throw error;
      }
    },

    async update(actor: Actor, id: string, changes: AgencyUpdate): Promise<Agency> {
      const current = await repository.agencyById(db, id, actor.scopePath);
      if (!current) throw new AppError('agency.not_found');
      if (changes.headUserId !== undefined && changes.headAccount)
        throw new AppError('validation.invalid', [
          { in: 'body', path: 'headAccount', message: 'give headUserId or headAccount, not both' },
        ]);
      if (changes.name !== undefined && (await nameTaken(current.region_code, changes.name, id)))
        throw new AppError('agency.name_taken');
      let linked: User | null | undefined;
      let createdAccount: User | undefined;
      if (changes.headUserId)
        linked = await checkHeadUser(actor, db, changes.headUserId, current.region_code, id);
      if (changes.headUserId === null) linked = null;
      if (changes.headAccount) {
        createdAccount = await createHeadAccount(
          actor,
          changes.headAccount,
          changes.headName ?? current.head_name,
          changes.name ?? current.name,
          current.region_code,
        );
        linked = createdAccount;
      }
      const { headAccount: _account, headUserId: _user, ...fields } = changes;
      try {
        await db.transaction().execute(async (trx) => {
          const locked = await repository.agencyById(trx, id, actor.scopePath, true);
          if (!locked) throw new AppError('agency.not_found');
          await trx
            .updateTable('agencies')
            .set({
              ...(fields.name !== undefined ? { name: fields.name } : {}),
              ...(fields.kind !== undefined ? { kind: fields.kind } : {}),
              ...(fields.headName !== undefined ? { head_name: fields.headName } : {}),
              ...(fields.headTitle !== undefined ? { head_title: fields.headTitle } : {}),
              ...(fields.headNip !== undefined ? { head_nip: fields.headNip } : {}),
              ...(fields.email !== undefined ? { email: fields.email } : {}),
              ...(fields.phone !== undefined ? { phone: fields.phone } : {}),
              ...(fields.active !== undefined ? { active: fields.active } : {}),
              ...(linked !== undefined
                ? { head_user_id: linked?.id ?? null, head_username: linked?.username ?? null }
                : {}),
              updated_at: deps.clock.now().toISOString(),
            })
            .where('id', '=', id)
            .execute();
          if (fields.active !== undefined)
            await trx
              .updateTable('pledges')
              .set({ agency_active: fields.active })
              .where('agency_id', '=', id)
              .execute();
          await audit.record(trx, actor, {
            action: 'agency.update',
            entityType: 'agency',
            entityId: id,
            regionPath: current.region_path,
            changes: { ...fields, ...(linked !== undefined ? { headUserId: linked?.id ?? null } : {}) },
          });
        });
      } catch (error) {
        await disableAccount(actor, createdAccount);
        if (isUniqueViolation(error, NAME_KEY)) throw new AppError('agency.name_taken');
        if (isUniqueViolation(error)) throw new AppError('agency.head_user_taken');
        throw error;
      }
      return get(actor, id);
    },

    async list(
      actor: Actor,
      query: {
        region?: string;
        kind?: string;
        q?: string;
        active: 'true' | 'false' | 'all';
        limit: number;
        cursor?: string;
      },
    ) {
      const regionPath =
        query.region === undefined ? undefined : (await regionInfo(regions, query.region, 'region')).path;
      const after = decodeCursor(query.cursor, 2) as [string, string] | undefined;
      const rows = await repository.listAgencies(
        actor.scopePath,
        {
          regionPath,
          kind: query.kind,
          q: query.q,
          active: query.active === 'all' ? undefined : query.active === 'true',
          // An agency head sees the one agency they head.
          headUserId: actor.role === 'agency_head' ? actor.userId : undefined,
        },
        query.limit,
        after,
      );
      const result = page(rows, query.limit, (r) => [r.name, r.id]);
      return { items: result.items.map(presentAgency), nextCursor: result.nextCursor };
    },

    /** The usual agencies of a province or regency, and the regency's kecamatan, marked if registered. */
    async starter(actor: Actor, regionCode: string) {
      const region = await agencyRegion(regionCode, 'region');
      if (region.level > 2)
        throw new AppError('validation.invalid', [
          { in: 'querystring', path: 'region', message: 'a starter list is for a province, regency or city' },
        ]);
      requireInScope(actor, region.code);
      const items = STARTER_AGENCIES.map((a) => ({ ...a, regionCode: region.code }));
      if (region.level === 2) {
        for (const district of await regions.childrenOf(region.code)) {
          items.push({
            name: `Kecamatan ${displayRegionName(district.name)}`,
            kind: 'kecamatan',
            headTitle: 'Camat',
            regionCode: district.code,
          });
        }
      }
      const existing = await repository.existingNames([...new Set(items.map((i) => i.regionCode))]);
      return {
        items: items.map((i) => ({
          ...i,
          registered: existing.has(`${i.regionCode}|${i.name.toLowerCase()}`),
        })),
      };
    },

    async batch(
      actor: Actor,
      input: { regionCode: string; items: Array<Partial<Record<ImportField, string>>> },
    ): Promise<{ imported: number; items: Agency[] }> {
      const created = await createMany(
        actor,
        input.regionCode,
        input.items.map((values, i) => ({ row: i + 1, values })),
        (field) => field,
        [],
        'agency.batch',
      );
      return { imported: created.length, items: created };
    },

    /** A CSV or XLSX list of agencies; any problem in any row imports nothing. */
    async importFile(
      actor: Actor,
      regionCode: string,
      bytes: Buffer,
    ): Promise<{ imported: number; items: Agency[] }> {
      await agencyRegion(regionCode);
      requireInScope(actor, regionCode);
      const parsed = await parseAgencyImport(bytes);
      const created = await createMany(
        actor,
        regionCode,
        parsed.rows,
        (field) => parsed.headers[field as ImportField] ?? field,
        parsed.problems,
        'agency.import',
      );
      return { imported: created.length, items: created };
    },
  };
}

export type AgencyService = ReturnType<typeof createAgencyService>;
