import { sql, type Kysely, type RawBuilder } from 'kysely';
import type pg from 'pg';
import { executePrepared, runPrepared, type DB } from '../../db/index.ts';
import type { RiskDB, RiskExecutor, RiskTables } from './tables.ts';

/**
 * SQL of the risk module. Reads that serve a caller take its scope path ('' for national) and filter
 * by it (`path <@ scope`) even where the policy already checked; the listener, the import and the
 * jobs write derived state for the regions the data names.
 */

// Any constants work; the same for every Sinergi process on one database.
/** Shared by every listener call, exclusive for a full recomputation or a change of epoch. */
const SIGNAL_LOCK_KEY = 7_406_225_001;
/** Serialises baseline imports (rare; two imports of one region must not interleave). */
const BASELINE_LOCK_KEY = 7_406_225_002;

export interface EpochRow {
  t0: string;
  half_life_hours: number;
}

export interface StoredReportRow {
  report_id: string;
  region_code: string;
  at: string;
  severity: number;
  status: string;
}

export interface ReportProjection {
  reportId: string;
  regionCode: string;
  regionPath: string;
  l1: string;
  l2: string;
  l3: string;
  l4: string | null;
  at: string;
  createdAt: string;
  category: string;
  severity: number;
  status: string;
  title: string;
}

export interface SignalRow {
  region_code: string;
  weighted: number;
  open_reports: number;
}

export interface RegionInfoRow {
  code: string;
  name: string;
  level: number;
  parent_code: string | null;
  timezone: string;
}

export interface ScoredRegionRow extends RegionInfoRow {
  weighted: number | null;
  open_reports: number | null;
  /** The epoch read in the same statement as the aggregate (null before the first start). */
  t0: string | null;
  half_life_hours: number | null;
}

export interface BaselineRow {
  id: number;
  region_code: string;
  social_political: number;
  election_administration: number;
  contestation: number;
  participation: number;
  source: string;
  measured_on: string;
  valid_from: string;
  superseded_at: string | null;
}

export interface StateRow {
  region_code: string;
  alert_level: number;
  level_since: string;
  spike_since: string | null;
}

export interface ContributorRow {
  report_id: string;
  title: string;
  category: string;
  severity: number;
  status: string;
  at: string;
  region_code: string;
  contribution: number;
}

export interface DailyScoreRow {
  region_code: string;
  day: string;
  score: number;
  level: string;
  baseline: number | null;
  signal: number;
  open_reports: number;
  reports_24h: number;
  origin: 'snapshot' | 'computed';
}

export interface PastSignalRow {
  day: string;
  signal: number;
  open_reports: number;
  reports_24h: number;
}

/** Which of l1..l4 holds a region of this level. */
export function levelColumn(level: number): 'l1' | 'l2' | 'l3' | 'l4' {
  if (level <= 1) return 'l1';
  if (level === 2) return 'l2';
  if (level === 3) return 'l3';
  return 'l4';
}

/**
 * The caller's scope as a filter on risk_reports: its level column equals the scope (index-friendly),
 * or nothing to filter for the whole country ('').
 */
function reportsInScope(scopePath: string) {
  if (scopePath === '') return sql<boolean>`true`;
  return sql<boolean>`${sql.ref(levelColumn(scopePath.split('.').length))} = ${scopePath}`;
}

const BASELINE_COLUMNS = sql.raw(
  `b.id, b.region_code, b.social_political, b.election_administration, b.contestation, b.participation,
   b.source, b.measured_on, b.valid_from, b.superseded_at`,
);

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** The activity test's windows: the last 24 h, and the 28 days before them. */
const ACTIVITY_DAYS = 29;

/**
 * Hourly and daily counts kept: the 29 days the test reads, and two more so that a clock a little
 * behind another process's still finds every hour and day it reads.
 */
export const ACTIVITY_KEPT_DAYS = ACTIVITY_DAYS + 2;

/** A province's hour in risk_province_activity: hours since 1970-01-01T00:00Z. */
export const activityHour = (ms: number): number => Math.floor(ms / HOUR_MS);
/** A region's day in risk_daily_activity: days since 1970-01-01 (UTC). */
export const activityDay = (ms: number): number => Math.floor(ms / DAY_MS);

/** An instant (ms since 1970) as a timestamptz parameter. */
const at = (ms: number) => sql`${new Date(ms).toISOString()}::timestamptz`;

/** The two tables of counts kept per time bucket, and which regions' reports each counts. */
const BUCKETS = {
  hour: {
    ms: HOUR_MS,
    table: sql.table('risk_province_activity'),
    column: sql.ref('a.hour'),
    codes: sql`VALUES (r.l1)`,
  },
  day: {
    ms: DAY_MS,
    table: sql.table('risk_daily_activity'),
    column: sql.ref('a.day'),
    codes: sql`VALUES (r.l1), (r.l2), (r.l3)`,
  },
} as const;

/**
 * Counted reports of regions in the last 24 h (`day`) and, unless only that is asked for, in the 28
 * days before (`previous`), as rows (code, day, previous), for the region codes in the text[]
 * expression `codes`: provinces from their hours (risk_province_activity), or provinces, regencies and
 * districts from their days (risk_daily_activity). Whole buckets come from the table. The window edges
 * fall the same time t into a bucket at both ends (24 h and 29 days are whole hours and days); of each
 * edge bucket only its shorter side (at most half a bucket) is counted from the reports, the rest is
 * its bucket count minus that side. Reports stamped after `now` (a clock ahead of this one) are
 * counted out of the current bucket too. A few short range scans however many regions: their buckets
 * by the primary key, and the edges of every region's reports by the (at) index, grouped for every
 * region and matched by the join (a filter on the level column made the planner walk the (level
 * column, at) index across all the regions asked for: on the embedded PostgreSQL the national list's
 * p95 at 8 clients was 140 ms with such a filter, 39 ms without).
 */
