import {
  isWithinScope,
  localDate,
  NATIONAL_CODE,
  type CurrentStage,
  type CurrentStages,
  type Election,
  type ElectionCreate,
  type ElectionSummary,
} from '@sinergi/shared';
import type { Clock } from '../../clock.ts';
import type { Actor } from '../../http/actor.ts';
import { AppError } from '../../http/errors.ts';
import { decodeCursor, page } from '../../http/pagination.ts';
import type { AuditService } from '../audit/index.ts';
import type { RegionService } from '../regions/index.ts';
import { mayCreateNational } from './policy.ts';
import { presentElection, presentElectionSummary, presentStage } from './presenter.ts';
import type { ElectionRepository, ElectionRow, StageRow } from './repository.ts';
import { stagesOn, zoneOfScope } from './schedule.ts';

/** How many running elections the "current stages" answer lists (a banner shows the first few). */
const RUNNING_LIMIT = 50;

export function createElectionService(deps: {
  repository: ElectionRepository;
  regions: RegionService;
  audit: AuditService;
  clock: Clock;
}) {
  const { repository, regions, audit, clock } = deps;

  /** The ltree path of a region the request names; an unknown code is the caller's mistake (400). */
  const pathOf = async (code: string, field: string, where: 'body' | 'querystring'): Promise<string> => {
    if (code === NATIONAL_CODE) return '';
    try {
      return (await regions.require(code)).path;
    } catch {
      throw new AppError('validation.invalid', [
        { in: where, path: field, message: `unknown region ${code}` },
      ]);
    }
  };

  const stagesByElection = async (ids: string[]): Promise<Map<string, StageRow[]>> => {
    const byElection = new Map<string, StageRow[]>();
    for (const stage of await repository.stagesOf(ids)) {
      byElection.set(stage.election_id, [...(byElection.get(stage.election_id) ?? []), stage]);
    }
    return byElection;
  };

  const running = (stages: StageRow[], on: string) =>
    stagesOn(
      stages.map((s) => ({ row: s, startsOn: s.starts_on, endsOn: s.ends_on, position: s.position })),
      on,
    ).map((s) => presentStage(s.row));

  /** Elections on the line of `linePath` (seen from `scopePath`) with the stages running on `on`. */
  const currentOnLine = async (scopePath: string, linePath: string, on: string): Promise<CurrentStages> => {
    const rows = await repository.runningOn(scopePath, linePath, on, RUNNING_LIMIT);
    const stages = await stagesByElection(rows.map((r) => r.id));
    const items = rows.flatMap((row) => {
      const active = running(stages.get(row.id) ?? [], on);
      const [stage] = active;
      return stage ? [{ election: presentElectionSummary(row), stage, active }] : [];
    });
    return { on, items };
  };

  const requireVisible = async (actor: Actor, id: string): Promise<ElectionRow> => {
    const row = await repository.byId(id, actor.scopePath);
    if (!row) throw new AppError('election.not_found');
    if (!row.visible) throw new AppError('access.forbidden');
    return row;
  };

  return {
    /** Creates an election with its schedule (actor null = the system, for seeds). */
    async create(actor: Actor | null, input: ElectionCreate): Promise<Election> {
      const national = input.scopeCode === undefined || input.scopeCode === NATIONAL_CODE;
      if (actor) {
        if (national && !mayCreateNational(actor)) throw new AppError('election.national_forbidden');
        // The policy layer checked this already; the service does not rely on it.
        if (!national && !isWithinScope(input.scopeCode ?? '', actor.scopeCode))
          throw new AppError('access.forbidden');
      }
      const regionCode = national ? null : (input.scopeCode ?? null);
      const scopePath = regionCode === null ? '' : await pathOf(regionCode, 'scopeCode', 'body');
      const id = await repository.db.transaction().execute(async (trx) => {
        const created = await repository.insert(trx, {
          name: input.name,
          kind: input.kind,
          regionCode,
          scopePath,
          votingDay: input.votingDay,
          createdBy: actor?.userId ?? null,
          stages: input.stages.map((stage) => ({
            code: stage.code,
            name: stage.name,
            startsOn: stage.startsOn,
            endsOn: stage.endsOn,
            watchItems: (stage.watchItems ?? []).map((w) => ({
              category: w.category ?? null,
              text: w.text ?? null,
            })),
          })),
        });
        await audit.record(trx, actor, {
          action: 'election.create',
          entityType: 'election',
          entityId: created,
          regionPath: scopePath,
          changes: {
            name: input.name,
            kind: input.kind,
            scopeCode: regionCode ?? NATIONAL_CODE,
            votingDay: input.votingDay,
            stages: input.stages.map((s) => ({ code: s.code, startsOn: s.startsOn, endsOn: s.endsOn })),
          },
        });
        return created;
      });
      return this.require(id);
    },

    async list(
      actor: Actor,
      query: { region?: string; kind?: string; limit: number; cursor?: string },
    ): Promise<{ items: ElectionSummary[]; nextCursor: string | null }> {
      const linePath =
        query.region === undefined ? actor.scopePath : await pathOf(query.region, 'region', 'querystring');
      const after = decodeCursor(query.cursor, 2) as [string, string] | undefined;
      const rows = await repository.list(actor.scopePath, { linePath, kind: query.kind }, query.limit, after);
      const result = page(rows, query.limit, (r) => [r.voting_day, r.id]);
      return { items: result.items.map(presentElectionSummary), nextCursor: result.nextCursor };
    },

    async get(actor: Actor, id: string): Promise<Election> {
      const row = await requireVisible(actor, id);
      return presentElection(row, (await stagesByElection([id])).get(id) ?? []);
    },

    /** The stage of one election on a day (default: today where the election is held). */
    async stageOn(actor: Actor, id: string, on: string | undefined): Promise<CurrentStage> {
      const row = await requireVisible(actor, id);
      const day = on ?? localDate(clock.now(), zoneOfScope(row.region_code ?? actor.scopeCode));
      const active = running((await stagesByElection([id])).get(id) ?? [], day);
      return { electionId: id, on: day, stage: active[0] ?? null, active };
    },

    /** For the banner: every election on the line of `region` (default the caller's scope) running on a day. */
    async currentStages(actor: Actor, query: { region?: string; on?: string }): Promise<CurrentStages> {
      const region = query.region ?? actor.scopeCode;
      const linePath =
        query.region === undefined ? actor.scopePath : await pathOf(region, 'region', 'querystring');
      const on = query.on ?? localDate(clock.now(), zoneOfScope(region));
      return currentOnLine(actor.scopePath, linePath, on);
    },

    /**
     * For other modules (situation reports): the elections covering a region or inside it that have a
     * stage running on `onDate`, each with its current stage and every active one. Not scoped to a
     * caller: the other module has checked its own caller's scope.
     */
    async currentStage(scopeCode: string, onDate: string): Promise<CurrentStages['items']> {
      const linePath = scopeCode === NATIONAL_CODE ? '' : (await regions.require(scopeCode)).path;
      return (await currentOnLine('', linePath, onDate)).items;
    },

    /** For other modules: an election with its stages, whoever may see it, or election.not_found. */
    async require(id: string): Promise<Election> {
      const row = await repository.byId(id, '');
      if (!row) throw new AppError('election.not_found');
      return presentElection(row, (await stagesByElection([id])).get(id) ?? []);
    },
  };
}

export type ElectionService = ReturnType<typeof createElectionService>;
