import type { Readable } from 'node:stream';
import {
  isWithinScope,
  localDate,
  type NeutralityCase,
  type NeutralityCaseCreate,
  type NeutralityCaseStatus,
  type TimeZoneId,
} from '@sinergi/shared';
import type { Actor } from '../../http/actor.ts';
import { AppError } from '../../http/errors.ts';
import { decodeCursor, page } from '../../http/pagination.ts';
import { DOCUMENT_TYPES, PHOTO_TYPES, VIDEO_TYPES } from '../../storage/index.ts';
import { regionInfo, type NeutralityDeps } from './context.ts';
import { presentCase } from './presenter.ts';
import type { CaseRow, Executor } from './repository.ts';

export const EVIDENCE_UPLOAD = { allowed: [...PHOTO_TYPES, ...DOCUMENT_TYPES, ...VIDEO_TYPES] };

/**
 * recorded → referred (a referral to Bawaslu, KASN or BKN) → decided → closed; a recorded or
 * referred case may also be closed (dismissed, withdrawn) with a note.
 */
const NEXT: Record<NeutralityCaseStatus, readonly NeutralityCaseStatus[]> = {
  recorded: ['referred', 'closed'],
  referred: ['referred', 'decided', 'closed'],
  decided: ['closed'],
  closed: [],
};