function bucketedActivityQuery(
  bucket: keyof typeof BUCKETS,
  codes: RawBuilder<unknown>,
  nowMs: number,
  withPrevious: boolean,
) {
  const { ms: size, table, column, codes: codesOfReport } = BUCKETS[bucket];
  const perDay = DAY_MS / size;
  const bNow = Math.floor(nowMs / size);
  const bDay = bNow - perDay;
  const bPrevious = bNow - perDay * ACTIVITY_DAYS;
  // Early in the bucket: the edges' first part, [b, edge]; late: their last part, (edge, b + 1).
  const early = nowMs - bNow * size < size / 2;
  const side = (b: number, edge: number) =>
    early
      ? sql`r.at >= ${at(b * size)} AND r.at <= ${at(edge)}`
      : sql`r.at > ${at(edge)} AND r.at < ${at((b + 1) * size)}`;
  const daySide = side(bDay, nowMs - DAY_MS);
  const previousSide = side(bPrevious, nowMs - ACTIVITY_DAYS * DAY_MS);
  const later = sql`r.at > ${at(nowMs)} AND r.at < ${at((bNow + 1) * size)}`;
  const buckets = (from: number, to: number) =>
    sql`sum(a.reports) FILTER (WHERE ${column} >= ${from}::int AND ${column} <= ${to}::int)`;
  const [dayBuckets, previousBuckets] = early
    ? [buckets(bDay, bNow), buckets(bPrevious, bDay - 1)]
    : [buckets(bDay + 1, bNow), buckets(bPrevious + 1, bDay)];
  // Early, an edge bucket counts whole in the later window and its first part moves to the earlier
  // one; late, it counts whole in the earlier window and its last part moves to the later one.
  const sign = early ? sql`-` : sql`+`;
  const previous = withPrevious
    ? sql`coalesce(b.previous, 0) ${sign} coalesce(e.previous_side, 0) ${early ? sql`+` : sql`-`} coalesce(e.day_side, 0)`
    : sql`0`;
  return sql`
    SELECT p.code,
           (coalesce(b.day, 0) ${sign} coalesce(e.day_side, 0) - coalesce(e.later, 0))::int AS day,
           (${previous})::int AS previous
      FROM unnest(${codes}) AS p(code)
      LEFT JOIN (
        SELECT a.region_code AS code, ${dayBuckets} AS day, ${withPrevious ? previousBuckets : sql`0`} AS previous
          FROM ${table} a
         WHERE a.region_code = ANY(${codes})
           AND ${column} >= ${withPrevious ? bPrevious : bDay}::int AND ${column} <= ${bNow}::int
         GROUP BY 1
      ) b ON b.code = p.code
      LEFT JOIN (
        SELECT v.code, count(*) FILTER (WHERE ${daySide}) AS day_side,
               count(*) FILTER (WHERE ${later}) AS later,
               ${withPrevious ? sql`count(*) FILTER (WHERE ${previousSide})` : sql`0`} AS previous_side
          FROM risk_reports r CROSS JOIN LATERAL (${codesOfReport}) AS v(code)
         WHERE r.counted AND ((${daySide}) OR (${later}) ${withPrevious ? sql`OR (${previousSide})` : sql``})
         GROUP BY 1
      ) e ON e.code = p.code`;
}

/**
 * Counted reports of each region's subtree in the last 24 h (`day`) and in the 28 days before
 * (`previous`), as rows (code, day, previous): provinces, regencies and districts from the daily
 * counts, villages (which have none) from their own reports through the (l4, at) index.
 */
function activityCountsQuery(regions: Array<{ code: string; level: number }>, nowMs: number) {
  const areas = regions.filter((r) => r.level <= 3).map((r) => r.code);
  const villages = regions.filter((r) => r.level >= 4).map((r) => r.code);
  const [dayStart, previousStart] = [nowMs - DAY_MS, nowMs - ACTIVITY_DAYS * DAY_MS];
  const ofVillages = sql`
    SELECT p.code,
           count(r.report_id) FILTER (WHERE r.at > ${at(dayStart)})::int AS day,
           count(r.report_id) FILTER (WHERE r.at <= ${at(dayStart)})::int AS previous
      FROM unnest(${villages}::text[]) AS p(code)
      LEFT JOIN risk_reports r
        ON r.l4 = p.code AND r.counted AND r.at > ${at(previousStart)} AND r.at <= ${at(nowMs)}
     GROUP BY p.code`;
  const ofAreas = bucketedActivityQuery('day', sql`${areas}::text[]`, nowMs, true);
  if (villages.length === 0) return ofAreas;
  if (areas.length === 0) return ofVillages;
  return sql`${ofAreas} UNION ALL ${ofVillages}`;
}

