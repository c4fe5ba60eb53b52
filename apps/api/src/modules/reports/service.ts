import crypto from 'node:crypto';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { Transaction } from 'kysely';
import {
  NATIONAL_CODE,
  REPORT_CATEGORIES,
  REPORT_TRANSITIONS,
  endOfLocalDay,
  reportCategory,
  smsIntakeSchema as smsBodySchema,
  startOfLocalDay,
  timezoneOfProvince,
  type DuplicateGroup,
  type PublicIntakePlace,
  type PublicReportCreate,
  type Report,
  type ReportBatchResult,
  type ReportCategoryCode,
  type ReportCreate,
  type ReportDetail,
  type ReporterIdentity,
  type ReportListQuery,
  type ReportStatus,
  type ReportStatusChange,
  type TimeZoneId,
} from '@sinergi/shared';
import type { Clock } from '../../clock.ts';
import type { DB } from '../../db/index.ts';
import type { Actor } from '../../http/actor.ts';
import { AppError } from '../../http/errors.ts';
import type { Jobs } from '../../jobs/index.ts';
import { decodeCursor, encodeCursor } from '../../http/pagination.ts';
import { UPLOAD_TYPES, type FileStore } from '../../storage/index.ts';
import type { AuditService } from '../audit/index.ts';
import type { ReportEvent, ReportListener } from './events.ts';
import { REPORT_CREATORS } from './policy.ts';
import {
  presentAttachment,
  presentHistory,
  presentIntakePlace,
  presentReport,
  type ReportView,
} from './presenter.ts';
import type { RegionInfo, ReportRepository } from './repository.ts';
import { parseSmsText, verifySignature } from './sms.ts';
import { createDeferredDispatcher, eventsOfQueued, type DeferredDispatcher } from './deferred.ts';
import { createSearchIndexUpkeep } from './search-upkeep.ts';
import { createReportWriter, eventOf, isWithin, type PreparedReport, type ReportWriter } from './writer.ts';

export interface ReportServiceDeps {
  repository: ReportRepository;
  audit: AuditService;
  /** Enqueues the listeners' jobs (alert e-mails and webhooks) inside the group-commit transaction. */
  jobs: Pick<Jobs, 'sendMany'>;
  /** Called inside the transaction of every create, status change and merge (the alert rules). */
  listeners: ReportListener[];
  /**
   * Called with creations after their commit, from the queue (the vulnerability index; see
   * deferred.ts), and inside the transaction of every status change and merge.
   */
  deferredListeners?: ReportListener[];
  /** Where the deferred dispatcher reports a failure (it retries by itself). */
  log?: (error: unknown, message: string) => void;
  files: FileStore;
  clock: Clock;
  smsSecret: () => string | undefined;
  uploadMaxBytes: number;
  /** Public form: at most `max` submissions per address per window (shared by all processes via the database). */
  publicRateLimit?: { max: number; windowSeconds: number };
  /** Group commit: how many write transactions run at once. */
  writerInFlight?: number;
}

/** Reports may not claim to have happened after now (plus clock skew) or before this. */
const EARLIEST_OCCURRENCE = Date.parse('2000-01-01T00:00:00Z');
const FUTURE_SKEW_MS = 10 * 60_000;
const TRACKING_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

function newTrackingCode(): string {
  const bytes = crypto.randomBytes(8);
  const chars = [...bytes].map((b) => TRACKING_ALPHABET[b % TRACKING_ALPHABET.length] ?? 'A');
  return `${chars.slice(0, 4).join('')}-${chars.slice(4).join('')}`;
}

