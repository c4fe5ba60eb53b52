import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/index.ts';
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

export function createRiskRepository(database: Kysely<DB>) {
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

    /** Takes the shared signal lock and reads the epoch in one round trip (the listener's first step). */
    async lockSharedWithEpoch(trx: RiskExecutor): Promise<EpochRow | undefined> {
      const result = await sql<{ t0: string | null; half_life_hours: number | null }>`
        SELECT e.t0, e.half_life_hours
          FROM (SELECT pg_advisory_xact_lock_shared(${SIGNAL_LOCK_KEY}::bigint)) AS l
          LEFT JOIN risk_epoch e ON true`.execute(trx);
      const row = result.rows[0];
      return row?.t0 && row.half_life_hours
        ? { t0: row.t0, half_life_hours: row.half_life_hours }
        : undefined;
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

    async lockReports(trx: RiskExecutor, ids: string[]): Promise<StoredReportRow[]> {
      if (ids.length === 0) return [];
      const result = await sql<StoredReportRow>`
        SELECT report_id, region_code, at, severity, status
          FROM risk_reports WHERE report_id = ANY(${ids}::uuid[])
         ORDER BY report_id FOR UPDATE`.execute(trx);
      return result.rows;
    },

    /**
     * The listener's writes in one statement: the report projections, their status rows, and the
     * deltas added to each region's aggregate in code order (concurrent writers lock alike).
     */
    async writeProjections(
      trx: RiskExecutor,
      rows: ReportProjection[],
      statuses: Array<{ reportId: string; at: string; status: string }>,
      deltas: Array<{ code: string; weighted: number; open: number }>,
    ): Promise<SignalRow[]> {
      const sorted = [...deltas].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
      const result = await sql<SignalRow>`
        WITH projected AS (
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
        )
        INSERT INTO risk_region_signal (region_code, weighted, open_reports)
        SELECT code, weighted, open
          FROM unnest(${sorted.map((d) => d.code)}::text[], ${sorted.map((d) => d.weighted)}::float8[],
                      ${sorted.map((d) => d.open)}::int[]) AS t(code, weighted, open)
         ORDER BY code
        ON CONFLICT (region_code) DO UPDATE SET
          weighted = risk_region_signal.weighted + EXCLUDED.weighted,
          open_reports = risk_region_signal.open_reports + EXCLUDED.open_reports
        RETURNING region_code, weighted, open_reports`.execute(trx);
      return result.rows;
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

    /**
     * Counted reports of each region's subtree in the last 24 h and in the 28 days before, in one
     * query: index-only range scans on the (level column, at) indexes.
     */
    async activityCounts(
      executor: RiskExecutor,
      regions: Array<{ code: string; level: number }>,
      now: string,
    ): Promise<Map<string, { day: number; previous: number }>> {
      const counts = new Map<string, { day: number; previous: number }>();
      const byLevel = new Map<number, string[]>();
      for (const r of regions) byLevel.set(r.level, [...(byLevel.get(r.level) ?? []), r.code]);
      if (byLevel.size === 0) return counts;
      const parts = [...byLevel].map(([level, codes]) => {
        const column = sql.ref(levelColumn(level));
        return sql`
          SELECT ${column} AS code,
                 count(*) FILTER (WHERE at > ${now}::timestamptz - interval '24 hours')::int AS day,
                 count(*) FILTER (WHERE at <= ${now}::timestamptz - interval '24 hours')::int AS previous
            FROM risk_reports
           WHERE ${column} = ANY(${codes}::text[]) AND counted
             AND at > ${now}::timestamptz - interval '29 days' AND at <= ${now}::timestamptz
           GROUP BY 1`;
      });
      const result = await sql<{
        code: string;
        day: number;
        previous: number;
      }>`${sql.join(parts, sql` UNION ALL `)}`.execute(executor);
      for (const row of result.rows) counts.set(row.code, { day: row.day, previous: row.previous });
      return counts;
    },

    // ---- reads for callers -----------------------------------------------------------------

    /**
     * Children of a region (null: the provinces) inside the scope, with their aggregates and the
     * epoch those are kept against, read in one statement so the two always match.
     */
    async children(parentCode: string | null, scopePath: string): Promise<ScoredRegionRow[]> {
      const result = await sql<ScoredRegionRow>`
        SELECT r.code, r.name, r.level, r.parent_code, r.timezone, s.weighted, s.open_reports, e.t0, e.half_life_hours
          FROM regions r
          LEFT JOIN risk_region_signal s ON s.region_code = r.code
          LEFT JOIN risk_epoch e ON true
         WHERE ${parentCode === null ? sql`r.parent_code IS NULL` : sql`r.parent_code = ${parentCode}`}
           AND ${scopePath === '' ? sql`true` : sql`r.path <@ ${scopePath}::ltree`}
         ORDER BY r.parent_code, r.name`.execute(db);
      return result.rows;
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

    /**
     * Current baselines a list of children needs: the parent's line and every child's own (a child
     * code is the parent's plus one segment: 2, 5, 8 or 13 characters long).
     */
    async baselinesForChildren(parentCode: string | null, lineCodes: string[]): Promise<BaselineRow[]> {
      const childLength = [2, 5, 8, 13][parentCode === null ? 0 : parentCode.split('.').length] ?? 13;
      const children =
        parentCode === null
          ? sql`length(b.region_code) = 2`
          : sql`left(b.region_code, ${parentCode.length + 1}) = ${`${parentCode}.`} AND length(b.region_code) = ${childLength}`;
      const result = await sql<BaselineRow>`
        SELECT ${BASELINE_COLUMNS} FROM risk_baselines b
         WHERE b.superseded_at IS NULL AND (b.region_code = ANY(${lineCodes}::text[]) OR (${children}))`.execute(
        db,
      );
      return result.rows;
    },

    /** Counted reports in the last 24 h per child of `parent` (null: per province), inside the scope. */
    async childCounts24h(
      parent: { code: string; level: number } | null,
      scopePath: string,
      now: string,
    ): Promise<Map<string, number>> {
      const childColumn = sql.ref(levelColumn((parent?.level ?? 0) + 1));
      const parentFilter = parent ? sql`${sql.ref(levelColumn(parent.level))} = ${parent.code}` : sql`true`;
      const result = await sql<{ code: string; n: number }>`
        SELECT ${childColumn} AS code, count(*)::int AS n
          FROM risk_reports
         WHERE ${parentFilter} AND counted AND ${reportsInScope(scopePath)}
           AND at > ${now}::timestamptz - interval '24 hours' AND at <= ${now}::timestamptz
           AND ${childColumn} IS NOT NULL
         GROUP BY 1`.execute(db);
      return new Map(result.rows.map((r) => [r.code, r.n]));
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
     * The reports of a subtree that contribute most now. Recent reports are looked at first (three
     * half-lives); older ones only when those cannot fill the list, since a report three half-lives
     * old weighs at most 4 × 2^−3 = 0.5. Reports older than 20 half-lives add < 1e-5 and are left out.
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
               AND at > ${now}::timestamptz - ${`${Math.ceil(horizonHours)} hours`}::interval AND at <= ${now}::timestamptz
               AND ${weight} > 0
             ORDER BY contribution DESC, at DESC, report_id
             LIMIT ${limit}`.execute(db)
        ).rows;
      let rows = await top(halfLifeHours * 3);
      const floor = 4 * 2 ** -3;
      if (rows.length < limit || (rows[rows.length - 1]?.contribution ?? 0) < floor)
        rows = await top(halfLifeHours * 20);
      const counted = await sql<{ n: number }>`
        SELECT count(*)::int AS n FROM risk_reports
         WHERE ${column} = ${region.code} AND counted AND ${reportsInScope(scopePath)}
           AND at > ${now}::timestamptz - ${`${Math.ceil(halfLifeHours * 20)} hours`}::interval
           AND at <= ${now}::timestamptz`.execute(db);
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
        )
        SELECT to_char(d.day, 'YYYY-MM-DD') AS day,
               coalesce(sum(s.severity * (${JSON.stringify(weights)}::jsonb ->> st.status)::float8
                 * power(2, -extract(epoch FROM (d.at - s.at)) / 3600 / ${halfLifeHours}::float8)), 0)::float8 AS signal,
               count(*) FILTER (WHERE st.status = ANY(${[...openStatuses]}::text[]))::int AS open_reports,
               count(*) FILTER (WHERE st.status = ANY(${[...countedStatuses]}::text[])
                                  AND s.at > d.at - interval '24 hours')::int AS reports_24h
          FROM days d
          LEFT JOIN subtree s ON s.created_at <= d.at AND s.at <= d.at AND s.at > d.at - ${horizon}::interval
          LEFT JOIN LATERAL (
            SELECT h.status FROM risk_report_statuses h
             WHERE h.report_id = s.report_id AND h.at <= d.at ORDER BY h.at DESC, h.id DESC LIMIT 1
          ) st ON true
         GROUP BY d.day ORDER BY d.day`.execute(db);
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
