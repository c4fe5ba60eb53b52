import type { Transaction } from 'kysely';
import type { DB } from '../../db/index.ts';
import { newEffects, writeEffects, type EffectWriters, type TransactionEffects } from '../../effects.ts';
import type { Actor } from '../../http/actor.ts';
import type { ReportEvent, ReportListener } from './events.ts';
import type { EventSource, ReportView } from './presenter.ts';
import type { IdentityRow, ReportRepository, ReportRow } from './repository.ts';

/** A report ready to be stored, with what the writer needs to present it and to judge a resubmission. */
export interface PreparedReport {
  row: ReportRow;
  identity: Omit<IdentityRow, 'reportId'> | null;
  /** Who files it, for the audit log; null for the public form and unknown SMS senders. */
  actor: Actor | null;
  /** A stored report with the same id is "the same" only when the filer may see it (its scope path). */
  scopePath: string;
  /** Only reports of these channels may answer a resubmission (the public form sees only public reports). */
  visibleChannels?: readonly string[];
  view: Omit<ReportView, 'created_at' | 'updated_at'>;
}

export type WriteOutcome =
  | { result: 'created'; report: ReportView }
  | { result: 'exists'; report: ReportView }
  | { result: 'conflict' };

interface Pending {
  item: PreparedReport;
  resolve: (outcome: WriteOutcome) => void;
  reject: (error: unknown) => void;
}

export interface ReportWriter {
  /** Stores one report through group commit: answered only after the transaction holding it committed. */
  submit(item: PreparedReport): Promise<WriteOutcome>;
  /** Stores many in one transaction (batch import); outcomes in input order. */
  writeAll(items: PreparedReport[]): Promise<WriteOutcome[]>;
  /** Waits for everything submitted so far. */
  drain(): Promise<void>;
}

export function eventOf(report: EventSource, regionPath: string): ReportEvent['report'] {
  return {
    id: report.id,
    regionCode: report.region_code,
    regionPath,
    districtCode: report.district_code,
    occurredAt: report.occurred_at,
    createdAt: report.created_at,
    category: report.category,
    severity: report.severity as 1 | 2 | 3 | 4,
    status: report.status as ReportEvent['report']['status'],
    title: report.title,
  };
}

/**
 * Group commit. Concurrent submissions are gathered while the previous transactions are in flight and
 * written together: one multi-row insert, one listener call, then the audit entries, jobs and live
 * notices of the reports and of every listener in one statement each, one commit (one WAL flush).
 * Idle, a submission is written at once, so gathering adds no latency when there is no load.
 * Nothing is acknowledged before its transaction commits.
 */
