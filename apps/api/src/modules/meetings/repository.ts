import {
  sql,
  type Insertable,
  type Kysely,
  type RawBuilder,
  type Transaction,
  type Updateable,
} from 'kysely';
import type { DB } from '../../db/index.ts';
import type {
  FollowUpEvidenceTable,
  FollowUpsTable,
  MeetingAttachmentsTable,
  MeetingsTable,
  MeetingTables,
} from './tables.ts';

export type MeetingDB = DB & MeetingTables;
export type Executor = Kysely<MeetingDB> | Transaction<MeetingDB>;

/** Visible to a scope: inside its subtree. Every query below filters by it. */
const inScope = (column: string, scopePath: string) =>
  sql<boolean>`${sql.ref(column)} <@ ${scopePath}::ltree`;

export interface MeetingRow {
  id: string;
  region_code: string;
  region_path: string;
  region_name: string;
  region_level: number;
  timezone: string;
  kind: string;
  title: string;
  theme: string | null;
  starts_at: string;
  ends_at: string | null;
  venue: string | null;
  link: string | null;
  agenda: string[];
  summary: string | null;
  chair_name: string | null;
  chair_position: string | null;
  chair_user_id: string | null;
  minutes_taker_name: string | null;
  minutes_taker_position: string | null;
  organizer: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  participant_count: number;
  attended_count: number;
  decision_count: number;
  open_follow_ups: number;
  overdue_follow_ups: number;
}

export interface LegalBasisRow {
  id: string;
  kind: string;
  number: string;
  year: number;
  title: string;
  region_code: string | null;
}

export interface ParticipantRow {
  id: string;
  meeting_id: string;
  name: string;
  position: string;
  institution: string;
  representing: string | null;
  attended: boolean;
  user_id: string | null;
  invitation_sent_at: string | null;
}

export interface DecisionRow {
  id: string;
  meeting_id: string;
  number: number;
  text: string;
  created_at: string;
}

export interface FollowUpRow {
  id: string;
  decision_id: string;
  decision_number: number;
  decision_text: string;
  meeting_id: string;
  meeting_title: string;
  meeting_starts_at: string;
  region_code: string;
  region_path: string;
  region_name: string;
  timezone: string;
  title: string;
  assignee_institution: string | null;
  assignee_user_id: string | null;
  assignee_name: string | null;
  due_on: string;
  due_at: string;
  status: string;
  drop_reason: string | null;
  completed_at: string | null;
  created_at: string;
  updated_at: string;
}

/** A row of the follow-up list: the follow-up and its evidence (null: none, or not asked for). */
export type FollowUpListRow = FollowUpRow & { evidence: EvidenceRow[] | null };

export interface EvidenceRow {
  id: string;
  follow_up_id: string;
  text: string | null;
  file_sha256: string | null;
  file_name: string | null;
  file_mime: string | null;
  file_size: number | null;
  created_by_name: string;
  created_at: string;
}

export interface AttachmentRow {
  id: string;
  meeting_id: string;
  kind: string;
  name: string;
  sha256: string;
  mime: string;
  size: number;
  created_at: string;
}

/** Who a follow-up list is for, when it is "mine": the user and the institution they work for. */
export interface Owner {
  userId: string;
  institution: string | null;
}

export interface FollowUpFilter {
  regionPath?: string;
  statuses?: string[];
  overdue?: boolean;
  mine?: Owner;
  meetingId?: string;
}

/**
 * A follow-up assigned to an institution belongs to every user of that institution: "Polres" is
 * owned by a user whose institution is "Polres" or "Polres Tanjung Jabung Timur".
 */
function ownedBy(owner: Owner) {
  const institution = owner.institution?.trim().toLowerCase() ?? null;
  return sql<boolean>`(f.assignee_user_id = ${owner.userId}::uuid OR (${institution}::text IS NOT NULL
    AND f.assignee_institution IS NOT NULL
    AND (lower(f.assignee_institution) = ${institution}::text
      OR starts_with(${institution}::text, lower(f.assignee_institution) || ' '))))`;
}

