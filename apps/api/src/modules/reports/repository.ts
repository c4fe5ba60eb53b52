import { sql, type Kysely, type RawBuilder } from 'kysely';
import { levelOfCode, NATIONAL_CODE, REGION_LEVELS } from '@sinergi/shared';
import { runPrepared, type DB } from '../../db/index.ts';
import type { AttachmentRow, EventSource, HistoryRow, ReportView } from './presenter.ts';
import type { ReportDb, ReportDB, ReportTables, ReportTrx } from './tables.ts';

type Executor = ReportDb | ReportTrx;

export interface RegionInfo {
  code: string;
  name: string;
  level: number;
  path: string;
  timezone: string;
  district_code: string | null;
  district_name: string | null;
}

/** A report the deferred listeners have not seen yet, as it is when taken off the queue. */
export type QueuedReport = EventSource & { region_path: string };

/** A validated report ready to be written (see service.prepare). */
export interface ReportRow {
  id: string;
  regionCode: string;
  regionPath: string;
  districtCode: string;
  occurredAt: string;
  category: string;
  severity: number;
  title: string;
  description: string;
  lat: number | null;
  lon: number | null;
  channel: string;
  anonymous: boolean;
  contentHash: Buffer;
  trackingCode: string | null;
}

export interface IdentityRow {
  reportId: string;
  userId: string | null;
  name: string | null;
  phone: string | null;
}

export interface ListFilter {
  regionPath?: string;
  statuses?: string[];
  categories?: string[];
  severityMin?: number;
  from?: string;
  to?: string;
  q?: string;
}

const VIEW_COLUMNS = sql`rep.id, rep.region_code, r.name AS region_name, rep.district_code, d.name AS district_name,
  r.timezone, rep.occurred_at, rep.created_at, rep.updated_at, rep.category, rep.severity, rep.status, rep.title,
  rep.description, rep.lat, rep.lon, rep.channel, rep.anonymous, rep.duplicate_of, rep.tracking_code`;
const VIEW_FROM = sql`reports rep JOIN regions r ON r.code = rep.region_code JOIN regions d ON d.code = rep.district_code`;

// Timestamps written by this module are cut to milliseconds, so the ISO strings the API shows and
// the keyset cursors built from them are exact.
const NOW_MS = sql`date_trunc('milliseconds', statement_timestamp())`;

