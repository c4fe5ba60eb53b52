import type { Readable } from 'node:stream';
import type { Transaction } from 'kysely';
import {
  isWithinScope,
  NATIONAL_CODE,
  type Checklist,
  type ChecklistCreate,
  type ChecklistSummary,
  type Election,
  type ReadinessItem,
  type ReadinessItemCreate,
  type ReadinessItemPatch,
  type ReadinessSummary,
  type ReadinessTemplate,
} from '@sinergi/shared';
import type { Clock } from '../../clock.ts';
import type { DB } from '../../db/index.ts';
import type { Actor } from '../../http/actor.ts';
import { AppError } from '../../http/errors.ts';
import { decodeCursor, page } from '../../http/pagination.ts';
import { DOCUMENT_TYPES, PHOTO_TYPES, type FileStore } from '../../storage/index.ts';
import type { AuditService } from '../audit/index.ts';
import type { ElectionService } from '../elections/index.ts';
import type { RegionService } from '../regions/index.ts';
import type { UserService } from '../users/index.ts';
import { mayEditItemDefinition } from './policy.ts';
import { presentChecklist, presentChecklistSummary, presentItem, progressOf } from './presenter.ts';
import type { ChecklistFilter, ChecklistRow, ReadinessRepository } from './repository.ts';
import type { ReadinessTables } from './tables.ts';
import { READINESS_TEMPLATES, templateByCode } from './templates.ts';

/** Photos of the item done, or a signed document (berita acara) as PDF. */
const EVIDENCE_TYPES = [...PHOTO_TYPES, ...DOCUMENT_TYPES];
const SYSTEM_NAME = 'Sinergi';

interface RegionRef {
  code: string;
  name: string;
  level: number;
  path: string;
}

