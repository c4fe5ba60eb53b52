import { sql, type Kysely, type RawBuilder } from 'kysely';
import { runPrepared, type DB } from '../../db/index.ts';
import type { RuleCandidate, RuleReport } from './rules.ts';
import { SERIOUS_SEVERITY, UNCOUNTED_STATUSES, WINDOW_MS } from './rules.ts';
import { withAlertTables, type AlertExecutor } from './tables.ts';

/** An alert as read for presenting: the row with its region, zone, people's names and report count. */
export interface AlertView {
  id: string;
  region_code: string;
  region_path: string;
  region_name: string;
  timezone: string;
  kind: string;
  severity: number;
  status: string;
  title: string;
  details: Record<string, unknown>;
  dedupe_key: string | null;
  opened_at: string;
  updated_at: string;
  acknowledged_at: string | null;
  acknowledged_by: string | null;
  acknowledged_by_name: string | null;
  assignee_id: string | null;
  assignee_name: string | null;
  assigned_at: string | null;
  closed_at: string | null;
  closed_by: string | null;
  closed_by_name: string | null;
  close_note: string | null;
  report_count: number;
}

export interface AlertReportRow {
  report_id: string;
  title: string;
  category: string;
  severity: number;
  occurred_at: string;
}

export interface NewAlert {
  regionCode: string;
  kind: string;
  severity: number;
  title: string;
  details: Record<string, unknown>;
  dedupeKey: string | null;
  openedAt: string;
}

export interface SignalRow {
  reportId: string;
  regionCode: string;
  districtCode: string;
  occurredAt: string;
  category: string;
  severity: number;
  status: string;
  title: string;
}

export interface WebhookRow {
  id: string;
  region_code: string;
  region_name: string;
  url: string;
  description: string | null;
  created_at: string;
}

/** Roles told about alerts by e-mail, and who may be assigned one. */
export const NOTIFIED_ROLES = ['forum_member', 'regency_officer', 'province_officer'] as const;

// Keys of pg_advisory_xact_lock(int, int): this namespace and a hash of the district code.
const DISTRICT_LOCK_NAMESPACE = 74_062_200;

const VIEW = sql`
  SELECT a.id, a.region_code, a.region_path::text AS region_path, r.name AS region_name, r.timezone,
         a.kind, a.severity, a.status, a.title, a.details, a.dedupe_key, a.opened_at, a.updated_at,
         a.acknowledged_at, a.acknowledged_by, ack.name AS acknowledged_by_name,
         a.assignee_id, asg.name AS assignee_name, a.assigned_at,
         a.closed_at, a.closed_by, cls.name AS closed_by_name, a.close_note,
         (SELECT count(*)::int FROM alert_reports ar WHERE ar.alert_id = a.id) AS report_count
    FROM alerts a
    JOIN regions r ON r.code = a.region_code
    LEFT JOIN users ack ON ack.id = a.acknowledged_by
    LEFT JOIN users asg ON asg.id = a.assignee_id
    LEFT JOIN users cls ON cls.id = a.closed_by`;

/**
 * The alert a report feeds (alert_id null when none), as a subquery on the report id `reportId`:
 * one lookup by the unique report_id and one by the alert's key, whatever the tables' statistics.
 */
function feedOf(reportId: RawBuilder<unknown>) {
  return sql`SELECT ar.alert_id, a.status AS alert_status
               FROM alert_reports ar LEFT JOIN alerts a ON a.id = ar.alert_id
              WHERE ar.report_id = ${reportId}
             OFFSET 0`;
}

