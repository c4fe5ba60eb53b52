import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import type { DB } from '../../db/index.ts';
import type { NeutralityDB, NeutralityTables } from './tables.ts';

export type Executor = Kysely<NeutralityDB> | Transaction<NeutralityDB>;

export interface AgencyRow {
  id: string;
  region_code: string;
  region_name: string;
  region_path: string;
  timezone: string;
  name: string;
  kind: string;
  head_name: string;
  head_title: string | null;
  head_nip: string | null;
  email: string | null;
  phone: string | null;
  head_user_id: string | null;
  head_username: string | null;
  active: boolean;
  created_at: string;
  updated_at: string;
}

export interface CampaignRow {
  id: string;
  region_code: string;
  region_name: string | null;
  region_level: number | null;
  region_path: string;
  title: string;
  deadline: string;
  timezone: string;
  closes_at: string;
  require_video: boolean;
  pledge_text: string;
  created_by: string | null;
  created_at: string;
}

export interface PledgeRow {
  id: string;
  campaign_id: string;
  agency_id: string;
  status: string;
  version: number;
  signed_on: string;
  has_video: boolean;
  first_submitted_at: string;
  submitted_at: string;
  reviewed_at: string | null;
  return_reason: string | null;
  /** First submission before the end of the deadline day in the agency's zone, signed by then. */
  on_time: boolean;
}

export interface PledgeVersionRow {
  version: number;
  signed_on: string;
  changed: string[];
  scan_sha256: string;
  scan_mime: string;
  scan_size: number;
  scan_name: string | null;
  video_sha256: string | null;
  video_mime: string | null;
  video_size: number | null;
  video_name: string | null;
  video_url: string | null;
  submitted_by_name: string | null;
  submitted_at: string;
}

export interface PledgeReviewRow {
  version: number;
  decision: string;
  reason: string | null;
  reviewed_at: string;
  reviewed_by_name: string | null;
}

export interface CountsRow {
  agencies: number;
  signed: number;
  on_time: number;
  with_video: number;
  verified: number;
  pending: number;
  returned: number;
  overdue: number;
}

export interface RollupRow extends CountsRow {
  code: string;
  name: string | null;
  campaigns: number;
}

export interface BoardRow {
  agency_id: string;
  name: string;
  kind: string;
  region_code: string;
  head_name: string;
  pledge_id: string | null;
  status: string | null;
  signed_on: string | null;
  has_video: boolean | null;
  submitted_at: string | null;
  version: number | null;
  on_time: boolean;
  overdue: boolean;
  rank: number;
}

export interface CaseRow {
  id: string;
  region_code: string;
  region_name: string;
  region_path: string;
  agency_id: string | null;
  agency_name: string | null;
  agency_kind: string | null;
  agency_region_code: string | null;
  agency_head_name: string | null;
  subject_kind: string;
  subject_name: string;
  subject_nip: string | null;
  subject_position: string | null;
  occurred_on: string;
  description: string;
  evidence: string | null;
  source: string;
  report_id: string | null;
  status: string;
  decided_on: string | null;
  decision: string | null;
  closed_on: string | null;
  closing_note: string | null;
  created_at: string;
  updated_at: string;
}

/** The caller's scope as SQL: `column <@ scope` ('' is the root, i.e. the whole country). */
const within = (column: string, scopePath: string): RawBuilder<boolean> =>
  sql<boolean>`${sql.ref(column)} <@ ${scopePath}::ltree`;

/** A campaign is visible from a scope on its line: inside it, or covering it (a national campaign). */
const onLine = (column: string, scopePath: string): RawBuilder<boolean> =>
  sql<boolean>`(${sql.ref(column)} <@ ${scopePath}::ltree OR ${scopePath}::ltree <@ ${sql.ref(column)})`;

/**
 * The per-agency facts progress is made of, for the agencies of campaign `c` (alias) joined as `a`
 * with their pledge `p`: signed means a pending or verified pact; the deadline ends at midnight after
 * `deadline` in the agency's own zone.
 */
