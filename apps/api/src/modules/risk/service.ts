import type { Transaction } from 'kysely';
import {
  levelOfCode,
  NATIONAL_CODE,
  RISK_HISTORY_MAX_DAYS,
  type RiskBaselineImportResult,
  type RiskDetail,
  type RiskHistory,
  type RiskHistoryPoint,
  type RiskList,
} from '@sinergi/shared';
import type { Clock } from '../../clock.ts';
import type { DB } from '../../db/index.ts';
import type { TransactionEffects } from '../../effects.ts';
import type { Actor } from '../../http/actor.ts';
import { AppError } from '../../http/errors.ts';
import type { Jobs } from '../../jobs/index.ts';
import type { OpenAlertInput } from '../alerts/index.ts';
import type { AuditService } from '../audit/index.ts';
import type { ReportEvent, ReportListener } from '../reports/events.ts';
import type { RawRow } from './baseline-file.ts';
import { validateBaselineRows, type ValidBaselineRow } from './baseline-validate.ts';
import {
  activityTest,
  baselineComposite,
  COUNTED_STATUSES,
  decayedSignal,
  DEFAULT_THRESHOLDS,
  episodeLevel,
  epochTerm,
  levelRank,
  OPEN_STATUSES,
  riskLevel,
  round2,
  scoreParts,
  SIGNAL_SCALE,
  SPIKE_BASELINE_DAYS,
  STATUS_WEIGHTS,
  clampLevel,
  type ActivityTest,
  type ReportStatus,
  type ThresholdTable,
} from './formula.ts';
import {
  displayName,
  presentBaselineVersion,
  presentContributor,
  presentItem,
  SCORE_FORMULA_TEXT,
  type ComputedScore,
} from './presenter.ts';
import {
  ACTIVITY_KEPT_DAYS,
  activityDay,
  activityHour,
  type BaselineRow,
  type DailyScoreRow,
  type RegionInfoRow,
  type ReportProjection,
  type RiskRepository,
  type ScoredRegionRow,
  type SignalRow,
  type StateRow,
  type StoredReportRow,
} from './repository.ts';
import type { RiskDB, RiskTables } from './tables.ts';

export type OpenAlerts = (
  trx: Transaction<DB>,
  inputs: OpenAlertInput[],
  effects?: TransactionEffects,
) => Promise<unknown>;

export const SNAPSHOT_QUEUE = 'risk.snapshot';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const WIB_OFFSET = 7 * HOUR;
/** The epoch moves forward once aggregates have grown by 2^64 (about 192 days at a 72 h half-life). */
const RENORMALISE_AFTER_HALF_LIVES = 64;
/** Alerts (level and activity) are for provinces, regencies and districts; a village's count is too small. */
const ALERT_MAX_LEVEL = 3;
const CONTRIBUTORS_SHOWN = 10;

export const wibDate = (ms: number): string => new Date(ms + WIB_OFFSET).toISOString().slice(0, 10);
export const endOfWibDay = (day: string): number => Date.parse(`${day}T00:00:00+07:00`) + DAY;
export const addDays = (day: string, n: number): string =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);

/** The region and its ancestors, top down: 15.04.01 -> 15, 15.04, 15.04.01 (codes are their own paths). */
export function lineage(code: string): string[] {
  const parts = code.split('.');
  return parts.map((_, i) => parts.slice(0, i + 1).join('.'));
}

const LEVEL_WORD: Record<'medium' | 'high', string> = { medium: 'SEDANG', high: 'TINGGI' };
const formatScore = (n: number) => n.toFixed(2).replace('.', ',');

interface Epoch {
  t0Ms: number;
  halfLifeHours: number;
}

interface Evaluation {
  region: { code: string; level: number };
  before: number;
  after: number;
  baseline: number | null;
  signal: number;
  activity?: ActivityTest;
  /** A first baseline sets the starting level without an alert. */
  silent?: boolean;
  cause: 'reports' | 'baseline';
}

/** An alert decided on, named once the region names are read. */
interface PendingAlert {
  code: string;
  make: (name: string) => OpenAlertInput;
}

export interface RiskServiceDeps {
  repository: RiskRepository;
  audit: AuditService;
  clock: Clock;
  jobs: Jobs;
  openAlerts: OpenAlerts;
  halfLifeHours: number;
  thresholds?: Partial<Record<1 | 2 | 3 | 4, { medium: number; high: number }>>;
  log: (error: unknown, message: string) => void;
}