export function createReadinessService(deps: {
  repository: ReadinessRepository;
  regions: RegionService;
  elections: ElectionService;
  users: Pick<UserService, 'get'>;
  audit: AuditService;
  clock: Clock;
  files: FileStore;
}) {
  const { repository, regions, elections, users, audit, clock, files } = deps;
  // The audit service writes through the core tables only; a transaction that also knows this
  // module's tables is the same connection.
  const asCore = (trx: Transaction<DB & ReadinessTables>) => trx as unknown as Transaction<DB>;

  const regionRef = async (code: string): Promise<RegionRef> => {
    if (code === NATIONAL_CODE) return { code, name: 'Indonesia', level: 0, path: '' };
    const region = await regions.require(code);
    return { code: region.code, name: region.name, level: region.level, path: region.path };
  };

  /** Elections read once per call, for the stage names of many checklists. */
  const electionCache = () => {
    const cache = new Map<string, Promise<Election>>();
    return (id: string) => {
      let found = cache.get(id);
      if (!found) {
        found = elections.require(id);
        cache.set(id, found);
      }
      return found;
    };
  };

  const visibleChecklist = async (actor: Actor | null, id: string): Promise<ChecklistRow> => {
    const row = await repository.checklistById(id, actor?.scopePath ?? '');
    if (!row) throw new AppError('readiness.checklist_not_found');
    if (!row.visible) throw new AppError('access.forbidden');
    return row;
  };

  const visibleItem = async (actor: Actor | null, id: string) => {
    const row = await repository.itemById(id, actor?.scopePath ?? '');
    if (!row) throw new AppError('readiness.item_not_found');
    if (!row.visible) throw new AppError('access.forbidden');
    return row;
  };

  /** An owner must be a user the caller can see whose scope lies inside the checklist's region. */
  const resolveOwner = async (
    actor: Actor | null,
    userId: string,
    regionCode: string,
  ): Promise<{ id: string; name: string }> => {
    const refused = new AppError('readiness.owner_outside_region', [
      { path: 'ownerUserId', message: userId },
    ]);
    if (!actor) throw refused;
    const user = await users.get(actor, userId).catch(() => {
      throw refused;
    });
    if (!user.active || !isWithinScope(user.scope.code, regionCode)) throw refused;
    return { id: user.id, name: user.name };
  };

  const summaryOf = async (
    scopePath: string,
    region: RegionRef,
    filter: ChecklistFilter,
  ): Promise<ReadinessSummary> => {
    const [rows, children] = await Promise.all([
      repository.rollup(scopePath, region.path, filter),
      repository.childRegions(region.code),
    ]);
    const byChild = new Map<string | null, typeof rows>();
    for (const row of rows) byChild.set(row.key, [...(byChild.get(row.key) ?? []), row]);
    return {
      region: { code: region.code, name: region.name, level: region.level },
      electionId: filter.electionId ?? null,
      stageCode: filter.stageCode ?? null,
      ...progressOf(rows),
      own: progressOf(byChild.get(null) ?? []).total,
      children: children.map((child) => ({ region: child, ...progressOf(byChild.get(child.code) ?? []) })),
    };
  };

  return {
    templates(): readonly ReadinessTemplate[] {
      return READINESS_TEMPLATES;
    },

    /** A checklist for a region and election stage from a template (actor null = the system, for seeds). */
    async createChecklist(actor: Actor | null, input: ChecklistCreate): Promise<Checklist> {
      const template = templateByCode(input.templateCode);
      if (!template)
        throw new AppError('readiness.unknown_template', [
          { path: 'templateCode', message: input.templateCode },
        ]);
      const region = await regionRef(input.regionCode);
      if (region.level === 0)
        throw new AppError('validation.invalid', [
          {
            in: 'body',
            path: 'regionCode',
            message: 'a checklist belongs to a province or a region below it',
          },
        ]);
      if (actor && !isWithinScope(region.code, actor.scopeCode)) throw new AppError('access.forbidden');
      const election = await elections.require(input.electionId);
      if (!isWithinScope(region.code, election.scope.code))
        throw new AppError('readiness.region_outside_election', [
          { path: 'regionCode', message: `${region.code} is outside ${election.scope.code}` },
        ]);
      if (!election.stages.some((s) => s.code === input.stageCode))
        throw new AppError('readiness.unknown_stage', [{ path: 'stageCode', message: input.stageCode }]);

      const id = await repository.db.transaction().execute(async (trx) => {
        const created = await repository.insertChecklist(
          trx,
          {
            regionCode: region.code,
            regionPath: region.path,
            electionId: election.id,
            stageCode: input.stageCode,
            templateCode: template.code,
            createdBy: actor?.userId ?? null,
          },
          template.items,
          actor?.name ?? SYSTEM_NAME,
        );
        if (!created) throw new AppError('readiness.checklist_exists');
        await audit.record(asCore(trx), actor, {
          action: 'readiness.checklist.create',
          entityType: 'readiness_checklist',
          entityId: created,
          regionPath: region.path,
          changes: {
            regionCode: region.code,
            electionId: election.id,
            stageCode: input.stageCode,
            templateCode: template.code,
            items: template.items.length,
          },
        });
        return created;
      });
      return this.getChecklist(actor, id);
    },

    async getChecklist(actor: Actor | null, id: string): Promise<Checklist> {
      const row = await visibleChecklist(actor, id);
      const [election, items] = await Promise.all([
        elections.require(row.election_id),
        repository.itemsOf(id),
      ]);
      return presentChecklist(row, election, items);
    },

    async listChecklists(
      actor: Actor,
      query: { region?: string; election?: string; stage?: string; limit: number; cursor?: string },
    ): Promise<{ items: ChecklistSummary[]; nextCursor: string | null }> {
      const regionPath = query.region === undefined ? actor.scopePath : (await regionRef(query.region)).path;
      const after = decodeCursor(query.cursor, 2) as [string, string] | undefined;
      const rows = await repository.listChecklists(
        actor.scopePath,
        regionPath,
        { electionId: query.election, stageCode: query.stage },
        query.limit,
        after,
      );
      const result = page(rows, query.limit, (r) => [r.region_code, r.id]);
      const counts = await repository.countsOf(result.items.map((r) => r.id));
      const election = electionCache();
      const items = await Promise.all(
        result.items.map(async (row) =>
          presentChecklistSummary(
            row,
            await election(row.election_id),
            counts.filter((c) => c.key === row.id),
          ),
        ),
      );
      return { items, nextCursor: result.nextCursor };
    },

    async addItem(actor: Actor, checklistId: string, input: ReadinessItemCreate): Promise<ReadinessItem> {
      const checklist = await visibleChecklist(actor, checklistId);
      const owner =
        input.ownerUserId === undefined
          ? null
          : await resolveOwner(actor, input.ownerUserId, checklist.region_code);
      const id = await repository.db.transaction().execute(async (trx) => {
        const created = await repository.insertItem(trx, checklistId, {
          area: input.area,
          title: input.title,
          ownerInstitution: input.ownerInstitution ?? null,
          ownerUserId: owner?.id ?? null,
          ownerUserName: owner?.name ?? null,
          updatedByName: actor.name,
        });
        await audit.record(asCore(trx), actor, {
          action: 'readiness.item.create',
          entityType: 'readiness_item',
          entityId: created,
          regionPath: checklist.region_path,
          changes: { checklistId, ...input },
        });
        return created;
      });
      return presentItem(await visibleItem(actor, id));
    },

    /** Status, evidence note, and (for officers) title and owner; `done` stamps when it was done. */
    async updateItem(actor: Actor | null, id: string, patch: ReadinessItemPatch): Promise<ReadinessItem> {
      const item = await visibleItem(actor, id);
      const definitionChange =
        patch.title !== undefined || patch.ownerInstitution !== undefined || patch.ownerUserId !== undefined;
      if (actor && definitionChange && !mayEditItemDefinition(actor))
        throw new AppError('readiness.field_not_allowed');
      const owner =
        patch.ownerUserId === undefined || patch.ownerUserId === null
          ? null
          : await resolveOwner(actor, patch.ownerUserId, item.region_code);
      const now = clock.now().toISOString();

      await repository.db.transaction().execute(async (trx) => {
        await repository.lockItem(trx, id);
        const current = await repository.itemById(id, '', trx);
        if (!current) throw new AppError('readiness.item_not_found');
        const changes: Record<string, unknown> = {};
        const set: Parameters<ReadinessRepository['updateItem']>[2] = {
          updated_at: now,
          updated_by_name: actor?.name ?? SYSTEM_NAME,
        };
        if (patch.status !== undefined && patch.status !== current.status) {
          set.status = patch.status;
          // Re-marking a done item done keeps the day it was first done.
          set.done_at = patch.status === 'done' ? now : null;
          changes.status = { from: current.status, to: patch.status };
        }
        if (patch.evidenceNote !== undefined) {
          set.evidence_note = patch.evidenceNote;
          changes.evidenceNote = patch.evidenceNote;
        }
        if (patch.title !== undefined) {
          set.title = patch.title;
          changes.title = { from: current.title, to: patch.title };
        }
        if (patch.ownerInstitution !== undefined) {
          set.owner_institution = patch.ownerInstitution;
          changes.ownerInstitution = patch.ownerInstitution;
        }
        if (patch.ownerUserId !== undefined) {
          set.owner_user_id = owner?.id ?? null;
          set.owner_user_name = owner?.name ?? null;
          changes.ownerUserId = owner?.id ?? null;
        }
        await repository.updateItem(trx, id, set);
        await audit.record(asCore(trx), actor, {
          action: 'readiness.item.update',
          entityType: 'readiness_item',
          entityId: id,
          regionPath: item.region_path,
          changes,
        });
      });
      return presentItem(await visibleItem(actor, id));
    },

    /** Stores an evidence file (photo or PDF) in the shared store and links it to the item. */
    async attachEvidence(
      actor: Actor,
      id: string,
      upload: { stream: Readable; filename: string; mimetype: string },
    ): Promise<ReadinessItem> {
      const item = await visibleItem(actor, id);
      const stored = await files.put(upload.stream, {
        allowed: EVIDENCE_TYPES,
        declaredMime: upload.mimetype,
      });
      const name = upload.filename.slice(0, 200) || null;
      await repository.db.transaction().execute(async (trx) => {
        await repository.updateItem(trx, id, {
          evidence_sha256: stored.sha256,
          evidence_mime: stored.mime,
          evidence_size: stored.size,
          evidence_name: name,
          updated_at: clock.now().toISOString(),
          updated_by_name: actor.name,
        });
        await audit.record(asCore(trx), actor, {
          action: 'readiness.item.evidence',
          entityType: 'readiness_item',
          entityId: id,
          regionPath: item.region_path,
          changes: { sha256: stored.sha256, mime: stored.mime, size: stored.size, name },
        });
      });
      return presentItem(await visibleItem(actor, id));
    },

    async openEvidence(actor: Actor, id: string) {
      const item = await visibleItem(actor, id);
      if (item.evidence_sha256 === null || !files.exists(item.evidence_sha256))
        throw new AppError('readiness.no_evidence');
      return {
        stream: files.open(item.evidence_sha256),
        mime: item.evidence_mime ?? 'application/octet-stream',
        size: item.evidence_size,
        name: item.evidence_name,
        sha256: item.evidence_sha256,
      };
    },

    /** GET /readiness: the region (default the caller's scope) rolled up, with each direct child. */
    async summary(
      actor: Actor,
      query: { region?: string; election?: string; stage?: string },
    ): Promise<ReadinessSummary> {
      const region = await regionRef(query.region ?? actor.scopeCode);
      if (query.election !== undefined) {
        // Naming an election the caller cannot see is refused like reading it.
        const election = await elections.get(actor, query.election);
        if (query.stage !== undefined && !election.stages.some((s) => s.code === query.stage))
          throw new AppError('readiness.unknown_stage', [{ path: 'stage', message: query.stage }]);
      }
      return summaryOf(actor.scopePath, region, { electionId: query.election, stageCode: query.stage });
    },

    /**
     * For other modules (situation reports): the readiness of a region's subtree, optionally for one
     * election and stage. Not scoped to a caller: the other module has checked its own caller.
     */
    async readinessSummary(
      scopeCode: string,
      stage?: { electionId?: string; stageCode?: string },
    ): Promise<ReadinessSummary> {
      return summaryOf('', await regionRef(scopeCode), {
        electionId: stage?.electionId,
        stageCode: stage?.stageCode,
      });
    },
  };
}

export type ReadinessService = ReturnType<typeof createReadinessService>;
