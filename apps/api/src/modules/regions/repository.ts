import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/index.ts';
import type { SearchableRegion } from './search-index.ts';

export interface RegionRow {
  code: string;
  name: string;
  level: number;
  parent_code: string | null;
  timezone: string;
}

const COLUMNS = ['code', 'name', 'level', 'parent_code', 'timezone'] as const;

/**
 * Region queries. `scopePath` is the caller's scope ('' for national); the browse queries return
 * regions inside it and, so the way down can be shown, its ancestors.
 */
export function createRegionRepository(db: Kysely<DB>) {
  const onScopeLine = (scopePath: string) =>
    sql<boolean>`(path <@ ${scopePath}::ltree OR ${scopePath}::ltree <@ path)`;

  return {
    async children(
      parentCode: string | null,
      scopePath: string,
      limit: number,
      after?: [string, string],
    ): Promise<RegionRow[]> {
      let query = db
        .selectFrom('regions')
        .select(COLUMNS)
        .where(onScopeLine(scopePath))
        .orderBy('name')
        .orderBy('code')
        .limit(limit + 1);
      query =
        // Provinces are the rows without a parent: `parent_code IS NULL` uses the (parent_code, name) index.
        parentCode === null
          ? query.where('parent_code', 'is', null)
          : query.where('parent_code', '=', parentCode);
      if (after) query = query.where(sql<boolean>`(name, code) > (${after[0]}, ${after[1]})`);
      return query.execute();
    },

    async byCode(
      code: string,
      scopePath: string,
    ): Promise<(RegionRow & { child_count: number }) | undefined> {
      return db
        .selectFrom('regions as r')
        .select(['r.code', 'r.name', 'r.level', 'r.parent_code', 'r.timezone'])
        .select((eb) =>
          eb
            .selectFrom('regions as c')
            .whereRef('c.parent_code', '=', 'r.code')
            .select(sql<number>`count(*)::int`.as('n'))
            .as('child_count'),
        )
        .where('r.code', '=', code)
        .where(sql<boolean>`(r.path <@ ${scopePath}::ltree OR ${scopePath}::ltree <@ r.path)`)
        .executeTakeFirst() as Promise<(RegionRow & { child_count: number }) | undefined>;
    },

    async ancestors(code: string): Promise<Array<{ code: string; name: string }>> {
      return db
        .selectFrom('regions')
        .select(['code', 'name'])
        .where(sql<boolean>`path @> ${code}::ltree`)
        .orderBy('level')
        .execute();
    },

    /** Every region with its search forms, for the in-memory search (search-index.ts). */
    async searchable(): Promise<SearchableRegion[]> {
      return db
        .selectFrom('regions')
        .select([...COLUMNS, 'search_name', 'compact_name'])
        .orderBy('code')
        .execute();
    },

    async exists(code: string): Promise<boolean> {
      const row = await db.selectFrom('regions').select('code').where('code', '=', code).executeTakeFirst();
      return row !== undefined;
    },

    async pathOf(code: string): Promise<string | undefined> {
      const row = await db.selectFrom('regions').select('path').where('code', '=', code).executeTakeFirst();
      return row?.path;
    },

    async counts(): Promise<Record<number, number>> {
      const rows = await db
        .selectFrom('regions')
        .select(['level', sql<number>`count(*)::int`.as('n')])
        .groupBy('level')
        .execute();
      return Object.fromEntries(rows.map((r) => [r.level, r.n]));
    },
  };
}

export type RegionRepository = ReturnType<typeof createRegionRepository>;