export function createCaseService(deps: NeutralityDeps) {
  const { repository, regions, audit, files, clock } = deps;
  const db = repository.db;

  const present = async (rows: CaseRow[]): Promise<NeutralityCase[]> => {
    const ids = rows.map((r) => r.id);
    const [referrals, evidence] = await Promise.all([
      repository.referrals(ids),
      repository.evidenceFiles(ids),
    ]);
    return Promise.all(
      rows.map(async (row) =>
        presentCase(
          row,
          referrals.filter((r) => r.case_id === row.id),
          evidence.filter((e) => e.case_id === row.id),
          row.agency_id ? await repository.signedPledgeBefore(row.agency_id, row.occurred_on) : undefined,
        ),
      ),
    );
  };

  const load = async (actor: Actor, id: string, executor: Executor = db, lock = false): Promise<CaseRow> => {
    const row = await repository.caseById(executor, id, actor.scopePath, lock);
    if (!row) throw new AppError('neutrality_case.not_found');
    return row;
  };

  const get = async (actor: Actor, id: string): Promise<NeutralityCase> => {
    const [presented] = await present([await load(actor, id)]);
    if (!presented) throw new AppError('neutrality_case.not_found');
    return presented;
  };

  /** A day must not lie in the future (region's zone) nor, when given, before another day. */
  const checkDay = (day: string, timezone: string, field: string, notBefore?: string) => {
    if (day > localDate(clock.now(), timezone as TimeZoneId) || (notBefore !== undefined && day < notBefore))
      throw new AppError('neutrality_case.date_invalid', [{ path: field, message: day }]);
  };

  /** The agency a case names must lie inside the case's region (and so inside the caller's scope). */
  const checkAgency = async (actor: Actor, agencyId: string, regionCode: string) => {
    const agency = await repository.agencyById(db, agencyId, actor.scopePath);
    if (!agency) throw new AppError('agency.not_found');
    if (!isWithinScope(agency.region_code, regionCode) && !isWithinScope(regionCode, agency.region_code))
      throw new AppError('validation.invalid', [
        { in: 'body', path: 'agencyId', message: 'the agency is not in the case region' },
      ]);
  };

  return {
    get,

    async create(actor: Actor, input: NeutralityCaseCreate): Promise<NeutralityCase> {
      const region = await regionInfo(regions, input.regionCode);
      if (region.level === 0)
        throw new AppError('validation.invalid', [
          { in: 'body', path: 'regionCode', message: 'a case happens in a region' },
        ]);
      if (!isWithinScope(region.code, actor.scopeCode)) throw new AppError('access.forbidden');
      checkDay(input.occurredOn, region.timezone, 'occurredOn');
      if (input.agencyId) await checkAgency(actor, input.agencyId, region.code);
      if (input.reportId && deps.reportExists && !(await deps.reportExists(actor, input.reportId)))
        throw new AppError('neutrality_case.report_not_found');
      const id = await db.transaction().execute(async (trx) => {
        const row = await trx
          .insertInto('neutrality_cases')
          .values({
            region_code: region.code,
            region_path: region.path,
            agency_id: input.agencyId ?? null,
            subject_kind: input.subjectKind,
            subject_name: input.subjectName,
            subject_nip: input.subjectNip ?? null,
            subject_position: input.subjectPosition ?? null,
            occurred_on: input.occurredOn,
            description: input.description,
            evidence: input.evidence ?? null,
            source: input.source,
            report_id: input.reportId ?? null,
            created_by: actor.userId,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await audit.record(trx, actor, {
          action: 'neutrality_case.create',
          entityType: 'neutrality_case',
          entityId: row.id,
          regionPath: region.path,
          changes: {
            regionCode: region.code,
            agencyId: input.agencyId ?? null,
            subjectKind: input.subjectKind,
            subjectName: input.subjectName,
            occurredOn: input.occurredOn,
            source: input.source,
            reportId: input.reportId ?? null,
          },
        });
        return row.id;
      });
      return get(actor, id);
    },

    async update(
      actor: Actor,
      id: string,
      changes: {
        agencyId?: string | null;
        subjectKind?: string;
        subjectName?: string;
        subjectNip?: string | null;
        subjectPosition?: string | null;
        occurredOn?: string;
        description?: string;
        evidence?: string | null;
      },
    ): Promise<NeutralityCase> {
      const current = await load(actor, id);
      if (current.status === 'closed') throw new AppError('neutrality_case.illegal_transition');
      const region = await regionInfo(regions, current.region_code);
      if (changes.occurredOn !== undefined) checkDay(changes.occurredOn, region.timezone, 'occurredOn');
      if (changes.agencyId) await checkAgency(actor, changes.agencyId, current.region_code);
      await db.transaction().execute(async (trx) => {
        await load(actor, id, trx, true);
        await trx
          .updateTable('neutrality_cases')
          .set({
            ...(changes.agencyId !== undefined ? { agency_id: changes.agencyId } : {}),
            ...(changes.subjectKind !== undefined ? { subject_kind: changes.subjectKind } : {}),
            ...(changes.subjectName !== undefined ? { subject_name: changes.subjectName } : {}),
            ...(changes.subjectNip !== undefined ? { subject_nip: changes.subjectNip } : {}),
            ...(changes.subjectPosition !== undefined ? { subject_position: changes.subjectPosition } : {}),
            ...(changes.occurredOn !== undefined ? { occurred_on: changes.occurredOn } : {}),
            ...(changes.description !== undefined ? { description: changes.description } : {}),
            ...(changes.evidence !== undefined ? { evidence: changes.evidence } : {}),
            updated_at: clock.now().toISOString(),
          })
          .where('id', '=', id)
          .execute();
        await audit.record(trx, actor, {
          action: 'neutrality_case.update',
          entityType: 'neutrality_case',
          entityId: id,
          regionPath: current.region_path,
          changes,
        });
      });
      return get(actor, id);
    },

    async list(
      actor: Actor,
      query: {
        region?: string;
        status?: string;
        subjectKind?: string;
        agencyId?: string;
        limit: number;
        cursor?: string;
      },
    ) {
      const regionPath =
        query.region === undefined ? undefined : (await regionInfo(regions, query.region, 'region')).path;
      const after = decodeCursor(query.cursor, 2) as [string, string] | undefined;
      const rows = await repository.listCases(
        actor.scopePath,
        { regionPath, status: query.status, subjectKind: query.subjectKind, agencyId: query.agencyId },
        query.limit,
        after,
      );
      const result = page(rows, query.limit, (r) => [r.created_at, r.id]);
      return { items: await present(result.items), nextCursor: result.nextCursor };
    },

    /** Refers the case to Bawaslu or the civil-service authority; a recorded case becomes referred. */
    async refer(
      actor: Actor,
      id: string,
      input: { to: string; referredOn: string; reference?: string; note?: string },
    ): Promise<NeutralityCase> {
      await db.transaction().execute(async (trx) => {
        const current = await load(actor, id, trx, true);
        if (!NEXT[current.status as NeutralityCaseStatus].includes('referred'))
          throw new AppError('neutrality_case.illegal_transition', [
            { from: current.status, to: 'referred' },
          ]);
        const region = await regionInfo(regions, current.region_code);
        checkDay(input.referredOn, region.timezone, 'referredOn', current.occurred_on);
        await trx
          .insertInto('neutrality_case_referrals')
          .values({
            case_id: id,
            referred_to: input.to,
            referred_on: input.referredOn,
            reference: input.reference ?? null,
            note: input.note ?? null,
            created_by: actor.userId,
          })
          .execute();
        await trx
          .updateTable('neutrality_cases')
          .set({ status: 'referred', updated_at: clock.now().toISOString() })
          .where('id', '=', id)
          .execute();
        await audit.record(trx, actor, {
          action: 'neutrality_case.refer',
          entityType: 'neutrality_case',
          entityId: id,
          regionPath: current.region_path,
          changes: {
            from: current.status,
            to: input.to,
            referredOn: input.referredOn,
            reference: input.reference ?? null,
          },
        });
      });
      return get(actor, id);
    },

    async setStatus(
      actor: Actor,
      id: string,
      input: { status: 'decided' | 'closed'; on: string; note: string },
    ): Promise<NeutralityCase> {
      await db.transaction().execute(async (trx) => {
        const current = await load(actor, id, trx, true);
        if (!NEXT[current.status as NeutralityCaseStatus].includes(input.status))
          throw new AppError('neutrality_case.illegal_transition', [
            { from: current.status, to: input.status },
          ]);
        const region = await regionInfo(regions, current.region_code);
        checkDay(input.on, region.timezone, 'on', current.decided_on ?? current.occurred_on);
        await trx
          .updateTable('neutrality_cases')
          .set({
            status: input.status,
            ...(input.status === 'decided'
              ? { decided_on: input.on, decision: input.note }
              : { closed_on: input.on, closing_note: input.note }),
            updated_at: clock.now().toISOString(),
          })
          .where('id', '=', id)
          .execute();
        await audit.record(trx, actor, {
          action: `neutrality_case.${input.status === 'decided' ? 'decide' : 'close'}`,
          entityType: 'neutrality_case',
          entityId: id,
          regionPath: current.region_path,
          changes: { from: current.status, to: input.status, on: input.on, note: input.note },
        });
      });
      return get(actor, id);
    },

    /** Checked before the upload is read, so a file for a case the caller cannot touch is never stored. */
    async beginEvidence(actor: Actor, id: string): Promise<CaseRow> {
      const current = await load(actor, id);
      if (current.status === 'closed') throw new AppError('neutrality_case.illegal_transition');
      return current;
    },

    storeEvidence: (stream: Readable, declaredMime: string | undefined) =>
      files.put(stream, { ...EVIDENCE_UPLOAD, declaredMime }),

    async addEvidence(
      actor: Actor,
      current: CaseRow,
      stored: Array<{ sha256: string; mime: string; size: number; filename: string | null }>,
    ): Promise<NeutralityCase> {
      if (stored.length === 0) throw new AppError('upload.missing');
      await db.transaction().execute(async (trx) => {
        await load(actor, current.id, trx, true);
        await trx
          .insertInto('neutrality_case_evidence')
          .values(
            stored.map((f) => ({
              case_id: current.id,
              sha256: f.sha256,
              mime: f.mime,
              size: f.size,
              filename: f.filename,
              uploaded_by: actor.userId,
            })),
          )
          .execute();
        await audit.record(trx, actor, {
          action: 'neutrality_case.evidence',
          entityType: 'neutrality_case',
          entityId: current.id,
          regionPath: current.region_path,
          changes: { files: stored.map((f) => ({ sha256: f.sha256, mime: f.mime, size: f.size })) },
        });
      });
      return get(actor, current.id);
    },

    async openEvidence(actor: Actor, id: string, sha256: string) {
      await load(actor, id);
      const file = (await repository.evidenceFiles([id])).find((f) => f.sha256 === sha256);
      if (!file) throw new AppError('resource.not_found');
      return { stream: files.open(sha256), mime: file.mime, name: file.filename, size: file.size };
    },
  };
}

export type CaseService = ReturnType<typeof createCaseService>;