/** A follow-up row's columns over `f` (follow_ups, or the page of it) and its joins d, m, r, u. */
const FOLLOW_UP_COLUMNS = [
  'f.id',
  'f.decision_id',
  'd.number as decision_number',
  'd.text as decision_text',
  'f.meeting_id',
  'm.title as meeting_title',
  'm.starts_at as meeting_starts_at',
  'f.region_code',
  'r.name as region_name',
  'r.timezone',
  'f.title',
  'f.assignee_institution',
  'f.assignee_user_id',
  'u.name as assignee_name',
  'f.due_on',
  'f.due_at',
  'f.status',
  'f.drop_reason',
  'f.completed_at',
  'f.created_at',
  'f.updated_at',
] as const;

/** Follow-ups are held by provinces, regencies and districts: migration 0301 indexes these levels. */
const INDEXED_LEVELS = 3;

/**
 * The first `level` labels of f.region_path, written exactly as the expression of the index
 * follow_ups_l<level>_due_idx (0301) so that the planner matches it; the level is a literal for that
 * reason, and the CASE keeps it defined for shorter paths.
 */
const subtreeAtLevel = (level: number) =>
  sql<string>`(CASE WHEN nlevel(f.region_path) >= ${sql.lit(level)} THEN subpath(f.region_path, 0, ${sql.lit(level)}) END)`;

/** Conditions joined with AND (none: true). */
const allOf = (conditions: RawBuilder<boolean>[]) =>
  conditions.length === 0 ? sql<boolean>`true` : sql<boolean>`(${sql.join(conditions, sql` AND `)})`;

/** ltree depth of a path; '' (the whole country) is 0. */
const depth = (path: string) => (path === '' ? 0 : path.split('.').length);

