import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/index.ts';
import { compactRegionName, normaliseRegionName } from './search-terms.ts';

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
        parentCode === null ? query.where('level', '=', 1) : query.where('parent_code', '=', parentCode);
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

    /** Typo-tolerant name search inside the scope: trigram similarity on the normalised name, best first. */
    async search(
      text: string,
      scopePath: string,
      limit: number,
    ): Promise<Array<RegionRow & { score: number }>> {
      const normal = normaliseRegionName(text);
      const compact = compactRegionName(text);
      if (!compact) return [];
      const rows = await sql<RegionRow & { score: number }>`
        SELECT code, name, level, parent_code, timezone,
               greatest(similarity(search_name, ${normal}), similarity(compact_name, ${compact}),
                        word_similarity(${normal}, search_name)) AS score
          FROM regions
         WHERE path <@ ${scopePath}::ltree
           AND (search_name % ${normal} OR compact_name % ${compact} OR ${normal} <% search_name)
         ORDER BY score DESC, level, name
         LIMIT ${limit}`.execute(db);
      return rows.rows;
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