const closesFor = sql`((c.deadline + 1)::timestamp AT TIME ZONE a.timezone)`;
const signed = sql`(p.status IN ('pending', 'verified'))`;
const onTime = sql`(${signed} AND p.signed_on <= c.deadline AND p.first_submitted_at < ${closesFor})`;
/**
 * The campaigns a query is about (`c`) and their pledges (`p`), as materialised CTEs: the planner
 * cannot estimate how many agencies an ltree containment matches (a national campaign: all of
 * them), and with the pledges materialised it joins them by hash instead of probing an index per
 * agency. Queries then read `FROM c JOIN agencies a ... LEFT JOIN p ...`.
 */
const campaignsAndPledges = (filter: RawBuilder<boolean>) => sql`
  WITH c AS MATERIALIZED (SELECT * FROM pledge_campaigns c WHERE ${filter}),
       p AS MATERIALIZED (SELECT * FROM pledges WHERE campaign_id IN (SELECT id FROM c))`;
const AGENCIES_OF_CAMPAIGNS = sql`FROM c
  JOIN agencies a ON a.active AND a.region_path <@ c.region_path
  LEFT JOIN p ON p.campaign_id = c.id AND p.agency_id = a.id`;

const AGENCY_COLUMNS = sql`a.id, a.region_code, r.name AS region_name, a.region_path::text AS region_path, a.timezone,
  a.name, a.kind, a.head_name, a.head_title, a.head_nip, a.email, a.phone, a.head_user_id, a.head_username,
  a.active, a.created_at, a.updated_at`;

const CAMPAIGN_COLUMNS = sql`c.id, c.region_code, r.name AS region_name, r.level AS region_level,
  c.region_path::text AS region_path, c.title, c.deadline, c.timezone, c.closes_at, c.require_video,
  c.pledge_text, c.created_by, c.created_at`;

