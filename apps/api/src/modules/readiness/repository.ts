import { sql, type Kysely, type Transaction, type Updateable } from 'kysely';
import type { DB } from '../../db/index.ts';
import type { ReadinessItemsTable, ReadinessTables } from './tables.ts';

type ReadinessDB = DB & ReadinessTables;
type Executor = Kysely<ReadinessDB> | Transaction<ReadinessDB>;

export interface ChecklistRow {
  id: string;
  region_code: string;
  region_name: string;
  region_level: number;
  region_path: string;
  election_id: string;
  stage_code: string;
  template_code: string;
  created_at: string;
}

export interface ItemRow {
  id: string;
  checklist_id: string;
  area: string;
  position: number;
  title: string;
  status: string;
  owner_institution: string | null;
  owner_user_id: string | null;
  owner_user_name: string | null;
  evidence_note: string | null;
  evidence_sha256: string | null;
  evidence_mime: string | null;
  evidence_size: number | null;
  evidence_name: string | null;
  done_at: string | null;
  updated_at: string;
  updated_by_name: string | null;
}

export interface CountRow {
  /** The checklist, or the direct child region of a roll-up (null: the region itself). */
  key: string | null;
  area: string;
  status: string;
  n: number;
}

export interface ChecklistFilter {
  electionId?: string;
  stageCode?: string;
}

const ITEM_COLUMNS = [
  'i.id',
  'i.checklist_id',
  'i.area',
  'i.position',
  'i.title',
  'i.status',
  'i.owner_institution',
  'i.owner_user_id',
  'i.owner_user_name',
  'i.evidence_note',
  'i.evidence_sha256',
  'i.evidence_mime',
  'i.evidence_size',
  'i.evidence_name',
  'i.done_at',
  'i.updated_at',
  'i.updated_by_name',
] as const;

