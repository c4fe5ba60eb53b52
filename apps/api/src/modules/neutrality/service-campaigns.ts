import type { Readable } from 'node:stream';
import {
  endOfLocalDay,
  isWithinScope,
  localDate,
  type PledgeCampaign,
  type PledgeCampaignCreate,
  type PledgeProgress,
  type PledgeRollup,
  type TimeZoneId,
} from '@sinergi/shared';
import type { Actor } from '../../http/actor.ts';
import { AppError } from '../../http/errors.ts';
import { decodeCursor, page } from '../../http/pagination.ts';
import { DOCUMENT_TYPES, PHOTO_TYPES, VIDEO_TYPES, type StoredFile } from '../../storage/index.ts';
import { regionInfo, type NeutralityDeps, type RegionInfo } from './context.ts';
import { boardPdf, boardXlsx, pactPdf, rollupPdf, rollupXlsx } from './documents.ts';
import { DEFAULT_PLEDGE_TEXT, displayRegionName, fillPledgeText } from './pledge-text.ts';
import {
  presentAgencyRef,
  presentBoardRow,
  presentCampaignSummary,
  presentCounts,
  presentPledge,
} from './presenter.ts';
import type { AgencyRow, CampaignRow, Executor, PledgeRow } from './repository.ts';
import { scheduleReminders } from './reminders.ts';

/** A signed pact: a scan as PDF or photo, at most 20 MB. */
export const SCAN_UPLOAD = { allowed: [...DOCUMENT_TYPES, ...PHOTO_TYPES], maxBytes: 20 * 1024 * 1024 };
/** The declaration video: the store's own size limit applies. */
export const VIDEO_UPLOAD = { allowed: [...VIDEO_TYPES] };
const OVERDUE_LIST_LIMIT = 500;
const EXPORT_LIMIT = 100_000;

export interface UploadedFile extends StoredFile {
  filename: string | null;
}

export interface PledgeSubmission {
  campaign: CampaignRow;
  agency: AgencyRow;
  existing: PledgeRow | undefined;
  signedOn: string | undefined;
  videoUrl: string | undefined;
}

