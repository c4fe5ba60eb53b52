import crypto from 'node:crypto';
import type { Transaction } from 'kysely';
import { NATIONAL_CODE, type AlertDetail } from '@sinergi/shared';
import type { Clock } from '../../clock.ts';
import type { DB } from '../../db/index.ts';
import { newEffects, writeEffects, type TransactionEffects } from '../../effects.ts';
import type { Actor } from '../../http/actor.ts';
import { AppError } from '../../http/errors.ts';
import { decodeCursor, page } from '../../http/pagination.ts';
import type { Jobs } from '../../jobs/index.ts';
import { publishLive, type LiveNotice, type LiveSource } from '../../live/index.ts';
import type { AuditService } from '../audit/index.ts';
import type { ReportEvent, ReportListener } from '../reports/events.ts';
import { EMAIL_QUEUE, WEBHOOK_QUEUE, type AlertJob } from './notifications.ts';
import { ALERT_READERS } from './policy.ts';
import { presentAlert, presentAlertDetail } from './presenter.ts';
import type { AlertRepository, NewAlert, SignalRow } from './repository.ts';
import {
  CLUSTER_THRESHOLD,
  planAlerts,
  SERIOUS_SEVERITY,
  UNCOUNTED_STATUSES,
  WINDOW_MS,
  type RuleReport,
} from './rules.ts';
import { withAlertTables, type AlertExecutor } from './tables.ts';

/** What another module gives to open an alert of its own kind (the risk index: level_up, anomaly). */
export interface OpenAlertInput {
  regionCode: string;
  kind: string;
  severity: 1 | 2 | 3 | 4;
  title: string;
  details?: Record<string, unknown>;
  /** While an alert with this key is not closed, opening again returns it instead of a new one. */
  dedupeKey: string;
}

const KIND_PATTERN = /^[a-z_]{2,40}$/;

