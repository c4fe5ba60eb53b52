import type { Readable } from 'node:stream';
import type { Transaction } from 'kysely';
import {
  CLOSED_FOLLOW_UP_STATUSES,
  LEGAL_CITATION_PATTERN,
  LEGAL_BASIS_KINDS,
  REGIONAL_LEGAL_BASIS_KINDS,
  type AssigneeInput,
  type Decision,
  type DecisionCreate,
  type ErrorCode,
  type FollowUp,
  type FollowUpListQuery,
  type FollowUpStatus,
  type FollowUpUpdate,
  type Invitation,
  type LegalBasis,
  type LegalBasisCreate,
  type Meeting,
  type MeetingCreate,
  type MeetingSummary,
  type MeetingUpdate,
  type Participant,
  type ParticipantCreate,
  type ParticipantUpdate,
  type Region,
  type TimeZoneId,
  type AttachmentKind,
  type Role,
  UTC_OFFSET,
} from '@sinergi/shared';
import type { Clock } from '../../clock.ts';
import type { DB } from '../../db/index.ts';
import type { Actor } from '../../http/actor.ts';
import { AppError } from '../../http/errors.ts';
import { decodeCursor, page } from '../../http/pagination.ts';
import type { Jobs } from '../../jobs/index.ts';
import type { FileStore, UploadType } from '../../storage/index.ts';
import type { AuditService } from '../audit/index.ts';
import type { RegionService } from '../regions/index.ts';
import { FOLLOW_UP_OWNER_ROLES, isEditor, isReader } from './policy.ts';
import {
  presentFollowUp,
  presentInvitation,
  presentLegalBasis,
  presentMeeting,
  presentMeetingSummary,
  presentParticipant,
} from './presenter.ts';
import type { Executor, FollowUpFilter, MeetingRepository, MeetingRow, Owner } from './repository.ts';
import type { ReminderScheduler } from './reminders.ts';
import { placeName, renderMinutes } from './minutes.ts';
import { dueAt, parseMeetingTime, zonedIso } from './time.ts';

/** The audit log and the job queue take the core's transaction type; ours only knows more tables. */
export const asCore = (trx: Executor): Transaction<DB> => trx as unknown as Transaction<DB>;

const invalid = (path: string, message: string, code: ErrorCode = 'validation.invalid') =>
  new AppError(code, [{ in: 'body', path, message }]);

/** Meetings are held by a province, a regency/city or a district (Forkopimda, Forkopimcam). */
const MEETING_LEVELS = [1, 2, 3];

export const INVITATION_QUEUE = 'meetings.invitation';

export const ATTACHMENT_TYPES: readonly UploadType[] = [
  'application/pdf',
  'image/jpeg',
  'image/png',
  'image/webp',
];
export const EVIDENCE_TYPES: readonly UploadType[] = [
  'application/pdf',
  'image/jpeg',
  'image/png',
  'image/webp',
  'video/mp4',
];

export interface Upload {
  stream: Readable;
  filename: string;
  mimetype: string;
}

const TRANSITIONS: Record<FollowUpStatus, readonly FollowUpStatus[]> = {
  open: ['in_progress', 'done', 'dropped'],
  in_progress: ['open', 'done', 'dropped'],
  done: [],
  dropped: [],
};

export interface MeetingServiceDeps {
  repository: MeetingRepository;
  regions: RegionService;
  audit: AuditService;
  jobs: Jobs;
  clock: Clock;
  files: FileStore;
  reminders: ReminderScheduler;
}