/** `pool` is the one behind `database`: the list, read on every dashboard view, runs prepared on it. */
export function createRiskRepository(database: Kysely<DB>, pool: pg.Pool) {
  const db: Kysely<RiskDB> = database.withTables<RiskTables>();

  return {
    db,

    // ---- epoch and locks -------------------------------------------------------------------

    async lockSignalExclusive(trx: RiskExecutor): Promise<void> {
      await sql`SELECT pg_advisory_xact_lock(${SIGNAL_LOCK_KEY}::bigint)`.execute(trx);
    },

    async lockBaselines(trx: RiskExecutor): Promise<void> {
      await sql`SELECT pg_advisory_xact_lock(${BASELINE_LOCK_KEY}::bigint)`.execute(trx);
    },

    async epoch(executor: RiskExecutor): Promise<EpochRow | undefined> {
      return executor.selectFrom('risk_epoch').select(['t0', 'half_life_hours']).executeTakeFirst();
    },

    async insertEpochIfMissing(executor: RiskExecutor, t0: string, halfLifeHours: number): Promise<void> {
      await executor
        .insertInto('risk_epoch')
        .values({ t0, half_life_hours: halfLifeHours })
        .onConflict((oc) => oc.column('singleton').doNothing())
        .execute();
    },

    async setEpoch(trx: RiskExecutor, t0: string, halfLifeHours: number): Promise<void> {
      await trx.updateTable('risk_epoch').set({ t0, half_life_hours: halfLifeHours }).execute();
    },

    /** Moves the epoch: every aggregate is rescaled by 2^((t0old − t0new)/halfLife). */
    async rescaleSignals(trx: RiskExecutor, factor: number): Promise<void> {
      await sql`UPDATE risk_region_signal SET weighted = weighted * ${factor}::float8`.execute(trx);
    },

    // ---- the listener ----------------------------------------------------------------------

    /**
     * The listener's first statement: the shared signal lock, the epoch and the stored projections of
     * these reports (locked, in id order). The epoch comes from this statement's snapshot, which can
     * predate a recomputation the lock waited for; `applyListenerChanges` checks it again.
     */
    async beginListener(
      trx: RiskExecutor,
      ids: string[],
    ): Promise<{ epoch: EpochRow | undefined; stored: StoredReportRow[] }> {
      const result = await runPrepared(
        trx,
        sql<{
          t0: string | null;
          half_life_hours: number | null;
          stored: StoredReportRow[] | null;
        }>`
        SELECT e.t0, e.half_life_hours,
               (SELECT json_agg(r ORDER BY r.report_id)
                  -- One primary-key probe per id, locked in id order (the outer rows are sorted). With
                  -- report_id = ANY the planner chose a scan of the whole table for a few hundred ids
                  -- once it held tens of thousands of rows (this statement took 6.6 ms at about 48,000,
                  -- growing with it); 300 probes took 2.1 ms at 23,000.
                  FROM (SELECT id FROM unnest(${ids}::uuid[]) AS id ORDER BY id) AS i
                  CROSS JOIN LATERAL (
                    SELECT report_id, region_code, at, severity, status FROM risk_reports
                     WHERE report_id = i.id FOR UPDATE) r) AS stored
          FROM (SELECT pg_advisory_xact_lock_shared(${SIGNAL_LOCK_KEY}::bigint)) AS l
          LEFT JOIN risk_epoch e ON true`,
      );
      const row = result.rows[0];
      return {
        epoch:
          row?.t0 && row.half_life_hours ? { t0: row.t0, half_life_hours: row.half_life_hours } : undefined,
        stored: row?.stored ?? [],
      };
    },

    /**
     * The rest of the listener's reads and writes in one statement (one round trip inside the
     * report's transaction): the report projections and their status rows, the deltas added to each
     * region's aggregate, to its province's hourly activity and to its line's daily activity (in key
     * order, so concurrent writers lock alike), and what the alerts need — the aggregates, current baselines, activity counts and
     * locked alert states of the regions concerned. Every write is conditional on the epoch still
     * being the one the deltas were computed against; `current: false` means nothing was written.
     * Reads other than the RETURNING of the aggregates see the state before this statement: the
     * caller adds its own changes to the activity counts.
     */
    async applyListenerChanges(
      trx: RiskExecutor,
      input: {
        epoch: EpochRow;
        rows: ReportProjection[];
        statuses: Array<{ reportId: string; at: string; status: string }>;
        deltas: Array<{ code: string; weighted: number; open: number }>;
        activity: Array<{ code: string; hour: number; reports: number }>;
        daily: Array<{ code: string; day: number; reports: number }>;
        unchangedCodes: string[];
        lineCodes: string[];
        countRegions: Array<{ code: string; level: number }>;
        nowMs: number;
      },
    ): Promise<{
      current: boolean;
      signals: SignalRow[];
      baselines: BaselineRow[];
      counts: Map<string, { day: number; previous: number }>;
      states: StateRow[];
    }> {
      const { rows, statuses } = input;
      const byCodeOrder = (a: { code: string }, b: { code: string }) =>
        a.code < b.code ? -1 : a.code > b.code ? 1 : 0;
      const deltas = [...input.deltas].sort(byCodeOrder);
      const activity = [...input.activity].sort((a, b) => byCodeOrder(a, b) || a.hour - b.hour);
      const daily = [...input.daily].sort((a, b) => byCodeOrder(a, b) || a.day - b.day);
      const stateCodes = input.countRegions.map((r) => r.code).sort();
      const counts =
        input.countRegions.length === 0
          ? sql`NULL::json`
          : sql`(SELECT json_agg(c) FROM (${activityCountsQuery(input.countRegions, input.nowMs)}) c)`;
      const result = await runPrepared(
        trx,
        sql<{
          current: boolean;
          signals: SignalRow[] | null;
          unchanged: SignalRow[] | null;
          baselines: BaselineRow[] | null;
          counts: Array<{ code: string; day: number; previous: number }> | null;
          states: StateRow[] | null;
        }>`
        WITH guard AS (
          -- Compared at the millisecond the service reads instants with.
          SELECT 1 FROM risk_epoch
           WHERE date_trunc('milliseconds', t0) = ${input.epoch.t0}::timestamptz
             AND half_life_hours = ${input.epoch.half_life_hours}::float8
        ), projected AS (
          INSERT INTO risk_reports (report_id, region_code, region_path, l1, l2, l3, l4, at, created_at,
                                    category, severity, status, title)
          SELECT id, code, path::ltree, l1, l2, l3, l4, at, created, category, severity, status, title
            FROM unnest(${rows.map((r) => r.reportId)}::uuid[], ${rows.map((r) => r.regionCode)}::text[],
                        ${rows.map((r) => r.regionPath)}::text[], ${rows.map((r) => r.l1)}::text[],
                        ${rows.map((r) => r.l2)}::text[], ${rows.map((r) => r.l3)}::text[],
                        ${rows.map((r) => r.l4)}::text[], ${rows.map((r) => r.at)}::timestamptz[],
                        ${rows.map((r) => r.createdAt)}::timestamptz[], ${rows.map((r) => r.category)}::text[],
                        ${rows.map((r) => r.severity)}::smallint[], ${rows.map((r) => r.status)}::text[],
                        ${rows.map((r) => r.title)}::text[])
                 AS t(id, code, path, l1, l2, l3, l4, at, created, category, severity, status, title)
           WHERE EXISTS (SELECT 1 FROM guard)
          ON CONFLICT (report_id) DO UPDATE SET
            region_code = EXCLUDED.region_code, region_path = EXCLUDED.region_path, l1 = EXCLUDED.l1,
            l2 = EXCLUDED.l2, l3 = EXCLUDED.l3, l4 = EXCLUDED.l4, at = EXCLUDED.at,
            category = EXCLUDED.category, severity = EXCLUDED.severity, status = EXCLUDED.status,
            title = EXCLUDED.title
          RETURNING report_id
        ), statuses AS (
          INSERT INTO risk_report_statuses (report_id, at, status)
          SELECT t.id, t.at, t.status
            FROM unnest(${statuses.map((r) => r.reportId)}::uuid[], ${statuses.map((r) => r.at)}::timestamptz[],
                        ${statuses.map((r) => r.status)}::text[]) AS t(id, at, status)
            JOIN projected p ON p.report_id = t.id
          RETURNING 1
        ), signal AS (
          -- The shared aggregate rows are locked here until commit, so every concurrent report
          -- transaction queues behind them; counting the rows of the per-report writes above first
          -- runs them (most of this statement) before the lock is taken, not while it is held.
          INSERT INTO risk_region_signal (region_code, weighted, open_reports)
          SELECT code, weighted, open
            FROM unnest(${deltas.map((d) => d.code)}::text[], ${deltas.map((d) => d.weighted)}::float8[],
                        ${deltas.map((d) => d.open)}::int[]) AS t(code, weighted, open)
           WHERE EXISTS (SELECT 1 FROM guard)
             AND (SELECT count(*) FROM projected) + (SELECT count(*) FROM statuses) >= 0
           ORDER BY code
          ON CONFLICT (region_code) DO UPDATE SET
            weighted = risk_region_signal.weighted + EXCLUDED.weighted,
            open_reports = risk_region_signal.open_reports + EXCLUDED.open_reports
          RETURNING region_code, weighted, open_reports
        ), activity AS (
          INSERT INTO risk_province_activity (region_code, hour, reports)
          SELECT code, hour, n
            FROM unnest(${activity.map((a) => a.code)}::text[], ${activity.map((a) => a.hour)}::int[],
                        ${activity.map((a) => a.reports)}::int[]) AS t(code, hour, n)
           WHERE EXISTS (SELECT 1 FROM guard)
           ORDER BY code, hour
          ON CONFLICT (region_code, hour) DO UPDATE SET reports = risk_province_activity.reports + EXCLUDED.reports
        ), daily AS (
          INSERT INTO risk_daily_activity (region_code, day, reports)
          SELECT code, day, n
            FROM unnest(${daily.map((a) => a.code)}::text[], ${daily.map((a) => a.day)}::int[],
                        ${daily.map((a) => a.reports)}::int[]) AS t(code, day, n)
           WHERE EXISTS (SELECT 1 FROM guard)
           ORDER BY code, day
          ON CONFLICT (region_code, day) DO UPDATE SET reports = risk_daily_activity.reports + EXCLUDED.reports
        ), states AS (
          SELECT region_code, alert_level, level_since, spike_since FROM risk_region_state
           WHERE region_code = ANY(${stateCodes}::text[]) AND EXISTS (SELECT 1 FROM guard)
           ORDER BY region_code FOR UPDATE
        )
        SELECT EXISTS (SELECT 1 FROM guard) AS current,
               (SELECT json_agg(s) FROM signal s) AS signals,
               (SELECT json_agg(u) FROM (SELECT region_code, weighted, open_reports FROM risk_region_signal
                                          WHERE region_code = ANY(${input.unchangedCodes}::text[])) u) AS unchanged,
               (SELECT json_agg(b) FROM (SELECT ${BASELINE_COLUMNS} FROM risk_baselines b
                                          WHERE b.superseded_at IS NULL
                                            AND b.region_code = ANY(${input.lineCodes}::text[])) b) AS baselines,
               ${counts} AS counts,
               (SELECT json_agg(st) FROM states st) AS states`,
      );
      const row = result.rows[0];
      const countMap = new Map<string, { day: number; previous: number }>();
      for (const c of row?.counts ?? []) countMap.set(c.code, { day: c.day, previous: c.previous });
      // Instants as the rest of the module reads them (ISO 8601 in UTC), not as json renders them.
      const instant = (value: string | null) => (value === null ? null : new Date(value).toISOString());
      return {
        current: row?.current ?? false,
        signals: [...(row?.signals ?? []), ...(row?.unchanged ?? [])],
        baselines: row?.baselines ?? [],
        counts: countMap,
        states: (row?.states ?? []).map((s) => ({
          ...s,
          level_since: instant(s.level_since) ?? s.level_since,
          spike_since: instant(s.spike_since),
        })),
      };
    },

    /**
     * Alert states the listener decided on: new rows inserted (unless a concurrent writer created one
     * first: those codes are returned, to be decided again under lock) and changed rows updated.
     */
    async writeStates(
      trx: RiskExecutor,
      inserts: StateRow[],
      updates: StateRow[],
      now: string,
    ): Promise<string[]> {
      if (inserts.length === 0 && updates.length === 0) return [];
      const ins = [...inserts].sort((a, b) => (a.region_code < b.region_code ? -1 : 1));
      const result = await runPrepared(
        trx,
        sql<{ region_code: string }>`
        WITH updated AS (
          UPDATE risk_region_state s
             SET alert_level = t.lvl, level_since = t.since, spike_since = t.spike, updated_at = ${now}::timestamptz
            FROM unnest(${updates.map((r) => r.region_code)}::text[], ${updates.map((r) => r.alert_level)}::smallint[],
                        ${updates.map((r) => r.level_since)}::timestamptz[], ${updates.map((r) => r.spike_since)}::timestamptz[])
                 AS t(code, lvl, since, spike)
           WHERE s.region_code = t.code
        ), inserted AS (
          INSERT INTO risk_region_state (region_code, alert_level, level_since, spike_since, updated_at)
          SELECT code, lvl, since, spike, ${now}::timestamptz
            FROM unnest(${ins.map((r) => r.region_code)}::text[], ${ins.map((r) => r.alert_level)}::smallint[],
                        ${ins.map((r) => r.level_since)}::timestamptz[], ${ins.map((r) => r.spike_since)}::timestamptz[])
                 AS t(code, lvl, since, spike)
           ORDER BY code
          ON CONFLICT (region_code) DO NOTHING
          RETURNING region_code
        )
        SELECT t.code AS region_code FROM unnest(${ins.map((r) => r.region_code)}::text[]) AS t(code)
         WHERE t.code NOT IN (SELECT region_code FROM inserted)`,
      );
      return result.rows.map((r) => r.region_code);
    },

    async regionsByCodes(executor: RiskExecutor, codes: string[]): Promise<RegionInfoRow[]> {
      if (codes.length === 0) return [];
      return executor
        .selectFrom('regions')
        .select(['code', 'name', 'level', 'parent_code', 'timezone'])
        .where('code', 'in', codes)
        .execute();
    },

    /** The current baselines of these regions (callers pass each region with all its ancestors). */
    async currentBaselines(executor: RiskExecutor, codes: string[]): Promise<BaselineRow[]> {
      if (codes.length === 0) return [];
      const result = await sql<BaselineRow>`
        SELECT ${BASELINE_COLUMNS} FROM risk_baselines b
         WHERE b.superseded_at IS NULL AND b.region_code = ANY(${codes}::text[])`.execute(executor);
      return result.rows;
    },

    async allCurrentBaselines(executor: RiskExecutor): Promise<BaselineRow[]> {
      const result = await sql<BaselineRow>`
        SELECT ${BASELINE_COLUMNS} FROM risk_baselines b WHERE b.superseded_at IS NULL`.execute(executor);
      return result.rows;
    },

    async baselineHistory(executor: RiskExecutor, code: string, limit: number): Promise<BaselineRow[]> {
      const result = await sql<BaselineRow>`
        SELECT ${BASELINE_COLUMNS} FROM risk_baselines b
         WHERE b.region_code = ${code} ORDER BY b.valid_from DESC, b.id DESC LIMIT ${limit}`.execute(
        executor,
      );
      return result.rows;
    },

    /** Every baseline version (current and superseded) of these regions. */
    async baselineVersions(executor: RiskExecutor, codes: string[]): Promise<BaselineRow[]> {
      if (codes.length === 0) return [];
      const result = await sql<BaselineRow>`
        SELECT ${BASELINE_COLUMNS} FROM risk_baselines b WHERE b.region_code = ANY(${codes}::text[])`.execute(
        executor,
      );
      return result.rows;
    },

    async signals(executor: RiskExecutor, codes: string[]): Promise<SignalRow[]> {
      if (codes.length === 0) return [];
      return executor
        .selectFrom('risk_region_signal')
        .select(['region_code', 'weighted', 'open_reports'])
        .where('region_code', 'in', codes)
        .execute();
    },

    /**
     * The alert state rows of these regions, created where missing (with the level the region had
     * before the change) and locked, in one statement: a conflicting insert becomes a no-op update,
     * which locks the row and returns it as it stands, so concurrent writers never both see "no state".
     */
    async lockStates(
      trx: RiskExecutor,
      initial: Array<{ code: string; alertLevel: number }>,
      now: string,
    ): Promise<StateRow[]> {
      if (initial.length === 0) return [];
      const sorted = [...initial].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
      const result = await sql<StateRow>`
        INSERT INTO risk_region_state (region_code, alert_level, level_since, updated_at)
        SELECT code, lvl, ${now}::timestamptz, ${now}::timestamptz
          FROM unnest(${sorted.map((s) => s.code)}::text[], ${sorted.map((s) => s.alertLevel)}::smallint[]) AS t(code, lvl)
         ORDER BY code
        ON CONFLICT (region_code) DO UPDATE SET region_code = risk_region_state.region_code
        RETURNING region_code, alert_level, level_since, spike_since`.execute(trx);
      return result.rows;
    },

    async updateStates(trx: RiskExecutor, rows: StateRow[], now: string): Promise<void> {
      if (rows.length === 0) return;
      await sql`
        UPDATE risk_region_state s
           SET alert_level = t.lvl, level_since = t.since, spike_since = t.spike, updated_at = ${now}::timestamptz
          FROM unnest(${rows.map((r) => r.region_code)}::text[], ${rows.map((r) => r.alert_level)}::smallint[],
                      ${rows.map((r) => r.level_since)}::timestamptz[], ${rows.map((r) => r.spike_since)}::timestamptz[])
               AS t(code, lvl, since, spike)
         WHERE s.region_code = t.code`.execute(trx);
    },

    /** Counted reports of each region's subtree in the last 24 h and in the 28 days before. */
    async activityCounts(
      executor: RiskExecutor,
      regions: Array<{ code: string; level: number }>,
      now: string,
    ): Promise<Map<string, { day: number; previous: number }>> {
      const counts = new Map<string, { day: number; previous: number }>();
      if (regions.length === 0) return counts;
      const result = await sql<{ code: string; day: number; previous: number }>`${activityCountsQuery(
        regions,
        Date.parse(now),
      )}`.execute(executor);
      for (const row of result.rows) counts.set(row.code, { day: row.day, previous: row.previous });
      return counts;
    },

    // ---- reads for callers -----------------------------------------------------------------

    /**
     * What a list of a region's children needs, in one statement (one round trip): the parent (null:
     * the country; not found outside the scope), its children inside the scope with their aggregates
     * and counted reports of the last 24 h, the epoch the aggregates are kept against (same snapshot,
     * so the two always match), and the current baselines of the parent's line and of each child.
     */
    async listChildren(
      parentCode: string | null,
      lineCodes: string[],
      scopePath: string,
      now: string,
    ): Promise<{
      parent: { code: string | null; name: string | null; level: number } | null;
      children: Array<ScoredRegionRow & { reports_24h: number }>;
      baselines: BaselineRow[];
    }> {
      const childLevel = parentCode === null ? 1 : parentCode.split('.').length + 1;
      const childColumn = sql.ref(`c.${levelColumn(childLevel)}`);
      // Reports are counted by the child's own level column, and kept inside the scope on that same
      // column, so each count is an index-only range scan of the (level column, at) index.
      const childInScope =
        scopePath === ''
          ? sql`true`
          : sql`(${childColumn} = ${scopePath} OR starts_with(${childColumn}, ${`${scopePath}.`}))`;
      const nowMs = Date.parse(now);
      const dayFrom = new Date(nowMs - DAY_MS).toISOString();
      // Provinces from their hourly counts; smaller regions count their reports.
      const counts =
        parentCode === null
          ? bucketedActivityQuery('hour', sql`(SELECT array_agg(code) FROM kids)::text[]`, nowMs, false)
          : sql`
            SELECT k.code,
                   (SELECT count(*) FROM risk_reports c
                     WHERE ${childColumn} = k.code AND c.counted AND ${childInScope}
                       AND c.at > ${dayFrom}::timestamptz AND c.at <= ${now}::timestamptz)::int AS day
              FROM kids k`;
      const query = sql<{
        parent: { code: string | null; name: string | null; level: number } | null;
        children: Array<Omit<ScoredRegionRow, 't0' | 'half_life_hours'> & { reports_24h: number }> | null;
        epoch: EpochRow | null;
        baselines: BaselineRow[] | null;
      }>`
        WITH parent AS (
          ${
            parentCode === null
              ? sql`SELECT NULL::text AS code, NULL::text AS name, 0 AS level`
              : sql`SELECT code, name, level FROM regions WHERE code = ${parentCode} AND path <@ ${scopePath}::ltree`
          }
        ), kids AS (
          SELECT r.code, r.name, r.level, r.parent_code, r.timezone, s.weighted, s.open_reports
            FROM parent p
            JOIN regions r ON ${parentCode === null ? sql`r.parent_code IS NULL` : sql`r.parent_code = p.code`}
            LEFT JOIN risk_region_signal s ON s.region_code = r.code
           WHERE ${scopePath === '' ? sql`true` : sql`r.path <@ ${scopePath}::ltree`}
        ), counts AS (${counts})
        SELECT (SELECT row_to_json(p) FROM parent p) AS parent,
               (SELECT json_agg(k) FROM (SELECT kids.*, coalesce(counts.day, 0) AS reports_24h
                                           FROM kids LEFT JOIN counts ON counts.code = kids.code) k) AS children,
               (SELECT row_to_json(e) FROM (SELECT t0, half_life_hours FROM risk_epoch) e) AS epoch,
               (SELECT json_agg(b) FROM (SELECT ${BASELINE_COLUMNS} FROM risk_baselines b
                                          WHERE b.superseded_at IS NULL
                                            AND (b.region_code = ANY(${lineCodes}::text[])
                                                 OR b.region_code IN (SELECT code FROM kids))) b) AS baselines`.compile(
        db,
      );
      // Prepared: planning this statement took as long as running it.
      const [row] = await executePrepared(pool, query);
      const epoch = row?.epoch ?? null;
      const children = (row?.children ?? []) as Array<ScoredRegionRow & { reports_24h: number }>;
      // Set in place: spreading each parsed row into a new object cost more than parsing them.
      for (const child of children) {
        child.t0 = epoch?.t0 ?? null;
        child.half_life_hours = epoch?.half_life_hours ?? null;
      }
      return { parent: row?.parent ?? null, children, baselines: row?.baselines ?? [] };
    },

    async region(code: string, scopePath: string): Promise<ScoredRegionRow | undefined> {
      const result = await sql<ScoredRegionRow>`
        SELECT r.code, r.name, r.level, r.parent_code, r.timezone, s.weighted, s.open_reports, e.t0, e.half_life_hours
          FROM regions r
          LEFT JOIN risk_region_signal s ON s.region_code = r.code
          LEFT JOIN risk_epoch e ON true
         WHERE r.code = ${code} AND r.path <@ ${scopePath}::ltree`.execute(db);
      return result.rows[0];
    },

    async ancestors(code: string): Promise<Array<{ code: string; name: string }>> {
      return db
        .selectFrom('regions')
        .select(['code', 'name'])
        .where(sql<boolean>`path @> ${code}::ltree`)
        .orderBy('level')
        .execute();
    },

    /**
     * The reports of a subtree that contribute most now. Recent reports are looked at first, further
     * back only while those cannot fill the list: a report h hours old weighs at most 4 × 2^(−h/halfLife)
     * (severity 4, weight 1), so once the list's last entry weighs that much nothing older can enter
     * it. A third of a half-life first (a busy province fills its list from the last day alone), then
     * three half-lives; reports older than 20 half-lives add < 1e-5 and are left out.
     */
    async contributors(
      region: { code: string; level: number },
      scopePath: string,
      now: string,
      halfLifeHours: number,
      weights: Record<string, number>,
      limit: number,
    ): Promise<{ rows: ContributorRow[]; contributing: number }> {
      const column = sql.ref(levelColumn(region.level));
      const weight = sql<number>`CASE status ${sql.join(
        Object.entries(weights).map(([status, w]) => sql`WHEN ${sql.lit(status)} THEN ${sql.lit(w)}::float8`),
        sql` `,
      )} ELSE 0 END`;
      const top = async (horizonHours: number) =>
        (
          await sql<ContributorRow>`
            SELECT report_id, title, category, severity, status, at, region_code,
                   severity * ${weight} * exp(date_part('epoch', at - ${now}::timestamptz) * ${Math.LN2 / 3600 / halfLifeHours}::float8)
                     AS contribution
              FROM risk_reports
             WHERE ${column} = ${region.code} AND counted AND ${reportsInScope(scopePath)}
               AND at > ${now}::timestamptz - ${`${horizonHours} hours`}::interval AND at <= ${now}::timestamptz
               AND ${weight} > 0
             ORDER BY contribution DESC, at DESC, report_id
             LIMIT ${limit}`.execute(db)
        ).rows;
      const find = async () => {
        let rows: ContributorRow[] = [];
        for (const horizon of [halfLifeHours / 3, halfLifeHours * 3, halfLifeHours * 20].map(Math.ceil)) {
          rows = await top(horizon);
          const olderAtMost = 4 * 2 ** (-horizon / halfLifeHours);
          if (rows.length === limit && (rows[limit - 1]?.contribution ?? 0) >= olderAtMost) break;
        }
        return rows;
      };
      // Counted alongside the search (another connection).
      const [rows, counted] = await Promise.all([
        find(),
        sql<{ n: number }>`
          SELECT count(*)::int AS n FROM risk_reports
           WHERE ${column} = ${region.code} AND counted AND ${reportsInScope(scopePath)}
             AND at > ${now}::timestamptz - ${`${Math.ceil(halfLifeHours * 20)} hours`}::interval
             AND at <= ${now}::timestamptz`.execute(db),
      ]);
      return { rows, contributing: counted.rows[0]?.n ?? 0 };
    },

    async dailyScores(code: string, from: string, to: string): Promise<DailyScoreRow[]> {
      const result = await sql<DailyScoreRow>`
        SELECT region_code, to_char(day, 'YYYY-MM-DD') AS day, score, level, baseline, signal, open_reports,
               reports_24h, origin
          FROM risk_daily_scores
         WHERE region_code = ${code} AND day BETWEEN ${from}::date AND ${to}::date
         ORDER BY day`.execute(db);
      return result.rows;
    },

    /**
     * A subtree's signal, open reports and 24-hour count at past instants, from each report's status
     * at that instant (its status history), for days without a snapshot.
     */
    async pastSignals(
      region: { code: string; level: number },
      instants: Array<{ day: string; at: string }>,
      halfLifeHours: number,
      weights: Record<string, number>,
      openStatuses: readonly string[],
      countedStatuses: readonly string[],
    ): Promise<PastSignalRow[]> {
      if (instants.length === 0) return [];
      const column = sql.ref(levelColumn(region.level));
      const horizon = `${Math.ceil(halfLifeHours * 20)} hours`;
      const times = instants.map((i) => Date.parse(i.at));
      const lo = new Date(Math.min(...times) - Math.ceil(halfLifeHours * 20) * 3_600_000).toISOString();
      const hi = new Date(Math.max(...times)).toISOString();
      const code = region.code;
      // Reports counted now by the (level, at) index; the rejected and duplicate ones (which may not
      // have been so then) by the code-prefix index of those.
      const prefix =
        region.level <= 1
          ? sql`r.l1 = ${code}`
          : region.level === 2
            ? sql`r.l1 = ${code.slice(0, 2)} AND r.l2 = ${code}`
            : region.level === 3
              ? sql`r.l1 = ${code.slice(0, 2)} AND r.l2 = ${code.slice(0, 5)} AND r.l3 = ${code}`
              : sql`r.l1 = ${code.slice(0, 2)} AND r.l2 = ${code.slice(0, 5)} AND r.l3 = ${code.slice(0, 8)} AND r.l4 = ${code}`;
      const result = await sql<PastSignalRow>`
        WITH days AS (
          SELECT day, at FROM unnest(${instants.map((i) => i.day)}::date[], ${instants.map((i) => i.at)}::timestamptz[])
                 AS t(day, at)
        ),
        subtree AS (
          SELECT r.report_id, r.at, r.created_at, r.severity FROM risk_reports r
           WHERE r.${column} = ${code} AND r.counted
             AND r.at > ${lo}::timestamptz AND r.at <= ${hi}::timestamptz AND r.created_at <= ${hi}::timestamptz
          UNION ALL
          SELECT r.report_id, r.at, r.created_at, r.severity FROM risk_reports r
           WHERE ${prefix} AND NOT r.counted
             AND r.at > ${lo}::timestamptz AND r.at <= ${hi}::timestamptz AND r.created_at <= ${hi}::timestamptz
        ),
        -- Each status of those reports with the moment it stopped being in force (the next one's):
        -- a day's status is then a range test, not an index lookup per report and day (a province's
        -- month is ~500,000 report-days). The decay separates, 2^(−(day − at)/h) = 2^(−(day − lo)/h) ·
        -- 2^((at − lo)/h), so each status carries its term against lo and a day only adds them up.
        spans AS MATERIALIZED (
          SELECT s.at, s.created_at, h.since, h.until,
                 s.severity * coalesce((${JSON.stringify(weights)}::jsonb ->> h.status)::float8, 0)
                   * power(2, extract(epoch FROM (s.at - ${lo}::timestamptz)) / 3600 / ${halfLifeHours}::float8) AS term,
                 h.status = ANY(${[...openStatuses]}::text[]) AS open,
                 h.status = ANY(${[...countedStatuses]}::text[]) AS counted
            FROM subtree s
            CROSS JOIN LATERAL (
              SELECT h.status, h.at AS since, lead(h.at) OVER (ORDER BY h.at, h.id) AS until
                FROM risk_report_statuses h WHERE h.report_id = s.report_id
            ) h
        )
        -- Day by day over the spans (about thirty passes), rather than one sort of every report-day.
        SELECT to_char(d.day, 'YYYY-MM-DD') AS day, x.signal, x.open_reports, x.reports_24h
          FROM days d
          CROSS JOIN LATERAL (
            SELECT (coalesce(sum(s.term), 0)
                     * power(2, -extract(epoch FROM (d.at - ${lo}::timestamptz)) / 3600 / ${halfLifeHours}::float8))::float8
                     AS signal,
                   count(*) FILTER (WHERE s.open)::int AS open_reports,
                   count(*) FILTER (WHERE s.counted AND s.at > d.at - interval '24 hours')::int AS reports_24h
              FROM spans s
             WHERE s.created_at <= d.at AND s.at <= d.at AND s.at > d.at - ${horizon}::interval
               AND s.since <= d.at AND (s.until IS NULL OR s.until > d.at)
          ) x
         ORDER BY d.day`.execute(db);
      return result.rows;
    },

    async insertDailyScores(executor: RiskExecutor, rows: DailyScoreRow[], replace: boolean): Promise<void> {
      for (let i = 0; i < rows.length; i += 5000) {
        const part = rows.slice(i, i + 5000);
        const onConflict = replace
          ? sql`DO UPDATE SET score = EXCLUDED.score, level = EXCLUDED.level, baseline = EXCLUDED.baseline,
                 signal = EXCLUDED.signal, open_reports = EXCLUDED.open_reports,
                 reports_24h = EXCLUDED.reports_24h, origin = EXCLUDED.origin, computed_at = now()`
          : sql`DO NOTHING`;
        await sql`
          INSERT INTO risk_daily_scores (region_code, day, score, level, baseline, signal, open_reports, reports_24h, origin)
          SELECT * FROM unnest(${part.map((r) => r.region_code)}::text[], ${part.map((r) => r.day)}::date[],
                               ${part.map((r) => r.score)}::numeric[], ${part.map((r) => r.level)}::text[],
                               ${part.map((r) => r.baseline)}::numeric[], ${part.map((r) => r.signal)}::float8[],
                               ${part.map((r) => r.open_reports)}::int[], ${part.map((r) => r.reports_24h)}::int[],
                               ${part.map((r) => r.origin)}::text[])
          ON CONFLICT (region_code, day) ${onConflict}`.execute(executor);
      }
    },

    // ---- baseline import -------------------------------------------------------------------

    async createImport(
      trx: RiskExecutor,
      values: {
        importedAt: string;
        importedBy: string | null;
        importedByName: string;
        format: 'csv' | 'xlsx' | 'json' | 'seed';
        filename: string | null;
        contentSha256: string | null;
        rowCount: number;
      },
    ): Promise<string> {
      const row = await trx
        .insertInto('risk_baseline_imports')
        .values({
          imported_at: values.importedAt,
          imported_by: values.importedBy,
          imported_by_name: values.importedByName,
          format: values.format,
          filename: values.filename,
          content_sha256: values.contentSha256,
          row_count: values.rowCount,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },

    async replaceBaselines(
      trx: RiskExecutor,
      importId: string,
      at: string,
      rows: Array<{
        code: string;
        socialPolitical: number;
        electionAdministration: number;
        contestation: number;
        participation: number;
        source: string;
        measuredOn: string;
      }>,
    ): Promise<void> {
      const codes = rows.map((r) => r.code);
      await sql`
        UPDATE risk_baselines SET superseded_at = ${at}::timestamptz
         WHERE superseded_at IS NULL AND region_code = ANY(${codes}::text[])`.execute(trx);
      await sql`
        INSERT INTO risk_baselines (region_code, region_path, import_id, social_political, election_administration,
                                    contestation, participation, source, measured_on, valid_from)
        SELECT code, code::ltree, ${importId}::uuid, sp, ea, co, pa, source, measured, ${at}::timestamptz
          FROM unnest(${codes}::text[], ${rows.map((r) => r.socialPolitical)}::numeric[],
                      ${rows.map((r) => r.electionAdministration)}::numeric[],
                      ${rows.map((r) => r.contestation)}::numeric[], ${rows.map((r) => r.participation)}::numeric[],
                      ${rows.map((r) => r.source)}::text[], ${rows.map((r) => r.measuredOn)}::date[])
               AS t(code, sp, ea, co, pa, source, measured)`.execute(trx);
    },

    /** Regions of levels 1–3 in the subtrees of these regions (whose score a baseline change moves). */
    async subtreeRegions(
      executor: RiskExecutor,
      codes: string[],
      maxLevel: number,
    ): Promise<RegionInfoRow[]> {
      if (codes.length === 0) return [];
      const result = await sql<RegionInfoRow>`
        SELECT code, name, level, parent_code, timezone FROM regions
         WHERE path <@ ANY(${codes}::ltree[]) AND level <= ${maxLevel}`.execute(executor);
      return result.rows;
    },

    // ---- whole-country passes ----------------------------------------------------------------

    /**
     * Every province, regency and district with its aggregate: what a daily snapshot covers (villages,
     * 84,000 of them, are reconstructed on request instead of stored every day).
     */
    async snapshotRegions(executor: RiskExecutor): Promise<ScoredRegionRow[]> {
      const result = await sql<ScoredRegionRow>`
        SELECT r.code, r.name, r.level, r.parent_code, r.timezone, s.weighted, s.open_reports,
               NULL AS t0, NULL AS half_life_hours
          FROM regions r LEFT JOIN risk_region_signal s ON s.region_code = r.code
         WHERE r.level <= 3`.execute(executor);
      return result.rows;
    },

    /** Counted reports of the last 24 h for every region with any (one pass over the recent index). */
    async allCounts24h(executor: RiskExecutor, now: string): Promise<Map<string, number>> {
      const result = await sql<{ code: string; n: number }>`
        SELECT coalesce(l3, l2, l1) AS code, count(*)::int AS n
          FROM risk_reports
         WHERE counted AND at > ${now}::timestamptz - interval '24 hours' AND at <= ${now}::timestamptz
         GROUP BY GROUPING SETS ((l1), (l2), (l3))`.execute(executor);
      const counts = new Map<string, number>();
      for (const row of result.rows) if (row.code) counts.set(row.code, row.n);
      return counts;
    },

    /**
     * Rebuilds every aggregate from the projected reports against epoch t0: each report's term summed
     * by its own region (a parallel scan into a temporary table), then each sum added to the region and
     * its ancestors (codes are their paths: 15, 15.04, 15.04.01, 15.04.01.2001). TRUNCATE rather than
     * DELETE: re-inserting 91,000 keys over as many dead ones is several times slower; reads of the
     * table wait for the few seconds this runs (rare: a changed half-life, an operator's command).
     */
    async recomputeSignals(
      trx: RiskExecutor,
      t0: string,
      halfLifeHours: number,
      weights: Record<string, number>,
      openStatuses: readonly string[],
    ): Promise<number> {
      const weight = sql<number>`CASE status ${sql.join(
        Object.entries(weights).map(([status, w]) => sql`WHEN ${sql.lit(status)} THEN ${sql.lit(w)}::float8`),
        sql` `,
      )} ELSE 0 END`;
      const t0Seconds = Date.parse(t0) / 1000;
      const rate = Math.LN2 / 3600 / halfLifeHours;
      await sql`SET LOCAL work_mem = '64MB'`.execute(trx);
      await sql`TRUNCATE risk_region_signal`.execute(trx);
      await sql`
        CREATE TEMPORARY TABLE risk_recompute ON COMMIT DROP AS
        SELECT region_code,
               sum(severity * ${weight} * exp((date_part('epoch', at) - ${sql.lit(t0Seconds)}::float8) * ${sql.lit(rate)}::float8))
                 AS weighted,
               count(*) FILTER (WHERE status IN (${sql.join(openStatuses.map((s) => sql.lit(s)))})) AS open
          FROM risk_reports
         GROUP BY region_code`.execute(trx);
      const result = await sql`
        INSERT INTO risk_region_signal (region_code, weighted, open_reports)
        SELECT code, sum(weighted), sum(open)::int
          FROM (SELECT left(region_code, 2) AS code, weighted, open FROM risk_recompute
                UNION ALL SELECT left(region_code, 5), weighted, open FROM risk_recompute
                UNION ALL SELECT left(region_code, 8), weighted, open FROM risk_recompute
                UNION ALL SELECT region_code, weighted, open FROM risk_recompute WHERE length(region_code) > 8) AS lines
         GROUP BY code`.execute(trx);
      return Number(result.numAffectedRows ?? 0);
    },

    /**
     * Rebuilds the hourly province counts and the daily region counts of the hours and days the
     * activity test can still read, from the projected reports (part of a full recomputation; the
     * listener keeps them otherwise). In bucket order, as the listener writes them, so that a bucket's
     * regions share a few pages.
     */
    async rebuildActivity(trx: RiskExecutor, nowMs: number): Promise<void> {
      // DELETE, not TRUNCATE: TRUNCATE's exclusive lock would stall every risk list meanwhile.
      await sql`DELETE FROM risk_province_activity`.execute(trx);
      await sql`
        INSERT INTO risk_province_activity (region_code, hour, reports)
        SELECT l1, floor(date_part('epoch', at) / 3600)::int, count(*)::int
          FROM risk_reports
         WHERE counted AND at >= ${new Date(activityHour(nowMs - ACTIVITY_KEPT_DAYS * DAY_MS) * HOUR_MS).toISOString()}::timestamptz
         GROUP BY 1, 2
         ORDER BY 2, 1`.execute(trx);
      await sql`DELETE FROM risk_daily_activity`.execute(trx);
      await sql`
        INSERT INTO risk_daily_activity (region_code, day, reports)
        SELECT v.code, floor(date_part('epoch', r.at) / 86400)::int, count(*)::int
          FROM risk_reports r CROSS JOIN LATERAL (VALUES (r.l1), (r.l2), (r.l3)) AS v(code)
         WHERE r.counted AND v.code <> ''
           AND r.at >= ${new Date(activityDay(nowMs - ACTIVITY_KEPT_DAYS * DAY_MS) * DAY_MS).toISOString()}::timestamptz
         GROUP BY 1, 2
         ORDER BY 2, 1`.execute(trx);
    },

    /** Drops hourly and daily counts no activity window reaches any more. */
    async pruneActivity(executor: RiskExecutor, nowMs: number): Promise<void> {
      await sql`DELETE FROM risk_province_activity
                 WHERE hour < ${activityHour(nowMs - ACTIVITY_KEPT_DAYS * DAY_MS)}::int`.execute(executor);
      await sql`DELETE FROM risk_daily_activity
                 WHERE day < ${activityDay(nowMs - ACTIVITY_KEPT_DAYS * DAY_MS)}::int`.execute(executor);
    },

    /** Claims the scheduling of `day` for a job: true for exactly one caller across processes. */
    async claimSchedule(trx: RiskExecutor, job: string, day: string): Promise<boolean> {
      const result = await sql<{ job: string }>`
        INSERT INTO risk_schedule (job, next_day) VALUES (${job}, ${day}::date)
        ON CONFLICT (job) DO UPDATE SET next_day = EXCLUDED.next_day
          WHERE risk_schedule.next_day < EXCLUDED.next_day
        RETURNING job`.execute(trx);
      return result.rows.length > 0;
    },
  };
}

export type RiskRepository = ReturnType<typeof createRiskRepository>;
