import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../db/index.ts';
import type { SitrepTables } from './tables.ts';

type SitrepDb = Kysely<DB & SitrepTables>;
type Executor = SitrepDb | Transaction<DB & SitrepTables>;

export interface SitrepRow {
  id: string;
  region_code: string;
  region_name: string;
  region_path: string;
  parent_code: string;
  period_start: string;
  period_end: string;
  version: number;
  status: string;
  figures: unknown;
  narrative: string;
  supersedes: string | null;
  superseded_by: string | null;
  created_by_name: string;
  created_at: string;
  submitted_at: string | null;
  reviewed_at: string | null;
  review_note: string | null;
}

/**
 * Sitrep SQL. A caller sees the sitreps of its own subtree, and — as their recipient — the
 * non-draft sitreps sent to its scope region (`parent_code`).
 */
export function createSitrepRepository(base: Kysely<DB>) {
  const db: SitrepDb = base.withTables<SitrepTables>();
  const select = (executor: Executor) =>
    executor
      .selectFrom('sitreps as s')
      .innerJoin('regions as r', 'r.code', 's.region_code')
      .innerJoin('users as u', 'u.id', 's.created_by')
      .select([
        's.id',
        's.region_code',
        'r.name as region_name',
        's.region_path',
        's.parent_code',
        's.period_start',
        's.period_end',
        's.version',
        's.status',
        's.figures',
        's.narrative',
        's.supersedes',
        'u.name as created_by_name',
        's.created_at',
        's.submitted_at',
        's.reviewed_at',
        's.review_note',
      ])
      .select(
        sql<string | null>`(SELECT n.id FROM sitreps n WHERE n.supersedes = s.id LIMIT 1)`.as(
          'superseded_by',
        ),
      );

  const visible = (scopePath: string, scopeCode: string) =>
    sql<boolean>`(s.region_path <@ ${scopePath}::ltree OR (s.parent_code = ${scopeCode} AND s.status <> 'draft'))`;

  return {
    db,
    byId: (
      id: string,
      scopePath: string,
      scopeCode: string,
      executor: Executor = db,
    ): Promise<SitrepRow | undefined> =>
      select(executor).where('s.id', '=', id).where(visible(scopePath, scopeCode)).executeTakeFirst(),

    forUpdate: (trx: Transaction<DB & SitrepTables>, id: string) =>
      trx.selectFrom('sitreps').selectAll().where('id', '=', id).forUpdate().executeTakeFirst(),

    async nextVersion(
      trx: Transaction<DB & SitrepTables>,
      regionCode: string,
      periodStart: string,
      periodEnd: string,
    ): Promise<number> {
      // Serialises version numbering per region and period (two officers compiling at once).
      await sql`SELECT pg_advisory_xact_lock(hashtext(${`sitrep:${regionCode}:${periodStart}:${periodEnd}`}))`.execute(
        trx,
      );
      const row = await trx
        .selectFrom('sitreps')
        .select(sql<number>`coalesce(max(version), 0)`.as('v'))
        .where('region_code', '=', regionCode)
        .where('period_start', '=', periodStart)
        .where('period_end', '=', periodEnd)
        .executeTakeFirstOrThrow();
      return row.v + 1;
    },

    latestSent: (
      trx: Transaction<DB & SitrepTables>,
      regionCode: string,
      periodStart: string,
      periodEnd: string,
      exceptId: string,
    ) =>
      trx
        .selectFrom('sitreps')
        .select(['id'])
        .where('region_code', '=', regionCode)
        .where('period_start', '=', periodStart)
        .where('period_end', '=', periodEnd)
        .where('status', 'in', ['submitted', 'acknowledged', 'returned'])
        .where('id', '<>', exceptId)
        .execute(),

    async list(
      filter: {
        box: 'inbox' | 'outbox';
        scopePath: string;
        scopeCode: string;
        regionPath?: string;
        status?: string;
      },
      limit: number,
      after?: [string, string],
    ) {
      let query = select(db);
      query =
        filter.box === 'inbox'
          ? query.where('s.parent_code', '=', filter.scopeCode).where('s.status', '<>', 'draft')
          : query.where(sql<boolean>`s.region_path <@ ${filter.scopePath}::ltree`);
      if (filter.regionPath !== undefined)
        query = query.where(sql<boolean>`s.region_path <@ ${filter.regionPath}::ltree`);
      if (filter.status) query = query.where('s.status', '=', filter.status);
      if (after)
        query = query.where(
          sql<boolean>`(s.created_at, s.id) < (${after[0]}::timestamptz, ${after[1]}::uuid)`,
        );
      return query
        .orderBy('s.created_at', 'desc')
        .orderBy('s.id', 'desc')
        .limit(limit + 1)
        .execute() as Promise<SitrepRow[]>;
    },

    /** The newest sent (not draft, not superseded) sitrep of each child region for a period. */
    latestOfChildren: (childCodes: string[], periodStart: string, periodEnd: string) =>
      childCodes.length === 0
        ? Promise.resolve([])
        : db
            .selectFrom('sitreps')
            .select(['id', 'region_code', 'version', 'submitted_at', 'figures'])
            .where('region_code', 'in', childCodes)
            .where('period_start', '=', periodStart)
            .where('period_end', '=', periodEnd)
            .where('status', 'in', ['submitted', 'acknowledged', 'returned'])
            .execute(),

    /** First submission time of each child for a period (lateness counts from the first one). */
    firstSubmissions: (childCodes: string[], periodStart: string, periodEnd: string) =>
      childCodes.length === 0
        ? Promise.resolve([])
        : db
            .selectFrom('sitreps')
            .select([
              'region_code',
              sql<string>`min(submitted_at)`.as('first_submitted_at'),
              sql<string>`(array_agg(id ORDER BY version DESC))[1]`.as('latest_id'),
            ])
            .where('region_code', 'in', childCodes)
            .where('period_start', '=', periodStart)
            .where('period_end', '=', periodEnd)
            .where('submitted_at', 'is not', null)
            .groupBy('region_code')
            .execute(),
  };
}

export type SitrepRepository = ReturnType<typeof createSitrepRepository>;
