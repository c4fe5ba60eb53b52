import {
  endOfLocalDay,
  levelOfCode,
  NATIONAL_CODE,
  parentOfCode,
  startOfLocalDay,
  type SitrepFigures,
} from '@sinergi/shared';
import type { Clock } from '../../clock.ts';
import type { Actor } from '../../http/actor.ts';
import { AppError } from '../../http/errors.ts';
import { decodeCursor, page } from '../../http/pagination.ts';
import type { AuditService } from '../audit/index.ts';
import type { RegionService } from '../regions/index.ts';
import { mayAuthor, mayReview, SITREP_DUE_DAYS } from './policy.ts';
import { presentSitrep, presentSitrepSummary } from './presenter.ts';
import type { SitrepRepository } from './repository.ts';
import type { SitrepScope, SitrepSources } from './sources.ts';

const addDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

export function createSitrepService(deps: {
  repository: SitrepRepository;
  regions: RegionService;
  audit: AuditService;
  clock: Clock;
  sources: SitrepSources;
}) {
  const { repository, regions, audit, clock, sources } = deps;

  async function compile(regionCode: string, periodStart: string, periodEnd: string): Promise<SitrepFigures> {
    const region = await regions.require(regionCode);
    const timezone = region.timezone;
    const scope: SitrepScope = {
      regionCode,
      regionPath: region.path,
      timezone,
      periodStart,
      periodEnd,
      from: startOfLocalDay(periodStart, timezone),
      to: endOfLocalDay(periodEnd, timezone),
      now: clock.now(),
    };
    const [stage, reports, alerts, risk, meetings, pledges, readiness] = await Promise.all([
      sources.stage(scope),
      sources.reports(scope),
      sources.alerts(scope),
      sources.risk(scope),
      sources.meetings(scope),
      sources.pledges(scope),
      sources.readiness(scope),
    ]);
    // A province's sitrep carries what each of its regencies sent for the same period.
    let children: SitrepFigures['children'] = [];
    if (region.level === 1) {
      const kids = await regions.childrenOf(regionCode);
      const sent = new Map(
        (
          await repository.latestOfChildren(
            kids.map((k) => k.code),
            periodStart,
            periodEnd,
          )
        ).map((s) => [s.region_code, s]),
      );
      children = kids.map((kid) => {
        const s = sent.get(kid.code);
        const figures = s?.figures as SitrepFigures | undefined;
        return {
          regionCode: kid.code,
          name: kid.name,
          sitrepId: s?.id ?? null,
          version: s?.version ?? null,
          submittedAt: s?.submitted_at ?? null,
          reportsTotal: figures?.reports?.total ?? null,
          riskLevel: figures?.risk?.level ?? null,
        };
      });
    }
    return {
      region: { code: region.code, name: region.name, level: region.level, timezone },
      period: { start: periodStart, end: periodEnd },
      compiledAt: clock.now().toISOString(),
      stage,
      reports,
      alerts,
      risk,
      meetings,
      pledges,
      readiness,
      children,
    };
  }

  const get = async (actor: Actor, id: string) => {
    const row = await repository.byId(id, actor.scopePath, actor.scopeCode);
    if (!row) throw new AppError('sitrep.not_found');
    return row;
  };

  return {
    async create(actor: Actor, input: { regionCode: string; periodStart: string; periodEnd: string }) {
      const level = levelOfCode(input.regionCode);
      if (level !== 1 && level !== 2) {
        throw new AppError('validation.invalid', [
          { in: 'body', path: 'regionCode', message: 'a sitrep is for a province or a regency' },
        ]);
      }
      if (!mayAuthor(actor, input.regionCode)) throw new AppError('access.forbidden');
      const figures = await compile(input.regionCode, input.periodStart, input.periodEnd);
      const region = await regions.require(input.regionCode);
      const id = await repository.db.transaction().execute(async (trx) => {
        const version = await repository.nextVersion(
          trx,
          input.regionCode,
          input.periodStart,
          input.periodEnd,
        );
        const previous = await repository.latestSent(
          trx,
          input.regionCode,
          input.periodStart,
          input.periodEnd,
          '00000000-0000-0000-0000-000000000000',
        );
        const row = await trx
          .insertInto('sitreps')
          .values({
            region_code: input.regionCode,
            region_path: region.path,
            parent_code: parentOfCode(input.regionCode) ?? NATIONAL_CODE,
            period_start: input.periodStart,
            period_end: input.periodEnd,
            version,
            figures: JSON.stringify(figures),
            supersedes: previous[0]?.id ?? null,
            created_by: actor.userId,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await audit.record(trx, actor, {
          action: 'sitrep.compile',
          entityType: 'sitrep',
          entityId: row.id,
          regionPath: region.path,
          changes: {
            regionCode: input.regionCode,
            periodStart: input.periodStart,
            periodEnd: input.periodEnd,
            version,
          },
        });
        return row.id;
      });
      return presentSitrep(await get(actor, id));
    },

    async updateNarrative(actor: Actor, id: string, narrative: string) {
      await repository.db.transaction().execute(async (trx) => {
        const current = await get(actor, id);
        if (!mayAuthor(actor, current.region_code)) throw new AppError('access.forbidden');
        const locked = await repository.forUpdate(trx, id);
        if (locked?.status !== 'draft') throw new AppError('sitrep.not_draft');
        await trx.updateTable('sitreps').set({ narrative }).where('id', '=', id).execute();
        await audit.record(trx, actor, {
          action: 'sitrep.edit',
          entityType: 'sitrep',
          entityId: id,
          regionPath: current.region_path,
          changes: { narrativeLength: narrative.length },
        });
      });
      return presentSitrep(await get(actor, id));
    },

    /** Sends the draft to the parent region; an earlier sent version of the same period is superseded. */
    async submit(actor: Actor, id: string) {
      await repository.db.transaction().execute(async (trx) => {
        const current = await get(actor, id);
        if (!mayAuthor(actor, current.region_code)) throw new AppError('access.forbidden');
        const locked = await repository.forUpdate(trx, id);
        if (locked?.status !== 'draft') throw new AppError('sitrep.not_draft');
        const now = clock.now().toISOString();
        const earlier = await repository.latestSent(
          trx,
          current.region_code,
          current.period_start,
          current.period_end,
          id,
        );
        if (earlier.length > 0) {
          await trx
            .updateTable('sitreps')
            .set({ status: 'superseded' })
            .where(
              'id',
              'in',
              earlier.map((e) => e.id),
            )
            .execute();
        }
        await trx
          .updateTable('sitreps')
          .set({ status: 'submitted', submitted_by: actor.userId, submitted_at: now })
          .where('id', '=', id)
          .execute();
        await audit.record(trx, actor, {
          action: 'sitrep.submit',
          entityType: 'sitrep',
          entityId: id,
          regionPath: current.region_path,
          changes: { parentCode: current.parent_code, superseded: earlier.map((e) => e.id) },
        });
      });
      return presentSitrep(await get(actor, id));
    },

    async review(actor: Actor, id: string, decision: 'acknowledged' | 'returned', note: string | null) {
      await repository.db.transaction().execute(async (trx) => {
        const current = await get(actor, id);
        if (!mayReview(actor, current.parent_code)) throw new AppError('access.forbidden');
        const locked = await repository.forUpdate(trx, id);
        if (locked?.status !== 'submitted') throw new AppError('sitrep.not_submitted');
        await trx
          .updateTable('sitreps')
          .set({
            status: decision,
            reviewed_by: actor.userId,
            reviewed_at: clock.now().toISOString(),
            review_note: note,
          })
          .where('id', '=', id)
          .execute();
        await audit.record(trx, actor, {
          action: `sitrep.${decision === 'acknowledged' ? 'acknowledge' : 'return'}`,
          entityType: 'sitrep',
          entityId: id,
          regionPath: current.region_path,
          changes: { note },
        });
      });
      return presentSitrep(await get(actor, id));
    },

    get: async (actor: Actor, id: string) => presentSitrep(await get(actor, id)),

    async list(
      actor: Actor,
      query: { box: 'inbox' | 'outbox'; region?: string; status?: string; limit: number; cursor?: string },
    ) {
      const regionPath = query.region === undefined ? undefined : (await regions.require(query.region)).path;
      const after = decodeCursor(query.cursor, 2) as [string, string] | undefined;
      const rows = await repository.list(
        {
          box: query.box,
          scopePath: actor.scopePath,
          scopeCode: actor.scopeCode,
          regionPath,
          status: query.status,
        },
        query.limit,
        after,
      );
      const result = page(rows, query.limit, (r) => [r.created_at, r.id]);
      return { items: result.items.map(presentSitrepSummary), nextCursor: result.nextCursor };
    },

    /** Which child regions have reported for a period, which are late, and which still have time. */
    async compliance(actor: Actor, query: { region: string; periodStart: string; periodEnd: string }) {
      if (levelOfCode(query.region) > 1) {
        throw new AppError('validation.invalid', [
          { in: 'querystring', path: 'region', message: 'the region must be a province or ID' },
        ]);
      }
      const region =
        query.region === NATIONAL_CODE
          ? { code: NATIONAL_CODE, name: 'Indonesia' }
          : await regions.require(query.region);
      const children = await regions.childrenOf(query.region);
      const firsts = new Map(
        (
          await repository.firstSubmissions(
            children.map((c) => c.code),
            query.periodStart,
            query.periodEnd,
          )
        ).map((f) => [f.region_code, f]),
      );
      const dueOn = addDays(query.periodEnd, SITREP_DUE_DAYS);
      const now = clock.now();
      return {
        region: { code: region.code, name: region.name },
        periodStart: query.periodStart,
        periodEnd: query.periodEnd,
        dueOn,
        items: children.map((child) => {
          const due = endOfLocalDay(dueOn, child.timezone);
          const first = firsts.get(child.code);
          const submittedAt = first?.first_submitted_at ?? null;
          const state = submittedAt
            ? new Date(submittedAt) < due
              ? ('reported' as const)
              : ('late_reported' as const)
            : now >= due
              ? ('late' as const)
              : ('pending' as const);
          return {
            regionCode: child.code,
            name: child.name,
            state,
            sitrepId: first?.latest_id ?? null,
            submittedAt,
          };
        }),
      };
    },
  };
}

export type SitrepService = ReturnType<typeof createSitrepService>;