/** Alerts SQL. Every read for a caller takes its scope path ('' for national) and filters by it. */
export function createAlertRepository(base: Kysely<DB>) {
  const db = withAlertTables(base);

  return {
    db,

    /** Serialises rule evaluation per district across transactions and processes (sorted: no deadlock). */
    async lockDistricts(trx: AlertExecutor, districts: string[]): Promise<void> {
      const sorted = [...new Set(districts)].sort();
      if (sorted.length === 0) return;
      await sql`SELECT pg_advisory_xact_lock(${DISTRICT_LOCK_NAMESPACE}, hashtext(d))
                  FROM (SELECT d FROM unnest(${sorted}::text[]) AS d ORDER BY d) AS s`.execute(trx);
    },

    /**
     * One statement for a batch of serious reports: keeps the facts the rules need about them
     * (`rows`), and reads every serious, countable report within the window of a trigger in its
     * district with the alert it already feeds, and the names of the triggers' districts. The
     * reads see the table as it was before this statement's write, so the rows being written are
     * left out of them and the triggers (the countable ones among `rows`) added back here.
     */
    async upsertSignalsAndReadWindows(
      trx: AlertExecutor,
      rows: SignalRow[],
      triggers: RuleReport[],
      at: string,
    ): Promise<{ candidates: RuleCandidate[]; districtNames: Map<string, string> }> {
      if (rows.length === 0) return { candidates: [], districtNames: new Map() };
      const window = `${WINDOW_MS} milliseconds`;
      const triggerIds = triggers.map((t) => t.reportId);
      const result = await runPrepared(
        trx,
        sql<{
          window: Array<{
            report_id: string;
            district_code: string;
            occurred_at: string;
            severity: number;
            alert_id: string | null;
            alert_status: string | null;
          }> | null;
          links: Array<{ report_id: string; alert_id: string; alert_status: string }> | null;
          names: Record<string, string> | null;
        }>`
        WITH upserted AS (
          INSERT INTO alert_report_signals
                 (report_id, region_code, district_code, occurred_at, category, severity, status, title, updated_at)
          SELECT id, region_code, district_code, occurred_at, category, severity, status, title, ${at}::timestamptz
            FROM unnest(${rows.map((r) => r.reportId)}::uuid[], ${rows.map((r) => r.regionCode)}::text[],
                        ${rows.map((r) => r.districtCode)}::text[], ${rows.map((r) => r.occurredAt)}::timestamptz[],
                        ${rows.map((r) => r.category)}::text[], ${rows.map((r) => r.severity)}::smallint[],
                        ${rows.map((r) => r.status)}::text[], ${rows.map((r) => r.title)}::text[])
                 AS t(id, region_code, district_code, occurred_at, category, severity, status, title)
          ON CONFLICT (report_id) DO UPDATE
             SET status = EXCLUDED.status, severity = EXCLUDED.severity, occurred_at = EXCLUDED.occurred_at,
                 title = EXCLUDED.title, category = EXCLUDED.category, updated_at = EXCLUDED.updated_at
        )
        SELECT
          (SELECT json_agg(w) FROM (
             SELECT DISTINCT ON (s.report_id)
                    s.report_id, s.district_code, s.occurred_at, s.severity, f.alert_id, f.alert_status
               FROM unnest(${triggers.map((t) => t.districtCode)}::text[],
                           ${triggers.map((t) => new Date(t.occurredAt).toISOString())}::timestamptz[]) AS t(district, at)
               -- Each trigger's window is its own index range scan, and each report's alert a key lookup:
               -- OFFSET 0 keeps the planner from joining whole tables. During a burst the tables grow
               -- faster than they are analysed, and it chose hash joins over sequential scans of
               -- alert_report_signals, alert_reports and alerts: every group commit read all of them.
               CROSS JOIN LATERAL (
                 SELECT s.report_id, s.district_code, s.occurred_at, s.severity FROM alert_report_signals s
                  WHERE s.district_code = t.district
                    AND s.occurred_at BETWEEN t.at - ${window}::interval AND t.at + ${window}::interval
                    AND s.severity >= ${SERIOUS_SEVERITY}
                    AND s.status <> ALL (${[...UNCOUNTED_STATUSES]}::text[])
                    AND s.report_id <> ALL (${rows.map((r) => r.reportId)}::uuid[])
                 OFFSET 0) s
               LEFT JOIN LATERAL (${feedOf(sql`s.report_id`)}) f ON true
              ORDER BY s.report_id) w) AS window,
          (SELECT json_agg(l) FROM (
             SELECT DISTINCT ON (t.id) t.id AS report_id, f.alert_id, f.alert_status
               FROM unnest(${triggerIds}::uuid[]) AS t(id)
               CROSS JOIN LATERAL (${feedOf(sql`t.id`)}) f
              WHERE f.alert_status IS NOT NULL
              ORDER BY t.id) l) AS links,
          (SELECT json_object_agg(code, name) FROM regions
            WHERE code = ANY (${[...new Set(triggers.map((t) => t.districtCode))]}::text[])) AS names`,
      );
      const row = result.rows[0];
      const links = new Map((row?.links ?? []).map((l) => [l.report_id, l]));
      const open = (status: string | null | undefined) => status != null && status !== 'closed';
      const candidates: RuleCandidate[] = (row?.window ?? []).map((r) => ({
        reportId: r.report_id,
        districtCode: r.district_code,
        occurredAt: Date.parse(r.occurred_at),
        severity: r.severity,
        alertId: r.alert_id,
        alertOpen: open(r.alert_status),
      }));
      for (const t of triggers) {
        const link = links.get(t.reportId);
        candidates.push({ ...t, alertId: link?.alert_id ?? null, alertOpen: open(link?.alert_status) });
      }
      return { candidates, districtNames: new Map(Object.entries(row?.names ?? {})) };
    },

    /**
     * One statement: inserts new alerts (ids chosen by the caller), attaches reports to new and
     * existing alerts, and raises the severity of existing alerts that gained reports. Returns the
     * new alerts' paths and the raised alerts, for the live feed.
     */
    async openAndJoin(
      trx: AlertExecutor,
      input: {
        alerts: Array<NewAlert & { id: string }>;
        attach: Array<{ alertId: string; reportId: string }>;
        raise: Array<{ alertId: string; severity: number }>;
        at: string;
      },
    ): Promise<{ paths: Map<string, string>; touched: Array<{ id: string; region_path: string }> }> {
      const { alerts, attach, raise, at } = input;
      const result = await runPrepared(
        trx,
        sql<{ opened: boolean; id: string; region_path: string }>`
        WITH inserted AS (
          INSERT INTO alerts (id, region_code, region_path, kind, severity, title, details, dedupe_key, opened_at, updated_at)
          SELECT i.id, i.region_code, r.path, i.kind, i.severity, i.title, i.details, i.dedupe_key, i.opened_at, i.opened_at
            FROM unnest(${alerts.map((a) => a.id)}::uuid[], ${alerts.map((a) => a.regionCode)}::text[],
                        ${alerts.map((a) => a.kind)}::text[], ${alerts.map((a) => a.severity)}::smallint[],
                        ${alerts.map((a) => a.title)}::text[], ${alerts.map((a) => JSON.stringify(a.details))}::jsonb[],
                        ${alerts.map((a) => a.dedupeKey)}::text[], ${alerts.map((a) => a.openedAt)}::timestamptz[])
                 AS i(id, region_code, kind, severity, title, details, dedupe_key, opened_at)
            JOIN regions r ON r.code = i.region_code
          RETURNING id, region_path::text AS region_path
        ), attached AS (
          -- Foreign keys are checked at the end of the statement, when the new alerts exist.
          INSERT INTO alert_reports (alert_id, report_id, attached_at)
          SELECT alert_id, report_id, ${at}::timestamptz
            FROM unnest(${attach.map((p) => p.alertId)}::uuid[], ${attach.map((p) => p.reportId)}::uuid[])
                 AS t(alert_id, report_id)
          ON CONFLICT DO NOTHING
        ), raised AS (
          UPDATE alerts a SET severity = GREATEST(a.severity, c.severity), updated_at = ${at}::timestamptz
            FROM (SELECT id, max(severity) AS severity
                    FROM unnest(${raise.map((c) => c.alertId)}::uuid[], ${raise.map((c) => c.severity)}::smallint[])
                         AS t(id, severity) GROUP BY id) AS c
           WHERE a.id = c.id
          RETURNING a.id, a.region_path::text AS region_path
        )
        SELECT true AS opened, id, region_path FROM inserted
        UNION ALL
        SELECT false AS opened, id, region_path FROM raised`,
      );
      return {
        paths: new Map(result.rows.filter((r) => r.opened).map((r) => [r.id, r.region_path])),
        touched: result.rows.filter((r) => !r.opened).map(({ id, region_path }) => ({ id, region_path })),
      };
    },

    /** Opens one alert unless one still open holds its dedupe key; returns which, and whether it is new. */
    async openDeduplicated(
      trx: AlertExecutor,
      alert: NewAlert & { dedupeKey: string },
    ): Promise<{ id: string; region_path: string; opened: boolean } | undefined> {
      const inserted = await sql<{ id: string; region_path: string }>`
        INSERT INTO alerts (region_code, region_path, kind, severity, title, details, dedupe_key, opened_at, updated_at)
        SELECT r.code, r.path, ${alert.kind}, ${alert.severity}, ${alert.title}, ${JSON.stringify(alert.details)}::jsonb,
               ${alert.dedupeKey}, ${alert.openedAt}::timestamptz, ${alert.openedAt}::timestamptz
          FROM regions r WHERE r.code = ${alert.regionCode}
        ON CONFLICT (dedupe_key) WHERE dedupe_key IS NOT NULL AND status <> 'closed' DO NOTHING
        RETURNING id, region_path::text AS region_path`.execute(trx);
      const row = inserted.rows[0];
      if (row) return { ...row, opened: true };
      const existing = await trx
        .selectFrom('alerts')
        .select(['id', sql<string>`region_path::text`.as('region_path')])
        .where('dedupe_key', '=', alert.dedupeKey)
        .where('status', '<>', 'closed')
        .executeTakeFirst();
      return existing ? { ...existing, opened: false } : undefined;
    },

    /**
     * `openDeduplicated` for several alerts (distinct keys) in one statement, results in input order.
     * An alert whose key another transaction took after this statement's snapshot comes back
     * undefined: the caller opens it alone.
     */
    async openDeduplicatedMany(
      trx: AlertExecutor,
      alerts: Array<NewAlert & { dedupeKey: string }>,
    ): Promise<Array<{ id: string; region_path: string; opened: boolean } | undefined>> {
      if (alerts.length === 0) return [];
      const result = await runPrepared(
        trx,
        sql<{ n: number; id: string | null; region_path: string | null; opened: boolean }>`
        WITH input AS (
          SELECT * FROM unnest(${alerts.map((a) => a.regionCode)}::text[], ${alerts.map((a) => a.kind)}::text[],
                               ${alerts.map((a) => a.severity)}::smallint[], ${alerts.map((a) => a.title)}::text[],
                               ${alerts.map((a) => JSON.stringify(a.details))}::jsonb[],
                               ${alerts.map((a) => a.dedupeKey)}::text[], ${alerts.map((a) => a.openedAt)}::timestamptz[])
                 WITH ORDINALITY AS t(code, kind, severity, title, details, dedupe_key, opened_at, n)
        ), inserted AS (
          INSERT INTO alerts (region_code, region_path, kind, severity, title, details, dedupe_key, opened_at, updated_at)
          SELECT r.code, r.path, i.kind, i.severity, i.title, i.details, i.dedupe_key, i.opened_at, i.opened_at
            FROM input i JOIN regions r ON r.code = i.code
           ORDER BY i.n
          ON CONFLICT (dedupe_key) WHERE dedupe_key IS NOT NULL AND status <> 'closed' DO NOTHING
          RETURNING id, region_path::text AS region_path, dedupe_key
        )
        SELECT i.n::int AS n, coalesce(ins.id, ex.id) AS id, coalesce(ins.region_path, ex.region_path) AS region_path,
               ins.id IS NOT NULL AS opened
          FROM input i
          LEFT JOIN inserted ins ON ins.dedupe_key = i.dedupe_key
          LEFT JOIN LATERAL (
            SELECT a.id, a.region_path::text AS region_path FROM alerts a
             WHERE ins.id IS NULL AND a.dedupe_key = i.dedupe_key AND a.status <> 'closed' LIMIT 1
          ) ex ON true
         ORDER BY i.n`,
      );
      return result.rows.map((row) =>
        row.id !== null && row.region_path !== null
          ? { id: row.id, region_path: row.region_path, opened: row.opened }
          : undefined,
      );
    },

    async list(
      scopePath: string,
      filter: { regionPath?: string; status?: string },
      limit: number,
      after?: [string, string],
    ): Promise<AlertView[]> {
      const result = await sql<AlertView>`${VIEW}
        WHERE a.region_path <@ ${scopePath}::ltree
          ${filter.regionPath === undefined ? sql`` : sql`AND a.region_path <@ ${filter.regionPath}::ltree`}
          ${filter.status === undefined ? sql`` : sql`AND a.status = ${filter.status}`}
          ${after ? sql`AND (a.opened_at, a.id) < (${after[0]}::timestamptz, ${after[1]}::uuid)` : sql``}
        ORDER BY a.opened_at DESC, a.id DESC
        LIMIT ${limit + 1}`.execute(db);
      return result.rows;
    },

    async byId(
      id: string,
      scopePath: string,
      executor: AlertExecutor = db,
      lock = false,
    ): Promise<AlertView | undefined> {
      const result = await sql<AlertView>`${VIEW}
        WHERE a.id = ${id} AND a.region_path <@ ${scopePath}::ltree
        ${lock ? sql`FOR UPDATE OF a` : sql``}`.execute(executor);
      return result.rows[0];
    },

    async byIds(ids: string[]): Promise<AlertView[]> {
      if (ids.length === 0) return [];
      const result = await sql<AlertView>`${VIEW} WHERE a.id = ANY(${ids}::uuid[])`.execute(db);
      return result.rows;
    },

    /** The reports of an alert as the alert shows them: title, category, severity, time; nothing else. */
    async reportsOf(alertId: string, executor: AlertExecutor = db): Promise<AlertReportRow[]> {
      return executor
        .selectFrom('alert_reports as ar')
        .innerJoin('alert_report_signals as s', 's.report_id', 'ar.report_id')
        .select(['s.report_id', 's.title', 's.category', 's.severity', 's.occurred_at'])
        .where('ar.alert_id', '=', alertId)
        .orderBy('s.occurred_at')
        .orderBy('s.report_id')
        .execute();
    },

    async update(
      trx: AlertExecutor,
      id: string,
      changes: {
        status?: string;
        acknowledged_at?: string;
        acknowledged_by?: string;
        assignee_id?: string;
        assigned_at?: string;
        closed_at?: string;
        closed_by?: string;
        close_note?: string;
      },
      at: string,
    ): Promise<void> {
      await trx
        .updateTable('alerts')
        .set({ ...changes, updated_at: at })
        .where('id', '=', id)
        .execute();
    },

    /** A user who may be given the alert: active forum member or officer whose scope holds its region. */
    async assignable(
      trx: AlertExecutor,
      userId: string,
      regionPath: string,
    ): Promise<{ id: string; name: string } | undefined> {
      return trx
        .selectFrom('users')
        .select(['id', 'name'])
        .where('id', '=', userId)
        .where('active', '=', true)
        .where('role', 'in', [...NOTIFIED_ROLES])
        .where(sql<boolean>`scope_path @> ${regionPath}::ltree`)
        .executeTakeFirst();
    },

    /** E-mail recipients: active forum members and officers with an address, whose scope holds the region. */
    async recipients(regionPath: string): Promise<Array<{ id: string; email: string; name: string }>> {
      const rows = await db
        .selectFrom('users')
        .select(['id', 'email', 'name'])
        .where('active', '=', true)
        .where('email', 'is not', null)
        .where('role', 'in', [...NOTIFIED_ROLES])
        .where(sql<boolean>`scope_path @> ${regionPath}::ltree`)
        .orderBy('id')
        .execute();
      return rows.flatMap((r) => (r.email ? [{ id: r.id, email: r.email, name: r.name }] : []));
    },

    /** Names of the region and its ancestors, province first (for messages). */
    async lineage(regionPath: string): Promise<Array<{ code: string; name: string; level: number }>> {
      return db
        .selectFrom('regions')
        .select(['code', 'name', 'level'])
        .where(sql<boolean>`path @> ${regionPath}::ltree`)
        .orderBy('level')
        .execute();
    },

    async deliveredTargets(alertId: string, channel: 'email' | 'webhook'): Promise<Set<string>> {
      const rows = await db
        .selectFrom('alert_deliveries')
        .select('target')
        .where('alert_id', '=', alertId)
        .where('channel', '=', channel)
        .where('delivered_at', 'is not', null)
        .execute();
      return new Set(rows.map((r) => r.target));
    },

    async recordDelivery(
      alertId: string,
      channel: 'email' | 'webhook',
      target: string,
      outcome: { deliveredAt: string | null; error: string | null },
      at: string,
    ): Promise<void> {
      await sql`
        INSERT INTO alert_deliveries (alert_id, channel, target, attempts, delivered_at, last_error, updated_at)
        VALUES (${alertId}, ${channel}, ${target}, 1, ${outcome.deliveredAt}::timestamptz, ${outcome.error}, ${at}::timestamptz)
        ON CONFLICT (alert_id, channel, target) DO UPDATE
           SET attempts = alert_deliveries.attempts + 1,
               delivered_at = COALESCE(alert_deliveries.delivered_at, EXCLUDED.delivered_at),
               last_error = EXCLUDED.last_error, updated_at = EXCLUDED.updated_at`.execute(db);
    },

    /** Webhooks registered, before the alert opened, on the alert's region or one of its ancestors. */
    async webhooksFor(
      regionPath: string,
      openedAt: string,
    ): Promise<Array<{ id: string; url: string; secret: string }>> {
      return db
        .selectFrom('alert_webhooks')
        .select(['id', 'url', 'secret'])
        .where('deleted_at', 'is', null)
        .where('created_at', '<=', openedAt)
        .where(sql<boolean>`region_path @> ${regionPath}::ltree`)
        .orderBy('created_at')
        .execute();
    },

    async insertWebhook(
      trx: AlertExecutor,
      row: {
        regionCode: string;
        url: string;
        description: string | null;
        secret: string;
        createdBy: string;
        at: string;
      },
    ): Promise<{ id: string; region_path: string }> {
      const result = await sql<{ id: string; region_path: string }>`
        INSERT INTO alert_webhooks (region_code, region_path, url, description, secret, created_by, created_at)
        SELECT r.code, r.path, ${row.url}, ${row.description}, ${row.secret}, ${row.createdBy}, ${row.at}::timestamptz
          FROM regions r WHERE r.code = ${row.regionCode}
        RETURNING id, region_path::text AS region_path`.execute(trx);
      const inserted = result.rows[0];
      if (!inserted) throw new Error(`region ${row.regionCode} vanished`);
      return inserted;
    },

    async webhookById(
      id: string,
      scopePath: string,
      executor: AlertExecutor = db,
    ): Promise<(WebhookRow & { region_path: string }) | undefined> {
      const result = await sql<WebhookRow & { region_path: string }>`
        SELECT w.id, w.region_code, r.name AS region_name, w.url, w.description, w.created_at, w.region_path::text AS region_path
          FROM alert_webhooks w JOIN regions r ON r.code = w.region_code
         WHERE w.id = ${id} AND w.deleted_at IS NULL AND w.region_path <@ ${scopePath}::ltree`.execute(
        executor,
      );
      return result.rows[0];
    },

    async listWebhooks(
      scopePath: string,
      filter: { regionPath?: string },
      limit: number,
      after?: [string, string],
    ): Promise<WebhookRow[]> {
      const result = await sql<WebhookRow>`
        SELECT w.id, w.region_code, r.name AS region_name, w.url, w.description, w.created_at
          FROM alert_webhooks w JOIN regions r ON r.code = w.region_code
         WHERE w.deleted_at IS NULL AND w.region_path <@ ${scopePath}::ltree
           ${filter.regionPath === undefined ? sql`` : sql`AND w.region_path <@ ${filter.regionPath}::ltree`}
           ${after ? sql`AND (w.created_at, w.id) < (${after[0]}::timestamptz, ${after[1]}::uuid)` : sql``}
         ORDER BY w.created_at DESC, w.id DESC
         LIMIT ${limit + 1}`.execute(db);
      return result.rows;
    },

    /** False when it was already deleted (by a concurrent request). */
    async deleteWebhook(trx: AlertExecutor, id: string, by: string, at: string): Promise<boolean> {
      const result = await trx
        .updateTable('alert_webhooks')
        .set({ deleted_at: at, deleted_by: by })
        .where('id', '=', id)
        .where('deleted_at', 'is', null)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    async regionPath(code: string): Promise<string | undefined> {
      const row = await db
        .selectFrom('regions')
        .select(sql<string>`path::text`.as('path'))
        .where('code', '=', code)
        .executeTakeFirst();
      return row?.path;
    },
  };
}

export type AlertRepository = ReturnType<typeof createAlertRepository>;