export function createRiskService(deps: RiskServiceDeps) {
  const { repository, audit, clock, jobs } = deps;
  const db = repository.db;
  const thresholds: ThresholdTable = { ...DEFAULT_THRESHOLDS, ...deps.thresholds };

  const nowMs = () => clock.now().getTime();
  const iso = (ms: number) => new Date(ms).toISOString();

  /** The effective baseline of a region: its own, else the nearest ancestor's. */
  function resolveBaseline(
    code: string,
    byCode: Map<string, BaselineRow>,
  ): { row: BaselineRow; composite: number } | null {
    const line = lineage(code);
    for (let i = line.length - 1; i >= 0; i -= 1) {
      const row = byCode.get(line[i] ?? '');
      if (row) return { row, composite: baselineComposite(dimensionsOf(row)) };
    }
    return null;
  }

  function score(region: { level: number }, baseline: number | null, signal: number): ComputedScore {
    const parts = scoreParts(baseline, signal, region.level);
    // Properties listed rather than spread: a list scores every child, and spreading was ~100× slower.
    return {
      score: parts.score,
      liveFraction: parts.liveFraction,
      baselinePart: parts.baselinePart,
      livePart: parts.livePart,
      level: riskLevel(parts.score, region.level, thresholds),
      baseline,
      signal,
    };
  }

  function signalOf(weighted: number | null | undefined, epoch: Epoch | null, atMs: number): number {
    if (!weighted || !epoch) return 0;
    return decayedSignal(weighted, epoch.t0Ms, atMs, epoch.halfLifeHours);
  }

  async function readEpoch(executor: Transaction<RiskDB> | typeof db): Promise<Epoch | null> {
    const row = await repository.epoch(executor);
    return row ? { t0Ms: Date.parse(row.t0), halfLifeHours: row.half_life_hours } : null;
  }

  async function epochIn(trx: Transaction<RiskDB>, atMs: number): Promise<Epoch> {
    const found = await readEpoch(trx);
    if (found) return found;
    await repository.insertEpochIfMissing(trx, iso(atMs), deps.halfLifeHours);
    const created = await readEpoch(trx);
    if (!created) throw new Error('risk epoch missing');
    return created;
  }

  // ---- alerts ---------------------------------------------------------------------------------

  /** Where a region without an alert state starts: the level before the change (after, when silent). */
  const initialState = (e: Evaluation, now: string): StateRow => ({
    region_code: e.region.code,
    alert_level: levelRank(riskLevel(e.silent ? e.after : e.before, e.region.level, thresholds)),
    level_since: now,
    spike_since: null,
  });

  /**
   * The level and activity alerts these changes call for, one per episode: the running episode's
   * level is kept per region (with hysteresis), and an alert opens only when the level rises above
   * it, or when unusual activity starts. Returns the states that change and the alerts to open.
   */
  function decide(
    items: Evaluation[],
    states: Map<string, StateRow>,
    now: string,
  ): { updates: StateRow[]; alerts: PendingAlert[] } {
    const updates: StateRow[] = [];
    const alerts: PendingAlert[] = [];
    for (const e of items) {
      const state = states.get(e.region.code);
      if (!state) continue;
      const { code, level: regionLevel } = e.region;
      const afterLevel = riskLevel(e.after, regionLevel, thresholds);
      const afterRank = levelRank(afterLevel);
      let running = episodeLevel(state.alert_level as 0 | 1 | 2, e.after, regionLevel, thresholds);
      let since = state.level_since;
      if (afterRank > running) {
        if (!e.silent && afterLevel !== 'low') {
          const from = (['low', 'medium', 'high'] as const)[running];
          alerts.push({
            code,
            make: (name) => ({
              regionCode: code,
              kind: 'level_up',
              severity: afterLevel === 'high' ? 3 : 2,
              title: `Kerawanan ${name} naik ke ${LEVEL_WORD[afterLevel]} (skor ${formatScore(e.after)})`,
              details: {
                source: 'risk',
                code,
                regionLevel,
                from,
                to: afterLevel,
                score: e.after,
                baseline: e.baseline,
                signal: round2(e.signal),
                thresholds: thresholds[clampLevel(regionLevel)],
                cause: e.cause,
              },
              dedupeKey: `risk:level:${code}:${afterLevel}:${now}`,
            }),
          });
        }
        running = afterRank;
        since = now;
      }
      let spike = state.spike_since;
      const activity = e.activity;
      if (activity) {
        if (activity.unusual && !spike) {
          alerts.push({
            code,
            make: (name) => ({
              regionCode: code,
              kind: 'anomaly',
              severity: activity.pValue < 0.001 ? 3 : 2,
              title: `Lonjakan laporan di ${name}: ${activity.observed} laporan dalam 24 jam (rata-rata ${formatScore(activity.expectedPerDay)}/hari)`,
              details: {
                source: 'risk',
                code,
                regionLevel,
                observed24h: activity.observed,
                expectedPerDay: activity.expectedPerDay,
                lambda: activity.lambda,
                pValue: activity.pValue,
                test: 'poisson_upper_tail',
              },
              dedupeKey: `risk:spike:${code}:${now}`,
            }),
          });
          spike = now;
        } else if (!activity.unusual && spike) spike = null;
      }
      if (running !== state.alert_level || since !== state.level_since || spike !== state.spike_since) {
        updates.push({ region_code: code, alert_level: running, level_since: since, spike_since: spike });
      }
    }
    return { updates, alerts };
  }

  // Regions never change at run time (they are seeded), so their names can be remembered.
  const regionNames = new Map<string, string>();

  async function openAlerts(
    trx: Transaction<RiskDB>,
    alerts: PendingAlert[],
    effects?: TransactionEffects,
  ): Promise<void> {
    if (alerts.length === 0) return;
    // Names only now: most changes open no alert.
    const missing = unique(alerts.map((a) => a.code)).filter((code) => !regionNames.has(code));
    if (missing.length > 0)
      for (const r of await repository.regionsByCodes(trx, missing)) regionNames.set(r.code, r.name);
    await deps.openAlerts(
      trx as unknown as Transaction<DB>,
      alerts.map(({ code, make }) => make(displayName(regionNames.get(code) ?? code))),
      effects,
    );
  }

  /** Decides and opens alerts with the regions' states locked (created where missing) first. */
  async function evaluate(
    trx: Transaction<RiskDB>,
    items: Evaluation[],
    atMs: number,
    effects?: TransactionEffects,
  ): Promise<void> {
    const relevant = items.filter((e) => e.region.level <= ALERT_MAX_LEVEL);
    if (relevant.length === 0) return;
    const now = iso(atMs);
    const states = new Map(
      (
        await repository.lockStates(
          trx,
          relevant.map((e) => {
            const initial = initialState(e, now);
            return { code: initial.region_code, alertLevel: initial.alert_level };
          }),
          now,
        )
      ).map((s) => [s.region_code, s]),
    );
    const { updates, alerts } = decide(relevant, states, now);
    await repository.updateStates(trx, updates, now);
    await openAlerts(trx, alerts, effects);
  }

  // ---- the live signal ------------------------------------------------------------------------

  /**
   * The reports module's listener: inside its transaction, moves each affected region's aggregate
   * (the report's region and every ancestor) by the change in the report's term, then opens the
   * alerts the new scores call for. O(levels) rows per report; nothing is recomputed. Three round
   * trips (four when an alert state changes): lock and read, write and read back, alert states.
   */
  const onReportEvents: ReportListener = async (outer, events, effects) => {
    if (events.length === 0) return;
    const trx = outer.withTables<RiskTables>();
    const atMs = nowMs();
    const now = iso(atMs);
    const latest = new Map<string, ReportEvent['report']>();
    for (const event of events) latest.set(event.report.id, event.report);
    const begun = await repository.beginListener(trx, [...latest.keys()]);
    const stored = new Map(begun.stored.map((r) => [r.report_id, r]));
    let epoch: Epoch = begun.epoch
      ? { t0Ms: Date.parse(begun.epoch.t0), halfLifeHours: begun.epoch.half_life_hours }
      : await epochIn(trx, atMs);

    for (let attempt = 0; ; attempt += 1) {
      const plan = planChanges(latest, stored, epoch, atMs);
      const alertRegions = [...plan.touched]
        .map((code) => ({ code, level: levelOfCode(code) }))
        .filter((r) => r.level <= ALERT_MAX_LEVEL);
      const changed = [...plan.deltas]
        .filter(([, d]) => d.weighted !== 0 || d.open !== 0)
        .map(([code, d]) => ({ code, weighted: d.weighted, open: d.open }));
      const changedCodes = new Set(changed.map((d) => d.code));
      const applied = await repository.applyListenerChanges(trx, {
        epoch: { t0: iso(epoch.t0Ms), half_life_hours: epoch.halfLifeHours },
        rows: plan.projections,
        statuses: plan.statuses,
        deltas: changed,
        activity: [...plan.activity.values()].filter((a) => a.reports !== 0),
        daily: [...plan.daily.values()].filter((a) => a.reports !== 0),
        unchangedCodes: alertRegions.map((r) => r.code).filter((c) => !changedCodes.has(c)),
        lineCodes: unique(alertRegions.flatMap((r) => lineage(r.code))),
        countRegions: alertRegions,
        nowMs: atMs,
      });
      if (!applied.current) {
        // A recomputation moved the epoch while this transaction waited for the lock: nothing was
        // written; the terms are computed again against the epoch now in force (the lock keeps it).
        if (attempt > 0) throw new Error('risk epoch changed under the shared signal lock');
        epoch = await epochIn(trx, atMs);
        continue;
      }
      if (alertRegions.length === 0) return;

      // Provinces, regencies and districts whose score or activity may have moved: their alerts.
      const after = new Map(applied.signals.map((r) => [r.region_code, r]));
      const baselines = byCode(applied.baselines);
      const items = alertRegions.map((region) => {
        const baseline = resolveBaseline(region.code, baselines)?.composite ?? null;
        const weightedAfter = after.get(region.code)?.weighted ?? 0;
        const delta = plan.deltas.get(region.code)?.weighted ?? 0;
        const signalAfter = signalOf(weightedAfter, epoch, atMs);
        // The counts were read before this change was written: it is added here.
        const count = applied.counts.get(region.code) ?? { day: 0, previous: 0 };
        const own = plan.counts.get(region.code) ?? { day: 0, previous: 0 };
        return {
          region,
          before: score(region, baseline, signalOf(weightedAfter - delta, epoch, atMs)).score,
          after: score(region, baseline, signalAfter).score,
          baseline,
          signal: signalAfter,
          activity: activityTest(count.day + own.day, count.previous + own.previous),
          cause: 'reports' as const,
        };
      });

      // States were read locked in the same statement; a region without one starts one here.
      const existing = new Map(applied.states.map((s) => [s.region_code, s]));
      const states = new Map(existing);
      for (const e of items)
        if (!existing.has(e.region.code)) states.set(e.region.code, initialState(e, now));
      const decided = decide(items, states, now);
      const decidedByCode = new Map(decided.updates.map((u) => [u.region_code, u]));
      const inserts = [...states.values()]
        .filter((s) => !existing.has(s.region_code))
        .map((s) => decidedByCode.get(s.region_code) ?? s);
      const raced = new Set(
        await repository.writeStates(
          trx,
          inserts,
          decided.updates.filter((u) => existing.has(u.region_code)),
          now,
        ),
      );
      // Another writer created some of these states after the statement's read: decided again with
      // them locked (rare: two first reports in one region at the same moment).
      if (raced.size > 0)
        await evaluate(
          trx,
          items.filter((e) => raced.has(e.region.code)),
          atMs,
          effects,
        );
      await openAlerts(
        trx,
        decided.alerts.filter((a) => !raced.has(a.code)),
        effects,
      );
      return;
    }
  };

  /**
   * What a set of report changes does to the derived state, against one epoch: each region's
   * aggregate delta (report's region and ancestors), the province hourly and the region daily
   * counts, the activity counts of the regions concerned, and the projections and status rows to
   * write.
   */
  function planChanges(
    latest: Map<string, ReportEvent['report']>,
    stored: Map<string, StoredReportRow>,
    epoch: Epoch,
    atMs: number,
  ) {
    const now = iso(atMs);
    const deltas = new Map<string, { weighted: number; open: number }>();
    const activity = new Map<string, { code: string; hour: number; reports: number }>();
    const daily = new Map<string, { code: string; day: number; reports: number }>();
    const counts = new Map<string, { day: number; previous: number }>();
    const touched = new Set<string>();
    const oldestHourKept = activityHour(atMs - ACTIVITY_KEPT_DAYS * DAY);
    const oldestDayKept = activityDay(atMs - ACTIVITY_KEPT_DAYS * DAY);
    const add = (code: string, weighted: number, open: number) => {
      for (const c of lineage(code)) {
        const d = deltas.get(c) ?? { weighted: 0, open: 0 };
        d.weighted += weighted;
        d.open += open;
        deltas.set(c, d);
        touched.add(c);
      }
    };
    // A counted report in or out: its province's hour, its line's days (the regions with alerts),
    // and the activity windows of its line.
    const count = (code: string, atOfReport: number, n: number) => {
      const hour = activityHour(atOfReport);
      const province = code.slice(0, 2);
      if (hour >= oldestHourKept) {
        const key = `${province} ${hour}`;
        const a = activity.get(key) ?? { code: province, hour, reports: 0 };
        a.reports += n;
        activity.set(key, a);
      }
      const day = activityDay(atOfReport);
      if (day >= oldestDayKept)
        for (const c of lineage(code).slice(0, ALERT_MAX_LEVEL)) {
          const key = `${c} ${day}`;
          const d = daily.get(key) ?? { code: c, day, reports: 0 };
          d.reports += n;
          daily.set(key, d);
        }
      const inDay = atOfReport > atMs - DAY && atOfReport <= atMs;
      const inPrevious = atOfReport > atMs - (SPIKE_BASELINE_DAYS + 1) * DAY && atOfReport <= atMs - DAY;
      if (!inDay && !inPrevious) return;
      for (const c of lineage(code)) {
        const w = counts.get(c) ?? { day: 0, previous: 0 };
        if (inDay) w.day += n;
        else w.previous += n;
        counts.set(c, w);
      }
    };
    const isOpen = (status: string) => (OPEN_STATUSES as readonly string[]).includes(status);
    const isCounted = (status: string) => (COUNTED_STATUSES as readonly string[]).includes(status);
    const projections: ReportProjection[] = [];
    const statuses: Array<{ reportId: string; at: string; status: string }> = [];
    for (const [id, report] of latest) {
      const before = stored.get(id);
      // The signal starts when it happened, but never later than when the index learned of it (a
      // phone's clock may run ahead); a known report keeps its start.
      const atOfReport = before ? Date.parse(before.at) : Math.min(Date.parse(report.occurredAt), atMs);
      if (before) {
        add(
          before.region_code,
          -epochTerm(
            before.severity,
            before.status as ReportStatus,
            atOfReport,
            epoch.t0Ms,
            epoch.halfLifeHours,
          ),
          isOpen(before.status) ? -1 : 0,
        );
        if (isCounted(before.status)) count(before.region_code, atOfReport, -1);
      }
      add(
        report.regionCode,
        epochTerm(report.severity, report.status, atOfReport, epoch.t0Ms, epoch.halfLifeHours),
        isOpen(report.status) ? 1 : 0,
      );
      if (isCounted(report.status)) count(report.regionCode, atOfReport, 1);
      const [l1 = '', l2 = '', l3 = '', l4 = null] = lineage(report.regionCode);
      projections.push({
        reportId: id,
        regionCode: report.regionCode,
        regionPath: report.regionPath,
        l1,
        l2,
        l3: l3 || report.districtCode,
        l4,
        at: iso(atOfReport),
        createdAt: now,
        category: report.category,
        severity: report.severity,
        status: report.status,
        title: report.title,
      });
      if (!before || before.status !== report.status)
        statuses.push({ reportId: id, at: now, status: report.status });
    }
    return { deltas, activity, daily, counts, touched, projections, statuses };
  }

  // ---- reads ----------------------------------------------------------------------------------

  /** The epoch a row was read with (the aggregate and its epoch come from one statement). */
  const epochOfRow = (row: ScoredRegionRow): Epoch | null =>
    row.t0 && row.half_life_hours ? { t0Ms: Date.parse(row.t0), halfLifeHours: row.half_life_hours } : null;

  function itemOf(
    row: ScoredRegionRow,
    baselines: Map<string, BaselineRow>,
    atMs: number,
    reports24h: number,
  ) {
    const baseline = resolveBaseline(row.code, baselines)?.composite ?? null;
    const computed = score(row, baseline, signalOf(row.weighted, epochOfRow(row), atMs));
    return presentItem(row, computed, row.open_reports ?? 0, reports24h);
  }

  /** One statement: the parent (scope check), its children with their counts, and the baselines. */
  async function list(actor: Actor, query: { parent?: string }): Promise<RiskList> {
    const atMs = nowMs();
    const requested = query.parent ?? actor.scopeCode;
    const parentCode = requested === NATIONAL_CODE ? null : requested;
    const found = await repository.listChildren(
      parentCode,
      parentCode ? lineage(parentCode) : [],
      actor.scopePath,
      iso(atMs),
    );
    const parent = parentCode === null ? null : found.parent;
    if (parentCode !== null && !parent?.code) throw new AppError('region.not_found', [{ code: parentCode }]);
    const baselines = byCode(found.baselines);
    const items = found.children
      .map((row) => itemOf(row, baselines, atMs, row.reports_24h))
      .sort((a, b) => b.score - a.score || (a.code < b.code ? -1 : 1));
    return {
      parent: parent?.code ? { code: parent.code, name: parent.name ?? '', regionLevel: parent.level } : null,
      items,
      nextCursor: null,
      computedAt: iso(atMs),
    };
  }

  async function detail(actor: Actor, code: string): Promise<RiskDetail> {
    const atMs = nowMs();
    const now = iso(atMs);
    const row = await repository.region(code, actor.scopePath);
    if (!row) throw new AppError('region.not_found', [{ code }]);
    const epoch = epochOfRow(row);
    const [path, baselineRows, history, contributors, counts] = await Promise.all([
      repository.ancestors(code),
      repository.currentBaselines(db, lineage(code)),
      repository.baselineHistory(db, code, 10),
      repository.contributors(
        row,
        actor.scopePath,
        now,
        deps.halfLifeHours,
        STATUS_WEIGHTS,
        CONTRIBUTORS_SHOWN,
      ),
      repository.activityCounts(db, [row], now),
    ]);
    const baselines = byCode(baselineRows);
    const effective = resolveBaseline(code, baselines);
    const signal = signalOf(row.weighted, epoch, atMs);
    const computed = score(row, effective?.composite ?? null, signal);
    const count = counts.get(code) ?? { day: 0, previous: 0 };
    const activity = activityTest(count.day, count.previous);
    const t = thresholds[clampLevel(row.level)];
    const halfLife = epoch?.halfLifeHours ?? deps.halfLifeHours;
    const fromName = effective ? path.find((p) => p.code === effective.row.region_code)?.name : undefined;
    return {
      ...presentItem(row, computed, row.open_reports ?? 0, count.day),
      parentCode: row.parent_code,
      path,
      explanation: {
        baseline: {
          composite: effective?.composite ?? null,
          current: effective ? presentBaselineVersion(effective.row) : null,
          from: effective
            ? { code: effective.row.region_code, name: fromName ?? effective.row.region_code }
            : null,
          history: history.map(presentBaselineVersion),
        },
        signal: {
          value: round2(signal),
          halfLifeHours: halfLife,
          scale: SIGNAL_SCALE[clampLevel(row.level)],
          statusWeights: { ...STATUS_WEIGHTS },
          countedReports: contributors.contributing,
          contributors: contributors.rows.map((c) => presentContributor(c, signal)),
        },
        score: {
          formula: SCORE_FORMULA_TEXT,
          baselinePart: round2(computed.baselinePart),
          livePart: round2(computed.livePart),
          liveFraction: Math.round(computed.liveFraction * 10_000) / 10_000,
          thresholds: { medium: t.medium, high: t.high },
        },
        activity: {
          reports24h: activity.observed,
          previous28Days: count.previous,
          expectedPerDay: activity.expectedPerDay,
          pValue: activity.pValue,
          unusual: activity.unusual,
        },
      },
      computedAt: now,
    };
  }

  /** Scores of one region at the ends of past days, reconstructed from report and baseline history. */
  async function computePastDays(region: RegionInfoRow, days: string[]): Promise<DailyScoreRow[]> {
    if (days.length === 0) return [];
    const instants = days.map((day) => ({ day, at: iso(endOfWibDay(day)) }));
    const epoch = await readEpoch(db);
    const halfLife = epoch?.halfLifeHours ?? deps.halfLifeHours;
    const [signals, versions] = await Promise.all([
      repository.pastSignals(region, instants, halfLife, STATUS_WEIGHTS, OPEN_STATUSES, COUNTED_STATUSES),
      repository.baselineVersions(db, lineage(region.code)),
    ]);
    const byDay = new Map(signals.map((s) => [s.day, s]));
    return instants.map(({ day, at }) => {
      const inForce = byCode(
        versions.filter((v) => v.valid_from <= at && (v.superseded_at === null || v.superseded_at > at)),
      );
      const baseline = resolveBaseline(region.code, inForce)?.composite ?? null;
      const past = byDay.get(day);
      const computed = score(region, baseline, past?.signal ?? 0);
      return {
        region_code: region.code,
        day,
        score: computed.score,
        level: computed.level,
        baseline,
        signal: round2(past?.signal ?? 0),
        open_reports: past?.open_reports ?? 0,
        reports_24h: past?.reports_24h ?? 0,
        origin: 'computed' as const,
      };
    });
  }

  async function history(
    actor: Actor,
    code: string,
    query: { from?: string; to?: string },
  ): Promise<RiskHistory> {
    const atMs = nowMs();
    const today = wibDate(atMs);
    const row = await repository.region(code, actor.scopePath);
    if (!row) throw new AppError('region.not_found', [{ code }]);
    const to = query.to && query.to < today ? query.to : today;
    const from = query.from ?? addDays(to, -29);
    if (from > to) {
      throw new AppError('validation.invalid', [
        { in: 'querystring', path: 'from', message: 'must not be after to' },
      ]);
    }
    const span = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY + 1;
    if (span > RISK_HISTORY_MAX_DAYS) {
      throw new AppError('validation.invalid', [
        { in: 'querystring', path: 'from', message: `at most ${RISK_HISTORY_MAX_DAYS} days per request` },
      ]);
    }
    const stored = new Map((await repository.dailyScores(code, from, to)).map((r) => [r.day, r]));
    const days: string[] = [];
    for (let day = from; day <= to; day = addDays(day, 1)) days.push(day);
    const missing = days.filter((day) => !stored.has(day) && day < today);
    const computed = await computePastDays(row, missing);
    await repository.insertDailyScores(db, computed, false);
    for (const c of computed) stored.set(c.day, c);

    const items: RiskHistoryPoint[] = [];
    for (const day of days) {
      const r = stored.get(day);
      if (!r || day === today) continue;
      items.push({
        day,
        score: r.score,
        level: r.level as RiskHistoryPoint['level'],
        baseline: r.baseline,
        signal: r.signal,
        openReports: r.open_reports,
        reports24h: r.reports_24h,
        origin: r.origin,
      });
    }
    if (to === today) {
      // Today so far: the score as the list shows it now.
      const [baselineRows, counts] = await Promise.all([
        repository.currentBaselines(db, lineage(code)),
        repository.activityCounts(db, [row], iso(atMs)),
      ]);
      const baseline = resolveBaseline(code, byCode(baselineRows))?.composite ?? null;
      const signal = signalOf(row.weighted, epochOfRow(row), atMs);
      const live = score(row, baseline, signal);
      items.push({
        day: today,
        score: live.score,
        level: live.level,
        baseline,
        signal: round2(signal),
        openReports: row.open_reports ?? 0,
        reports24h: counts.get(code)?.day ?? 0,
        origin: 'live',
      });
    }
    return { code: row.code, name: row.name, items };
  }

  // ---- baseline import --------------------------------------------------------------------------

  async function importBaseline(
    actor: Actor | null,
    input: {
      format: 'csv' | 'xlsx' | 'json' | 'seed';
      rows: RawRow[];
      filename?: string | null;
      sha256?: string | null;
    },
  ): Promise<RiskBaselineImportResult> {
    const atMs = nowMs();
    const now = iso(atMs);
    // Codes first, so that validation can say which ones do not exist.
    const candidates = unique(
      input.rows.flatMap((r) => {
        const v = r.cells.regionCode?.value;
        return typeof v === 'string'
          ? [v.trim()]
          : typeof v === 'number'
            ? [Number.isInteger(v) ? String(v).padStart(2, '0') : v.toFixed(2)]
            : [];
      }),
    ).filter((c) => /^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$/.test(c));
    const known = await repository.regionsByCodes(db, candidates);
    const { valid, problems } = validateBaselineRows(input.rows, {
      today: wibDate(atMs),
      knownCodes: new Set(known.map((r) => r.code)),
    });
    if (problems.length > 0) throw new AppError('risk.baseline_invalid', problems);

    if (actor && actor.scopeCode !== NATIONAL_CODE) {
      const outside = valid.filter(
        (r) => r.code !== actor.scopeCode && !r.code.startsWith(`${actor.scopeCode}.`),
      );
      if (outside.length > 0) {
        throw new AppError(
          'access.forbidden',
          outside.slice(0, 50).map((r) => ({
            row: r.row,
            column: 'regionCode',
            value: r.code,
            message: 'outside your region',
          })),
        );
      }
    }

    return db.transaction().execute(async (trx) => {
      await repository.lockBaselines(trx);
      const importedCodes = valid.map((r) => r.code);
      const affected = await repository.subtreeRegions(trx, importedCodes, ALERT_MAX_LEVEL);
      const lineCodes = unique([...importedCodes, ...affected.map((r) => r.code)].flatMap(lineage));
      const before = byCode(await repository.currentBaselines(trx, lineCodes));
      const changed = valid.filter((r) => !sameBaseline(before.get(r.code), r));
      const unchanged = valid.length - changed.length;
      if (changed.length === 0) return { importId: null, imported: 0, unchanged, regions: [] };

      const importId = await repository.createImport(trx, {
        importedAt: now,
        importedBy: actor?.userId ?? null,
        importedByName: actor?.username ?? 'system',
        format: input.format,
        filename: input.filename ?? null,
        contentSha256: input.sha256 ?? null,
        rowCount: changed.length,
      });
      await repository.replaceBaselines(
        trx,
        importId,
        now,
        changed.map((r) => ({ ...r })),
      );
      const changedCodes = changed.map((r) => r.code);
      await audit.record(trx, actor, {
        action: 'risk.baseline_import',
        entityType: 'risk_baseline_import',
        entityId: importId,
        regionPath: commonPath(changedCodes),
        changes: {
          format: input.format,
          filename: input.filename ?? null,
          sha256: input.sha256 ?? null,
          rows: changed.length,
          unchanged,
          regions: changedCodes.slice(0, 200),
        },
      });

      // Scores of every region whose effective baseline moved: a re-import that raises a level alerts;
      // a first baseline only sets the starting level.
      const afterMap = new Map(before);
      for (const r of changed) afterMap.set(r.code, asBaselineRow(r, now));
      const epoch = await readEpoch(trx);
      const signals = new Map<string, SignalRow>(
        (
          await repository.signals(
            trx,
            affected.map((r) => r.code),
          )
        ).map((s) => [s.region_code, s]),
      );
      const evaluations: Evaluation[] = [];
      for (const region of affected) {
        const old = resolveBaseline(region.code, before);
        const neu = resolveBaseline(region.code, afterMap);
        if (old?.row.id === neu?.row.id && old?.composite === neu?.composite) continue;
        const signal = signalOf(signals.get(region.code)?.weighted, epoch, atMs);
        const beforeScore = score(region, old?.composite ?? null, signal).score;
        const afterScore = score(region, neu?.composite ?? null, signal).score;
        evaluations.push({
          region,
          before: beforeScore,
          after: afterScore,
          baseline: neu?.composite ?? null,
          signal,
          silent: old === null,
          cause: 'baseline',
        });
      }
      await evaluate(trx, evaluations, atMs);
      return { importId, imported: changed.length, unchanged, regions: changedCodes };
    });
  }

  // ---- whole-country passes ---------------------------------------------------------------------

  /** Every snapshot region's score now (used by the daily snapshot and measured by the bench). */
  async function scoreAll(atMs: number): Promise<DailyScoreRow[]> {
    const [regions, baselineRows, counts, epoch] = await Promise.all([
      repository.snapshotRegions(db),
      repository.allCurrentBaselines(db),
      repository.allCounts24h(db, iso(atMs)),
      readEpoch(db),
    ]);
    const baselines = byCode(baselineRows);
    const day = wibDate(atMs - HOUR);
    return regions.map((row) => {
      const baseline = resolveBaseline(row.code, baselines)?.composite ?? null;
      const signal = signalOf(row.weighted, epoch, atMs);
      const computed = score(row, baseline, signal);
      return {
        region_code: row.code,
        day,
        score: computed.score,
        level: computed.level,
        baseline,
        signal: round2(signal),
        open_reports: row.open_reports ?? 0,
        reports_24h: counts.get(row.code) ?? 0,
        origin: 'snapshot' as const,
      };
    });
  }

  /** Rebuilds every aggregate from the projected reports against a fresh epoch (exclusive lock). */
  async function recomputeAll(): Promise<{ regions: number; ms: number }> {
    const started = performance.now();
    const atMs = nowMs();
    const regions = await db.transaction().execute(async (trx) => {
      await repository.lockSignalExclusive(trx);
      const t0 = iso(atMs);
      await repository.insertEpochIfMissing(trx, t0, deps.halfLifeHours);
      await repository.setEpoch(trx, t0, deps.halfLifeHours);
      await repository.rebuildActivity(trx, atMs);
      return repository.recomputeSignals(trx, t0, deps.halfLifeHours, STATUS_WEIGHTS, OPEN_STATUSES);
    });
    return { regions, ms: performance.now() - started };
  }

  /** Moves the epoch to now once exponents have grown large (keeps the doubles far from overflow). */
  async function renormaliseIfNeeded(): Promise<boolean> {
    const atMs = nowMs();
    return db.transaction().execute(async (trx) => {
      await repository.lockSignalExclusive(trx);
      const epoch = await readEpoch(trx);
      if (!epoch) return false;
      const halfLives = (atMs - epoch.t0Ms) / HOUR / epoch.halfLifeHours;
      if (halfLives < RENORMALISE_AFTER_HALF_LIVES) return false;
      await repository.rescaleSignals(trx, 2 ** -halfLives);
      await repository.setEpoch(trx, iso(atMs), epoch.halfLifeHours);
      return true;
    });
  }

  async function snapshot(day: string): Promise<number> {
    const atMs = nowMs();
    // Taken late (the server was down at 00:05), the scores of now are not that day's: the history
    // reconstructs the day on request instead.
    if (atMs - endOfWibDay(day) > 2 * HOUR || atMs < endOfWibDay(day)) return 0;
    const rows = (await scoreAll(atMs)).map((r) => ({ ...r, day }));
    await repository.insertDailyScores(db, rows, true);
    return rows.length;
  }

  /** Enqueues the next daily snapshot (00:05 WIB) once across processes. */
  async function scheduleNextSnapshot(): Promise<void> {
    const atMs = nowMs();
    const nextRunDay = addDays(wibDate(atMs), 1);
    await db.transaction().execute(async (trx) => {
      if (!(await repository.claimSchedule(trx, SNAPSHOT_QUEUE, nextRunDay))) return;
      await jobs.send(
        SNAPSHOT_QUEUE,
        { day: addDays(nextRunDay, -1) },
        { startAfter: new Date(Date.parse(`${nextRunDay}T00:05:00+07:00`)), retryLimit: 3 },
        trx,
      );
    });
  }

  /** At start: the epoch (recomputing when the half-life changed) and the daily snapshot job. */
  async function start(): Promise<void> {
    const epoch = await readEpoch(db);
    if (!epoch) await repository.insertEpochIfMissing(db, iso(nowMs()), deps.halfLifeHours);
    else if (epoch.halfLifeHours !== deps.halfLifeHours) await recomputeAll();
    await jobs.work<{ day: string }>(SNAPSHOT_QUEUE, async (data) => {
      await renormaliseIfNeeded();
      await repository.pruneActivity(db, nowMs());
      await snapshot(data.day);
      await scheduleNextSnapshot();
    });
    await scheduleNextSnapshot();
  }

  return {
    onReportEvents,
    list,
    detail,
    history,
    importBaseline,
    recomputeAll,
    renormaliseIfNeeded,
    scoreAll: () => scoreAll(nowMs()),
    snapshot,
    scheduleNextSnapshot,
    start,
    thresholds,
  };
}

