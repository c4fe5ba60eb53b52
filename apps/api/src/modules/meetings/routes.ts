import { z } from 'zod';
import {
  ATTACHMENT_KINDS,
  decisionCreateSchema,
  decisionSchema,
  followUpExportQuerySchema,
  followUpListQuerySchema,
  followUpSchema,
  followUpStatsQuerySchema,
  followUpStatsSchema,
  followUpUpdateSchema,
  invitationSchema,
  legalBasisCreateSchema,
  legalBasisSchema,
  meetingCreateSchema,
  meetingListQuerySchema,
  meetingSchema,
  meetingSummarySchema,
  meetingUpdateSchema,
  pageSchema,
  regionCodeSchema,
  participantCreateSchema,
  participantSchema,
  participantUpdateSchema,
} from '@sinergi/shared';
import { AppError } from '../../http/errors.ts';
import { requireActor } from '../../http/policy.ts';
import type { App } from '../../http/types.ts';
import { followUpWorkbook } from './export.ts';
import { meetingAccess } from './policy.ts';
import type { MeetingService } from './service.ts';

const idParams = z.strictObject({ id: z.uuid() });
const participantParams = z.strictObject({ id: z.uuid(), participantId: z.uuid() });
const attachmentParams = z.strictObject({ id: z.uuid(), attachmentId: z.uuid() });
const evidenceParams = z.strictObject({ id: z.uuid(), evidenceId: z.uuid() });