export function createAlertService(deps: {
  repository: AlertRepository;
  audit: AuditService;
  jobs: Jobs;
  clock: Clock;
}) {
  const { repository, audit, jobs, clock } = deps;
  const now = () => clock.now().toISOString();

  /**
   * Everything opened alerts set off, inside the transaction that opens them: live notices (with
   * `alsoLive`, other notices of the same transaction, in the same NOTIFY), e-mail and webhook jobs,
   * audit entries. Added to `effects` when the transaction's owner gathers them, else written now.
   */
  async function announce(
    trx: AlertExecutor,
    opened: Array<{ id: string; path: string; kind: string; regionCode: string }>,
    alsoLive: LiveNotice[],
    effects: TransactionEffects | undefined,
  ): Promise<void> {
    const sink = effects ?? newEffects();
    sink.live.push(
      ...alsoLive,
      ...opened.map((a): LiveNotice => ({ topic: 'alert', event: 'alert.opened', id: a.id, path: a.path })),
    );
    if (opened.length > 0) {
      // In the transaction: the jobs exist exactly when the alerts do, and survive a restart.
      const job: AlertJob = { alertIds: opened.map((a) => a.id) };
      sink.jobs.push({ queue: EMAIL_QUEUE, data: job }, { queue: WEBHOOK_QUEUE, data: job });
      sink.audit.push(
        ...opened.map((alert) => ({
          actor: null,
          record: {
            action: 'alert.open',
            entityType: 'alert',
            entityId: alert.id,
            regionPath: alert.path,
            changes: { kind: alert.kind, regionCode: alert.regionCode },
          },
        })),
      );
    }
    if (!effects) await writeEffects(trx as unknown as Transaction<DB>, sink, { audit, jobs });
  }

  const updated = (id: string, path: string): LiveNotice => ({
    topic: 'alert',
    event: 'alert.updated',
    id,
    path,
  });

  /**
   * Applies the rules to the serious reports of one batch of report events (see rules.ts) in three
   * statements: the district locks; the reports' facts written and the windows around them read;
   * the alerts opened and joined.
   */
  async function onReportEvents(
    base: Transaction<DB>,
    events: ReportEvent[],
    effects?: TransactionEffects,
  ): Promise<void> {
    // The latest event per report wins (a batch may create and then change the same report).
    const latest = new Map<string, ReportEvent['report']>();
    for (const event of events)
      if (event.report.severity >= SERIOUS_SEVERITY) latest.set(event.report.id, event.report);
    if (latest.size === 0) return;
    const trx = withAlertTables(base);
    const reports = [...latest.values()];
    const at = now();

    await repository.lockDistricts(
      trx,
      reports.map((r) => r.districtCode),
    );
    const triggers: RuleReport[] = reports
      .filter((r) => !UNCOUNTED_STATUSES.includes(r.status))
      .map((r) => ({
        reportId: r.id,
        districtCode: r.districtCode,
        occurredAt: Date.parse(r.occurredAt),
        severity: r.severity,
      }));
    const { candidates, districtNames } = await repository.upsertSignalsAndReadWindows(
      trx,
      reports.map((r): SignalRow => ({
        reportId: r.id,
        regionCode: r.regionCode,
        districtCode: r.districtCode,
        occurredAt: r.occurredAt,
        category: r.category,
        severity: r.severity,
        status: r.status,
        title: r.title,
      })),
      triggers,
      at,
    );
    if (triggers.length === 0) return;

    const plan = planAlerts(triggers, candidates);
    if (plan.open.length === 0 && plan.attach.length === 0) return;

    const ids = plan.open.map(() => crypto.randomUUID());
    const newAlerts = plan.open.map((p, i): NewAlert & { id: string } => {
      const district = `Kecamatan ${districtNames.get(p.districtCode) ?? p.districtCode}`;
      return {
        id: ids[i] as string,
        regionCode: p.districtCode,
        kind: p.kind,
        severity: p.severity,
        title:
          p.kind === 'critical_report'
            ? `Laporan kritis di ${district}`
            : `${p.reportIds.length} laporan serius dalam ${WINDOW_MS / 3_600_000} jam di ${district}`,
        details:
          p.kind === 'critical_report'
            ? { rule: 'critical_report', windowHours: WINDOW_MS / 3_600_000 }
            : { rule: 'report_cluster', windowHours: WINDOW_MS / 3_600_000, threshold: CLUSTER_THRESHOLD },
        dedupeKey: null,
        openedAt: at,
      };
    });
    const { paths, touched } = await repository.openAndJoin(trx, {
      alerts: newAlerts,
      attach: [
        ...plan.open.flatMap((p, i) =>
          p.reportIds.map((reportId) => ({ alertId: ids[i] as string, reportId })),
        ),
        ...plan.attach.map((a) => ({ alertId: a.alertId, reportId: a.reportId })),
      ],
      raise: plan.attach.map((a) => ({ alertId: a.alertId, severity: a.severity })),
      at,
    });
    await announce(
      trx,
      newAlerts.map((a) => ({
        id: a.id,
        path: paths.get(a.id) ?? a.regionCode,
        kind: a.kind,
        regionCode: a.regionCode,
      })),
      touched.map((t) => updated(t.id, t.region_path)),
      effects,
    );
  }

  /**
   * Opens alerts of another module's kind inside the caller's transaction, with the same
   * notifications (live feed, e-mail, webhooks), in one statement for all of them. Idempotent while
   * an alert with the key is not closed. Results in input order.
   */
  async function openAlerts(
    base: Transaction<DB>,
    inputs: OpenAlertInput[],
    effects?: TransactionEffects,
  ): Promise<Array<{ id: string; opened: boolean }>> {
    const keys = new Set<string>();
    const alerts = inputs.map((input) => {
      if (!KIND_PATTERN.test(input.kind)) throw new Error(`alert kind "${input.kind}" must be snake_case`);
      if (![1, 2, 3, 4].includes(input.severity))
        throw new Error(`alert severity ${input.severity} is not 1..4`);
      const title = input.title.trim().slice(0, 300);
      if (title.length === 0) throw new Error('an alert needs a title');
      if (input.dedupeKey.length === 0 || input.dedupeKey.length > 200)
        throw new Error('dedupeKey must be 1..200 characters');
      if (keys.has(input.dedupeKey)) throw new Error(`dedupeKey "${input.dedupeKey}" given twice`);
      keys.add(input.dedupeKey);
      return {
        regionCode: input.regionCode,
        kind: input.kind,
        severity: input.severity,
        title,
        details: input.details ?? {},
        dedupeKey: input.dedupeKey,
        openedAt: now(),
      };
    });
    const trx = withAlertTables(base);
    const rows = await repository.openDeduplicatedMany(trx, alerts);
    const results: Array<{ id: string; region_path: string; opened: boolean }> = [];
    for (const [i, alert] of alerts.entries()) {
      // Missed by the statement (its key was taken concurrently, or the region is unknown): alone.
      const result = rows[i] ?? (await repository.openDeduplicated(trx, alert));
      if (!result) throw new AppError('region.not_found', [{ code: alert.regionCode }]);
      results.push(result);
    }
    await announce(
      trx,
      results.flatMap((result, i) => {
        const input = inputs[i];
        return result.opened && input
          ? [{ id: result.id, path: result.region_path, kind: input.kind, regionCode: input.regionCode }]
          : [];
      }),
      [],
      effects,
    );
    return results.map((r) => ({ id: r.id, opened: r.opened }));
  }

  async function requireAlert(actor: Actor, id: string, executor?: AlertExecutor, lock = false) {
    const view = await repository.byId(id, actor.scopePath, executor, lock);
    if (!view) throw new AppError('alert.not_found');
    return view;
  }

  async function detail(actor: Actor, id: string): Promise<AlertDetail> {
    const view = await requireAlert(actor, id);
    return presentAlertDetail(view, await repository.reportsOf(id));
  }

  /** Locks the alert, checks, changes, audits and tells the live feed, in one transaction. */
  async function change(
    actor: Actor,
    id: string,
    apply: (
      trx: AlertExecutor,
      view: Awaited<ReturnType<typeof requireAlert>>,
      at: string,
    ) => Promise<{ action: string; changes: Record<string, unknown> }>,
  ): Promise<AlertDetail> {
    await repository.db.transaction().execute(async (trx) => {
      const view = await requireAlert(actor, id, trx, true);
      const at = now();
      const { action, changes } = await apply(trx, view, at);
      await audit.record(trx as unknown as Transaction<DB>, actor, {
        action,
        entityType: 'alert',
        entityId: id,
        regionPath: view.region_path,
        changes,
      });
      await publishLive(trx, [updated(id, view.region_path)]);
    });
    return detail(actor, id);
  }

  const service = {
    /** The ReportListener for the reports service: runs the rules inside each report transaction. */
    reportListener: onReportEvents satisfies ReportListener,

    openAlerts,

    /** One alert: `openAlerts` of one. */
    async openAlert(base: Transaction<DB>, input: OpenAlertInput): Promise<{ id: string; opened: boolean }> {
      const [result] = await openAlerts(base, [input]);
      if (!result) throw new Error('openAlerts answered nothing');
      return result;
    },

    async list(actor: Actor, query: { region?: string; status?: string; limit: number; cursor?: string }) {
      let regionPath: string | undefined;
      if (query.region !== undefined && query.region !== NATIONAL_CODE) {
        regionPath = await repository.regionPath(query.region);
        if (regionPath === undefined) throw new AppError('region.not_found', [{ code: query.region }]);
      }
      const after = decodeCursor(query.cursor, 2) as [string, string] | undefined;
      const rows = await repository.list(
        actor.scopePath,
        { regionPath, status: query.status },
        query.limit,
        after,
      );
      const result = page(rows, query.limit, (r) => [r.opened_at, r.id]);
      return { items: result.items.map(presentAlert), nextCursor: result.nextCursor };
    },

    get: detail,

    acknowledge: (actor: Actor, id: string) =>
      change(actor, id, async (trx, view, at) => {
        if (view.status !== 'open')
          throw new AppError('alert.illegal_transition', [{ from: view.status, to: 'acknowledged' }]);
        await repository.update(
          trx,
          id,
          { status: 'acknowledged', acknowledged_at: at, acknowledged_by: actor.userId },
          at,
        );
        return { action: 'alert.acknowledge', changes: { from: view.status, to: 'acknowledged' } };
      }),

    assign: (actor: Actor, id: string, userId: string) =>
      change(actor, id, async (trx, view, at) => {
        if (view.status === 'closed')
          throw new AppError('alert.illegal_transition', [{ from: 'closed', to: 'assigned' }]);
        const assignee = await repository.assignable(trx, userId, view.region_path);
        if (!assignee)
          throw new AppError('alert.assignee_invalid', [{ in: 'body', path: 'userId', message: userId }]);
        await repository.update(trx, id, { assignee_id: assignee.id, assigned_at: at }, at);
        return { action: 'alert.assign', changes: { from: view.assignee_id, to: assignee.id } };
      }),

    close: (actor: Actor, id: string, note: string) =>
      change(actor, id, async (trx, view, at) => {
        if (view.status === 'closed')
          throw new AppError('alert.illegal_transition', [{ from: 'closed', to: 'closed' }]);
        await repository.update(
          trx,
          id,
          { status: 'closed', closed_at: at, closed_by: actor.userId, close_note: note },
          at,
        );
        return { action: 'alert.close', changes: { from: view.status, to: 'closed', note } };
      }),

    /** The live feed's source of alert events: loads the alerts of one tick, presented. */
    liveSource: {
      topic: 'alert',
      roles: ALERT_READERS,
      async load(ids: string[]) {
        const rows = await repository.byIds(ids);
        return new Map<string, unknown>(rows.map((row) => [row.id, presentAlert(row)]));
      },
    } satisfies LiveSource,
  };
  return service;
}

export type AlertService = ReturnType<typeof createAlertService>;