export type RiskService = ReturnType<typeof createRiskService>;

// ---- helpers ------------------------------------------------------------------------------------

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}

function byCode(rows: BaselineRow[]): Map<string, BaselineRow> {
  return new Map(rows.map((r) => [r.region_code, r]));
}

function dimensionsOf(row: BaselineRow) {
  return {
    socialPolitical: Number(row.social_political),
    electionAdministration: Number(row.election_administration),
    contestation: Number(row.contestation),
    participation: Number(row.participation),
  };
}

function sameBaseline(current: BaselineRow | undefined, row: ValidBaselineRow): boolean {
  return (
    current !== undefined &&
    Number(current.social_political) === row.socialPolitical &&
    Number(current.election_administration) === row.electionAdministration &&
    Number(current.contestation) === row.contestation &&
    Number(current.participation) === row.participation &&
    current.source === row.source &&
    current.measured_on === row.measuredOn
  );
}

function asBaselineRow(row: ValidBaselineRow, at: string): BaselineRow {
  return {
    id: -1,
    region_code: row.code,
    social_political: row.socialPolitical,
    election_administration: row.electionAdministration,
    contestation: row.contestation,
    participation: row.participation,
    source: row.source,
    measured_on: row.measuredOn,
    valid_from: at,
    superseded_at: null,
  };
}

/** The deepest region containing all these codes, as an ltree path ('' for the whole country). */
function commonPath(codes: string[]): string {
  const lines = codes.map(lineage);
  const first = lines[0] ?? [];
  let common = '';
  for (let i = 0; i < first.length; i += 1) {
    const candidate = first[i] ?? '';
    if (lines.every((l) => l[i] === candidate)) common = candidate;
    else break;
  }
  return common;
}
