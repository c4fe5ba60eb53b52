import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../db/index.ts';
import type { ElectionTables } from './tables.ts';

type ElectionDB = DB & ElectionTables;
type Executor = Kysely<ElectionDB> | Transaction<ElectionDB>;

export interface ElectionRow {
  id: string;
  name: string;
  kind: string;
  region_code: string | null;
  region_name: string | null;
  region_level: number | null;
  scope_path: string;
  voting_day: string;
  created_at: string;
  starts_on: string;
  ends_on: string;
  stage_count: number;
}

export interface StageRow {
  election_id: string;
  code: string;
  name: string;
  position: number;
  starts_on: string;
  ends_on: string;
  watch_items: unknown;
}

export interface NewElection {
  name: string;
  kind: string;
  regionCode: string | null;
  scopePath: string;
  votingDay: string;
  createdBy: string | null;
  stages: Array<{
    code: string;
    name: string;
    startsOn: string;
    endsOn: string;
    watchItems: Array<{ category: string | null; text: string | null }>;
  }>;
}

/**
 * An election is visible from a scope when it lies on the scope's line: inside the scope (a Pilkades
 * in one of its villages) or covering it (the national Pilkada). '' is the whole country.
 */
const onLine = (scopePath: string) =>
  sql<boolean>`(e.scope_path <@ ${scopePath}::ltree OR ${scopePath}::ltree <@ e.scope_path)`;

export function createElectionRepository(database: Kysely<DB>) {
  const db = database.withTables<ElectionTables>();

  const base = (executor: Executor) =>
    executor
      .selectFrom('elections as e')
      .leftJoin('regions as r', 'r.code', 'e.region_code')
      .select([
        'e.id',
        'e.name',
        'e.kind',
        'e.region_code',
        'r.name as region_name',
        'r.level as region_level',
        sql<string>`e.scope_path::text`.as('scope_path'),
        'e.voting_day',
        'e.created_at',
      ])
      .select((eb) => [
        eb
          .selectFrom('election_stages as s')
          .whereRef('s.election_id', '=', 'e.id')
          .select(sql<string>`min(s.starts_on)::text`.as('v'))
          .as('starts_on'),
        eb
          .selectFrom('election_stages as s')
          .whereRef('s.election_id', '=', 'e.id')
          .select(sql<string>`max(s.ends_on)::text`.as('v'))
          .as('ends_on'),
        eb
          .selectFrom('election_stages as s')
          .whereRef('s.election_id', '=', 'e.id')
          .select(sql<number>`count(*)::int`.as('v'))
          .as('stage_count'),
      ]);

  return {
    db,

    async insert(trx: Transaction<ElectionDB>, election: NewElection): Promise<string> {
      const { id } = await trx
        .insertInto('elections')
        .values({
          name: election.name,
          kind: election.kind,
          region_code: election.regionCode,
          scope_path: election.scopePath,
          voting_day: election.votingDay,
          created_by: election.createdBy,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx
        .insertInto('election_stages')
        .values(
          election.stages.map((stage, position) => ({
            election_id: id,
            code: stage.code,
            name: stage.name,
            position,
            starts_on: stage.startsOn,
            ends_on: stage.endsOn,
            watch_items: JSON.stringify(stage.watchItems),
          })),
        )
        .execute();
      return id;
    },

    /** The election whether or not the scope sees it, with `visible` saying which (403 vs 404). */
    async byId(id: string, scopePath: string): Promise<(ElectionRow & { visible: boolean }) | undefined> {
      return (await base(db)
        .select(onLine(scopePath).as('visible'))
        .where('e.id', '=', id)
        .executeTakeFirst()) as (ElectionRow & { visible: boolean }) | undefined;
    },

    async list(
      scopePath: string,
      filter: { linePath: string; kind?: string },
      limit: number,
      after?: [string, string],
    ): Promise<ElectionRow[]> {
      let query = base(db).where(onLine(scopePath)).where(onLine(filter.linePath));
      if (filter.kind) query = query.where('e.kind', '=', filter.kind);
      if (after)
        query = query.where(sql<boolean>`(e.voting_day, e.id) < (${after[0]}::date, ${after[1]}::uuid)`);
      return (await query
        .orderBy('e.voting_day', 'desc')
        .orderBy('e.id', 'desc')
        .limit(limit + 1)
        .execute()) as ElectionRow[];
    },

    /**
     * Elections on the line of `linePath` (and of the caller's scope) with a stage running on `on`;
     * broadest first (the national one before a village's Pilkades).
     */
    async runningOn(scopePath: string, linePath: string, on: string, limit: number): Promise<ElectionRow[]> {
      return (await base(db)
        .where(onLine(scopePath))
        .where(onLine(linePath))
        .where((eb) =>
          eb.exists(
            eb
              .selectFrom('election_stages as s')
              .select(sql`1`.as('one'))
              .whereRef('s.election_id', '=', 'e.id')
              .where('s.starts_on', '<=', on)
              .where('s.ends_on', '>=', on),
          ),
        )
        .orderBy(sql`nlevel(e.scope_path)`)
        .orderBy('e.voting_day')
        .orderBy('e.id')
        .limit(limit)
        .execute()) as ElectionRow[];
    },

    async stagesOf(electionIds: string[]): Promise<StageRow[]> {
      if (electionIds.length === 0) return [];
      return db
        .selectFrom('election_stages')
        .select([
          'election_id',
          'code',
          'name',
          'position',
          sql<string>`starts_on::text`.as('starts_on'),
          sql<string>`ends_on::text`.as('ends_on'),
          'watch_items',
        ])
        .where('election_id', 'in', electionIds)
        .orderBy('election_id')
        .orderBy('position')
        .execute();
    },
  };
}

export type ElectionRepository = ReturnType<typeof createElectionRepository>;