/** `attachment; filename=…` with an ASCII fallback and the UTF-8 name (RFC 6266). */
function contentDisposition(name: string, disposition: 'attachment' | 'inline' = 'attachment'): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `${disposition}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

function slug(text: string): string {
  return (
    text
      .normalize('NFKD')
      .replace(/[^\w\s-]/g, '')
      .trim()
      .toLowerCase()
      .replace(/[\s_-]+/g, '-')
      .slice(0, 60) || 'rapat'
  );
}

export function registerMeetingRoutes(app: App, service: MeetingService): void {
  app.get(
    '/api/v1/legal-bases',
    {
      schema: {
        tags: ['meetings'],
        summary:
          "Laws and regulations to cite as a meeting's legal basis (national, and regional ones of your region)",
        querystring: z.strictObject({ region: regionCodeSchema.optional() }),
        response: { 200: pageSchema(legalBasisSchema) },
      },
      config: { access: meetingAccess.listLegalBases },
    },
    async (request) => service.listLegalBases(requireActor(request), request.query.region),
  );

  app.post(
    '/api/v1/legal-bases',
    {
      schema: {
        tags: ['meetings'],
        summary: 'Add a law or regulation to the list',
        body: legalBasisCreateSchema,
        response: { 201: legalBasisSchema },
      },
      config: { access: meetingAccess.createLegalBasis },
    },
    async (request, reply) =>
      reply.status(201).send(await service.createLegalBasis(requireActor(request), request.body)),
  );

  app.get(
    '/api/v1/meetings',
    {
      schema: {
        tags: ['meetings'],
        summary: 'Meetings in your scope, newest first (from/to are local dates of each meeting)',
        querystring: meetingListQuerySchema,
        response: { 200: pageSchema(meetingSummarySchema) },
      },
      config: { access: meetingAccess.list },
    },
    async (request) => service.listMeetings(requireActor(request), request.query),
  );

  app.post(
    '/api/v1/meetings',
    {
      schema: {
        tags: ['meetings'],
        summary: "Record a coordination meeting (startsAt without an offset is read in the region's zone)",
        body: meetingCreateSchema,
        response: { 201: meetingSchema },
      },
      config: { access: meetingAccess.create },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const id = await service.createMeeting(actor, request.body);
      return reply.status(201).send(await service.getMeeting(actor, id));
    },
  );

  app.get(
    '/api/v1/meetings/:id',
    {
      schema: {
        tags: ['meetings'],
        summary: 'A meeting with its legal bases, participants, decisions, follow-ups and attachments',
        params: idParams,
        response: { 200: meetingSchema },
      },
      config: { access: meetingAccess.read },
    },
    async (request) => service.getMeeting(requireActor(request), request.params.id),
  );

  app.patch(
    '/api/v1/meetings/:id',
    {
      schema: {
        tags: ['meetings'],
        summary: "Change a meeting's particulars, agenda, summary, chair or legal bases",
        params: idParams,
        body: meetingUpdateSchema,
        response: { 200: meetingSchema },
      },
      config: { access: meetingAccess.edit },
    },
    async (request) => service.updateMeeting(requireActor(request), request.params.id, request.body),
  );

  app.post(
    '/api/v1/meetings/:id/participants',
    {
      schema: {
        tags: ['meetings'],
        summary: 'Add a participant; a registered user (userId) is invited by e-mail and in the app',
        params: idParams,
        body: participantCreateSchema,
        response: { 201: participantSchema },
      },
      config: { access: meetingAccess.edit },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await service.addParticipant(requireActor(request), request.params.id, request.body)),
  );

  app.patch(
    '/api/v1/meetings/:id/participants/:participantId',
    {
      schema: {
        tags: ['meetings'],
        summary: 'Take attendance: mark present, or record who came on whose behalf',
        params: participantParams,
        body: participantUpdateSchema,
        response: { 200: participantSchema },
      },
      config: { access: meetingAccess.edit },
    },
    async (request) =>
      service.updateParticipant(
        requireActor(request),
        request.params.id,
        request.params.participantId,
        request.body,
      ),
  );

  app.delete(
    '/api/v1/meetings/:id/participants/:participantId',
    {
      schema: {
        tags: ['meetings'],
        summary: 'Remove a participant entered by mistake',
        params: participantParams,
      },
      config: { access: meetingAccess.edit },
    },
    async (request, reply) => {
      await service.removeParticipant(requireActor(request), request.params.id, request.params.participantId);
      return reply.status(204).send();
    },
  );

  app.post(
    '/api/v1/meetings/:id/decisions',
    {
      schema: {
        tags: ['meetings'],
        summary: "Record a decision with its follow-ups (owner, due date in the region's zone)",
        params: idParams,
        body: decisionCreateSchema,
        response: { 201: decisionSchema },
      },
      config: { access: meetingAccess.edit },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await service.addDecision(requireActor(request), request.params.id, request.body)),
  );

  app.get(
    '/api/v1/meetings/:id/minutes.pdf',
    {
      schema: {
        tags: ['meetings'],
        summary: 'The minutes (notulen) as an A4 PDF in Indonesian official style',
        params: idParams,
      },
      config: { access: meetingAccess.read },
    },
    async (request, reply) => {
      const { pdf, meeting } = await service.minutesPdf(requireActor(request), request.params.id);
      return reply
        .type('application/pdf')
        .header(
          'content-disposition',
          contentDisposition(`notulen-${meeting.startsAt.slice(0, 10)}-${slug(meeting.title)}.pdf`),
        )
        .header('cache-control', 'private, no-store')
        .send(pdf);
    },
  );

  app.post(
    '/api/v1/meetings/:id/attachments',
    {
      schema: {
        tags: ['meetings'],
        summary: 'Attach an invitation, material or photo (multipart field "file"; PDF or image)',
        consumes: ['multipart/form-data'],
        params: idParams,
        querystring: z.strictObject({ kind: z.enum(ATTACHMENT_KINDS).default('other') }),
        response: { 201: meetingSchema },
      },
      config: { access: meetingAccess.edit },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      if (!request.isMultipart()) throw new AppError('upload.missing');
      const file = await request.file();
      if (!file) throw new AppError('upload.missing');
      const meeting = await service.addAttachment(actor, request.params.id, request.query.kind, {
        stream: file.file,
        filename: file.filename,
        mimetype: file.mimetype,
      });
      return reply.status(201).send(meeting);
    },
  );

  app.get(
    '/api/v1/meetings/:id/attachments/:attachmentId',
    {
      schema: {
        tags: ['meetings'],
        summary: 'Download an attachment of a meeting',
        params: attachmentParams,
      },
      config: { access: meetingAccess.read },
    },
    async (request, reply) => {
      const file = await service.openAttachment(
        requireActor(request),
        request.params.id,
        request.params.attachmentId,
      );
      return reply
        .type(file.mime)
        .header('content-disposition', contentDisposition(file.name))
        .header('content-length', file.size)
        .header('cache-control', 'private, max-age=0')
        .send(file.stream);
    },
  );

  app.get(
    '/api/v1/follow-ups',
    {
      schema: {
        tags: ['meetings'],
        summary:
          'Follow-ups of meetings in your scope, earliest due first (mine=true: assigned to you or your institution)',
        querystring: followUpListQuerySchema,
        response: { 200: pageSchema(followUpSchema) },
      },
      config: { access: meetingAccess.listFollowUps },
    },
    async (request) => service.listFollowUps(requireActor(request), request.query),
  );

  app.get(
    '/api/v1/follow-ups.xlsx',
    {
      schema: {
        tags: ['meetings'],
        summary: 'The follow-up list (same filters) as an XLSX spreadsheet',
        querystring: followUpExportQuerySchema,
      },
      config: { access: meetingAccess.exportFollowUps },
    },
    async (request, reply) => {
      const pages = await service.followUpPages(requireActor(request), request.query);
      const region = request.query.region ?? 'semua';
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', contentDisposition(`tindak-lanjut-${region}.xlsx`))
        .header('cache-control', 'private, no-store')
        .send(
          followUpWorkbook(pages, (error) => request.log.error({ err: error }, 'follow-up export failed')),
        );
    },
  );

  app.get(
    '/api/v1/follow-ups/stats',
    {
      schema: {
        tags: ['meetings'],
        summary: 'Meetings and follow-ups (open, in progress, done, dropped, overdue) per child region',
        querystring: followUpStatsQuerySchema,
        response: { 200: followUpStatsSchema },
      },
      config: { access: meetingAccess.followUpStats },
    },
    async (request) => service.followUpStats(requireActor(request), request.query.parent),
  );

  app.patch(
    '/api/v1/follow-ups/:id',
    {
      schema: {
        tags: ['meetings'],
        summary:
          'Update a follow-up: status (dropped needs a reason), evidence text; officers also due date and owner',
        params: idParams,
        body: followUpUpdateSchema,
        response: { 200: followUpSchema },
      },
      config: { access: meetingAccess.updateFollowUp },
    },
    async (request) => service.updateFollowUp(requireActor(request), request.params.id, request.body),
  );

  app.post(
    '/api/v1/follow-ups/:id/evidence',
    {
      schema: {
        tags: ['meetings'],
        summary:
          'Attach an evidence file (multipart field "file": PDF, photo or MP4; optional field "text" before it)',
        consumes: ['multipart/form-data'],
        params: idParams,
        response: { 201: followUpSchema },
      },
      config: { access: meetingAccess.updateFollowUp },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      if (!request.isMultipart()) throw new AppError('upload.missing');
      const file = await request.file();
      if (!file) throw new AppError('upload.missing');
      const field = file.fields.text;
      const textField =
        field && !Array.isArray(field) && field.type === 'field' ? String(field.value).trim() : '';
      if (textField.length > 5000)
        throw new AppError('validation.invalid', [
          { in: 'body', path: 'text', message: 'at most 5000 characters' },
        ]);
      const followUp = await service.addEvidenceFile(
        actor,
        request.params.id,
        { stream: file.file, filename: file.filename, mimetype: file.mimetype },
        textField.length > 0 ? textField : null,
      );
      return reply.status(201).send(followUp);
    },
  );

  app.get(
    '/api/v1/follow-ups/:id/evidence/:evidenceId',
    {
      schema: {
        tags: ['meetings'],
        summary: 'Download an evidence file of a follow-up',
        params: evidenceParams,
      },
      config: { access: meetingAccess.readFollowUpEvidence },
    },
    async (request, reply) => {
      const file = await service.openEvidence(
        requireActor(request),
        request.params.id,
        request.params.evidenceId,
      );
      void reply
        .type(file.mime)
        .header('content-disposition', contentDisposition(file.name))
        .header('cache-control', 'private, max-age=0');
      if (file.size !== null) void reply.header('content-length', file.size);
      return reply.send(file.stream);
    },
  );

  app.get(
    '/api/v1/me/invitations',
    {
      schema: {
        tags: ['meetings'],
        summary: 'Meetings you are invited to (in-app invitations), newest first',
        response: { 200: pageSchema(invitationSchema) },
      },
      config: { access: meetingAccess.myInvitations },
    },
    async (request) => service.myInvitations(requireActor(request)),
  );
}