export function createNeutralityRepository(database: Kysely<DB>) {
  const db = database.withTables<NeutralityTables>();

  /**
   * Progress figures of the campaigns matching `filter`, over their active agencies inside the region
   * and the caller's scope, per child region at `depth` labels (null: one total row). Agencies are
   * counted from the register and pledges from their own table (which carries each agency's region
   * and zone), then the two are put together per campaign, child and zone: no per-agency join.
   */
  const aggregate = async (options: {
    filter: RawBuilder<boolean>;
    scopePath: string;
    regionPath: string;
    depth: number | null;
    now: Date;
  }): Promise<Array<CountsRow & { code: string; campaigns: number }>> => {
    // Rows are grouped by their exact region first (a few hundred groups) and only those keys are
    // cut to the child region: per-row ltree work is what a 30,000-agency roll-up pays for.
    const childOf = (column: string) =>
      options.depth === null
        ? sql`''`
        : sql`(CASE WHEN nlevel(${sql.ref(column)}) > ${options.depth}
            THEN subpath(${sql.ref(column)}, 0, ${options.depth + 1}) ELSE ${sql.ref(column)} END)::text`;
    // A filter on the root ('' — the whole country) holds for every row; leaving it out saves its cost.
    const inside = (column: string, path: string) =>
      path === '' ? sql<boolean>`true` : within(column, path);
    const closes = (zone: string) => sql`((c.deadline + 1)::timestamp AT TIME ZONE ${sql.ref(zone)})`;
    const isSigned = sql`p.status IN ('pending', 'verified')`;
    const result = await sql<CountsRow & { code: string; campaigns: number }>`
      WITH c AS MATERIALIZED (SELECT id, region_path, deadline FROM pledge_campaigns c WHERE ${options.filter}),
      regions_of_agencies AS (
        SELECT a.region_path, a.timezone, count(*)::int AS n FROM agencies a
         WHERE a.active AND ${inside('a.region_path', options.regionPath)} AND ${inside('a.region_path', options.scopePath)}
         GROUP BY 1, 2),
      ag0 AS (
        SELECT c.id AS campaign_id, g.region_path, g.timezone, g.n
          FROM c JOIN regions_of_agencies g ON g.region_path <@ c.region_path),
      ag AS (
        SELECT campaign_id, ${childOf('ag0.region_path')} AS code, timezone, sum(n)::int AS n
          FROM ag0 GROUP BY 1, 2, 3),
      pl0 AS (
        SELECT p.campaign_id, p.region_path, p.timezone,
               count(*) FILTER (WHERE ${isSigned})::int AS signed,
               count(*) FILTER (WHERE ${isSigned} AND p.signed_on <= c.deadline
                                  AND p.first_submitted_at < ${closes('p.timezone')})::int AS on_time,
               count(*) FILTER (WHERE ${isSigned} AND p.has_video)::int AS with_video,
               count(*) FILTER (WHERE p.status = 'verified')::int AS verified,
               count(*) FILTER (WHERE p.status = 'pending')::int AS pending,
               count(*) FILTER (WHERE p.status = 'returned')::int AS returned
          FROM c JOIN pledges p ON p.campaign_id = c.id
         WHERE p.agency_active AND ${inside('p.region_path', options.regionPath)}
           AND ${inside('p.region_path', options.scopePath)}
         GROUP BY 1, 2, 3),
      pl AS (
        SELECT campaign_id, ${childOf('pl0.region_path')} AS code, timezone, sum(signed) AS signed,
               sum(on_time) AS on_time, sum(with_video) AS with_video, sum(verified) AS verified,
               sum(pending) AS pending, sum(returned) AS returned
          FROM pl0 GROUP BY 1, 2, 3)
      SELECT ag.code, count(DISTINCT ag.campaign_id)::int AS campaigns, sum(ag.n)::int AS agencies,
             coalesce(sum(pl.signed), 0)::int AS signed, coalesce(sum(pl.on_time), 0)::int AS on_time,
             coalesce(sum(pl.with_video), 0)::int AS with_video, coalesce(sum(pl.verified), 0)::int AS verified,
             coalesce(sum(pl.pending), 0)::int AS pending, coalesce(sum(pl.returned), 0)::int AS returned,
             coalesce(sum(CASE WHEN ${options.now.toISOString()}::timestamptz >= ${closes('ag.timezone')}
                               THEN ag.n - coalesce(pl.signed, 0) ELSE 0 END), 0)::int AS overdue
        FROM ag JOIN c ON c.id = ag.campaign_id
        LEFT JOIN pl ON pl.campaign_id = ag.campaign_id AND pl.code = ag.code AND pl.timezone = ag.timezone
       GROUP BY ag.code ORDER BY ag.code`.execute(db);
    return result.rows;
  };

  const agencyById = async (
    executor: Executor,
    id: string,
    scopePath: string,
    lock = false,
  ): Promise<AgencyRow | undefined> => {
    const result = await sql<AgencyRow>`
      SELECT ${AGENCY_COLUMNS} FROM agencies a JOIN regions r ON r.code = a.region_code
       WHERE a.id = ${id} AND ${within('a.region_path', scopePath)} ${lock ? sql`FOR UPDATE OF a` : sql``}`.execute(
      executor,
    );
    return result.rows[0];
  };

  return {
    db,

    // ---------------------------------------------------------------------------------------------
    // Agencies

    agencyById,

    async agenciesByIds(ids: string[], scopePath: string): Promise<AgencyRow[]> {
      if (ids.length === 0) return [];
      const result = await sql<AgencyRow>`
        SELECT ${AGENCY_COLUMNS} FROM agencies a JOIN regions r ON r.code = a.region_code
         WHERE a.id = ANY(${ids}::uuid[]) AND ${within('a.region_path', scopePath)}`.execute(db);
      return result.rows;
    },

    async agencyOfHead(userId: string): Promise<AgencyRow | undefined> {
      const result = await sql<AgencyRow>`
        SELECT ${AGENCY_COLUMNS} FROM agencies a JOIN regions r ON r.code = a.region_code
         WHERE a.head_user_id = ${userId} AND a.active`.execute(db);
      return result.rows[0];
    },

    async listAgencies(
      scopePath: string,
      filter: { regionPath?: string; kind?: string; q?: string; active?: boolean; headUserId?: string },
      limit: number,
      after?: [string, string],
    ): Promise<AgencyRow[]> {
      const conditions = [within('a.region_path', scopePath)];
      if (filter.regionPath !== undefined) conditions.push(within('a.region_path', filter.regionPath));
      if (filter.kind) conditions.push(sql<boolean>`a.kind = ${filter.kind}`);
      if (filter.active !== undefined) conditions.push(sql<boolean>`a.active = ${filter.active}`);
      if (filter.headUserId) conditions.push(sql<boolean>`a.head_user_id = ${filter.headUserId}`);
      if (filter.q) {
        const like = `%${filter.q.replace(/[\\%_]/g, '\\$&')}%`;
        conditions.push(sql<boolean>`(a.name ILIKE ${like} OR a.head_name ILIKE ${like})`);
      }
      if (after) conditions.push(sql<boolean>`(a.name, a.id) > (${after[0]}, ${after[1]}::uuid)`);
      const result = await sql<AgencyRow>`
        SELECT ${AGENCY_COLUMNS} FROM agencies a JOIN regions r ON r.code = a.region_code
         WHERE ${sql.join(conditions, sql` AND `)}
         ORDER BY a.name, a.id LIMIT ${limit + 1}`.execute(db);
      return result.rows;
    },

    /** Lower-cased names already registered per region code, for duplicate checks of a batch. */
    async existingNames(regionCodes: string[]): Promise<Set<string>> {
      if (regionCodes.length === 0) return new Set();
      const rows = await db
        .selectFrom('agencies')
        .select(['region_code', sql<string>`lower(name)`.as('name')])
        .where('region_code', 'in', regionCodes)
        .execute();
      return new Set(rows.map((r) => `${r.region_code}|${r.name}`));
    },

    async agencyByHeadUser(executor: Executor, userId: string): Promise<{ id: string } | undefined> {
      return executor
        .selectFrom('agencies')
        .select('id')
        .where('head_user_id', '=', userId)
        .executeTakeFirst();
    },

    // ---------------------------------------------------------------------------------------------
    // Campaigns

    async campaignById(executor: Executor, id: string, scopePath: string): Promise<CampaignRow | undefined> {
      const result = await sql<CampaignRow>`
        SELECT ${CAMPAIGN_COLUMNS} FROM pledge_campaigns c LEFT JOIN regions r ON r.code = c.region_code
         WHERE c.id = ${id} AND ${onLine('c.region_path', scopePath)}`.execute(executor);
      return result.rows[0];
    },

    async listCampaigns(
      scopePath: string,
      filter: { regionPath?: string },
      limit: number,
      after?: [string, string],
    ): Promise<CampaignRow[]> {
      const conditions = [onLine('c.region_path', scopePath)];
      if (filter.regionPath !== undefined) conditions.push(onLine('c.region_path', filter.regionPath));
      if (after) conditions.push(sql<boolean>`(c.deadline, c.id) < (${after[0]}::date, ${after[1]}::uuid)`);
      const result = await sql<CampaignRow>`
        SELECT ${CAMPAIGN_COLUMNS} FROM pledge_campaigns c LEFT JOIN regions r ON r.code = c.region_code
         WHERE ${sql.join(conditions, sql` AND `)}
         ORDER BY c.deadline DESC, c.id DESC LIMIT ${limit + 1}`.execute(db);
      return result.rows;
    },

    /** Counts of one campaign over its active agencies inside `scopePath`. */
    async campaignCounts(
      campaignId: string,
      scopePath: string,
      now: Date,
      campaignPath = '',
    ): Promise<CountsRow> {
      const [row] = await aggregate({
        filter: sql<boolean>`c.id = ${campaignId}`,
        scopePath,
        // The campaign's own region bounds the agencies read (an index range instead of all of them).
        regionPath: campaignPath,
        depth: null,
        now,
      });
      return (
        row ?? {
          agencies: 0,
          signed: 0,
          on_time: 0,
          with_video: 0,
          verified: 0,
          pending: 0,
          returned: 0,
          overdue: 0,
        }
      );
    },

    async overdueAgencies(
      campaignId: string,
      scopePath: string,
      now: Date,
      limit: number,
    ): Promise<Array<Pick<AgencyRow, 'id' | 'name' | 'kind' | 'region_code' | 'head_name'>>> {
      const result = await sql<Pick<AgencyRow, 'id' | 'name' | 'kind' | 'region_code' | 'head_name'>>`
        ${campaignsAndPledges(sql<boolean>`c.id = ${campaignId}`)}
        SELECT a.id, a.name, a.kind, a.region_code, a.head_name ${AGENCIES_OF_CAMPAIGNS}
         WHERE ${within('a.region_path', scopePath)}
           AND NOT coalesce(${signed}, false) AND ${now.toISOString()}::timestamptz >= ${closesFor}
         ORDER BY a.name, a.id LIMIT ${limit}`.execute(db);
      return result.rows;
    },

    /**
     * Progress grouped by the child region (of `regionPath`, at `depth` labels) each agency lies in.
     * Agencies of the region itself (a province's own offices) form a row of their own.
     */
    async rollup(options: {
      scopePath: string;
      regionPath: string;
      depth: number;
      campaignId?: string;
      from?: string;
      to?: string;
      now: Date;
    }): Promise<RollupRow[]> {
      const filter: RawBuilder<boolean>[] = [];
      if (options.campaignId) filter.push(sql<boolean>`c.id = ${options.campaignId}`);
      else filter.push(within('c.region_path', options.regionPath));
      if (options.from) filter.push(sql<boolean>`c.deadline >= ${options.from}::date`);
      if (options.to) filter.push(sql<boolean>`c.deadline <= ${options.to}::date`);
      const rows = await aggregate({ ...options, filter: sql.join(filter, sql` AND `) });
      if (rows.length === 0) return [];
      const names = await db
        .selectFrom('regions')
        .select(['code', 'name'])
        .where(
          'code',
          'in',
          rows.map((r) => r.code),
        )
        .execute();
      const nameOf = new Map(names.map((r) => [r.code, r.name]));
      return rows.map((r) => ({ ...r, name: nameOf.get(r.code) ?? null }));
    },

    /** Campaigns counted by a roll-up (for its total: a campaign spanning children counts once). */
    async rollupCampaignCount(options: {
      scopePath: string;
      regionPath: string;
      campaignId?: string;
      from?: string;
      to?: string;
    }): Promise<number> {
      const filter: RawBuilder<boolean>[] = [];
      if (options.campaignId) filter.push(sql<boolean>`c.id = ${options.campaignId}`);
      else filter.push(within('c.region_path', options.regionPath));
      if (options.from) filter.push(sql<boolean>`c.deadline >= ${options.from}::date`);
      if (options.to) filter.push(sql<boolean>`c.deadline <= ${options.to}::date`);
      const result = await sql<{ n: number }>`
        SELECT count(*)::int AS n FROM pledge_campaigns c
         WHERE ${sql.join(filter, sql` AND `)} AND ${onLine('c.region_path', options.scopePath)}`.execute(db);
      return result.rows[0]?.n ?? 0;
    },

    /** The compliance board: every agency of the campaign in scope, overdue first, then by name. */
    async board(options: {
      campaignId: string;
      scopePath: string;
      now: Date;
      state?: string;
      q?: string;
      regionPath?: string;
      agencyId?: string;
      limit: number;
      after?: [number, string, string];
    }): Promise<BoardRow[]> {
      const now = sql`${options.now.toISOString()}::timestamptz`;
      const overdue = sql`(NOT coalesce(${signed}, false) AND ${now} >= ${closesFor})`;
      // overdue 0, returned (not yet overdue) 1, not signed 2, awaiting verification 3, verified 4
      const rank = sql`CASE WHEN ${overdue} THEN 0 WHEN p.status = 'returned' THEN 1 WHEN p.id IS NULL THEN 2
        WHEN p.status = 'pending' THEN 3 ELSE 4 END`;
      const outer: RawBuilder<boolean>[] = [];
      if (options.state === 'overdue') outer.push(sql<boolean>`overdue`);
      if (options.state === 'unsigned') outer.push(sql<boolean>`(status IS NULL OR status = 'returned')`);
      if (options.state === 'pending' || options.state === 'verified' || options.state === 'returned')
        outer.push(sql<boolean>`status = ${options.state}`);
      if (options.after)
        outer.push(
          sql<boolean>`(rank, name, agency_id) > (${options.after[0]}, ${options.after[1]}, ${options.after[2]}::uuid)`,
        );
      const inner: RawBuilder<boolean>[] = [within('a.region_path', options.scopePath)];
      if (options.agencyId) inner.push(sql<boolean>`a.id = ${options.agencyId}`);
      if (options.regionPath !== undefined) inner.push(within('a.region_path', options.regionPath));
      if (options.q) {
        const like = `%${options.q.replace(/[\\%_]/g, '\\$&')}%`;
        inner.push(sql<boolean>`(a.name ILIKE ${like} OR a.head_name ILIKE ${like})`);
      }
      const result = await sql<BoardRow>`
        ${campaignsAndPledges(sql<boolean>`c.id = ${options.campaignId}`)}
        SELECT * FROM (
          SELECT a.id AS agency_id, a.name, a.kind, a.region_code, a.head_name,
                 p.id AS pledge_id, p.status, p.signed_on, p.has_video, p.submitted_at, p.version,
                 coalesce(${onTime}, false) AS on_time, ${overdue} AS overdue, ${rank} AS rank
            ${AGENCIES_OF_CAMPAIGNS}
           WHERE ${sql.join(inner, sql` AND `)}) b
         ${outer.length > 0 ? sql`WHERE ${sql.join(outer, sql` AND `)}` : sql``}
         ORDER BY rank, name, agency_id LIMIT ${options.limit + 1}`.execute(db);
      return result.rows;
    },

    // ---------------------------------------------------------------------------------------------
    // Pledges

    async pledgeById(
      executor: Executor,
      pledgeId: string,
      campaignId: string,
      lock = false,
    ): Promise<PledgeRow | undefined> {
      const result = await sql<PledgeRow>`
        SELECT p.id, p.campaign_id, p.agency_id, p.status, p.version, p.signed_on, p.has_video,
               p.first_submitted_at, p.submitted_at, p.reviewed_at, p.return_reason,
               coalesce(${onTime}, false) AS on_time
          FROM pledges p JOIN pledge_campaigns c ON c.id = p.campaign_id JOIN agencies a ON a.id = p.agency_id
         WHERE p.id = ${pledgeId} AND p.campaign_id = ${campaignId} ${lock ? sql`FOR UPDATE OF p` : sql``}`.execute(
        executor,
      );
      return result.rows[0];
    },

    async pledgeOf(
      executor: Executor,
      campaignId: string,
      agencyId: string,
      lock = false,
    ): Promise<PledgeRow | undefined> {
      const result = await sql<PledgeRow>`
        SELECT p.id, p.campaign_id, p.agency_id, p.status, p.version, p.signed_on, p.has_video,
               p.first_submitted_at, p.submitted_at, p.reviewed_at, p.return_reason,
               coalesce(${onTime}, false) AS on_time
          FROM pledges p JOIN pledge_campaigns c ON c.id = p.campaign_id JOIN agencies a ON a.id = p.agency_id
         WHERE p.campaign_id = ${campaignId} AND p.agency_id = ${agencyId} ${lock ? sql`FOR UPDATE OF p` : sql``}`.execute(
        executor,
      );
      return result.rows[0];
    },

    async versions(pledgeId: string): Promise<PledgeVersionRow[]> {
      const result = await sql<PledgeVersionRow>`
        SELECT v.version, v.signed_on, v.changed, v.scan_sha256, v.scan_mime, v.scan_size, v.scan_name,
               v.video_sha256, v.video_mime, v.video_size, v.video_name, v.video_url,
               u.name AS submitted_by_name, v.submitted_at
          FROM pledge_versions v LEFT JOIN users u ON u.id = v.submitted_by
         WHERE v.pledge_id = ${pledgeId} ORDER BY v.version DESC`.execute(db);
      return result.rows;
    },

    async reviews(pledgeId: string): Promise<PledgeReviewRow[]> {
      const result = await sql<PledgeReviewRow>`
        SELECT rv.version, rv.decision, rv.reason, rv.reviewed_at, u.name AS reviewed_by_name
          FROM pledge_reviews rv LEFT JOIN users u ON u.id = rv.reviewed_by
         WHERE rv.pledge_id = ${pledgeId} ORDER BY rv.id DESC`.execute(db);
      return result.rows;
    },

    /** The stored file of any version of a pledge (history included), for downloads. */
    async pledgeFile(
      pledgeId: string,
      sha256: string,
    ): Promise<{ mime: string; name: string | null; size: number } | undefined> {
      const result = await sql<{ mime: string; name: string | null; size: number }>`
        SELECT scan_mime AS mime, scan_name AS name, scan_size AS size FROM pledge_versions
         WHERE pledge_id = ${pledgeId} AND scan_sha256 = ${sha256}
        UNION ALL
        SELECT video_mime, video_name, video_size FROM pledge_versions
         WHERE pledge_id = ${pledgeId} AND video_sha256 = ${sha256}
        LIMIT 1`.execute(db);
      return result.rows[0];
    },

    /** The pledge an agency had signed (pending or verified) on or before a day, newest first. */
    async signedPledgeBefore(
      agencyId: string,
      day: string,
    ): Promise<
      { id: string; campaign_id: string; title: string; signed_on: string; status: string } | undefined
    > {
      return db
        .selectFrom('pledges as p')
        .innerJoin('pledge_campaigns as c', 'c.id', 'p.campaign_id')
        .select(['p.id', 'p.campaign_id', 'c.title', 'p.signed_on', 'p.status'])
        .where('p.agency_id', '=', agencyId)
        .where('p.status', 'in', ['pending', 'verified'])
        .where('p.signed_on', '<=', day)
        .orderBy('p.signed_on', 'desc')
        .limit(1)
        .executeTakeFirst();
    },

    // ---------------------------------------------------------------------------------------------
    // Reminders

    /** Agencies of a campaign without a signed pact, with the addresses of their heads. */
    async unsignedAgencies(campaignId: string): Promise<
      Array<{
        id: string;
        name: string;
        head_name: string;
        email: string | null;
        head_user_id: string | null;
      }>
    > {
      const result = await sql<{
        id: string;
        name: string;
        head_name: string;
        email: string | null;
        head_user_id: string | null;
      }>`
        ${campaignsAndPledges(sql<boolean>`c.id = ${campaignId}`)}
        SELECT a.id, a.name, a.head_name, a.email, a.head_user_id ${AGENCIES_OF_CAMPAIGNS}
         WHERE NOT coalesce(${signed}, false)
         ORDER BY a.name`.execute(db);
      return result.rows;
    },

    /** Claims a reminder for a recipient; false when it was already sent (a retried job). */
    async claimReminder(
      campaignId: string,
      kind: string,
      deadline: string,
      recipient: string,
    ): Promise<boolean> {
      const row = await db
        .insertInto('pledge_reminders')
        .values({ campaign_id: campaignId, kind, deadline, recipient })
        .onConflict((oc) => oc.doNothing())
        .returning('recipient')
        .executeTakeFirst();
      return row !== undefined;
    },

    async releaseReminder(
      campaignId: string,
      kind: string,
      deadline: string,
      recipient: string,
    ): Promise<void> {
      await db
        .deleteFrom('pledge_reminders')
        .where('campaign_id', '=', campaignId)
        .where('kind', '=', kind)
        .where('deadline', '=', deadline)
        .where('recipient', '=', recipient)
        .execute();
    },

    // ---------------------------------------------------------------------------------------------
    // Cases

    async caseById(
      executor: Executor,
      id: string,
      scopePath: string,
      lock = false,
    ): Promise<CaseRow | undefined> {
      const result = await sql<CaseRow>`
        SELECT k.id, k.region_code, r.name AS region_name, k.region_path::text AS region_path, k.agency_id,
               a.name AS agency_name, a.kind AS agency_kind, a.region_code AS agency_region_code,
               a.head_name AS agency_head_name, k.subject_kind, k.subject_name, k.subject_nip,
               k.subject_position, k.occurred_on, k.description, k.evidence, k.source, k.report_id, k.status,
               k.decided_on, k.decision, k.closed_on, k.closing_note, k.created_at, k.updated_at
          FROM neutrality_cases k JOIN regions r ON r.code = k.region_code
          LEFT JOIN agencies a ON a.id = k.agency_id
         WHERE k.id = ${id} AND ${within('k.region_path', scopePath)} ${lock ? sql`FOR UPDATE OF k` : sql``}`.execute(
        executor,
      );
      return result.rows[0];
    },

    async listCases(
      scopePath: string,
      filter: { regionPath?: string; status?: string; subjectKind?: string; agencyId?: string },
      limit: number,
      after?: [string, string],
    ): Promise<CaseRow[]> {
      const conditions = [within('k.region_path', scopePath)];
      if (filter.regionPath !== undefined) conditions.push(within('k.region_path', filter.regionPath));
      if (filter.status) conditions.push(sql<boolean>`k.status = ${filter.status}`);
      if (filter.subjectKind) conditions.push(sql<boolean>`k.subject_kind = ${filter.subjectKind}`);
      if (filter.agencyId) conditions.push(sql<boolean>`k.agency_id = ${filter.agencyId}`);
      if (after)
        conditions.push(sql<boolean>`(k.created_at, k.id) < (${after[0]}::timestamptz, ${after[1]}::uuid)`);
      const result = await sql<CaseRow>`
        SELECT k.id, k.region_code, r.name AS region_name, k.region_path::text AS region_path, k.agency_id,
               a.name AS agency_name, a.kind AS agency_kind, a.region_code AS agency_region_code,
               a.head_name AS agency_head_name, k.subject_kind, k.subject_name, k.subject_nip,
               k.subject_position, k.occurred_on, k.description, k.evidence, k.source, k.report_id, k.status,
               k.decided_on, k.decision, k.closed_on, k.closing_note, k.created_at, k.updated_at
          FROM neutrality_cases k JOIN regions r ON r.code = k.region_code
          LEFT JOIN agencies a ON a.id = k.agency_id
         WHERE ${sql.join(conditions, sql` AND `)}
         ORDER BY k.created_at DESC, k.id DESC LIMIT ${limit + 1}`.execute(db);
      return result.rows;
    },

    async referrals(caseIds: string[]) {
      if (caseIds.length === 0) return [];
      return db
        .selectFrom('neutrality_case_referrals')
        .select(['id', 'case_id', 'referred_to', 'referred_on', 'reference', 'note'])
        .where('case_id', 'in', caseIds)
        .orderBy('referred_on')
        .orderBy('created_at')
        .execute();
    },

    async evidenceFiles(caseIds: string[]) {
      if (caseIds.length === 0) return [];
      return db
        .selectFrom('neutrality_case_evidence')
        .select(['id', 'case_id', 'sha256', 'mime', 'size', 'filename'])
        .where('case_id', 'in', caseIds)
        .orderBy('uploaded_at')
        .execute();
    },
  };
}

export type NeutralityRepository = ReturnType<typeof createNeutralityRepository>;