export function createMeetingService(deps: MeetingServiceDeps) {
  const { repository, regions, audit, jobs, clock, files, reminders } = deps;
  const db = repository.db;

  // Regions are reference data, seeded at start and never changed or removed while the server runs,
  // so a region once found is kept: every list filter names one, and reading it cost two queries.
  const knownRegions = new Map<string, Region & { path: string }>();

  async function regionFor(code: string, path = 'regionCode'): Promise<Region & { path: string }> {
    const known = knownRegions.get(code);
    if (known) return known;
    let region: Region & { path: string };
    try {
      region = await regions.require(code);
    } catch {
      throw invalid(path, `unknown region ${code}`);
    }
    // Bounded: a few thousand codes at most are named in practice; start over rather than grow.
    if (knownRegions.size >= 10_000) knownRegions.clear();
    knownRegions.set(code, region);
    return region;
  }

  async function meetingOr404(actor: Actor, id: string, executor: Executor = db): Promise<MeetingRow> {
    const row = await repository.meetingById(id, actor.scopePath, clock.now(), executor);
    if (!row) throw new AppError('meeting.not_found');
    return row;
  }

  /** Resolves ids or citations ("UU 23/2014") to legal bases usable in a region. */
  async function resolveLegalBases(trx: Executor, refs: string[], regionPath: string): Promise<string[]> {
    const ids: string[] = [];
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
    const byId = refs.filter((r) => uuid.test(r));
    const found = new Set((await repository.legalBasesByIds(trx, byId, regionPath)).map((r) => r.id));
    for (const [index, ref] of refs.entries()) {
      if (uuid.test(ref)) {
        if (!found.has(ref))
          throw invalid(`legalBases.${index}`, `unknown legal basis ${ref}`, 'meeting.legal_basis_unknown');
        ids.push(ref);
        continue;
      }
      const match = LEGAL_CITATION_PATTERN.exec(ref);
      const kind = LEGAL_BASIS_KINDS.find((k) => k.toLowerCase() === match?.[1]?.toLowerCase());
      const row =
        match && kind
          ? await repository.legalBasesByCitation(trx, kind, match[2] ?? '', Number(match[3]), regionPath)
          : undefined;
      if (!row)
        throw invalid(`legalBases.${index}`, `unknown legal basis ${ref}`, 'meeting.legal_basis_unknown');
      ids.push(row.id);
    }
    return [...new Set(ids)];
  }

  /** A registered user linked to a meeting (chair, participant) must belong to its region's tree. */
  async function relatedUser(
    trx: Executor,
    userId: string,
    regionPath: string,
    path: string,
    code: ErrorCode,
  ) {
    const user = await repository.userForAssignment(trx, userId);
    const related =
      user !== undefined &&
      user.active &&
      (isInside(regionPath, user.scope_path) || isInside(user.scope_path, regionPath));
    if (!user || !related) throw invalid(path, 'no active user of this region has this id', code);
    return user;
  }

  /**
   * The owner of a follow-up: an institution and/or a registered user who can see the meeting's
   * region and whose role can own follow-ups.
   */
  async function resolveAssignee(trx: Executor, assignee: AssigneeInput, regionPath: string, path: string) {
    if (assignee.userId === undefined) return { institution: assignee.institution ?? null, userId: null };
    const user = await repository.userForAssignment(trx, assignee.userId);
    if (
      !user ||
      !user.active ||
      !FOLLOW_UP_OWNER_ROLES.includes(user.role as Role) ||
      !isInside(regionPath, user.scope_path)
    ) {
      throw invalid(
        path,
        'the assignee must be an active user who can see this region',
        'follow_up.assignee_invalid',
      );
    }
    return { institution: assignee.institution ?? null, userId: user.id };
  }

  async function actorInstitution(actor: Actor): Promise<Owner> {
    const me = await repository.userForAssignment(db, actor.userId);
    return { userId: actor.userId, institution: me?.institution ?? null };
  }

  async function loadMeeting(actor: Actor, id: string): Promise<Meeting> {
    const row = await meetingOr404(actor, id);
    const [legalBases, participants, decisions, followUps, attachments] = await Promise.all([
      repository.meetingLegalBases(db, [id]),
      repository.participants(db, id),
      repository.decisions(db, id),
      repository.followUpsOfMeeting(db, id),
      repository.attachments(db, id),
    ]);
    const evidence = await repository.evidenceOf(
      db,
      followUps.map((f) => f.id),
    );
    return presentMeeting(
      row,
      { legalBases, participants, decisions, followUps, evidence, attachments },
      clock.now(),
    );
  }

  async function loadFollowUp(actor: Actor, id: string): Promise<FollowUp> {
    const row = await repository.followUpById(id, actor.scopePath);
    if (!row) throw new AppError('follow_up.not_found');
    return presentFollowUp(row, await repository.evidenceOf(db, [id]), clock.now());
  }

  /**
   * A follow-up the actor may change: officers any in their scope; others only those they own.
   * A reader who does not own it learns that it exists (403); anyone else gets 404.
   */
  async function followUpForUpdate(trx: Executor, actor: Actor, id: string) {
    const row = await repository.followUpById(id, actor.scopePath, trx, { lock: true });
    if (!row) throw new AppError('follow_up.not_found');
    if (isEditor(actor)) return row;
    if (await repository.isOwner(trx, id, await actorInstitution(actor))) return row;
    throw new AppError(isReader(actor) ? 'follow_up.not_owner' : 'follow_up.not_found');
  }

  async function insertFollowUps(
    trx: Executor,
    actor: Actor | null,
    meeting: {
      id: string;
      region_code: string;
      region_path: string;
      timezone: TimeZoneId;
      meetingDate: string;
    },
    decisionId: string,
    followUps: NonNullable<DecisionCreate['followUps']>,
  ): Promise<string[]> {
    const ids: string[] = [];
    for (const [index, f] of followUps.entries()) {
      if (f.dueOn < meeting.meetingDate)
        throw invalid(
          `followUps.${index}.dueOn`,
          `before the meeting (${meeting.meetingDate})`,
          'follow_up.due_before_meeting',
        );
      const assignee = await resolveAssignee(
        trx,
        f.assignee,
        meeting.region_path,
        `followUps.${index}.assignee`,
      );
      const id = await repository.insertFollowUp(trx, {
        decision_id: decisionId,
        meeting_id: meeting.id,
        region_code: meeting.region_code,
        region_path: meeting.region_path,
        title: f.title,
        assignee_institution: assignee.institution,
        assignee_user_id: assignee.userId,
        due_on: f.dueOn,
        due_at: dueAt(f.dueOn, meeting.timezone).toISOString(),
        created_by: actor?.userId ?? null,
      });
      await reminders.schedule(trx, id, f.dueOn, meeting.timezone);
      await audit.record(asCore(trx), actor, {
        action: 'follow_up.create',
        entityType: 'follow_up',
        entityId: id,
        regionPath: meeting.region_path,
        changes: { meetingId: meeting.id, decisionId, title: f.title, assignee, dueOn: f.dueOn },
      });
      ids.push(id);
    }
    return ids;
  }

  const service = {
    // --- legal bases ---------------------------------------------------------------------------
    /** National laws and the regional regulations of the scope (or of one region and those above it). */
    async listLegalBases(actor: Actor, region?: string): Promise<{ items: LegalBasis[]; nextCursor: null }> {
      const regionPath = region === undefined ? undefined : (await regionFor(region, 'region')).path;
      return {
        items: (await repository.listLegalBases(actor.scopePath, regionPath)).map(presentLegalBasis),
        nextCursor: null,
      };
    },

    /** Adds a law or regulation to the list (actor null: the demo seed). */
    async createLegalBasis(actor: Actor | null, input: LegalBasisCreate): Promise<LegalBasis> {
      const region = input.regionCode === undefined ? undefined : await regionFor(input.regionCode);
      if (region && !REGIONAL_LEGAL_BASIS_KINDS.includes(input.kind))
        throw invalid('regionCode', 'only regional regulations name a region');
      return db.transaction().execute(async (trx) => {
        const row = await repository.insertLegalBasis(trx, {
          kind: input.kind,
          number: input.number,
          year: input.year,
          title: input.title,
          regionCode: region?.code ?? null,
          regionPath: region?.path ?? null,
          createdBy: actor?.userId ?? null,
        });
        if (!row)
          throw new AppError('legal_basis.duplicate', [
            { citation: `${input.kind} ${input.number}/${input.year}` },
          ]);
        await audit.record(asCore(trx), actor, {
          action: 'legal_basis.create',
          entityType: 'legal_basis',
          entityId: row.id,
          regionPath: region?.path ?? null,
          changes: { ...input },
        });
        return presentLegalBasis(row);
      });
    },

    // --- meetings ------------------------------------------------------------------------------
    async listMeetings(
      actor: Actor,
      query: {
        region?: string;
        kind?: string;
        from?: string;
        to?: string;
        q?: string;
        limit: number;
        cursor?: string;
      },
    ): Promise<{ items: MeetingSummary[]; nextCursor: string | null }> {
      const regionPath =
        query.region === undefined ? undefined : (await regionFor(query.region, 'region')).path;
      const after = decodeCursor(query.cursor, 2) as [string, string] | undefined;
      const rows = await repository.listMeetings(
        actor.scopePath,
        { regionPath, kind: query.kind, from: query.from, to: query.to, q: query.q },
        clock.now(),
        query.limit,
        after,
      );
      const result = page(rows, query.limit, (r) => [r.starts_at, r.id]);
      return { items: result.items.map(presentMeetingSummary), nextCursor: result.nextCursor };
    },

    getMeeting: loadMeeting,

    /** Creates a meeting (actor null: the demo seed). */
    async createMeeting(actor: Actor | null, input: MeetingCreate): Promise<string> {
      const region = await regionFor(input.regionCode);
      if (!MEETING_LEVELS.includes(region.level))
        throw invalid('regionCode', 'a province, regency/city or district', 'meeting.region_level');
      const startsAt = parseMeetingTime(input.startsAt, region.timezone);
      const endsAt = input.endsAt ? parseMeetingTime(input.endsAt, region.timezone) : null;
      if (endsAt && endsAt < startsAt)
        throw invalid('endsAt', 'before startsAt', 'meeting.ends_before_start');
      return db.transaction().execute(async (trx) => {
        const legalBases = await resolveLegalBases(trx, input.legalBases ?? [], region.path);
        if (input.chair?.userId)
          await relatedUser(trx, input.chair.userId, region.path, 'chair.userId', 'meeting.chair_invalid');
        const id = await repository.insertMeeting(trx, {
          region_code: region.code,
          region_path: region.path,
          kind: input.kind,
          title: input.title,
          theme: input.theme ?? null,
          starts_at: startsAt.toISOString(),
          ends_at: endsAt?.toISOString() ?? null,
          venue: input.venue ?? null,
          link: input.link ?? null,
          agenda: input.agenda ?? [],
          summary: input.summary ?? null,
          chair_name: input.chair?.name ?? null,
          chair_position: input.chair?.position ?? null,
          chair_user_id: input.chair?.userId ?? null,
          minutes_taker_name: input.minutesTaker?.name ?? null,
          minutes_taker_position: input.minutesTaker?.position ?? null,
          organizer: input.organizer ?? null,
          created_by: actor?.userId ?? null,
        });
        await repository.setMeetingLegalBases(trx, id, legalBases);
        await audit.record(asCore(trx), actor, {
          action: 'meeting.create',
          entityType: 'meeting',
          entityId: id,
          regionPath: region.path,
          changes: { ...input, legalBases },
        });
        return id;
      });
    },

    async updateMeeting(actor: Actor, id: string, input: MeetingUpdate): Promise<Meeting> {
      await db.transaction().execute(async (trx) => {
        const locked = await repository.lockMeeting(trx, id, actor.scopePath);
        if (!locked) throw new AppError('meeting.not_found');
        const current = await meetingOr404(actor, id, trx);
        const tz = current.timezone as TimeZoneId;
        const startsAt = input.startsAt ? parseMeetingTime(input.startsAt, tz) : new Date(current.starts_at);
        const endsAt =
          input.endsAt === undefined
            ? current.ends_at === null
              ? null
              : new Date(current.ends_at)
            : input.endsAt === null
              ? null
              : parseMeetingTime(input.endsAt, tz);
        if (endsAt && endsAt < startsAt)
          throw invalid('endsAt', 'before startsAt', 'meeting.ends_before_start');
        if (input.chair?.userId)
          await relatedUser(
            trx,
            input.chair.userId,
            current.region_path,
            'chair.userId',
            'meeting.chair_invalid',
          );
        const changes: Parameters<MeetingRepository['updateMeeting']>[2] = {};
        if (input.kind !== undefined) changes.kind = input.kind;
        if (input.title !== undefined) changes.title = input.title;
        if (input.theme !== undefined) changes.theme = input.theme;
        if (input.startsAt !== undefined) changes.starts_at = startsAt.toISOString();
        if (input.endsAt !== undefined) changes.ends_at = endsAt?.toISOString() ?? null;
        if (input.venue !== undefined) changes.venue = input.venue;
        if (input.link !== undefined) changes.link = input.link;
        if (input.agenda !== undefined) changes.agenda = input.agenda;
        if (input.summary !== undefined) changes.summary = input.summary;
        if (input.organizer !== undefined) changes.organizer = input.organizer;
        if (input.chair !== undefined) {
          changes.chair_name = input.chair?.name ?? null;
          changes.chair_position = input.chair?.position ?? null;
          changes.chair_user_id = input.chair?.userId ?? null;
        }
        if (input.minutesTaker !== undefined) {
          changes.minutes_taker_name = input.minutesTaker?.name ?? null;
          changes.minutes_taker_position = input.minutesTaker?.position ?? null;
        }
        if (input.legalBases !== undefined)
          await repository.setMeetingLegalBases(
            trx,
            id,
            await resolveLegalBases(trx, input.legalBases, current.region_path),
          );
        await repository.updateMeeting(trx, id, changes);
        await audit.record(asCore(trx), actor, {
          action: 'meeting.update',
          entityType: 'meeting',
          entityId: id,
          regionPath: current.region_path,
          changes: { ...input },
        });
      });
      return loadMeeting(actor, id);
    },

    // --- participants --------------------------------------------------------------------------
    async addParticipant(
      actor: Actor | null,
      meetingId: string,
      input: ParticipantCreate,
      scopePath = actor?.scopePath ?? '',
    ): Promise<Participant> {
      return db.transaction().execute(async (trx) => {
        const meeting = await repository.lockMeeting(trx, meetingId, scopePath);
        if (!meeting) throw new AppError('meeting.not_found');
        const current = await repository.meetingById(meetingId, scopePath, clock.now(), trx);
        if (!current) throw new AppError('meeting.not_found');
        if (input.userId)
          await relatedUser(
            trx,
            input.userId,
            meeting.region_path,
            'userId',
            'meeting.participant_user_invalid',
          );
        const id = await repository.insertParticipant(trx, {
          meetingId,
          name: input.name,
          position: input.position,
          institution: input.institution,
          representing: input.representing ?? null,
          attended: input.attended,
          userId: input.userId ?? null,
        });
        // The invitation e-mail goes out after the commit, once, from whichever process takes the job.
        if (input.userId)
          await jobs.send(
            INVITATION_QUEUE,
            { participantId: id },
            { singletonKey: `invitation:${id}` },
            asCore(trx),
          );
        await audit.record(asCore(trx), actor, {
          action: 'meeting.participant.add',
          entityType: 'meeting',
          entityId: meetingId,
          regionPath: meeting.region_path,
          changes: { participantId: id, ...input },
        });
        const row = await repository.participant(trx, meetingId, id);
        if (!row) throw new Error('participant vanished');
        return presentParticipant(row, current.timezone as TimeZoneId);
      });
    },

    async updateParticipant(
      actor: Actor,
      meetingId: string,
      participantId: string,
      input: ParticipantUpdate,
    ): Promise<Participant> {
      return db.transaction().execute(async (trx) => {
        const meeting = await meetingOr404(actor, meetingId, trx);
        const existing = await repository.participant(trx, meetingId, participantId);
        if (!existing) throw new AppError('resource.not_found');
        await repository.updateParticipant(trx, participantId, input);
        await audit.record(asCore(trx), actor, {
          action: 'meeting.participant.update',
          entityType: 'meeting',
          entityId: meetingId,
          regionPath: meeting.region_path,
          changes: { participantId, ...input },
        });
        const row = await repository.participant(trx, meetingId, participantId);
        if (!row) throw new Error('participant vanished');
        return presentParticipant(row, meeting.timezone as TimeZoneId);
      });
    },

    async removeParticipant(actor: Actor, meetingId: string, participantId: string): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const meeting = await meetingOr404(actor, meetingId, trx);
        const existing = await repository.participant(trx, meetingId, participantId);
        if (!existing) throw new AppError('resource.not_found');
        await repository.deleteParticipant(trx, participantId);
        await audit.record(asCore(trx), actor, {
          action: 'meeting.participant.remove',
          entityType: 'meeting',
          entityId: meetingId,
          regionPath: meeting.region_path,
          changes: { participantId, name: existing.name, position: existing.position },
        });
      });
    },

    // --- decisions and follow-ups --------------------------------------------------------------
    async addDecision(
      actor: Actor | null,
      meetingId: string,
      input: DecisionCreate,
      scopePath = actor?.scopePath ?? '',
    ): Promise<Decision> {
      const decisionId = await db.transaction().execute(async (trx) => {
        const meeting = await repository.lockMeeting(trx, meetingId, scopePath);
        if (!meeting) throw new AppError('meeting.not_found');
        const row = await repository.meetingById(meetingId, scopePath, clock.now(), trx);
        if (!row) throw new AppError('meeting.not_found');
        const timezone = row.timezone as TimeZoneId;
        const decision = await repository.insertDecision(trx, {
          meetingId,
          text: input.text,
          createdBy: actor?.userId ?? null,
        });
        await audit.record(asCore(trx), actor, {
          action: 'meeting.decision.add',
          entityType: 'meeting',
          entityId: meetingId,
          regionPath: meeting.region_path,
          changes: { decisionId: decision.id, number: decision.number, text: input.text },
        });
        await insertFollowUps(
          trx,
          actor,
          {
            id: meetingId,
            region_code: meeting.region_code,
            region_path: meeting.region_path,
            timezone,
            meetingDate: zonedIso(meeting.starts_at, timezone).slice(0, 10),
          },
          decision.id,
          input.followUps ?? [],
        );
        return decision.id;
      });
      const meeting = actor
        ? await loadMeeting(actor, meetingId)
        : await loadMeeting(systemReader(scopePath), meetingId);
      const decision = meeting.decisions.find((d) => d.id === decisionId);
      if (!decision) throw new Error('decision vanished');
      return decision;
    },

    async listFollowUps(
      actor: Actor,
      query: Omit<FollowUpListQuery, 'limit'> & { limit: number },
    ): Promise<{ items: FollowUp[]; nextCursor: string | null }> {
      const filter = await followUpFilter(actor, query);
      const after = decodeCursor(query.cursor, 2) as [string, string] | undefined;
      const now = clock.now();
      const rows = await repository.listFollowUps(actor.scopePath, filter, now, query.limit, after, {
        evidence: true,
      });
      const result = page(rows, query.limit, (r) => [r.due_on, r.id]);
      return {
        items: result.items.map((r) => presentFollowUp(r, r.evidence ?? [], now)),
        nextCursor: result.nextCursor,
      };
    },

    /** Every follow-up matching the filter, page by page (for the spreadsheet export). */
    async followUpPages(
      actor: Actor,
      query: Omit<FollowUpListQuery, 'limit' | 'cursor'>,
      pageSize = 1000,
    ): Promise<AsyncIterable<FollowUp[]>> {
      // The filter is checked before anything is streamed, so a refusal is still a clean 4xx.
      const filter = await followUpFilter(actor, query);
      const now = clock.now();
      async function* pages() {
        let after: [string, string] | undefined;
        while (true) {
          const rows = await repository.listFollowUps(actor.scopePath, filter, now, pageSize, after);
          const items = rows.slice(0, pageSize);
          if (items.length > 0) yield items.map((r) => presentFollowUp(r, [], now));
          const last = items[items.length - 1];
          if (rows.length <= pageSize || !last) return;
          after = [last.due_on, last.id];
        }
      }
      return pages();
    },

    async updateFollowUp(actor: Actor, id: string, input: FollowUpUpdate): Promise<FollowUp> {
      await db.transaction().execute(async (trx) => {
        const row = await followUpForUpdate(trx, actor, id);
        if ((input.dueOn !== undefined || input.assignee !== undefined) && !isEditor(actor))
          throw new AppError('follow_up.officers_only', [
            { in: 'body', path: input.dueOn !== undefined ? 'dueOn' : 'assignee' },
          ]);
        const from = row.status as FollowUpStatus;
        const to = input.status;
        if (input.reason !== undefined && to !== 'dropped')
          throw invalid('reason', 'a reason goes with status "dropped"');
        if (to === 'dropped' && to !== from && input.reason === undefined)
          throw invalid('reason', 'say why it is dropped', 'follow_up.reason_required');
        if (to !== undefined && to !== from && !TRANSITIONS[from].includes(to))
          throw new AppError('follow_up.illegal_transition', [{ from, to }]);
        if (
          CLOSED_FOLLOW_UP_STATUSES.includes(from) &&
          (input.dueOn !== undefined || input.assignee !== undefined)
        )
          throw new AppError('follow_up.illegal_transition', [{ from, to: from }]);
        const timezone = row.timezone as TimeZoneId;
        const now = clock.now();
        const changes: Parameters<MeetingRepository['updateFollowUp']>[2] = {};
        if (to !== undefined && to !== from) {
          changes.status = to;
          if (to === 'done') changes.completed_at = now.toISOString();
          if (to === 'dropped') changes.drop_reason = input.reason ?? null;
        }
        if (input.dueOn !== undefined && input.dueOn !== row.due_on) {
          const meetingDate = zonedIso(row.meeting_starts_at, timezone).slice(0, 10);
          if (input.dueOn < meetingDate)
            throw invalid('dueOn', `before the meeting (${meetingDate})`, 'follow_up.due_before_meeting');
          changes.due_on = input.dueOn;
          changes.due_at = dueAt(input.dueOn, timezone).toISOString();
        }
        if (input.assignee !== undefined) {
          const assignee = await resolveAssignee(trx, input.assignee, row.region_path, 'assignee');
          changes.assignee_institution = assignee.institution;
          changes.assignee_user_id = assignee.userId;
        }
        if (Object.keys(changes).length > 0) await repository.updateFollowUp(trx, id, changes);
        if (changes.status === 'done' || changes.status === 'dropped') await reminders.cancel(trx, id, now);
        if (changes.due_on !== undefined) {
          await reminders.cancel(trx, id, now);
          await reminders.schedule(trx, id, changes.due_on, timezone);
        }
        if (input.evidence !== undefined)
          await repository.insertEvidence(trx, {
            follow_up_id: id,
            text: input.evidence,
            file_sha256: null,
            file_name: null,
            file_mime: null,
            file_size: null,
            created_by: actor.userId,
            created_by_name: actor.name,
          });
        await audit.record(asCore(trx), actor, {
          action: 'follow_up.update',
          entityType: 'follow_up',
          entityId: id,
          regionPath: row.region_path,
          changes: { ...input, ...(changes.status ? { from } : {}) },
        });
      });
      return loadFollowUp(actor, id);
    },

    async addEvidenceFile(actor: Actor, id: string, upload: Upload, text: string | null): Promise<FollowUp> {
      // Check before taking the upload, so a caller who may not touch it stores nothing.
      await db.transaction().execute((trx) => followUpForUpdate(trx, actor, id));
      const stored = await files.put(upload.stream, {
        allowed: EVIDENCE_TYPES,
        declaredMime: upload.mimetype,
      });
      await db.transaction().execute(async (trx) => {
        const row = await followUpForUpdate(trx, actor, id);
        const evidenceId = await repository.insertEvidence(trx, {
          follow_up_id: id,
          text,
          file_sha256: stored.sha256,
          file_name: cleanFileName(upload.filename),
          file_mime: stored.mime,
          file_size: stored.size,
          created_by: actor.userId,
          created_by_name: actor.name,
        });
        await audit.record(asCore(trx), actor, {
          action: 'follow_up.evidence.add',
          entityType: 'follow_up',
          entityId: id,
          regionPath: row.region_path,
          changes: { evidenceId, sha256: stored.sha256, mime: stored.mime, size: stored.size, text },
        });
      });
      return loadFollowUp(actor, id);
    },

    async openEvidence(actor: Actor, id: string, evidenceId: string) {
      const row = await repository.followUpById(id, actor.scopePath);
      if (!row) throw new AppError('follow_up.not_found');
      if (!isReader(actor) && !(await repository.isOwner(db, id, await actorInstitution(actor))))
        throw new AppError('follow_up.not_found');
      const evidence = await repository.evidenceById(db, id, evidenceId);
      if (!evidence?.file_sha256) throw new AppError('resource.not_found');
      return {
        stream: files.open(evidence.file_sha256),
        mime: evidence.file_mime ?? 'application/octet-stream',
        size: evidence.file_size,
        name: evidence.file_name ?? 'bukti',
      };
    },

    async followUpStats(actor: Actor, parent: string | undefined) {
      const parentCode = parent ?? actor.scopeCode;
      const parentPath = parentCode === 'ID' ? '' : (await regionFor(parentCode, 'parent')).path;
      const result = await repository.stats(actor.scopePath, parentPath, clock.now());
      return {
        items: result.rows.map((r) => ({
          code: r.code,
          name: r.name,
          meetings: r.meetings,
          open: r.open,
          inProgress: r.in_progress,
          done: r.done,
          dropped: r.dropped,
          overdue: r.overdue,
        })),
      };
    },

    async myInvitations(actor: Actor): Promise<{ items: Invitation[]; nextCursor: null }> {
      const rows = await repository.invitationsOf(actor.userId, 100);
      return { items: rows.map(presentInvitation), nextCursor: null };
    },

    // --- attachments ---------------------------------------------------------------------------
    async addAttachment(
      actor: Actor,
      meetingId: string,
      kind: AttachmentKind,
      upload: Upload,
    ): Promise<Meeting> {
      await meetingOr404(actor, meetingId);
      const stored = await files.put(upload.stream, {
        allowed: ATTACHMENT_TYPES,
        declaredMime: upload.mimetype,
      });
      await db.transaction().execute(async (trx) => {
        const meeting = await repository.lockMeeting(trx, meetingId, actor.scopePath);
        if (!meeting) throw new AppError('meeting.not_found');
        const attachmentId = await repository.insertAttachment(trx, {
          meeting_id: meetingId,
          kind,
          name: cleanFileName(upload.filename),
          sha256: stored.sha256,
          mime: stored.mime,
          size: stored.size,
          created_by: actor.userId,
        });
        await audit.record(asCore(trx), actor, {
          action: 'meeting.attachment.add',
          entityType: 'meeting',
          entityId: meetingId,
          regionPath: meeting.region_path,
          changes: { attachmentId, kind, sha256: stored.sha256, mime: stored.mime, size: stored.size },
        });
      });
      return loadMeeting(actor, meetingId);
    },

    async openAttachment(actor: Actor, meetingId: string, attachmentId: string) {
      await meetingOr404(actor, meetingId);
      const row = await repository.attachment(db, meetingId, attachmentId);
      if (!row) throw new AppError('resource.not_found');
      return { stream: files.open(row.sha256), mime: row.mime, size: row.size, name: row.name };
    },

    /** The meeting recorded for a region at a time with a title, if any (keeps the demo seed idempotent). */
    async findMeeting(regionCode: string, title: string, startsAt: string): Promise<string | undefined> {
      const region = await regionFor(regionCode);
      const at = parseMeetingTime(startsAt, region.timezone).toISOString();
      const rows = await repository.listMeetings(
        region.path,
        { regionPath: region.path, q: title },
        clock.now(),
        20,
      );
      return rows.find((r) => r.title === title && new Date(r.starts_at).toISOString() === at)?.id;
    },

    /** Records how a follow-up ended, as the system (demo data, imports): no reminders, no owner check. */
    async recordOutcome(
      followUpId: string,
      outcome: { status: FollowUpStatus; on: string; reason?: string; evidence?: string },
    ): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const row = await repository.followUpById(followUpId, '', trx, { lock: true });
        if (!row) throw new AppError('follow_up.not_found');
        const at = new Date(`${outcome.on}T10:00:00${UTC_OFFSET[row.timezone as TimeZoneId]}`);
        await repository.updateFollowUp(trx, followUpId, {
          status: outcome.status,
          ...(outcome.status === 'done' ? { completed_at: at.toISOString() } : {}),
          ...(outcome.status === 'dropped' ? { drop_reason: outcome.reason ?? '-' } : {}),
        });
        if (CLOSED_FOLLOW_UP_STATUSES.includes(outcome.status))
          await reminders.cancel(trx, followUpId, clock.now());
        if (outcome.evidence)
          await repository.insertEvidence(trx, {
            follow_up_id: followUpId,
            text: outcome.evidence,
            file_sha256: null,
            file_name: null,
            file_mime: null,
            file_size: null,
            created_by: null,
            created_by_name: 'Sinergi',
          });
        await audit.record(asCore(trx), null, {
          action: 'follow_up.update',
          entityType: 'follow_up',
          entityId: followUpId,
          regionPath: row.region_path,
          changes: { ...outcome, from: row.status },
        });
      });
    },

    /** The minutes (notulen) as a PDF, with the letterhead of the meeting's government. */
    async minutesPdf(actor: Actor, id: string): Promise<{ pdf: Buffer; meeting: Meeting }> {
      const meeting = await loadMeeting(actor, id);
      const region = await regions.require(meeting.region.code);
      // A district (kecamatan) meeting writes under its regency's government.
      const government =
        region.level === 3 && region.parentCode ? await regions.require(region.parentCode) : region;
      const pdf = await renderMinutes(meeting, {
        governmentRegionName: government.name,
        governmentRegionLevel: government.level,
        placeName: placeName(region.level === 3 ? government.name : region.name),
      });
      return { pdf, meeting };
    },
  };

  async function followUpFilter(
    actor: Actor,
    query: Omit<FollowUpListQuery, 'limit' | 'cursor'>,
  ): Promise<FollowUpFilter> {
    // Agency heads see only what is theirs; everyone else may also browse the region's board.
    if (!isReader(actor) && query.mine !== true) throw new AppError('follow_up.mine_only');
    return {
      regionPath: query.region === undefined ? undefined : (await regionFor(query.region, 'region')).path,
      statuses: query.status,
      overdue: query.overdue,
      meetingId: query.meetingId,
      mine: query.mine === true ? await actorInstitution(actor) : undefined,
    };
  }

  return service;
}

/** Is ltree path `path` inside `scope` (itself included)? '' is the whole country. */
function isInside(path: string, scope: string): boolean {
  return scope === '' || path === scope || path.startsWith(`${scope}.`);
}

/** The seed acts as the system; reading back what it wrote needs a scope. */
function systemReader(scopePath: string): Actor {
  return {
    userId: '00000000-0000-0000-0000-000000000000',
    username: 'system',
    name: 'Sinergi',
    role: 'admin',
    scopeCode: 'ID',
    scopePath,
    via: 'token',
    mfaSatisfied: true,
  };
}

/** A file name safe to store and to send back in Content-Disposition. */
function cleanFileName(name: string): string {
  const cleaned = name
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f/\\"]/g, '_')
    .trim()
    .slice(0, 200);
  return cleaned.length > 0 ? cleaned : 'berkas';
}

export type MeetingService = ReturnType<typeof createMeetingService>;