export function createCampaignService(deps: NeutralityDeps) {
  const { repository, regions, audit, files, clock } = deps;
  const db = repository.db;

  const campaignOnLine = async (actor: Actor, id: string, executor: Executor = db): Promise<CampaignRow> => {
    const row = await repository.campaignById(executor, id, actor.scopePath);
    if (!row) throw new AppError('pledge_campaign.not_found');
    return row;
  };

  /** Changing a campaign belongs to the officers of its region (and above), not to those it covers. */
  const campaignOwned = async (actor: Actor, id: string, executor: Executor = db): Promise<CampaignRow> => {
    const row = await campaignOnLine(actor, id, executor);
    if (!isWithinScope(row.region_code, actor.scopeCode)) throw new AppError('access.forbidden');
    return row;
  };

  /** The agency, inside the caller's scope and the campaign's region; an agency head only their own. */
  const agencyFor = async (actor: Actor, campaign: CampaignRow, agencyId: string): Promise<AgencyRow> => {
    const agency = await repository.agencyById(db, agencyId, actor.scopePath);
    if (!agency) throw new AppError('agency.not_found');
    if (actor.role === 'agency_head' && agency.head_user_id !== actor.userId)
      throw new AppError('access.forbidden');
    if (!isWithinScope(agency.region_code, campaign.region_code))
      throw new AppError('pledge.agency_outside_campaign');
    return agency;
  };

  const progressOf = async (actor: Actor, campaign: CampaignRow): Promise<PledgeProgress> => {
    const now = clock.now();
    const [counts, overdue] = await Promise.all([
      repository.campaignCounts(campaign.id, actor.scopePath, now, campaign.region_path),
      repository.overdueAgencies(campaign.id, actor.scopePath, now, OVERDUE_LIST_LIMIT),
    ]);
    return {
      ...presentCounts(counts),
      deadlinePassed: now.getTime() >= new Date(campaign.closes_at).getTime(),
      overdue: overdue.map(presentAgencyRef),
    };
  };

  const loadPledge = async (pledge: PledgeRow, agency: AgencyRow) => {
    const [versions, reviews] = await Promise.all([
      repository.versions(pledge.id),
      repository.reviews(pledge.id),
    ]);
    return presentPledge(pledge, presentAgencyRef(agency), versions, reviews);
  };

  const pledgeInScope = async (actor: Actor, campaignId: string, pledgeId: string) => {
    const campaign = await campaignOnLine(actor, campaignId);
    const pledge = await repository.pledgeById(db, pledgeId, campaign.id);
    if (!pledge) throw new AppError('pledge.not_found');
    const agency = await repository.agencyById(db, pledge.agency_id, actor.scopePath);
    if (!agency) throw new AppError('pledge.not_found');
    if (actor.role === 'agency_head' && agency.head_user_id !== actor.userId)
      throw new AppError('access.forbidden');
    return { campaign, pledge, agency };
  };

  const boardRows = async (actor: Actor, campaign: CampaignRow, limit: number) =>
    (
      await repository.board({ campaignId: campaign.id, scopePath: actor.scopePath, now: clock.now(), limit })
    ).slice(0, limit);

  const regionOfCampaign = async (campaign: CampaignRow): Promise<RegionInfo> =>
    regionInfo(regions, campaign.region_code);

  return {
    async create(actor: Actor, input: PledgeCampaignCreate): Promise<PledgeCampaign> {
      const region = await regionInfo(regions, input.regionCode);
      if (!isWithinScope(region.code, actor.scopeCode)) throw new AppError('access.forbidden');
      const closesAt = endOfLocalDay(input.deadline, region.timezone);
      const id = await db.transaction().execute(async (trx) => {
        const row = await trx
          .insertInto('pledge_campaigns')
          .values({
            region_code: region.code,
            region_path: region.path,
            title: input.title,
            deadline: input.deadline,
            timezone: region.timezone,
            closes_at: closesAt.toISOString(),
            require_video: input.requireVideo,
            pledge_text: input.pledgeText ?? DEFAULT_PLEDGE_TEXT,
            created_by: actor.userId,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await audit.record(trx, actor, {
          action: 'pledge_campaign.create',
          entityType: 'pledge_campaign',
          entityId: row.id,
          regionPath: region.path,
          changes: {
            regionCode: region.code,
            title: input.title,
            deadline: input.deadline,
            requireVideo: input.requireVideo,
          },
        });
        await scheduleReminders(deps, trx, { id: row.id, deadline: input.deadline, closesAt });
        return row.id;
      });
      return this.get(actor, id);
    },

    async update(
      actor: Actor,
      id: string,
      changes: { title?: string; deadline?: string; requireVideo?: boolean; pledgeText?: string },
    ): Promise<PledgeCampaign> {
      await db.transaction().execute(async (trx) => {
        const current = await campaignOwned(actor, id, trx);
        const closesAt =
          changes.deadline === undefined
            ? undefined
            : endOfLocalDay(changes.deadline, current.timezone as TimeZoneId);
        await trx
          .updateTable('pledge_campaigns')
          .set({
            ...(changes.title !== undefined ? { title: changes.title } : {}),
            ...(changes.requireVideo !== undefined ? { require_video: changes.requireVideo } : {}),
            ...(changes.pledgeText !== undefined ? { pledge_text: changes.pledgeText } : {}),
            ...(changes.deadline !== undefined && closesAt
              ? { deadline: changes.deadline, closes_at: closesAt.toISOString() }
              : {}),
            updated_at: clock.now().toISOString(),
          })
          .where('id', '=', id)
          .execute();
        await audit.record(trx, actor, {
          action: 'pledge_campaign.update',
          entityType: 'pledge_campaign',
          entityId: id,
          regionPath: current.region_path,
          changes,
        });
        // Reminders are keyed by deadline; those of the old deadline find it changed and do nothing.
        if (changes.deadline !== undefined && closesAt && changes.deadline !== current.deadline)
          await scheduleReminders(deps, trx, { id, deadline: changes.deadline, closesAt });
      });
      return this.get(actor, id);
    },

    async get(actor: Actor, id: string): Promise<PledgeCampaign> {
      const campaign = await campaignOnLine(actor, id);
      const summary = presentCampaignSummary(campaign);
      if (actor.role === 'agency_head') {
        const agency = await repository.agencyOfHead(actor.userId);
        const covered = agency !== undefined && isWithinScope(agency.region_code, campaign.region_code);
        const pledge = covered ? await repository.pledgeOf(db, campaign.id, agency.id) : undefined;
        return {
          ...summary,
          pledgeText: campaign.pledge_text,
          progress: null,
          mine: covered
            ? { agency: presentAgencyRef(agency), pledge: pledge ? await loadPledge(pledge, agency) : null }
            : null,
        };
      }
      return {
        ...summary,
        pledgeText: campaign.pledge_text,
        progress: await progressOf(actor, campaign),
        mine: null,
      };
    },

    async list(actor: Actor, query: { region?: string; limit: number; cursor?: string }) {
      const regionPath =
        query.region === undefined ? undefined : (await regionInfo(regions, query.region, 'region')).path;
      const after = decodeCursor(query.cursor, 2) as [string, string] | undefined;
      const rows = await repository.listCampaigns(actor.scopePath, { regionPath }, query.limit, after);
      const result = page(rows, query.limit, (r) => [r.deadline, r.id]);
      return { items: result.items.map(presentCampaignSummary), nextCursor: result.nextCursor };
    },

    async board(
      actor: Actor,
      id: string,
      query: { region?: string; state?: string; q?: string; limit: number; cursor?: string },
    ) {
      const campaign = await campaignOnLine(actor, id);
      const regionPath =
        query.region === undefined ? undefined : (await regionInfo(regions, query.region, 'region')).path;
      const after = decodeCursor(query.cursor, 3) as [number, string, string] | undefined;
      const rows = await repository.board({
        campaignId: campaign.id,
        scopePath: actor.scopePath,
        now: clock.now(),
        state: query.state,
        q: query.q,
        regionPath,
        limit: query.limit,
        after,
      });
      const result = page(rows, query.limit, (r) => [r.rank, r.name, r.agency_id]);
      return { items: result.items.map(presentBoardRow), nextCursor: result.nextCursor };
    },

    async rollup(
      actor: Actor,
      query: { region?: string; campaign?: string; from?: string; to?: string },
    ): Promise<PledgeRollup> {
      const region = await regionInfo(regions, query.region ?? actor.scopeCode, 'region');
      const campaign = query.campaign ? await campaignOnLine(actor, query.campaign) : undefined;
      // With one campaign, only agencies inside both the region and the campaign's region count.
      const bound =
        campaign && isWithinScope(campaign.region_code, region.code) ? campaign.region_path : region.path;
      const options = {
        scopePath: actor.scopePath,
        regionPath: bound,
        campaignId: campaign?.id,
        from: query.from,
        to: query.to,
      };
      const [rows, campaigns] = await Promise.all([
        repository.rollup({ ...options, depth: region.level, now: clock.now() }),
        repository.rollupCampaignCount(options),
      ]);
      const items = rows.map((r) => ({
        code: r.code,
        name: r.name ?? r.code,
        campaigns: r.campaigns,
        ...presentCounts(r),
      }));
      const sum = (
        key:
          'agencies' | 'signed' | 'on_time' | 'with_video' | 'verified' | 'pending' | 'returned' | 'overdue',
      ) => rows.reduce((total, r) => total + r[key], 0);
      const totals = presentCounts({
        agencies: sum('agencies'),
        signed: sum('signed'),
        on_time: sum('on_time'),
        with_video: sum('with_video'),
        verified: sum('verified'),
        pending: sum('pending'),
        returned: sum('returned'),
        overdue: sum('overdue'),
      });
      return {
        region: { code: region.code, name: region.name, level: region.level },
        campaign: campaign ? presentCampaignSummary(campaign) : null,
        totals: { ...totals, campaigns },
        items,
      };
    },

    async rollupDocument(
      actor: Actor,
      query: { region?: string; campaign?: string; from?: string; to?: string },
      format: 'pdf' | 'xlsx',
    ): Promise<Buffer> {
      const rollup = await this.rollup(actor, query);
      const input = {
        rollup,
        regionLevel: rollup.region.level,
        generatedAt: clock.now(),
        timezone:
          rollup.campaign?.timezone ?? (await regionInfo(regions, rollup.region.code, 'region')).timezone,
      };
      return format === 'pdf' ? rollupPdf(input) : rollupXlsx(input);
    },

    async boardDocument(
      actor: Actor,
      id: string,
      format: 'pdf' | 'xlsx',
    ): Promise<{ bytes: Buffer; title: string }> {
      const campaign = await campaignOnLine(actor, id);
      const [progress, rows, region] = await Promise.all([
        progressOf(actor, campaign),
        boardRows(actor, campaign, EXPORT_LIMIT),
        regionOfCampaign(campaign),
      ]);
      const input = {
        campaign: presentCampaignSummary(campaign),
        regionName: region.name,
        regionLevel: region.level,
        progress,
        rows: rows.map(presentBoardRow),
        generatedAt: clock.now(),
      };
      return {
        bytes: format === 'pdf' ? await boardPdf(input) : await boardXlsx(input),
        title: campaign.title,
      };
    },

    /** The pact filled in for one agency, printable for signing. */
    async pactDocument(actor: Actor, id: string, agencyId: string): Promise<Buffer> {
      const campaign = await campaignOnLine(actor, id);
      const agency = await agencyFor(actor, campaign, agencyId);
      const region = await regionInfo(regions, agency.region_code);
      // A kecamatan's pact carries the regency's letterhead: the camat signs as its official.
      const government =
        region.level > 2 ? await regionInfo(regions, region.code.split('.').slice(0, 2).join('.')) : region;
      const text = fillPledgeText(campaign.pledge_text, {
        agency: agency.name,
        head: agency.head_name,
        headTitle: agency.head_title,
        nip: agency.head_nip,
        region: displayRegionName(government.name),
        deadline: campaign.deadline.split('-').reverse().join('-'),
      });
      return pactPdf({
        regionName: government.name,
        regionLevel: government.level,
        agencyName: agency.name,
        headName: agency.head_name,
        headTitle: agency.head_title,
        headNip: agency.head_nip,
        text,
      });
    },

    // ---------------------------------------------------------------------------------------------
    // Pledges

    /**
     * Checks a submission's fields before any file is read: the campaign and agency are the caller's
     * to act on, a verified pledge stays as it is, the signing day is not in the future.
     */
    async beginSubmission(
      actor: Actor,
      campaignId: string,
      fields: { agencyId: string; signedOn?: string; videoUrl?: string },
    ): Promise<PledgeSubmission> {
      const campaign = await campaignOnLine(actor, campaignId);
      const agency = await agencyFor(actor, campaign, fields.agencyId);
      const existing = await repository.pledgeOf(db, campaign.id, agency.id);
      if (existing?.status === 'verified') throw new AppError('pledge.already_verified');
      if (!existing && fields.signedOn === undefined)
        throw new AppError('validation.invalid', [
          { in: 'body', path: 'signedOn', message: 'required on the first upload' },
        ]);
      if (
        fields.signedOn !== undefined &&
        fields.signedOn > localDate(clock.now(), agency.timezone as TimeZoneId)
      )
        throw new AppError('pledge.signed_on_invalid');
      return { campaign, agency, existing, signedOn: fields.signedOn, videoUrl: fields.videoUrl };
    },

    storeScan: (stream: Readable, declaredMime: string | undefined) =>
      files.put(stream, { ...SCAN_UPLOAD, declaredMime }),
    storeVideo: (stream: Readable, declaredMime: string | undefined) =>
      files.put(stream, { ...VIDEO_UPLOAD, declaredMime }),

    /** Saves a submission as the pledge's next version (the first creates the pledge). */
    async commitSubmission(
      actor: Actor,
      submission: PledgeSubmission,
      uploads: { scan?: UploadedFile; video?: UploadedFile },
    ): Promise<{ created: boolean; pledge: Awaited<ReturnType<typeof loadPledge>> }> {
      const { campaign, agency } = submission;
      if (!submission.existing && !uploads.scan) throw new AppError('pledge.scan_required');
      if (
        submission.existing &&
        !uploads.scan &&
        !uploads.video &&
        submission.videoUrl === undefined &&
        submission.signedOn === undefined
      )
        throw new AppError('upload.missing');
      const now = clock.now().toISOString();
      const result = await db.transaction().execute(async (trx) => {
        // Lock the pledge (or, for a first upload, the agency) so two uploads get distinct versions.
        await repository.agencyById(trx, agency.id, actor.scopePath, true);
        const current = await repository.pledgeOf(trx, campaign.id, agency.id, true);
        if (current?.status === 'verified') throw new AppError('pledge.already_verified');
        const previous = current
          ? await trx
              .selectFrom('pledge_versions')
              .selectAll()
              .where('pledge_id', '=', current.id)
              .where('version', '=', current.version)
              .executeTakeFirstOrThrow()
          : undefined;
        const scan = uploads.scan
          ? {
              sha256: uploads.scan.sha256,
              mime: uploads.scan.mime,
              size: uploads.scan.size,
              name: uploads.scan.filename,
            }
          : previous
            ? {
                sha256: previous.scan_sha256,
                mime: previous.scan_mime,
                size: previous.scan_size,
                name: previous.scan_name,
              }
            : undefined;
        if (!scan) throw new AppError('pledge.scan_required');
        // A new video file replaces a link and the other way round: the declaration is one video.
        const video = uploads.video
          ? {
              sha256: uploads.video.sha256,
              mime: uploads.video.mime,
              size: uploads.video.size,
              name: uploads.video.filename,
              url: null,
            }
          : submission.videoUrl !== undefined
            ? { sha256: null, mime: null, size: null, name: null, url: submission.videoUrl }
            : {
                sha256: previous?.video_sha256 ?? null,
                mime: previous?.video_mime ?? null,
                size: previous?.video_size ?? null,
                name: previous?.video_name ?? null,
                url: previous?.video_url ?? null,
              };
        const signedOn = submission.signedOn ?? previous?.signed_on;
        if (!signedOn)
          throw new AppError('validation.invalid', [{ in: 'body', path: 'signedOn', message: 'required' }]);
        const changed = [
          ...(previous?.signed_on !== signedOn ? ['signedOn'] : []),
          ...(uploads.scan ? ['scan'] : []),
          ...(uploads.video ? ['video'] : []),
          ...(submission.videoUrl !== undefined ? ['videoUrl'] : []),
        ];
        const version = (current?.version ?? 0) + 1;
        const hasVideo = video.sha256 !== null || video.url !== null;
        let pledgeId: string;
        if (current) {
          await trx
            .updateTable('pledges')
            .set({ status: 'pending', version, signed_on: signedOn, has_video: hasVideo, submitted_at: now })
            .where('id', '=', current.id)
            .execute();
          pledgeId = current.id;
        } else {
          const row = await trx
            .insertInto('pledges')
            .values({
              campaign_id: campaign.id,
              agency_id: agency.id,
              region_path: agency.region_path,
              timezone: agency.timezone,
              status: 'pending',
              version,
              signed_on: signedOn,
              has_video: hasVideo,
              first_submitted_at: now,
              submitted_at: now,
            })
            .returning('id')
            .executeTakeFirstOrThrow();
          pledgeId = row.id;
        }
        await trx
          .insertInto('pledge_versions')
          .values({
            pledge_id: pledgeId,
            version,
            signed_on: signedOn,
            changed,
            scan_sha256: scan.sha256,
            scan_mime: scan.mime,
            scan_size: scan.size,
            scan_name: scan.name,
            video_sha256: video.sha256,
            video_mime: video.mime,
            video_size: video.size,
            video_name: video.name,
            video_url: video.url,
            submitted_by: actor.userId,
            submitted_at: now,
          })
          .execute();
        await audit.record(trx, actor, {
          action: current ? 'pledge.reupload' : 'pledge.submit',
          entityType: 'pledge',
          entityId: pledgeId,
          regionPath: agency.region_path,
          changes: {
            campaignId: campaign.id,
            agencyId: agency.id,
            version,
            signedOn,
            changed,
            scanSha256: scan.sha256,
            videoSha256: video.sha256,
            videoUrl: video.url,
          },
        });
        return { pledgeId, created: !current };
      });
      const pledge = await repository.pledgeById(db, result.pledgeId, campaign.id);
      if (!pledge) throw new Error('saved pledge vanished');
      return { created: result.created, pledge: await loadPledge(pledge, agency) };
    },

    async getPledge(actor: Actor, campaignId: string, pledgeId: string) {
      const { pledge, agency } = await pledgeInScope(actor, campaignId, pledgeId);
      return loadPledge(pledge, agency);
    },

    async review(
      actor: Actor,
      campaignId: string,
      pledgeId: string,
      input: { decision: 'verified' | 'returned'; reason?: string },
    ) {
      const { campaign, agency } = await pledgeInScope(actor, campaignId, pledgeId);
      const now = clock.now().toISOString();
      await db.transaction().execute(async (trx) => {
        const pledge = await repository.pledgeById(trx, pledgeId, campaign.id, true);
        if (!pledge) throw new AppError('pledge.not_found');
        if (pledge.status !== 'pending') throw new AppError('pledge.not_pending');
        if (input.decision === 'verified' && campaign.require_video && !pledge.has_video)
          throw new AppError('pledge.video_required');
        await trx
          .updateTable('pledges')
          .set({
            status: input.decision,
            reviewed_by: actor.userId,
            reviewed_at: now,
            return_reason: input.decision === 'returned' ? (input.reason ?? null) : null,
          })
          .where('id', '=', pledgeId)
          .execute();
        await trx
          .insertInto('pledge_reviews')
          .values({
            pledge_id: pledgeId,
            version: pledge.version,
            decision: input.decision,
            reason: input.reason ?? null,
            reviewed_by: actor.userId,
            reviewed_at: now,
          })
          .execute();
        await audit.record(trx, actor, {
          action: input.decision === 'verified' ? 'pledge.verify' : 'pledge.return',
          entityType: 'pledge',
          entityId: pledgeId,
          regionPath: agency.region_path,
          changes: {
            campaignId: campaign.id,
            agencyId: agency.id,
            version: pledge.version,
            reason: input.reason ?? null,
          },
        });
      });
      return this.getPledge(actor, campaignId, pledgeId);
    },

    /** A stored file of the pledge (any version), for download. */
    async openFile(actor: Actor, campaignId: string, pledgeId: string, sha256: string) {
      const { pledge } = await pledgeInScope(actor, campaignId, pledgeId);
      const meta = await repository.pledgeFile(pledge.id, sha256);
      if (!meta) throw new AppError('resource.not_found');
      return { stream: files.open(sha256), ...meta };
    },
  };
}

export type CampaignService = ReturnType<typeof createCampaignService>;