/** Reports SQL. Every read takes the caller's scope path ('' for national) and filters by it. */
export function createReportRepository(base: Kysely<DB>) {
  const db: ReportDb = base.withTables<ReportTables>();

  const inScope = (scopePath: string) => sql<boolean>`rep.region_path <@ ${scopePath}::ltree`;
  /**
   * The same subtree test as a prefix range of region_code (labels are fixed-width, so '15.04%' holds
   * 15.04 and everything below it and nothing else): the planner estimates it from statistics.
   */
  const underCode = (path: string) =>
    path === ''
      ? sql<boolean>`true`
      : sql<boolean>`rep.region_code LIKE ${`${path.replace(/[\\%_]/g, '\\$&')}%`}`;

  /** The filters a list and the map share (status, category, severity, time), on `rep`. */
  const reportConditions = (filter: ListFilter): Array<RawBuilder<unknown>> => {
    const conditions: Array<RawBuilder<unknown>> = [];
    if (filter.statuses?.length) conditions.push(sql`rep.status = ANY(${filter.statuses}::text[])`);
    if (filter.categories?.length) conditions.push(sql`rep.category = ANY(${filter.categories}::text[])`);
    if (filter.severityMin !== undefined) conditions.push(sql`rep.severity >= ${filter.severityMin}`);
    if (filter.from !== undefined) conditions.push(sql`rep.occurred_at >= ${filter.from}::timestamptz`);
    if (filter.to !== undefined) conditions.push(sql`rep.occurred_at < ${filter.to}::timestamptz`);
    return conditions;
  };

  return {
    db,

    /** The regions of `codes` that exist (any order). */
    async regionInfos(codes: string[]): Promise<RegionInfo[]> {
      if (codes.length === 0) return [];
      const result = await sql<RegionInfo>`
        SELECT r.code, r.name, r.level, r.path::text AS path, r.timezone,
               CASE WHEN r.level = 4 THEN p.code WHEN r.level = 3 THEN r.code END AS district_code,
               CASE WHEN r.level = 4 THEN p.name WHEN r.level = 3 THEN r.name END AS district_name
          FROM regions r LEFT JOIN regions p ON p.code = r.parent_code
         WHERE r.code = ANY(${codes}::text[])`.execute(db);
      return result.rows;
    },

    /**
     * One statement: a multi-row insert of the reports and, for those that were new, their reporter
     * identities. Returns the ids that were new (the others already existed).
     */
    async insertReports(
      trx: ReportTrx,
      rows: ReportRow[],
      identities: IdentityRow[] = [],
      /** Queue the new reports for the deferred listeners (report_outbox), in the same statement. */
      queue = false,
    ): Promise<Map<string, { created_at: string }>> {
      if (rows.length === 0) return new Map();
      const queued = queue
        ? sql`, queued AS (INSERT INTO report_outbox (report_id) SELECT id FROM inserted)`
        : sql``;
      const col = <T>(pick: (row: ReportRow) => T) => rows.map(pick);
      const result = await runPrepared(
        trx,
        sql<{ id: string; created_at: string }>`
        WITH inserted AS (
          INSERT INTO reports (id, region_code, region_path, district_code, occurred_at, category, severity, title,
                               description, lat, lon, channel, anonymous, content_hash, tracking_code, created_at, updated_at)
          SELECT id, region_code, region_path::ltree, district_code, occurred_at, category, severity, title,
                 description, lat, lon, channel, anonymous, content_hash, tracking_code, ${NOW_MS}, ${NOW_MS}
            FROM unnest(${col((r) => r.id)}::uuid[], ${col((r) => r.regionCode)}::text[], ${col((r) => r.regionPath)}::text[],
                        ${col((r) => r.districtCode)}::text[], ${col((r) => r.occurredAt)}::timestamptz[],
                        ${col((r) => r.category)}::text[], ${col((r) => r.severity)}::smallint[], ${col((r) => r.title)}::text[],
                        ${col((r) => r.description)}::text[], ${col((r) => r.lat)}::float8[], ${col((r) => r.lon)}::float8[],
                        ${col((r) => r.channel)}::text[], ${col((r) => r.anonymous)}::boolean[],
                        ${col((r) => r.contentHash)}::bytea[], ${col((r) => r.trackingCode)}::text[])
                 AS t(id, region_code, region_path, district_code, occurred_at, category, severity, title, description,
                      lat, lon, channel, anonymous, content_hash, tracking_code)
           -- Every writer takes the ids in one order: two imports of overlapping files in different
           -- orders would otherwise each hold an id the other waits for (a deadlock, one call a 500).
           ORDER BY id
          ON CONFLICT (id) DO NOTHING
          RETURNING id, created_at
        ), identities AS (
          INSERT INTO reporter_identities (report_id, user_id, name, phone)
          SELECT i.report_id, i.user_id, i.name, i.phone
            FROM unnest(${identities.map((r) => r.reportId)}::uuid[], ${identities.map((r) => r.userId)}::uuid[],
                        ${identities.map((r) => r.name)}::text[], ${identities.map((r) => r.phone)}::text[])
                 AS i(report_id, user_id, name, phone)
           WHERE i.report_id IN (SELECT id FROM inserted)
        )${queued}
        SELECT id, created_at FROM inserted`,
      );
      return new Map(result.rows.map((r) => [r.id, { created_at: r.created_at }]));
    },

    /** Moves the text index's pending entries into the index (see search-upkeep.ts). */
    async mergeSearchIndex(): Promise<void> {
      await sql`SELECT gin_clean_pending_list('reports_search_idx'::regclass)`.execute(db);
    },

    /** Stored reports by id, whatever the scope (the caller compares scope and content itself). */
    async existing(
      executor: Executor,
      ids: string[],
    ): Promise<Array<ReportView & { content_hash: Buffer; region_path: string }>> {
      if (ids.length === 0) return [];
      const result = await sql<ReportView & { content_hash: Buffer; region_path: string }>`
        SELECT ${VIEW_COLUMNS}, rep.content_hash, rep.region_path::text AS region_path
          FROM ${VIEW_FROM} WHERE rep.id = ANY(${ids}::uuid[])`.execute(executor);
      return result.rows;
    },

    async byId(id: string, scopePath: string, executor: Executor = db): Promise<ReportView | undefined> {
      const result = await sql<ReportView>`
        SELECT ${VIEW_COLUMNS} FROM ${VIEW_FROM} WHERE rep.id = ${id} AND ${inScope(scopePath)}`.execute(
        executor,
      );
      return result.rows[0];
    },

    /**
     * Takes queued reports off report_outbox for the deferred listeners, with the reports as they are
     * now: `limit` of any (rows another transaction holds are skipped), or exactly these `ids`
     * (waiting for a transaction that holds one). The ids leave the queue when `trx` commits.
     */
    async claimQueued(trx: ReportTrx, which: { limit: number } | { ids: string[] }): Promise<QueuedReport[]> {
      const claim =
        'ids' in which
          ? sql`DELETE FROM report_outbox WHERE report_id = ANY(${which.ids}::uuid[]) RETURNING report_id`
          : sql`DELETE FROM report_outbox
                 WHERE report_id IN (SELECT report_id FROM report_outbox LIMIT ${which.limit} FOR UPDATE SKIP LOCKED)
                RETURNING report_id`;
      const result = await runPrepared(
        trx,
        sql<QueuedReport>`
        WITH claimed AS (${claim})
        SELECT rep.id, rep.region_code, rep.region_path::text AS region_path, rep.district_code,
               rep.occurred_at, rep.created_at, rep.category, rep.severity, rep.status, rep.title
          FROM reports rep
         -- An array probed through the primary key, not a join: a generic plan cannot know how few
         -- rows a claim returns, and a join may be planned as a scan of all reports.
         WHERE rep.id = ANY(ARRAY(SELECT report_id FROM claimed))
         ORDER BY rep.id`,
      );
      return result.rows;
    },

    /** Up to `limit` queued report ids, without taking them. */
    async queuedIds(limit: number): Promise<string[]> {
      const result = await sql<{ report_id: string }>`
        SELECT report_id FROM report_outbox LIMIT ${limit}`.execute(db);
      return result.rows.map((r) => r.report_id);
    },

    /** Locks the reports (in id order, so concurrent changes cannot deadlock) for a status change. */
    async lockForChange(
      trx: ReportTrx,
      ids: string[],
      scopePath: string,
    ): Promise<Array<ReportView & { region_path: string }>> {
      const result = await sql<ReportView & { region_path: string }>`
        WITH locked AS (
          SELECT id FROM reports rep WHERE rep.id = ANY(${ids}::uuid[]) AND ${inScope(scopePath)}
           ORDER BY id FOR UPDATE)
        SELECT ${VIEW_COLUMNS}, rep.region_path::text AS region_path
          FROM ${VIEW_FROM} JOIN locked l ON l.id = rep.id`.execute(trx);
      return result.rows;
    },

    async setStatus(
      trx: ReportTrx,
      ids: string[],
      status: string,
      duplicateOf: string | null,
    ): Promise<void> {
      await sql`
        UPDATE reports SET status = ${status}, duplicate_of = ${duplicateOf}, updated_at = ${NOW_MS}
         WHERE id = ANY(${ids}::uuid[])`.execute(trx);
    },

    async insertHistory(
      trx: ReportTrx,
      rows: Array<{
        reportId: string;
        from: string;
        to: string;
        note: string | null;
        duplicateOf: string | null;
        by: string | null;
        byName: string;
      }>,
    ): Promise<void> {
      if (rows.length === 0) return;
      await sql`
        INSERT INTO report_status_history (report_id, from_status, to_status, note, duplicate_of, changed_by,
                                           changed_by_name, changed_at)
        SELECT report_id, from_status, to_status, note, duplicate_of, changed_by, changed_by_name, ${NOW_MS}
          FROM unnest(${rows.map((r) => r.reportId)}::uuid[], ${rows.map((r) => r.from)}::text[],
                      ${rows.map((r) => r.to)}::text[], ${rows.map((r) => r.note)}::text[],
                      ${rows.map((r) => r.duplicateOf)}::uuid[], ${rows.map((r) => r.by)}::uuid[],
                      ${rows.map((r) => r.byName)}::text[])
               AS t(report_id, from_status, to_status, note, duplicate_of, changed_by, changed_by_name)`.execute(
        trx,
      );
    },

    /**
     * Newest first, keyset on (created_at, id). Full-text search uses the same expression as the GIN
     * index (Indonesian stemming); websearch syntax never fails on user input.
     */
    async list(
      scopePath: string,
      filter: ListFilter,
      limit: number,
      after?: [string, string],
    ): Promise<ReportView[]> {
      const area = [underCode(scopePath)];
      if (filter.regionPath !== undefined) area.push(underCode(filter.regionPath));
      const rest = reportConditions(filter);
      if (filter.q !== undefined)
        rest.push(sql`rep.search @@ websearch_to_tsquery('indonesian', ${filter.q})`);
      if (after) rest.push(sql`(rep.created_at, rep.id) < (${after[0]}::timestamptz, ${after[1]}::uuid)`);
      const condition = sql.join([...area, ...rest], sql` AND `);
      const page = (hits: RawBuilder<unknown>) => sql<ReportView>`
        WITH hit AS MATERIALIZED (${hits}),
             top AS (SELECT id, created_at FROM hit ORDER BY created_at DESC, id DESC LIMIT ${limit + 1})
        SELECT ${VIEW_COLUMNS} FROM top JOIN ${VIEW_FROM} ON rep.id = top.id
         ORDER BY top.created_at DESC, top.id DESC`;
      // Walking the arrival order (newest first) and filtering is what the planner prefers, taking
      // the filter to be spread evenly over time. Where it is not, the hits are found first and
      // then sorted by arrival:
      // - a time window: the two times go together, so an old window lies deep in arrival order;
      //   its hits are read through the window's index;
      // - within a regency or below: the walk passes every other region's reports, and the planner
      //   cannot tell a small area (a code prefix is estimated at about 1% of the reports). At
      //   1,000,000 reports a district of 450 took 1,128 ms (109,263 rows passed for 51 hits), and
      //   a regency with statuses without `new` passed 73,207 still-new rows for 51 hits (115–270
      //   ms). The area's reports are read whole through the region index (a regency's are a few
      //   thousand) and filtered; the other indexes are kept out, as a bitmap over every verified
      //   report or every report with a common word costs more than the area itself.
      // Paths here are region codes ('' for the whole country).
      const level = (path: string) => levelOfCode(path === '' ? NATIONAL_CODE : path);
      const depth = Math.max(level(scopePath), level(filter.regionPath ?? ''));
      const query =
        filter.from !== undefined || filter.to !== undefined
          ? page(sql`SELECT rep.id, rep.created_at FROM reports rep WHERE ${condition}`)
          : depth >= REGION_LEVELS.regency
            ? page(sql`
                SELECT rep.id, rep.created_at
                  FROM (SELECT id, created_at, status, category, severity, occurred_at, search FROM reports rep
                         WHERE ${sql.join(area, sql` AND `)} OFFSET 0) AS rep
                 WHERE ${rest.length > 0 ? sql.join(rest, sql` AND `) : sql`true`}`)
            : sql<ReportView>`
                SELECT ${VIEW_COLUMNS} FROM ${VIEW_FROM}
                 WHERE ${condition}
                 ORDER BY rep.created_at DESC, rep.id DESC
                 LIMIT ${limit + 1}`;
      const result = await query.execute(db);
      return result.rows;
    },

    /**
     * Report points for the map (only reports with a location), newest first. The area is a code
     * prefix, as in `list`, and the region index carries every column a point shows, so an area's
     * points are read from the index alone and the planner walks the arrival order only for the
     * whole country. At 1,000,000 reports the ltree test and the heap took 120–330 ms for a small
     * province, 740–940 ms for Jawa Timur and 75–170 ms for a regency (see migration 0103).
     */
    async points(scopePath: string, filter: ListFilter, limit: number) {
      const where: Array<RawBuilder<unknown>> = [underCode(scopePath), sql`rep.lat IS NOT NULL`];
      if (filter.regionPath !== undefined) where.push(underCode(filter.regionPath));
      where.push(...reportConditions(filter));
      const result = await sql<{
        id: string;
        lat: number;
        lon: number;
        severity: number;
        category: string;
        status: string;
        title: string;
        region_code: string;
      }>`
        SELECT rep.id, rep.lat, rep.lon, rep.severity, rep.category, rep.status, rep.title, rep.region_code
          FROM reports rep WHERE ${sql.join(where, sql` AND `)}
         ORDER BY rep.created_at DESC, rep.id DESC LIMIT ${limit}`.execute(db);
      return result.rows;
    },

    async history(reportId: string): Promise<HistoryRow[]> {
      return db
        .selectFrom('report_status_history')
        .select([
          'from_status',
          'to_status',
          'note',
          'duplicate_of',
          'changed_by',
          'changed_by_name',
          'changed_at',
        ])
        .where('report_id', '=', reportId)
        .orderBy('id')
        .execute();
    },

    async attachments(reportId: string): Promise<AttachmentRow[]> {
      return db
        .selectFrom('report_attachments')
        .select(['id', 'filename', 'mime', 'size', 'sha256', 'created_at'])
        .where('report_id', '=', reportId)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
    },

    async attachment(reportId: string, attachmentId: string): Promise<AttachmentRow | undefined> {
      return db
        .selectFrom('report_attachments')
        .select(['id', 'filename', 'mime', 'size', 'sha256', 'created_at'])
        .where('report_id', '=', reportId)
        .where('id', '=', attachmentId)
        .executeTakeFirst();
    },

    async insertAttachment(
      trx: ReportTrx,
      row: {
        reportId: string;
        sha256: string;
        size: number;
        mime: string;
        filename: string;
        uploadedBy: string;
      },
    ): Promise<AttachmentRow> {
      return trx
        .insertInto('report_attachments')
        .values({
          report_id: row.reportId,
          sha256: row.sha256,
          size: row.size,
          mime: row.mime,
          filename: row.filename,
          uploaded_by: row.uploadedBy,
        })
        .returning(['id', 'filename', 'mime', 'size', 'sha256', 'created_at'])
        .executeTakeFirstOrThrow();
    },

    async duplicatesOf(reportId: string): Promise<string[]> {
      const rows = await db
        .selectFrom('reports')
        .select('id')
        .where('duplicate_of', '=', reportId)
        .orderBy('created_at')
        .execute();
      return rows.map((r) => r.id);
    },

    async hasIdentity(reportId: string): Promise<boolean> {
      const row = await db
        .selectFrom('reporter_identities')
        .select('report_id')
        .where('report_id', '=', reportId)
        .executeTakeFirst();
      return row !== undefined;
    },

    async identity(reportId: string) {
      return db
        .selectFrom('reporter_identities as i')
        .leftJoin('users as u', 'u.id', 'i.user_id')
        .select(['i.report_id', 'i.name', 'i.phone', 'i.user_id', 'u.username', 'u.name as user_name'])
        .where('i.report_id', '=', reportId)
        .executeTakeFirst();
    },

    /**
     * Pairs of new reports in one district and category, at most 24 hours apart, whose texts are
     * similar (pg_trgm). The (district_code, category, occurred_at) index bounds the self-join.
     */
    async similarPairs(
      scopePath: string,
      regionPath: string | undefined,
      threshold: number,
      /** Only reports filed since then: older ones still new are past merging. */
      since: string,
    ): Promise<Array<{ a: string; b: string; score: number }>> {
      const region = regionPath === undefined ? sql`true` : sql`a.region_path <@ ${regionPath}::ltree`;
      const result = await sql<{ a: string; b: string; score: number }>`
        SELECT a.id AS a, b.id AS b,
               similarity(a.title || ' ' || a.description, b.title || ' ' || b.description) AS score
          FROM reports a
          JOIN reports b ON b.district_code = a.district_code AND b.category = a.category
                        AND b.occurred_at BETWEEN a.occurred_at - interval '24 hours' AND a.occurred_at + interval '24 hours'
                        AND b.id > a.id AND b.status = 'new'
         WHERE a.status = 'new' AND a.region_path <@ ${scopePath}::ltree AND b.region_path <@ ${scopePath}::ltree
           AND ${region} AND a.created_at >= ${since}::timestamptz
           AND similarity(a.title || ' ' || a.description, b.title || ' ' || b.description) >= ${threshold}
         LIMIT 5000`.execute(db);
      return result.rows;
    },

    async byIds(ids: string[], scopePath: string): Promise<ReportView[]> {
      if (ids.length === 0) return [];
      const result = await sql<ReportView>`
        SELECT ${VIEW_COLUMNS} FROM ${VIEW_FROM}
         WHERE rep.id = ANY(${ids}::uuid[]) AND ${inScope(scopePath)}
         ORDER BY rep.created_at, rep.id`.execute(db);
      return result.rows;
    },

    /** Figures of a subtree for a period (occurredAt in [from, to)); duplicates are not separate events. */
    async figures(regionPath: string, from: string, to: string) {
      const result = await sql<{ category: string; severity: number; status: string; n: number }>`
        SELECT category, severity, status, count(*)::int AS n FROM reports rep
         WHERE ${underCode(regionPath)} AND rep.region_path <@ ${regionPath}::ltree
           AND occurred_at >= ${from}::timestamptz AND occurred_at < ${to}::timestamptz
           AND status <> 'duplicate'
         GROUP BY category, severity, status`.execute(db);
      const bySeverity: Record<string, number> = { '1': 0, '2': 0, '3': 0, '4': 0 };
      const byStatus: Record<string, number> = {};
      const byCategory = new Map<string, { category: string; total: number; high: number }>();
      let total = 0;
      for (const row of result.rows) {
        total += row.n;
        bySeverity[String(row.severity)] = (bySeverity[String(row.severity)] ?? 0) + row.n;
        byStatus[row.status] = (byStatus[row.status] ?? 0) + row.n;
        const c = byCategory.get(row.category) ?? { category: row.category, total: 0, high: 0 };
        c.total += row.n;
        if (row.severity >= 3) c.high += row.n;
        byCategory.set(row.category, c);
      }
      return {
        total,
        bySeverity,
        byStatus,
        byCategory: [...byCategory.values()].sort(
          (a, b) => b.total - a.total || a.category.localeCompare(b.category),
        ),
      };
    },

    /** The nearest public-intake setting on the region's path (itself or an ancestor). */
    async intakeSetting(
      regionPath: string,
    ): Promise<{ region_code: string; public_intake: boolean } | undefined> {
      const result = await sql<{ region_code: string; public_intake: boolean }>`
        SELECT region_code, public_intake FROM report_intake_settings
         WHERE region_path @> ${regionPath}::ltree ORDER BY nlevel(region_path) DESC LIMIT 1`.execute(db);
      return result.rows[0];
    },

    async putIntakeSetting(
      trx: ReportTrx,
      row: { regionCode: string; regionPath: string; enabled: boolean; by: string },
    ): Promise<void> {
      await sql`
        INSERT INTO report_intake_settings (region_code, region_path, public_intake, updated_by, updated_at)
        VALUES (${row.regionCode}, ${row.regionPath}::ltree, ${row.enabled}, ${row.by}, now())
        ON CONFLICT (region_code) DO UPDATE
          SET public_intake = EXCLUDED.public_intake, updated_by = EXCLUDED.updated_by, updated_at = now()`.execute(
        trx,
      );
    },

    async statusByTrackingCode(code: string): Promise<{ status: string; tracking_code: string } | undefined> {
      return db
        .selectFrom('reports')
        .select(['status', 'tracking_code as tracking_code'])
        .where('tracking_code', '=', code)
        .executeTakeFirst() as Promise<{ status: string; tracking_code: string } | undefined>;
    },

    /** Counts one hit of an address in its fixed window; returns the count so far. */
    async hit(addressHash: Buffer, windowStart: string): Promise<number> {
      const result = await sql<{ hits: number }>`
        INSERT INTO public_intake_hits (address_hash, window_start, hits) VALUES (${addressHash}, ${windowStart}, 1)
        ON CONFLICT (address_hash, window_start) DO UPDATE SET hits = public_intake_hits.hits + 1
        RETURNING hits`.execute(db);
      return result.rows[0]?.hits ?? 1;
    },

    async forgetHitsBefore(windowStart: string): Promise<void> {
      await db.deleteFrom('public_intake_hits').where('window_start', '<', windowStart).execute();
    },

    /** A registered account by phone number (0812…, 62812… and +62812… are the same number). */
    async userByPhone(phone: string) {
      const local = phone.replace(/^\+?62/, '0');
      const result = await sql<{
        id: string;
        username: string;
        name: string;
        role: string;
        scope_code: string;
        scope_path: string;
        phone: string;
      }>`
        SELECT id, username, name, role, scope_code, scope_path::text AS scope_path, phone FROM users
         WHERE active AND phone IS NOT NULL AND regexp_replace(phone, '^\\+?62', '0') = ${local}
         LIMIT 2`.execute(db);
      return result.rows.length === 1 ? result.rows[0] : undefined;
    },

    /**
     * Villages and districts with this name (any case, punctuation ignored) inside `withinPath`; for
     * unknown senders only where public intake is switched on.
     */
    async regionsByName(
      name: string,
      withinPath: string | null,
    ): Promise<Array<{ code: string; path: string; level: number }>> {
      const normal = name
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, ' ')
        .trim();
      const scope =
        withinPath === null
          ? sql`EXISTS (SELECT 1 FROM report_intake_settings s WHERE s.public_intake AND s.region_path @> r.path)`
          : sql`r.path <@ ${withinPath}::ltree`;
      const result = await sql<{ code: string; path: string; level: number }>`
        SELECT r.code, r.path::text AS path, r.level FROM regions r
         WHERE r.level IN (3, 4) AND trim(regexp_replace(lower(r.name), '[^a-z0-9]+', ' ', 'g')) = ${normal}
           AND ${scope}
         ORDER BY r.level DESC, r.code LIMIT 5`.execute(db);
      return result.rows;
    },

    /**
     * The public place picker: the children of `parentCode` (null: the provinces) with a place open to
     * public reports in them (themselves included), and whether each takes reports itself. A place is
     * open when it is a district or village whose nearest setting is on; every open village either
     * lies in an open district or has an "on" setting of its own, so those are the only candidates.
     * (A region's code is also its ltree path.)
     */
    async intakePlaces(
      parentCode: string | null,
    ): Promise<Array<{ code: string; name: string; level: number; accepts_reports: boolean }>> {
      const within = (column: string) =>
        parentCode === null ? sql`true` : sql`${sql.ref(column)} <@ ${parentCode}::ltree`;
      // Every child sits one level below the parent: an open place lies in the child whose path is
      // the open place's own path cut to that level (one hashed lookup instead of a scan per child).
      const childLevel = parentCode === null ? 1 : parentCode.split('.').length + 1;
      const nearestIsOn = (path: string) => sql`coalesce((
        SELECT n.public_intake FROM report_intake_settings n WHERE n.region_path @> ${sql.ref(path)}
         ORDER BY nlevel(n.region_path) DESC LIMIT 1), false)`;
      const result = await sql<{ code: string; name: string; level: number; accepts_reports: boolean }>`
        WITH open_places AS MATERIALIZED (
          SELECT c.path FROM (
            SELECT d.path FROM report_intake_settings s
              JOIN regions d ON d.path <@ s.region_path AND d.level = 3
             WHERE s.public_intake AND ${within('d.path')}
            UNION
            SELECT s.region_path FROM report_intake_settings s
             WHERE s.public_intake AND nlevel(s.region_path) = 4 AND ${within('s.region_path')}
          ) c
          WHERE ${nearestIsOn('c.path')}
        )
        SELECT r.code, r.name, r.level, own.accepts_reports
          FROM regions r
          CROSS JOIN LATERAL (SELECT r.level >= 3 AND ${nearestIsOn('r.path')} AS accepts_reports) own
         WHERE ${parentCode === null ? sql`r.parent_code IS NULL` : sql`r.parent_code = ${parentCode}`}
           AND (CASE WHEN r.level = 4 THEN own.accepts_reports
                     ELSE r.path IN (SELECT subpath(o.path, 0, ${childLevel}) FROM open_places o) END)
         ORDER BY r.name, r.code`.execute(db);
      return result.rows;
    },
  };
}

export type ReportRepository = ReturnType<typeof createReportRepository>;
export type { ReportDB };