export function createMeetingRepository(db: Kysely<MeetingDB>) {
  const meetingBase = (executor: Executor, now: Date) =>
    executor
      .selectFrom('meetings as m')
      .innerJoin('regions as r', 'r.code', 'm.region_code')
      .selectAll('m')
      .select([
        'r.name as region_name',
        'r.level as region_level',
        'r.timezone',
        sql<number>`(SELECT count(*)::int FROM meeting_participants p WHERE p.meeting_id = m.id)`.as(
          'participant_count',
        ),
        sql<number>`(SELECT count(*)::int FROM meeting_participants p WHERE p.meeting_id = m.id AND p.attended)`.as(
          'attended_count',
        ),
        sql<number>`(SELECT count(*)::int FROM meeting_decisions d WHERE d.meeting_id = m.id)`.as(
          'decision_count',
        ),
        sql<number>`(SELECT count(*)::int FROM follow_ups f WHERE f.meeting_id = m.id
          AND f.status IN ('open', 'in_progress'))`.as('open_follow_ups'),
        sql<number>`(SELECT count(*)::int FROM follow_ups f WHERE f.meeting_id = m.id
          AND f.status IN ('open', 'in_progress') AND f.due_at <= ${now.toISOString()}::timestamptz)`.as(
          'overdue_follow_ups',
        ),
      ]);

  const followUpBase = (executor: Executor) =>
    executor
      .selectFrom('follow_ups as f')
      .innerJoin('meeting_decisions as d', 'd.id', 'f.decision_id')
      .innerJoin('meetings as m', 'm.id', 'f.meeting_id')
      .innerJoin('regions as r', 'r.code', 'f.region_code')
      .leftJoin('users as u', 'u.id', 'f.assignee_user_id')
      .select(FOLLOW_UP_COLUMNS)
      .select(sql<string>`f.region_path::text`.as('region_path'));

  /**
   * The list filter as SQL conditions on `f` (follow_ups): `page` chooses the page (under the
   * LIMIT), `inScope` is then tested on the page's rows, and `walk` says that the page is read by
   * walking an index in due order.
   */
  function followUpConditions(
    scopePath: string,
    filter: FollowUpFilter,
    now: Date,
    after?: [string, string],
  ) {
    const at = now.toISOString();
    const within = [sql<boolean>`f.region_path <@ ${scopePath}::ltree`];
    if (filter.regionPath !== undefined)
      within.push(sql<boolean>`f.region_path <@ ${filter.regionPath}::ltree`);
    const deepest = [scopePath, filter.regionPath ?? ''].reduce((a, b) => (depth(b) > depth(a) ? b : a));
    const level = depth(deepest);
    const walkable = level <= INDEXED_LEVELS;
    const page: RawBuilder<boolean>[] = [];
    // The country, a province, a regency or a district: the page is chosen by the subtree's equality
    // and read in due order from follow_ups_due_idx or follow_ups_l<level>_due_idx (0301); the <@ tests
    // of scope and region are then made on the page's rows. They change nothing when scope and region
    // are nested, and empty the page when not, as they would have anyway. They stay out of the choice
    // because without statistics (right after a bulk load) the planner guesses that <@ keeps 0.1% of
    // rows, and reads the whole subtree through the GiST index to sort it.
    if (level >= 1 && walkable) page.push(sql<boolean>`${subtreeAtLevel(level)} = ${deepest}::ltree`);
    if (!walkable) page.push(...within);
    if (filter.statuses?.length) page.push(sql<boolean>`f.status IN (${sql.join(filter.statuses)})`);
    if (filter.meetingId) page.push(sql<boolean>`f.meeting_id = ${filter.meetingId}::uuid`);
    if (filter.mine) page.push(ownedBy(filter.mine));
    if (filter.overdue === true)
      page.push(sql<boolean>`(f.status IN ('open', 'in_progress') AND f.due_at <= ${at}::timestamptz)`);
    if (filter.overdue === false)
      page.push(sql<boolean>`(f.status NOT IN ('open', 'in_progress') OR f.due_at > ${at}::timestamptz)`);
    if (after) page.push(sql<boolean>`(f.due_on, f.id) > (${after[0]}::date, ${after[1]}::uuid)`);
    return {
      page: allOf(page),
      inScope: allOf(walkable ? within : []),
      // A meeting or an owner may be far more selective, through their own indexes, than the walk.
      walk: walkable && !filter.meetingId && !filter.mine,
    };
  }

  return {
    db,

    // --- legal bases -------------------------------------------------------------------------
    listLegalBases: (scopePath: string, regionPath?: string): Promise<LegalBasisRow[]> =>
      db
        .selectFrom('legal_bases')
        .select(['id', 'kind', 'number', 'year', 'title', 'region_code'])
        // National ones, and regional ones of the scope's subtree or of the regions above it.
        .where(
          sql<boolean>`(region_path IS NULL OR region_path <@ ${scopePath}::ltree OR ${scopePath}::ltree <@ region_path)`,
        )
        // For one region: the regulations that bind it (its own and those of the regions above it).
        .where(
          regionPath === undefined
            ? sql<boolean>`true`
            : sql<boolean>`(region_path IS NULL OR ${regionPath}::ltree <@ region_path)`,
        )
        .orderBy(sql`region_code NULLS FIRST`)
        .orderBy('year')
        .orderBy('kind')
        .orderBy('number')
        .execute(),

    legalBasesByIds: (executor: Executor, ids: string[], regionPath: string): Promise<LegalBasisRow[]> =>
      ids.length === 0
        ? Promise.resolve([])
        : executor
            .selectFrom('legal_bases')
            .select(['id', 'kind', 'number', 'year', 'title', 'region_code'])
            .where('id', 'in', ids)
            .where(sql<boolean>`(region_path IS NULL OR ${regionPath}::ltree <@ region_path)`)
            .execute(),

    legalBasesByCitation: (
      executor: Executor,
      kind: string,
      number: string,
      year: number,
      regionPath: string,
    ): Promise<LegalBasisRow | undefined> =>
      executor
        .selectFrom('legal_bases')
        .select(['id', 'kind', 'number', 'year', 'title', 'region_code'])
        .where(sql<boolean>`lower(kind) = lower(${kind})`)
        .where(sql<boolean>`lower(number) = lower(${number})`)
        .where('year', '=', year)
        .where(sql<boolean>`(region_path IS NULL OR ${regionPath}::ltree <@ region_path)`)
        // The most local regulation of that name wins over a national one.
        .orderBy(sql`nlevel(region_path) DESC NULLS LAST`)
        .executeTakeFirst(),

    async insertLegalBasis(
      trx: Executor,
      values: {
        kind: string;
        number: string;
        year: number;
        title: string;
        regionCode: string | null;
        regionPath: string | null;
        createdBy: string | null;
      },
    ): Promise<LegalBasisRow | undefined> {
      return trx
        .insertInto('legal_bases')
        .values({
          kind: values.kind,
          number: values.number,
          year: values.year,
          title: values.title,
          region_code: values.regionCode,
          region_path: values.regionPath,
          created_by: values.createdBy,
        })
        .onConflict((oc) => oc.doNothing())
        .returning(['id', 'kind', 'number', 'year', 'title', 'region_code'])
        .executeTakeFirst();
    },

    meetingLegalBases: (executor: Executor, meetingIds: string[]) =>
      meetingIds.length === 0
        ? Promise.resolve([])
        : executor
            .selectFrom('meeting_legal_bases as ml')
            .innerJoin('legal_bases as l', 'l.id', 'ml.legal_basis_id')
            .select(['ml.meeting_id', 'l.id', 'l.kind', 'l.number', 'l.year', 'l.title', 'l.region_code'])
            .where('ml.meeting_id', 'in', meetingIds)
            .orderBy('ml.position')
            .execute(),

    async setMeetingLegalBases(trx: Executor, meetingId: string, ids: string[]): Promise<void> {
      await trx.deleteFrom('meeting_legal_bases').where('meeting_id', '=', meetingId).execute();
      if (ids.length === 0) return;
      await trx
        .insertInto('meeting_legal_bases')
        .values(ids.map((id, position) => ({ meeting_id: meetingId, legal_basis_id: id, position })))
        .execute();
    },

    // --- meetings ----------------------------------------------------------------------------
    meetingById: (
      id: string,
      scopePath: string,
      now: Date,
      executor: Executor = db,
    ): Promise<MeetingRow | undefined> =>
      meetingBase(executor, now)
        .where('m.id', '=', id)
        .where(inScope('m.region_path', scopePath))
        .executeTakeFirst(),

    /** Locks the meeting row (decisions are numbered under it), within the scope. */
    lockMeeting: (trx: Executor, id: string, scopePath: string) =>
      trx
        .selectFrom('meetings')
        .select(['id', 'region_code', sql<string>`region_path::text`.as('region_path'), 'starts_at'])
        .where('id', '=', id)
        .where(inScope('region_path', scopePath))
        .forUpdate()
        .executeTakeFirst(),

    listMeetings: (
      scopePath: string,
      filter: { regionPath?: string; kind?: string; from?: string; to?: string; q?: string },
      now: Date,
      limit: number,
      after?: [string, string],
    ): Promise<MeetingRow[]> => {
      let query = meetingBase(db, now).where(inScope('m.region_path', scopePath));
      if (filter.regionPath !== undefined) query = query.where(inScope('m.region_path', filter.regionPath));
      if (filter.kind) query = query.where('m.kind', '=', filter.kind);
      // Dates are calendar days in each meeting's own zone.
      if (filter.from)
        query = query.where(
          sql<boolean>`(m.starts_at AT TIME ZONE r.timezone)::date >= ${filter.from}::date`,
        );
      if (filter.to)
        query = query.where(sql<boolean>`(m.starts_at AT TIME ZONE r.timezone)::date <= ${filter.to}::date`);
      if (filter.q) {
        const like = `%${filter.q.replace(/[\\%_]/g, '\\$&')}%`;
        query = query.where((eb) => eb.or([eb('m.title', 'ilike', like), eb('m.theme', 'ilike', like)]));
      }
      if (after)
        query = query.where(
          sql<boolean>`(m.starts_at, m.id) < (${after[0]}::timestamptz, ${after[1]}::uuid)`,
        );
      return query
        .orderBy('m.starts_at', 'desc')
        .orderBy('m.id', 'desc')
        .limit(limit + 1)
        .execute();
    },

    insertMeeting: async (
      trx: Executor,
      values: Omit<Insertable<MeetingsTable>, 'id' | 'created_at' | 'updated_at' | 'agenda'> & {
        agenda: string[];
      },
    ): Promise<string> =>
      (
        await trx
          .insertInto('meetings')
          .values({ ...values, agenda: JSON.stringify(values.agenda) })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id,

    updateMeeting: async (
      trx: Executor,
      id: string,
      changes: Omit<Updateable<MeetingsTable>, 'id' | 'agenda' | 'updated_at'> & { agenda?: string[] },
    ): Promise<void> => {
      const { agenda, ...rest } = changes;
      await trx
        .updateTable('meetings')
        .set({
          ...rest,
          ...(agenda ? { agenda: JSON.stringify(agenda) } : {}),
          updated_at: sql<string>`now()`,
        })
        .where('id', '=', id)
        .execute();
    },

    // --- participants ------------------------------------------------------------------------
    participants: (executor: Executor, meetingId: string): Promise<ParticipantRow[]> =>
      executor
        .selectFrom('meeting_participants')
        .select([
          'id',
          'meeting_id',
          'name',
          'position',
          'institution',
          'representing',
          'attended',
          'user_id',
          'invitation_sent_at',
        ])
        .where('meeting_id', '=', meetingId)
        .orderBy('seq')
        .execute(),

    participant: (executor: Executor, meetingId: string, id: string): Promise<ParticipantRow | undefined> =>
      executor
        .selectFrom('meeting_participants')
        .select([
          'id',
          'meeting_id',
          'name',
          'position',
          'institution',
          'representing',
          'attended',
          'user_id',
          'invitation_sent_at',
        ])
        .where('meeting_id', '=', meetingId)
        .where('id', '=', id)
        .executeTakeFirst(),

    insertParticipant: async (
      trx: Executor,
      values: {
        meetingId: string;
        name: string;
        position: string;
        institution: string;
        representing: string | null;
        attended: boolean;
        userId: string | null;
      },
    ): Promise<string> =>
      (
        await trx
          .insertInto('meeting_participants')
          .values({
            meeting_id: values.meetingId,
            name: values.name,
            position: values.position,
            institution: values.institution,
            representing: values.representing,
            attended: values.attended,
            user_id: values.userId,
          })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id,

    updateParticipant: async (
      trx: Executor,
      id: string,
      changes: Partial<
        Pick<ParticipantRow, 'name' | 'position' | 'institution' | 'representing' | 'attended'>
      >,
    ): Promise<void> => {
      await trx
        .updateTable('meeting_participants')
        .set({ ...changes, updated_at: sql<string>`now()` })
        .where('id', '=', id)
        .execute();
    },

    deleteParticipant: async (trx: Executor, id: string): Promise<void> => {
      await trx.deleteFrom('meeting_participants').where('id', '=', id).execute();
    },

    /** The invitation e-mail is sent once: the first worker to claim it sends it. */
    lockParticipantForInvitation: (trx: Executor, id: string) =>
      trx
        .selectFrom('meeting_participants as p')
        .innerJoin('meetings as m', 'm.id', 'p.meeting_id')
        .innerJoin('regions as r', 'r.code', 'm.region_code')
        .innerJoin('users as u', 'u.id', 'p.user_id')
        .select([
          'p.id',
          'p.invitation_sent_at',
          'p.position as participant_position',
          'u.email',
          'u.name as user_name',
          'u.active',
          'm.id as meeting_id',
          'm.title',
          'm.kind',
          'm.starts_at',
          'm.venue',
          'm.link',
          'm.agenda',
          'r.name as region_name',
          'r.timezone',
        ])
        .where('p.id', '=', id)
        .forUpdate('p')
        .executeTakeFirst(),

    markInvitationSent: async (trx: Executor, id: string, at: Date): Promise<void> => {
      await trx
        .updateTable('meeting_participants')
        .set({ invitation_sent_at: at.toISOString() })
        .where('id', '=', id)
        .execute();
    },

    invitationsOf: (userId: string, limit: number) =>
      db
        .selectFrom('meeting_participants as p')
        .innerJoin('meetings as m', 'm.id', 'p.meeting_id')
        .innerJoin('regions as r', 'r.code', 'm.region_code')
        .select([
          'p.id as participant_id',
          'p.position',
          'p.institution',
          'p.attended',
          'p.created_at as invited_at',
          'm.id',
          'm.kind',
          'm.title',
          'm.starts_at',
          'm.ends_at',
          'm.venue',
          'm.link',
          'm.region_code',
          'r.name as region_name',
          'r.timezone',
        ])
        .where('p.user_id', '=', userId)
        .orderBy('m.starts_at', 'desc')
        .limit(limit)
        .execute(),

    // --- decisions and follow-ups ----------------------------------------------------------------
    decisions: (executor: Executor, meetingId: string): Promise<DecisionRow[]> =>
      executor
        .selectFrom('meeting_decisions')
        .select(['id', 'meeting_id', 'number', 'text', 'created_at'])
        .where('meeting_id', '=', meetingId)
        .orderBy('number')
        .execute(),

    insertDecision: async (
      trx: Executor,
      values: { meetingId: string; text: string; createdBy: string | null },
    ): Promise<{ id: string; number: number }> =>
      trx
        .insertInto('meeting_decisions')
        .values({
          meeting_id: values.meetingId,
          // The meeting row is locked by the caller, so numbers are gapless and unique.
          number: sql<number>`(SELECT COALESCE(max(number), 0) + 1 FROM meeting_decisions WHERE meeting_id = ${values.meetingId}::uuid)`,
          text: values.text,
          created_by: values.createdBy,
        })
        .returning(['id', 'number'])
        .executeTakeFirstOrThrow(),

    insertFollowUp: async (
      trx: Executor,
      values: Omit<
        Insertable<FollowUpsTable>,
        'id' | 'status' | 'created_at' | 'updated_at' | 'drop_reason' | 'completed_at'
      >,
    ): Promise<string> =>
      (await trx.insertInto('follow_ups').values(values).returning('id').executeTakeFirstOrThrow()).id,

    followUpsOfMeeting: (executor: Executor, meetingId: string): Promise<FollowUpRow[]> =>
      followUpBase(executor)
        .where('f.meeting_id', '=', meetingId)
        .orderBy('d.number')
        .orderBy('f.seq')
        .orderBy('f.id')
        .execute(),

    followUpById: (
      id: string,
      scopePath: string,
      executor: Executor = db,
      options: { lock?: boolean } = {},
    ): Promise<FollowUpRow | undefined> => {
      const query = followUpBase(executor).where('f.id', '=', id).where(inScope('f.region_path', scopePath));
      return (options.lock ? query.forUpdate('f') : query).executeTakeFirst();
    },

    isOwner: async (executor: Executor, id: string, owner: Owner): Promise<boolean> =>
      (await executor
        .selectFrom('follow_ups as f')
        .select('f.id')
        .where('f.id', '=', id)
        .where(ownedBy(owner))
        .executeTakeFirst()) !== undefined,

    /**
     * One page of follow-ups, earliest due first, in one round trip. The page is chosen from
     * follow_ups alone (LIMIT inside the derived table, walking a 0301 index when the scope or region
     * is a province, regency or district) and only its rows are joined. With `evidence`, each row
     * carries its evidence too, aggregated per row rather than read by a second query.
     */
    listFollowUps: async (
      scopePath: string,
      filter: FollowUpFilter,
      now: Date,
      limit: number,
      after?: [string, string],
      options: { evidence?: boolean } = {},
    ): Promise<FollowUpListRow[]> => {
      const { page, inScope, walk } = followUpConditions(scopePath, filter, now, after);
      const rows = await db
        .selectFrom((eb) =>
          eb
            .selectFrom('follow_ups as f')
            .selectAll('f')
            .where(page)
            .orderBy('f.due_on')
            .orderBy('f.id')
            // With a constant LIMIT the planner reads everything and sorts whenever it expects fewer
            // rows than a page, as it does for every region until follow_ups has been analyzed. A limit
            // it cannot read (a sub-select) has it cost the walk for its first rows only.
            .limit(walk ? sql<number>`(SELECT ${limit + 1}::int)` : limit + 1)
            .as('f'),
        )
        .where(inScope)
        .innerJoin('meeting_decisions as d', 'd.id', 'f.decision_id')
        .innerJoin('meetings as m', 'm.id', 'f.meeting_id')
        .innerJoin('regions as r', 'r.code', 'f.region_code')
        .leftJoin('users as u', 'u.id', 'f.assignee_user_id')
        .select(FOLLOW_UP_COLUMNS)
        .select(sql<string>`f.region_path::text`.as('region_path'))
        .select(
          (options.evidence
            ? sql<EvidenceRow[] | null>`(SELECT json_agg(json_build_object('id', e.id,
                'follow_up_id', e.follow_up_id, 'text', e.text, 'file_sha256', e.file_sha256,
                'file_name', e.file_name, 'file_mime', e.file_mime, 'file_size', e.file_size,
                'created_by_name', e.created_by_name, 'created_at', e.created_at) ORDER BY e.created_at, e.id)
                FROM follow_up_evidence e WHERE e.follow_up_id = f.id)`
            : sql<EvidenceRow[] | null>`NULL::json`
          ).as('evidence'),
        )
        .orderBy('f.due_on')
        .orderBy('f.id')
        // Changes no result (the joins are one to one); it tells the planner that only a page is
        // joined, where the limit above left it guessing a tenth of the subtree (and hash joins).
        .limit(limit + 1)
        .execute();
      // json writes timestamptz with the session's offset; rows elsewhere have ISO 8601 in UTC (db/index.ts).
      for (const row of rows)
        for (const e of row.evidence ?? []) e.created_at = new Date(e.created_at).toISOString();
      return rows;
    },

    updateFollowUp: async (
      trx: Executor,
      id: string,
      changes: Partial<
        Pick<
          Updateable<FollowUpsTable>,
          | 'status'
          | 'drop_reason'
          | 'completed_at'
          | 'due_on'
          | 'due_at'
          | 'assignee_institution'
          | 'assignee_user_id'
        >
      >,
    ): Promise<void> => {
      await trx
        .updateTable('follow_ups')
        .set({ ...changes, updated_at: sql<string>`now()` })
        .where('id', '=', id)
        .execute();
    },

    evidenceOf: (executor: Executor, followUpIds: string[]): Promise<EvidenceRow[]> =>
      followUpIds.length === 0
        ? Promise.resolve([])
        : executor
            .selectFrom('follow_up_evidence')
            .select([
              'id',
              'follow_up_id',
              'text',
              'file_sha256',
              'file_name',
              'file_mime',
              'file_size',
              'created_by_name',
              'created_at',
            ])
            .where('follow_up_id', 'in', followUpIds)
            .orderBy('created_at')
            .orderBy('id')
            .execute(),

    evidenceById: (executor: Executor, followUpId: string, id: string) =>
      executor
        .selectFrom('follow_up_evidence')
        .select([
          'id',
          'follow_up_id',
          'text',
          'file_sha256',
          'file_name',
          'file_mime',
          'file_size',
          'created_by_name',
          'created_at',
        ])
        .where('follow_up_id', '=', followUpId)
        .where('id', '=', id)
        .executeTakeFirst(),

    insertEvidence: async (
      trx: Executor,
      values: Omit<Insertable<FollowUpEvidenceTable>, 'id' | 'created_at'>,
    ): Promise<string> =>
      (await trx.insertInto('follow_up_evidence').values(values).returning('id').executeTakeFirstOrThrow())
        .id,

    /** Counts per child region of `parentPath` (or per province for the whole country). */
    stats: (scopePath: string, parentPath: string, now: Date) => {
      const depth = parentPath === '' ? 0 : parentPath.split('.').length;
      return sql<{
        code: string;
        name: string;
        meetings: number;
        open: number;
        in_progress: number;
        done: number;
        dropped: number;
        overdue: number;
      }>`
        WITH children AS (
          SELECT code, name, path FROM regions
           WHERE ${parentPath === '' ? sql`parent_code IS NULL` : sql`parent_code = ${parentPath}`}
        ),
        f AS (
          SELECT subpath(region_path, 0, ${depth + 1}) AS child, status, due_at
            FROM follow_ups
           WHERE region_path <@ ${scopePath}::ltree AND region_path <@ ${parentPath}::ltree
             AND nlevel(region_path) > ${depth}
        ),
        m AS (
          SELECT subpath(region_path, 0, ${depth + 1}) AS child, count(*)::int AS n
            FROM meetings
           WHERE region_path <@ ${scopePath}::ltree AND region_path <@ ${parentPath}::ltree
             AND nlevel(region_path) > ${depth}
           GROUP BY 1
        )
        SELECT c.code, c.name,
               COALESCE((SELECT n FROM m WHERE m.child = c.path), 0) AS meetings,
               count(f.*) FILTER (WHERE f.status = 'open')::int AS open,
               count(f.*) FILTER (WHERE f.status = 'in_progress')::int AS in_progress,
               count(f.*) FILTER (WHERE f.status = 'done')::int AS done,
               count(f.*) FILTER (WHERE f.status = 'dropped')::int AS dropped,
               count(f.*) FILTER (WHERE f.status IN ('open', 'in_progress')
                                   AND f.due_at <= ${now.toISOString()}::timestamptz)::int AS overdue
          FROM children c
          LEFT JOIN f ON f.child = c.path
         WHERE c.path <@ ${scopePath}::ltree OR ${scopePath}::ltree <@ c.path
         GROUP BY c.code, c.name, c.path
         ORDER BY c.name`.execute(db);
    },

    // --- attachments -------------------------------------------------------------------------
    attachments: (executor: Executor, meetingId: string): Promise<AttachmentRow[]> =>
      executor
        .selectFrom('meeting_attachments')
        .select(['id', 'meeting_id', 'kind', 'name', 'sha256', 'mime', 'size', 'created_at'])
        .where('meeting_id', '=', meetingId)
        .orderBy('created_at')
        .orderBy('id')
        .execute(),

    attachment: (executor: Executor, meetingId: string, id: string): Promise<AttachmentRow | undefined> =>
      executor
        .selectFrom('meeting_attachments')
        .select(['id', 'meeting_id', 'kind', 'name', 'sha256', 'mime', 'size', 'created_at'])
        .where('meeting_id', '=', meetingId)
        .where('id', '=', id)
        .executeTakeFirst(),

    insertAttachment: async (
      trx: Executor,
      values: Omit<Insertable<MeetingAttachmentsTable>, 'id' | 'created_at'>,
    ): Promise<string> =>
      (await trx.insertInto('meeting_attachments').values(values).returning('id').executeTakeFirstOrThrow())
        .id,

    // --- users (read through the users table the core owns; names and e-mails only) -------------
    userForAssignment: (executor: Executor, id: string) =>
      executor
        .selectFrom('users')
        .select([
          'id',
          'name',
          'role',
          'institution',
          'email',
          'active',
          sql<string>`scope_path::text`.as('scope_path'),
        ])
        .where('id', '=', id)
        .executeTakeFirst(),
  };
}

export type MeetingRepository = ReturnType<typeof createMeetingRepository>;