/** Readiness queries; every read takes the caller's scope path ('' for the whole country). */
export function createReadinessRepository(database: Kysely<DB>) {
  const db = database.withTables<ReadinessTables>();

  const checklists = (executor: Executor) =>
    executor
      .selectFrom('readiness_checklists as c')
      .innerJoin('regions as r', 'r.code', 'c.region_code')
      .select([
        'c.id',
        'c.region_code',
        'r.name as region_name',
        'r.level as region_level',
        sql<string>`c.region_path::text`.as('region_path'),
        'c.election_id',
        'c.stage_code',
        'c.template_code',
        'c.created_at',
      ]);

  const inScope = (column: string, scopePath: string) =>
    sql<boolean>`${sql.ref(column)} <@ ${scopePath}::ltree`;

  return {
    db,

    /** Inserts a checklist and its items; undefined when one exists for the region and stage. */
    async insertChecklist(
      trx: Transaction<ReadinessDB>,
      checklist: {
        regionCode: string;
        regionPath: string;
        electionId: string;
        stageCode: string;
        templateCode: string;
        createdBy: string | null;
      },
      items: Array<{ area: string; title: string; ownerInstitution: string | null }>,
      updatedByName: string,
    ): Promise<string | undefined> {
      const row = await trx
        .insertInto('readiness_checklists')
        .values({
          region_code: checklist.regionCode,
          region_path: checklist.regionPath,
          election_id: checklist.electionId,
          stage_code: checklist.stageCode,
          template_code: checklist.templateCode,
          created_by: checklist.createdBy,
        })
        .onConflict((oc) => oc.columns(['election_id', 'stage_code', 'region_code']).doNothing())
        .returning('id')
        .executeTakeFirst();
      if (!row) return undefined;
      if (items.length > 0) {
        await trx
          .insertInto('readiness_items')
          .values(
            items.map((item, position) => ({
              checklist_id: row.id,
              area: item.area,
              position,
              title: item.title,
              owner_institution: item.ownerInstitution,
              owner_user_id: null,
              owner_user_name: null,
              evidence_note: null,
              evidence_sha256: null,
              evidence_mime: null,
              evidence_size: null,
              evidence_name: null,
              done_at: null,
              updated_by_name: updatedByName,
            })),
          )
          .execute();
      }
      return row.id;
    },

    /** The checklist whether or not the scope covers it; `visible` tells 403 from 404. */
    async checklistById(
      id: string,
      scopePath: string,
      executor: Executor = db,
    ): Promise<(ChecklistRow & { visible: boolean }) | undefined> {
      return checklists(executor)
        .select(inScope('c.region_path', scopePath).as('visible'))
        .where('c.id', '=', id)
        .executeTakeFirst();
    },

    async listChecklists(
      scopePath: string,
      regionPath: string,
      filter: ChecklistFilter,
      limit: number,
      after?: [string, string],
    ): Promise<ChecklistRow[]> {
      let query = checklists(db)
        .where(inScope('c.region_path', scopePath))
        .where(inScope('c.region_path', regionPath));
      if (filter.electionId) query = query.where('c.election_id', '=', filter.electionId);
      if (filter.stageCode) query = query.where('c.stage_code', '=', filter.stageCode);
      if (after) query = query.where(sql<boolean>`(c.region_code, c.id) > (${after[0]}, ${after[1]}::uuid)`);
      return query
        .orderBy('c.region_code')
        .orderBy('c.id')
        .limit(limit + 1)
        .execute();
    },

    async itemsOf(checklistId: string, executor: Executor = db): Promise<ItemRow[]> {
      return executor
        .selectFrom('readiness_items as i')
        .select(ITEM_COLUMNS)
        .where('i.checklist_id', '=', checklistId)
        .orderBy('i.position')
        .execute();
    },

    /** Item counts per checklist, area and status. */
    async countsOf(checklistIds: string[]): Promise<CountRow[]> {
      if (checklistIds.length === 0) return [];
      return db
        .selectFrom('readiness_items')
        .select(['checklist_id as key', 'area', 'status', sql<number>`count(*)::int`.as('n')])
        .where('checklist_id', 'in', checklistIds)
        .groupBy(['checklist_id', 'area', 'status'])
        .execute();
    },

    /** The item with its checklist's region, whether or not the scope covers it. */
    async itemById(
      id: string,
      scopePath: string,
      executor: Executor = db,
    ): Promise<(ItemRow & { region_code: string; region_path: string; visible: boolean }) | undefined> {
      return executor
        .selectFrom('readiness_items as i')
        .innerJoin('readiness_checklists as c', 'c.id', 'i.checklist_id')
        .select(ITEM_COLUMNS)
        .select([
          'c.region_code',
          sql<string>`c.region_path::text`.as('region_path'),
          inScope('c.region_path', scopePath).as('visible'),
        ])
        .where('i.id', '=', id)
        .executeTakeFirst();
    },

    async insertItem(
      trx: Transaction<ReadinessDB>,
      checklistId: string,
      item: {
        area: string;
        title: string;
        ownerInstitution: string | null;
        ownerUserId: string | null;
        ownerUserName: string | null;
        updatedByName: string;
      },
    ): Promise<string> {
      // The checklist row is locked so that two additions cannot take the same position.
      await trx
        .selectFrom('readiness_checklists')
        .select('id')
        .where('id', '=', checklistId)
        .forUpdate()
        .execute();
      const { id } = await trx
        .insertInto('readiness_items')
        .values((eb) => ({
          checklist_id: checklistId,
          area: item.area,
          position: eb
            .selectFrom('readiness_items')
            .select(sql<number>`coalesce(max(position) + 1, 0)`.as('p'))
            .where('checklist_id', '=', checklistId),
          title: item.title,
          owner_institution: item.ownerInstitution,
          owner_user_id: item.ownerUserId,
          owner_user_name: item.ownerUserName,
          evidence_note: null,
          evidence_sha256: null,
          evidence_mime: null,
          evidence_size: null,
          evidence_name: null,
          done_at: null,
          updated_by_name: item.updatedByName,
        }))
        .returning('id')
        .executeTakeFirstOrThrow();
      return id;
    },

    async updateItem(
      trx: Transaction<ReadinessDB>,
      id: string,
      changes: Updateable<ReadinessItemsTable>,
    ): Promise<void> {
      await trx.updateTable('readiness_items').set(changes).where('id', '=', id).execute();
    },

    async lockItem(trx: Transaction<ReadinessDB>, id: string): Promise<void> {
      await trx.selectFrom('readiness_items').select('id').where('id', '=', id).forUpdate().execute();
    },

    /**
     * The direct children of a region ('ID': the provinces), for the roll-up rows; regions with no
     * checklist yet are listed too, so a province sees which regencies have not started.
     */
    async childRegions(code: string): Promise<Array<{ code: string; name: string; level: number }>> {
      let query = db.selectFrom('regions').select(['code', 'name', 'level']);
      query = code === 'ID' ? query.where('level', '=', 1) : query.where('parent_code', '=', code);
      return query.orderBy('code').execute();
    },

    /**
     * Item counts under `regionPath` (inside `scopePath`) by direct child region, area and status. `key`
     * is the child's code, or null for checklists of the region itself.
     */
    async rollup(scopePath: string, regionPath: string, filter: ChecklistFilter): Promise<CountRow[]> {
      const depth = regionPath === '' ? 0 : regionPath.split('.').length;
      let query = db
        .selectFrom('readiness_items as i')
        .innerJoin('readiness_checklists as c', 'c.id', 'i.checklist_id')
        .select([
          sql<
            string | null
          >`CASE WHEN nlevel(c.region_path) > ${depth} THEN subpath(c.region_path, 0, ${depth + 1})::text END`.as(
            'key',
          ),
          'i.area',
          'i.status',
          sql<number>`count(*)::int`.as('n'),
        ])
        .where(inScope('c.region_path', scopePath))
        .where(inScope('c.region_path', regionPath));
      if (filter.electionId) query = query.where('c.election_id', '=', filter.electionId);
      if (filter.stageCode) query = query.where('c.stage_code', '=', filter.stageCode);
      return query
        .groupBy(sql`1`)
        .groupBy(['i.area', 'i.status'])
        .execute();
    },
  };
}

export type ReadinessRepository = ReturnType<typeof createReadinessRepository>;