/** A stable id from a gateway's message id, so a redelivered message is stored once. */
function idFromKey(key: string): string {
  const h = crypto.createHash('sha256').update(key).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** The content a resubmission is compared by: the report itself, not how or by whom it was sent. */
function contentHash(input: {
  regionCode: string;
  occurredAt: string;
  category: string;
  severity: number;
  title: string;
  description: string;
  lat: number | null;
  lon: number | null;
  anonymous: boolean;
}): Buffer {
  return crypto
    .createHash('sha256')
    .update(
      JSON.stringify([
        input.regionCode,
        input.occurredAt,
        input.category,
        input.severity,
        input.title,
        input.description,
        input.lat,
        input.lon,
        input.anonymous,
      ]),
    )
    .digest();
}

const zoneOf = (code: string): TimeZoneId =>
  code === NATIONAL_CODE ? 'Asia/Jakarta' : timezoneOfProvince(code.slice(0, 2));

function safeFilename(name: string | undefined): string {
  // Control characters, quotes and slashes would break the Content-Disposition header or a path.
  const base = [...path.basename(name ?? '')]
    .map((c) => (c.charCodeAt(0) < 32 || c.charCodeAt(0) === 127 || '"\\/'.includes(c) ? '_' : c))
    .join('')
    .trim();
  return (base || 'lampiran').slice(0, 200);
}

export function createReportService(deps: ReportServiceDeps) {
  const { repository, audit, listeners, files, clock } = deps;
  const deferredListeners = deps.deferredListeners ?? [];
  const effectWriters = { audit, jobs: deps.jobs };
  const projection: DeferredDispatcher | undefined =
    deferredListeners.length === 0
      ? undefined
      : createDeferredDispatcher({
          repository,
          listeners: deferredListeners,
          effects: effectWriters,
          log: deps.log ?? (() => undefined),
        });
  const searchIndex = createSearchIndexUpkeep({
    merge: () => repository.mergeSearchIndex(),
    log: deps.log ?? (() => undefined),
  });
  const writer: ReportWriter = createReportWriter({
    repository,
    effects: effectWriters,
    listeners,
    maxInFlight: deps.writerInFlight ?? 1,
    ...(projection ? { deferred: { listeners: deferredListeners, queued: () => projection.wake() } } : {}),
    created: () => searchIndex.wake(),
  });
  const rateLimit = deps.publicRateLimit ?? { max: 20, windowSeconds: 600 };

  // Regions never change at run time (they are seeded), so their facts can be remembered here.
  const regionCache = new Map<string, RegionInfo | null>();
  /** Reads the regions of `codes` not remembered yet, in one query. */
  async function loadRegions(codes: string[]): Promise<void> {
    const missing = [...new Set(codes)].filter((code) => !regionCache.has(code));
    if (missing.length === 0) return;
    const found = new Map((await repository.regionInfos(missing)).map((r) => [r.code, r]));
    if (regionCache.size + missing.length > 50_000) regionCache.clear();
    for (const code of missing) regionCache.set(code, found.get(code) ?? null);
  }
  async function region(code: string): Promise<RegionInfo | undefined> {
    if (!regionCache.has(code)) await loadRegions([code]);
    return regionCache.get(code) ?? undefined;
  }

  async function reportableRegion(
    code: string,
    field = 'regionCode',
  ): Promise<RegionInfo & { district_code: string; district_name: string }> {
    const info = await region(code);
    if (!info || (info.level !== 3 && info.level !== 4) || !info.district_code || !info.district_name) {
      throw new AppError('report.region_not_reportable', [
        { path: field, message: `unknown village or district ${code}` },
      ]);
    }
    return info as RegionInfo & { district_code: string; district_name: string };
  }

  function checkOccurredAt(value: string, field = 'occurredAt'): string {
    const t = Date.parse(value);
    if (Number.isNaN(t) || t < EARLIEST_OCCURRENCE || t > clock.now().getTime() + FUTURE_SKEW_MS) {
      throw new AppError('report.occurred_at_out_of_range', [{ path: field, message: value }]);
    }
    return new Date(t).toISOString();
  }

  interface Draft {
    id?: string | undefined;
    regionCode: string;
    occurredAt: string;
    category: string;
    severity: number;
    title: string;
    description: string;
    location?: { lat: number; lon: number } | undefined;
    anonymous: boolean;
    channel: string;
    trackingCode: boolean;
    identity: PreparedReport['identity'];
    /** What a resubmission is compared by, when not the report's content (an SMS: the message itself). */
    contentKey?: string;
  }

  /** Validates what zod cannot (region, time, scope) and builds the row. Throws before anything is written. */
  async function prepare(
    draft: Draft,
    filer: { actor: Actor | null; scopePath: string; visibleChannels?: readonly string[] },
    field = '',
  ): Promise<PreparedReport> {
    const info = await reportableRegion(draft.regionCode, `${field}regionCode`);
    if (!isWithin(info.path, filer.scopePath)) throw new AppError('access.forbidden');
    const occurredAt = checkOccurredAt(draft.occurredAt, `${field}occurredAt`);
    const id = (draft.id ?? crypto.randomUUID()).toLowerCase();
    const lat = draft.location?.lat ?? null;
    const lon = draft.location?.lon ?? null;
    const row = {
      id,
      regionCode: info.code,
      regionPath: info.path,
      districtCode: info.district_code,
      occurredAt,
      category: draft.category,
      severity: draft.severity,
      title: draft.title,
      description: draft.description,
      lat,
      lon,
      channel: draft.channel,
      anonymous: draft.anonymous,
      contentHash:
        draft.contentKey !== undefined
          ? crypto.createHash('sha256').update(draft.contentKey).digest()
          : contentHash({ ...draft, regionCode: info.code, occurredAt, lat, lon }),
      trackingCode: draft.trackingCode ? newTrackingCode() : null,
    };
    return {
      row,
      identity: draft.anonymous ? null : draft.identity,
      actor: filer.actor,
      scopePath: filer.scopePath,
      ...(filer.visibleChannels ? { visibleChannels: filer.visibleChannels } : {}),
      view: {
        id,
        region_code: info.code,
        region_name: info.name,
        district_code: info.district_code,
        district_name: info.district_name,
        timezone: info.timezone,
        occurred_at: occurredAt,
        category: row.category,
        severity: row.severity,
        status: 'new',
        title: row.title,
        description: row.description,
        lat,
        lon,
        channel: row.channel,
        anonymous: row.anonymous,
        duplicate_of: null,
        tracking_code: row.trackingCode,
      },
    };
  }

  function draftFrom(actor: Actor, input: ReportCreate, defaultChannel: string): Draft {
    const anonymous = input.anonymous ?? false;
    return {
      id: input.id,
      regionCode: input.regionCode,
      occurredAt: input.occurredAt,
      category: input.category,
      severity: input.severity,
      title: input.title,
      description: input.description,
      location: input.location,
      anonymous,
      channel: input.channel ?? defaultChannel,
      trackingCode: false,
      identity: {
        userId: actor.userId,
        name: input.reporter?.name ?? null,
        phone: input.reporter?.phone ?? null,
      },
    };
  }

  async function detail(view: ReportView): Promise<ReportDetail> {
    const [history, attachments, duplicates, hasReporter] = await Promise.all([
      repository.history(view.id),
      repository.attachments(view.id),
      repository.duplicatesOf(view.id),
      repository.hasIdentity(view.id),
    ]);
    return {
      ...presentReport(view),
      history: presentHistory(view, history),
      attachments: attachments.map((a) => presentAttachment(a, view.timezone)),
      hasReporter,
      duplicates,
    };
  }

  async function requireReport(actor: Actor, id: string): Promise<ReportView> {
    const view = await repository.byId(id, actor.scopePath);
    if (!view) throw new AppError('report.not_found');
    return view;
  }

  async function notify(trx: unknown, events: ReportEvent[]): Promise<void> {
    if (events.length === 0) return;
    for (const listener of [...deferredListeners, ...listeners])
      await listener(trx as Transaction<DB>, events);
  }

  /**
   * Before reports change: the deferred listeners see the creation of any of them still queued, as
   * they were created (the rows are locked and not changed yet), so the change follows it.
   */
  async function projectQueued(trx: Parameters<ReportRepository['claimQueued']>[0], ids: string[]) {
    if (!projection) return;
    const events = eventsOfQueued(await repository.claimQueued(trx, { ids }));
    if (events.length === 0) return;
    for (const listener of deferredListeners) await listener(trx as unknown as Transaction<DB>, events);
  }

  /** Moves reports to a status inside one transaction: locks, checks, history, audit, listeners. */
  async function transition(
    actor: Actor,
    changes: Array<{ id: string; to: ReportStatus; duplicateOf: string | null }>,
    note: string | null,
    lockAlso: string[],
    check: (rows: Map<string, ReportView & { region_path: string }>) => void,
  ): Promise<void> {
    await repository.db.transaction().execute(async (trx) => {
      const ids = [...new Set([...changes.map((c) => c.id), ...lockAlso])];
      const rows = new Map((await repository.lockForChange(trx, ids, actor.scopePath)).map((r) => [r.id, r]));
      check(rows);
      await projectQueued(trx, [...rows.keys()]);
      const events: ReportEvent[] = [];
      const history = [];
      for (const change of changes) {
        const row = rows.get(change.id);
        if (!row) throw new AppError('report.not_found');
        await repository.setStatus(trx, [change.id], change.to, change.duplicateOf);
        history.push({
          reportId: change.id,
          from: row.status,
          to: change.to,
          note,
          duplicateOf: change.duplicateOf,
          by: actor.userId,
          byName: actor.name,
        });
        await audit.record(trx as unknown as Transaction<DB>, actor, {
          action: 'report.status_change',
          entityType: 'report',
          entityId: change.id,
          regionPath: row.region_path,
          changes: { from: row.status, to: change.to, note, duplicateOf: change.duplicateOf },
        });
        events.push({
          type: 'status_changed',
          previousStatus: row.status as ReportStatus,
          report: eventOf({ ...row, status: change.to }, row.region_path),
        });
      }
      await repository.insertHistory(trx, history);
      await notify(trx, events);
    });
  }

  async function rateLimited(ip: string, bucket: string, max: number): Promise<void> {
    const windowMs = rateLimit.windowSeconds * 1000;
    const now = clock.now().getTime();
    const windowStart = new Date(Math.floor(now / windowMs) * windowMs).toISOString();
    const key = crypto.createHash('sha256').update(`sinergi-public:${bucket}:${ip}`).digest();
    const hits = await repository.hit(key, windowStart);
    if (hits === 1 && Math.random() < 0.05) {
      await repository.forgetHitsBefore(new Date(now - 86_400_000).toISOString());
    }
    if (hits > max) {
      const retry = Math.ceil((Date.parse(windowStart) + windowMs - now) / 1000);
      throw new AppError('rate.limited', [], { 'retry-after': String(Math.max(1, retry)) });
    }
  }

  async function publicIntakeEnabled(regionPath: string): Promise<boolean> {
    return (await repository.intakeSetting(regionPath))?.public_intake ?? false;
  }

  return {
    categories: () => REPORT_CATEGORIES.map((c) => ({ ...c, severityGuide: c.severityGuide })),

    /** POST /reports: 201 when stored now, 200 when the same id with the same content was stored before. */
    async create(
      actor: Actor,
      input: ReportCreate,
      defaultChannel: string,
    ): Promise<{ created: boolean; report: Report }> {
      const prepared = await prepare(draftFrom(actor, input, defaultChannel), {
        actor,
        scopePath: actor.scopePath,
      });
      const outcome = await writer.submit(prepared);
      if (outcome.result === 'conflict') throw new AppError('report.id_conflict', [{ id: prepared.row.id }]);
      return { created: outcome.result === 'created', report: presentReport(outcome.report) };
    },

    /**
     * POST /reports/batch: every item is checked first (a bad one fails the whole call, naming it, with
     * nothing written); then all are written in one transaction, with a result per item.
     */
    async batch(actor: Actor, items: ReportCreate[], defaultChannel: string): Promise<ReportBatchResult> {
      await loadRegions(items.map((i) => i.regionCode));
      const prepared: PreparedReport[] = [];
      const problems: unknown[] = [];
      for (const [index, item] of items.entries()) {
        try {
          prepared.push(
            await prepare(
              draftFrom(actor, item, defaultChannel),
              { actor, scopePath: actor.scopePath },
              `${index}.`,
            ),
          );
        } catch (error) {
          if (!(error instanceof AppError)) throw error;
          if (error.code === 'access.forbidden') throw error;
          problems.push({ index, code: error.code, details: error.details });
        }
      }
      if (problems.length > 0) throw new AppError('validation.invalid', problems.slice(0, 100));
      const outcomes = await writer.writeAll(prepared);
      const results = outcomes.map((outcome, index) => ({
        index,
        id: prepared[index]?.row.id ?? '',
        result: outcome.result,
        ...(outcome.result === 'conflict'
          ? {
              error: {
                code: 'report.id_conflict',
                message: 'A report with this id already exists with different content.',
              },
            }
          : {}),
      }));
      return {
        items: results,
        created: results.filter((r) => r.result === 'created').length,
        existing: results.filter((r) => r.result === 'exists').length,
        conflicts: results.filter((r) => r.result === 'conflict').length,
      };
    },

    async list(actor: Actor, query: ReportListQuery) {
      const zone = zoneOf(query.region ?? actor.scopeCode);
      const bound = (value: string | undefined, end: boolean) => {
        if (value === undefined) return undefined;
        if (/^\d{4}-\d{2}-\d{2}$/.test(value))
          return (end ? endOfLocalDay(value, zone) : startOfLocalDay(value, zone)).toISOString();
        return new Date(value).toISOString();
      };
      let regionPath: string | undefined;
      if (query.region !== undefined && query.region !== NATIONAL_CODE) {
        const info = await region(query.region);
        if (!info) throw new AppError('region.not_found', [{ code: query.region }]);
        regionPath = info.path;
      }
      const after = decodeCursor(query.cursor, 2) as [string, string] | undefined;
      if (
        after &&
        (typeof after[0] !== 'string' ||
          Number.isNaN(Date.parse(after[0])) ||
          !/^[0-9a-f-]{36}$/.test(String(after[1])))
      )
        throw new AppError('validation.invalid', [
          { in: 'querystring', path: 'cursor', message: 'unknown cursor' },
        ]);
      const rows = await repository.list(
        actor.scopePath,
        {
          ...(regionPath !== undefined ? { regionPath } : {}),
          ...(query.status ? { statuses: query.status } : {}),
          ...(query.category ? { categories: query.category } : {}),
          ...(query.severityMin !== undefined ? { severityMin: query.severityMin } : {}),
          ...(query.from !== undefined ? { from: bound(query.from, false) } : {}),
          ...(query.to !== undefined ? { to: bound(query.to, true) } : {}),
          ...(query.q !== undefined ? { q: query.q } : {}),
        },
        query.limit,
        after,
      );
      const items = rows.slice(0, query.limit);
      const last = items[items.length - 1];
      return {
        items: items.map(presentReport),
        nextCursor: rows.length > query.limit && last ? encodeCursor([last.created_at, last.id]) : null,
      };
    },

    async points(
      actor: Actor,
      query: Pick<ReportListQuery, 'region' | 'status' | 'category' | 'severityMin' | 'from' | 'to'>,
    ) {
      let regionPath: string | undefined;
      if (query.region !== undefined && query.region !== NATIONAL_CODE) {
        const info = await region(query.region);
        if (!info) throw new AppError('region.not_found', [{ code: query.region }]);
        regionPath = info.path;
      }
      const zone = zoneOf(query.region ?? actor.scopeCode);
      const bound = (value: string | undefined, end: boolean) =>
        value === undefined
          ? undefined
          : /^\d{4}-\d{2}-\d{2}$/.test(value)
            ? (end ? endOfLocalDay(value, zone) : startOfLocalDay(value, zone)).toISOString()
            : new Date(value).toISOString();
      const rows = await repository.points(
        actor.scopePath,
        {
          ...(regionPath !== undefined ? { regionPath } : {}),
          ...(query.status ? { statuses: query.status } : {}),
          ...(query.category ? { categories: query.category } : {}),
          ...(query.severityMin !== undefined ? { severityMin: query.severityMin } : {}),
          ...(query.from !== undefined ? { from: bound(query.from, false) } : {}),
          ...(query.to !== undefined ? { to: bound(query.to, true) } : {}),
        },
        5000,
      );
      return {
        items: rows.map((r) => ({
          id: r.id,
          lat: r.lat,
          lon: r.lon,
          severity: r.severity as 1 | 2 | 3 | 4,
          category: r.category as ReportCategoryCode,
          status: r.status as ReportStatus,
          title: r.title,
          regionCode: r.region_code,
        })),
      };
    },

    async get(actor: Actor, id: string): Promise<ReportDetail> {
      return detail(await requireReport(actor, id));
    },

    /** The status machine: new -> verified | rejected | duplicate; verified -> handling -> resolved. */
    async changeStatus(actor: Actor, id: string, input: ReportStatusChange): Promise<ReportDetail> {
      const to = input.status;
      if (to === 'duplicate' && !input.duplicateOf) throw new AppError('report.duplicate_of_required');
      if (to !== 'duplicate' && input.duplicateOf)
        throw new AppError('validation.invalid', [
          { in: 'body', path: 'duplicateOf', message: 'only with status duplicate' },
        ]);
      const duplicateOf = to === 'duplicate' ? (input.duplicateOf ?? '').toLowerCase() : null;
      await transition(
        actor,
        [{ id, to, duplicateOf }],
        input.note || null,
        duplicateOf ? [duplicateOf] : [],
        (rows) => {
          const row = rows.get(id);
          if (!row) throw new AppError('report.not_found');
          const from = row.status as ReportStatus;
          if (!REPORT_TRANSITIONS[from].includes(to)) {
            throw new AppError('report.illegal_transition', [
              { from, to, allowed: REPORT_TRANSITIONS[from] },
            ]);
          }
          if (duplicateOf) {
            const target = rows.get(duplicateOf);
            if (!target || duplicateOf === id || target.status === 'duplicate') {
              throw new AppError('report.duplicate_of_invalid', [{ duplicateOf }]);
            }
          }
        },
      );
      return detail(await requireReport(actor, id));
    },

    /** Groups of near-duplicate new reports (same district and category, within 24 hours, similar text). */
    async duplicateGroups(
      actor: Actor,
      query: { region?: string | undefined; threshold: number; limit: number },
    ): Promise<{ items: DuplicateGroup[] }> {
      let regionPath: string | undefined;
      if (query.region !== undefined && query.region !== NATIONAL_CODE) {
        const info = await region(query.region);
        if (!info) throw new AppError('region.not_found', [{ code: query.region }]);
        regionPath = info.path;
      }
      const since = new Date(clock.now().getTime() - 90 * 86_400_000).toISOString();
      const pairs = await repository.similarPairs(actor.scopePath, regionPath, query.threshold, since);
      // Union-find: reports linked by any similar pair form one group.
      const parent = new Map<string, string>();
      const find = (x: string): string => {
        let root = x;
        while (parent.get(root) !== undefined && parent.get(root) !== root) root = parent.get(root) as string;
        parent.set(x, root);
        return root;
      };
      for (const { a, b } of pairs) {
        if (!parent.has(a)) parent.set(a, a);
        if (!parent.has(b)) parent.set(b, b);
        const ra = find(a);
        const rb = find(b);
        if (ra !== rb) parent.set(rb, ra);
      }
      const groups = new Map<string, string[]>();
      for (const id of parent.keys()) {
        const root = find(id);
        groups.set(root, [...(groups.get(root) ?? []), id]);
      }
      const ids = [...groups.values()].flat();
      const views = new Map((await repository.byIds(ids, actor.scopePath)).map((v) => [v.id, v]));
      const items: DuplicateGroup[] = [];
      for (const members of groups.values()) {
        const reports = members
          .map((m) => views.get(m))
          .filter((v): v is ReportView => v !== undefined)
          .sort((x, y) => x.created_at.localeCompare(y.created_at) || x.id.localeCompare(y.id));
        const first = reports[0];
        if (reports.length < 2 || !first) continue;
        items.push({
          districtCode: first.district_code,
          category: first.category as DuplicateGroup['category'],
          keepId: first.id,
          reports: reports.map(presentReport),
        });
      }
      items.sort((x, y) => y.reports.length - x.reports.length || x.keepId.localeCompare(y.keepId));
      return { items: items.slice(0, query.limit) };
    },

    /** The operator merges a group: the others become duplicates of the one kept, in one transaction. */
    async merge(actor: Actor, input: { keepId: string; duplicateIds: string[]; note?: string | undefined }) {
      const keepId = input.keepId.toLowerCase();
      const duplicateIds = [...new Set(input.duplicateIds.map((d) => d.toLowerCase()))];
      await transition(
        actor,
        duplicateIds.map((id) => ({ id, to: 'duplicate' as const, duplicateOf: keepId })),
        input.note || null,
        [keepId],
        (rows) => {
          // Reports the caller cannot see do not exist for it.
          if ([keepId, ...duplicateIds].some((id) => !rows.has(id))) throw new AppError('report.not_found');
          const keep = rows.get(keepId);
          const problems: unknown[] = [];
          if (!keep || keep.status === 'duplicate') problems.push({ id: keepId, problem: 'keep' });
          for (const id of duplicateIds) {
            const row = rows.get(id);
            if (id === keepId || !row || row.status !== 'new')
              problems.push({ id, problem: id === keepId ? 'kept' : row?.status });
          }
          if (problems.length > 0) throw new AppError('report.merge_invalid', problems);
        },
      );
      return detail(await requireReport(actor, keepId));
    },

    /** The reporter's identity, for the regency officer of the scope and admins; every read is audited with its reason. */
    async reporter(actor: Actor, id: string, reason: string): Promise<ReporterIdentity> {
      const view = await requireReport(actor, id);
      const row = await repository.identity(view.id);
      await audit.record(repository.db as unknown as Transaction<DB>, actor, {
        action: 'report.reporter_read',
        entityType: 'report',
        entityId: view.id,
        regionPath: (await region(view.region_code))?.path ?? null,
        changes: { reason, found: row !== undefined },
      });
      if (!row) throw new AppError('resource.not_found');
      return {
        reportId: view.id,
        name: row.name,
        phone: row.phone,
        user:
          row.user_id && row.username && row.user_name
            ? { id: row.user_id, username: row.username, name: row.user_name }
            : null,
      };
    },

    async addAttachment(
      actor: Actor,
      id: string,
      file: { stream: Readable; filename: string | undefined; mimetype: string | undefined } | undefined,
    ) {
      const view = await repository.byId(id, actor.scopePath);
      if (!view) {
        file?.stream.resume();
        throw new AppError('report.not_found');
      }
      if (!file) throw new AppError('report.attachment_missing');
      const stored = await files.put(file.stream, {
        allowed: UPLOAD_TYPES,
        maxBytes: deps.uploadMaxBytes,
        ...(file.mimetype ? { declaredMime: file.mimetype } : {}),
      });
      const filename = safeFilename(file.filename);
      const row = await repository.db.transaction().execute(async (trx) => {
        const inserted = await repository.insertAttachment(trx, {
          reportId: view.id,
          sha256: stored.sha256,
          size: stored.size,
          mime: stored.mime,
          filename,
          uploadedBy: actor.userId,
        });
        await audit.record(trx as unknown as Transaction<DB>, actor, {
          action: 'report.attachment_add',
          entityType: 'report',
          entityId: view.id,
          regionPath: (await region(view.region_code))?.path ?? null,
          changes: { attachmentId: inserted.id, sha256: stored.sha256, size: stored.size, mime: stored.mime },
        });
        return inserted;
      });
      return presentAttachment(row, view.timezone);
    },

    async openAttachment(actor: Actor, id: string, attachmentId: string) {
      const view = await requireReport(actor, id);
      const row = await repository.attachment(view.id, attachmentId);
      if (!row) throw new AppError('resource.not_found');
      return {
        stream: files.open(row.sha256),
        filename: row.filename,
        mime: row.mime,
        size: Number(row.size),
      };
    },

    /** Public form (no account): only where public intake is on; answers with a tracking code. */
    async publicCreate(
      ip: string,
      input: PublicReportCreate,
    ): Promise<{ created: boolean; trackingCode: string; status: ReportStatus }> {
      await rateLimited(ip, 'report', rateLimit.max);
      const info = await reportableRegion(input.regionCode);
      if (!(await publicIntakeEnabled(info.path))) throw new AppError('report.public_intake_disabled');
      const category = reportCategory(input.category);
      const prepared = await prepare(
        {
          id: input.id,
          regionCode: input.regionCode,
          occurredAt: input.occurredAt,
          category: input.category,
          severity: input.severity ?? category?.defaultSeverity ?? 1,
          title: input.title,
          description: input.description,
          location: input.location,
          anonymous: true,
          channel: 'public',
          trackingCode: true,
          identity: null,
        },
        { actor: null, scopePath: '', visibleChannels: ['public'] },
      );
      const outcome = await writer.submit(prepared);
      if (outcome.result === 'conflict') throw new AppError('report.id_conflict');
      return {
        created: outcome.result === 'created',
        trackingCode: outcome.report.tracking_code ?? '',
        status: outcome.report.status as ReportStatus,
      };
    },

    /** The status behind a tracking code, and nothing else. */
    async track(ip: string, code: string): Promise<{ trackingCode: string; status: ReportStatus }> {
      await rateLimited(ip, 'track', rateLimit.max * 3);
      const row = await repository.statusByTrackingCode(code.toUpperCase());
      if (!row) throw new AppError('resource.not_found');
      return { trackingCode: row.tracking_code, status: row.status as ReportStatus };
    },

    /**
     * The public form's place picker: the children of `parent` (none: the provinces) with a place open
     * to public reports in or below them. A parent with none is refused like a report there would be.
     */
    async intakePlaces(ip: string, parent: string | undefined): Promise<{ items: PublicIntakePlace[] }> {
      await rateLimited(ip, 'places', rateLimit.max * 5);
      const parentCode = parent === undefined || parent === NATIONAL_CODE ? null : parent;
      if (parentCode !== null && !(await region(parentCode)))
        throw new AppError('region.not_found', [{ code: parentCode }]);
      const rows = await repository.intakePlaces(parentCode);
      if (parentCode !== null && rows.length === 0) throw new AppError('report.public_intake_disabled');
      return { items: rows.map(presentIntakePlace) };
    },

    async getPublicIntake(actor: Actor, code: string) {
      const info = await region(code);
      if (!info || !isWithin(info.path, actor.scopePath)) throw new AppError('region.not_found', [{ code }]);
      const setting = await repository.intakeSetting(info.path);
      return {
        regionCode: code,
        enabled: setting?.public_intake ?? false,
        setAt: setting?.region_code ?? null,
      };
    },

    async setPublicIntake(actor: Actor, code: string, enabled: boolean) {
      const info = await region(code);
      if (!info || !isWithin(info.path, actor.scopePath)) throw new AppError('region.not_found', [{ code }]);
      await repository.db.transaction().execute(async (trx) => {
        await repository.putIntakeSetting(trx, {
          regionCode: code,
          regionPath: info.path,
          enabled,
          by: actor.userId,
        });
        await audit.record(trx as unknown as Transaction<DB>, actor, {
          action: 'report.public_intake_set',
          entityType: 'region',
          entityId: code,
          regionPath: info.path,
          changes: { enabled },
        });
      });
      return { regionCode: code, enabled, setAt: code };
    },

    /**
     * SMS/WhatsApp gateway: `LAPOR <village code or name> <category keyword> <text>`, signed with
     * HMAC-SHA256 of the raw body. Registered numbers file as their account; unknown numbers file
     * anonymous public reports where the region allows them.
     */
    async sms(
      raw: Buffer,
      signature: string | undefined,
    ): Promise<{ created: boolean; trackingCode: string; reply: string }> {
      const secret = deps.smsSecret();
      if (!secret) throw new AppError('sms.not_configured');
      if (!verifySignature(raw, signature, secret)) throw new AppError('sms.signature_invalid');
      const message = parseSmsBody(raw);
      const parsed = parseSmsText(message.text);
      const sender = await repository.userByPhone(message.from);
      const account = sender && REPORT_CREATORS.includes(sender.role as Actor['role']) ? sender : undefined;

      let info: RegionInfo | undefined;
      if (/^\d{2}\.\d{2}\.\d{2}(\.\d{4})?$/.test(parsed.place)) {
        info = await region(parsed.place);
        if (info && account && !isWithin(info.path, account.scope_path)) info = undefined;
      } else {
        const found = await repository.regionsByName(parsed.place, account ? account.scope_path : null);
        const villages = found.filter((f) => f.level === 4);
        const pick =
          villages.length === 1
            ? villages[0]
            : villages.length === 0 && found.length === 1
              ? found[0]
              : undefined;
        if (!pick && found.length > 1)
          throw new AppError('sms.unknown_village', [
            { place: parsed.place, problem: 'ambiguous, send the village code' },
          ]);
        info = pick ? await region(pick.code) : undefined;
      }
      if (!info || (info.level !== 3 && info.level !== 4))
        throw new AppError('sms.unknown_village', [{ place: parsed.place }]);
      if (!account && !(await publicIntakeEnabled(info.path)))
        throw new AppError('report.public_intake_disabled');

      const actor: Actor | null = account
        ? {
            userId: account.id,
            username: account.username,
            name: account.name,
            role: account.role as Actor['role'],
            scopeCode: account.scope_code,
            scopePath: account.scope_path,
            via: 'token',
            mfaSatisfied: true,
          }
        : null;
      const prepared = await prepare(
        {
          ...(message.messageId ? { id: idFromKey(`sms:${message.from}:${message.messageId}`) } : {}),
          regionCode: info.code,
          occurredAt: message.receivedAt ?? clock.now().toISOString(),
          category: parsed.category.code,
          severity: parsed.category.defaultSeverity,
          title: parsed.title,
          description: parsed.text,
          anonymous: !account,
          channel: message.channel,
          trackingCode: true,
          identity: account ? { userId: account.id, name: null, phone: message.from } : null,
          // A redelivered message is the same report even though "now" has moved on.
          contentKey: JSON.stringify([
            'sms',
            message.from,
            message.channel,
            message.text,
            message.receivedAt ?? null,
          ]),
        },
        account
          ? { actor, scopePath: account.scope_path }
          : { actor: null, scopePath: '', visibleChannels: ['sms', 'whatsapp'] },
      );
      const outcome = await writer.submit(prepared);
      if (outcome.result === 'conflict') throw new AppError('report.id_conflict');
      const trackingCode = outcome.report.tracking_code ?? '';
      return {
        created: outcome.result === 'created',
        trackingCode,
        reply: `Laporan diterima (${parsed.category.label.id}, ${info.name}). Kode pelacakan: ${trackingCode}.`,
      };
    },

    /** For other modules (sitreps): report figures of a region's subtree for a period; duplicates are not counted. */
    async figuresFor(regionPath: string, from: Date, to: Date) {
      return repository.figures(regionPath, from.toISOString(), to.toISOString());
    },

    /** For other modules: one report as presented, if it lies inside `scopePath`. */
    async reportById(id: string, scopePath: string): Promise<Report | undefined> {
      const view = await repository.byId(id, scopePath);
      return view ? presentReport(view) : undefined;
    },

    /** Stores a prepared set directly (demo seed). */
    writer,
    /**
     * The deferred listeners' dispatcher: `start` with the app, `stop` before the pool closes,
     * `settled` to wait until what was committed is projected (tests, bench, demo seeding).
     */
    projection: {
      start: () => projection?.start(),
      stop: async () => projection?.stop(),
      settled: async () => projection?.settled(),
    },
    /** The text index's background merge (search-upkeep.ts): `start` with the app, `stop` before the pool closes. */
    searchIndex,
    prepare,
    transition,
  };
}

function parseSmsBody(raw: Buffer): {
  from: string;
  text: string;
  channel: 'sms' | 'whatsapp';
  messageId?: string | undefined;
  receivedAt?: string | undefined;
} {
  let json: unknown;
  try {
    json = JSON.parse(raw.toString('utf8'));
  } catch {
    throw new AppError('validation.malformed_json');
  }
  const parsed = smsBodySchema.safeParse(json);
  if (!parsed.success) {
    throw new AppError(
      'validation.invalid',
      parsed.error.issues.map((i) => ({ in: 'body', path: i.path.join('.'), message: i.message })),
    );
  }
  return parsed.data;
}

export type ReportService = ReturnType<typeof createReportService>;