export function createReportWriter(deps: {
  repository: ReportRepository;
  /** Write the audit entries, jobs and live notices gathered in a transaction. */
  effects: EffectWriters;
  listeners: ReportListener[];
  /**
   * Transactions written at the same time (each holds one pool connection). One by default: the
   * alert rules lock the reports' districts until commit, so concurrent transactions mostly queue
   * on each other, while one at a time gathers bigger batches. Measured at concurrency 64: with the
   * risk listener in the transaction (2026-12-06, 15 s after a warm-up) 1 in flight 642 reports/s,
   * 2 632/s, 3 557/s; with it deferred (2026-12-07, five alternating pairs of 15 s) 1,208–1,517/s
   * with one, 1,188–1,444/s with two. Beginning the next transaction while the current one runs
   * (2026-12-07, a cycle of about 32 reports in 21 ms) cut its BEGIN wait from 3.7 to 0.3 ms without
   * shortening the cycle: the API process's event loop paces it, not the number of round trips.
   */
  maxInFlight?: number;
  maxBatch?: number;
  /**
   * Deferred listeners. For submissions, new reports are queued for them in the insert's statement,
   * and `queued` is called once the transaction that queued them committed. A batch import is as
   * large as a dispatcher's pass already: it runs them in its own transaction, before `listeners`,
   * so the index has its reports when the import answers. Measured 2026-12-07, 30,000 reports in
   * calls of 1,000 by two importers, until imported and projected: queued 7.5–7.8 s, in the
   * imports' transactions 6.4–6.6 s; after the key checks stopped scanning their parent tables
   * (migration 0107) 6.4–6.6 s against 6.6–7.4 s, within the noise.
   */
  deferred?: { listeners: ReportListener[]; queued: () => void };
  /** Called after every transaction that created reports committed (the text index's upkeep). */
  created?: () => void;
}): ReportWriter {
  const { repository, listeners } = deps;
  const maxInFlight = deps.maxInFlight ?? 1;
  const maxBatch = deps.maxBatch ?? 500;
  const queue: Pending[] = [];
  let inFlight = 0;
  let idle: Array<() => void> = [];

  async function writeInTransaction(items: PreparedReport[], inline = false): Promise<WriteOutcome[]> {
    const queue = deps.deferred !== undefined && !inline;
    const called = inline && deps.deferred ? [...deps.deferred.listeners, ...listeners] : listeners;
    // The first submission of an id is the one inserted; later ones in the same batch compare to it.
    const first = new Map<string, PreparedReport>();
    for (const item of items) if (!first.has(item.row.id)) first.set(item.row.id, item);
    const candidates = [...first.values()];

    let queued = false;
    let createdAny = false;
    const outcomes = await repository.db.transaction().execute(async (trx) => {
      const created = await repository.insertReports(
        trx,
        candidates.map((c) => c.row),
        candidates.flatMap((c) => (c.identity ? [{ ...c.identity, reportId: c.row.id }] : [])),
        queue,
      );
      createdAny = created.size > 0;
      queued = queue && createdAny;
      const existingIds = candidates.filter((c) => !created.has(c.row.id)).map((c) => c.row.id);
      const existing = new Map((await repository.existing(trx, existingIds)).map((r) => [r.id, r]));

      const newOnes = candidates.filter((c) => created.has(c.row.id));
      const views = new Map<string, ReportView>();
      for (const c of newOnes) {
        const at = created.get(c.row.id)?.created_at ?? '';
        views.set(c.row.id, { ...c.view, created_at: at, updated_at: at });
      }
      const effects = newEffects();
      recordCreates(effects, newOnes);
      if (newOnes.length > 0 && called.length > 0) {
        const events: ReportEvent[] = newOnes.map((c) => ({
          type: 'created',
          report: eventOf(views.get(c.row.id) as ReportView, c.row.regionPath),
        }));
        for (const listener of called) await listener(trx as unknown as Transaction<DB>, events, effects);
      }
      await writeEffects(trx as unknown as Transaction<DB>, effects, deps.effects);

      return items.map((item): WriteOutcome => {
        const mine = first.get(item.row.id) === item;
        const view = views.get(item.row.id);
        if (view) {
          if (mine) return { result: 'created', report: view };
          return item.row.contentHash.equals(first.get(item.row.id)?.row.contentHash ?? Buffer.alloc(0))
            ? { result: 'exists', report: view }
            : { result: 'conflict' };
        }
        const stored = existing.get(item.row.id);
        const visible =
          stored !== undefined &&
          isWithin(stored.region_path, item.scopePath) &&
          (item.visibleChannels === undefined || item.visibleChannels.includes(stored.channel));
        if (!stored || !visible || !stored.content_hash.equals(item.row.contentHash))
          return { result: 'conflict' };
        const { content_hash: _hash, region_path: _path, ...report } = stored;
        return { result: 'exists', report };
      });
    });
    if (queued) deps.deferred?.queued();
    if (createdAny) deps.created?.();
    return outcomes;
  }

  /**
   * One audit entry per filer and batch, listing the reports it created. Anonymous reports are
   * recorded without the account that filed them: the log must not say who sent them either.
   */
  function recordCreates(effects: TransactionEffects, created: PreparedReport[]): void {
    const byActor = new Map<string, { actor: Actor | null; items: PreparedReport[] }>();
    for (const item of created) {
      const actor = item.row.anonymous ? null : item.actor;
      const key = actor?.userId ?? '';
      const group = byActor.get(key) ?? { actor, items: [] };
      group.items.push(item);
      byActor.set(key, group);
    }
    effects.audit.push(
      ...[...byActor.values()].map(({ actor, items }) => ({
        actor,
        record: {
          action: 'report.create',
          entityType: 'report',
          entityId: items.length === 1 ? (items[0]?.row.id ?? null) : null,
          regionPath: commonPath(items.map((i) => i.row.regionPath)),
          // Content only: the reporter's identity never goes to the audit log.
          changes: {
            count: items.length,
            reports: items.map((i) => ({
              id: i.row.id,
              regionCode: i.row.regionCode,
              category: i.row.category,
              severity: i.row.severity,
              channel: i.row.channel,
              anonymous: i.row.anonymous,
            })),
          },
        },
      })),
    );
  }

  /** A batch that fails as a whole is retried item by item, so one bad item fails only itself. */
  async function flush(batch: Pending[]): Promise<void> {
    try {
      const outcomes = await writeInTransaction(batch.map((p) => p.item));
      batch.forEach((p, i) => p.resolve(outcomes[i] as WriteOutcome));
    } catch (error) {
      if (batch.length === 1) {
        batch[0]?.reject(error);
        return;
      }
      for (const pending of batch) {
        try {
          const [outcome] = await writeInTransaction([pending.item]);
          pending.resolve(outcome as WriteOutcome);
        } catch (single) {
          pending.reject(single);
        }
      }
    }
  }

  function pump(): void {
    while (inFlight < maxInFlight && queue.length > 0) {
      const batch = queue.splice(0, maxBatch);
      inFlight += 1;
      void flush(batch).finally(() => {
        inFlight -= 1;
        pump();
        if (inFlight === 0 && queue.length === 0) {
          const waiting = idle;
          idle = [];
          for (const done of waiting) done();
        }
      });
    }
  }

  return {
    submit(item) {
      return new Promise<WriteOutcome>((resolve, reject) => {
        queue.push({ item, resolve, reject });
        pump();
      });
    },
    // A batch import is one transaction: all of it is stored, or (on failure) none of it.
    writeAll: (items) => writeInTransaction(items, true),
    drain() {
      if (inFlight === 0 && queue.length === 0) return Promise.resolve();
      return new Promise<void>((resolve) => idle.push(resolve));
    },
  };
}

/** Is ltree path `path` inside `scope` ('' = everything)? */
export function isWithin(path: string, scope: string): boolean {
  return scope === '' || path === scope || path.startsWith(`${scope}.`);
}

/** The longest ltree path that contains every one of `paths`. */
export function commonPath(paths: string[]): string {
  const [head, ...rest] = paths.map((p) => p.split('.'));
  if (!head) return '';
  let n = head.length;
  for (const labels of rest) {
    let i = 0;
    while (i < n && i < labels.length && labels[i] === head[i]) i += 1;
    n = i;
  }
  return head.slice(0, n).join('.');
}
