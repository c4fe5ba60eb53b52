import { z } from 'zod';
import {
  REPORT_BATCH_MAX,
  duplicateGroupSchema,
  pageSchema,
  publicIntakeSettingSchema,
  publicIntakePlacesQuerySchema,
  publicIntakePlacesSchema,
  publicIntakeStateSchema,
  publicReportCreateSchema,
  publicReportReceiptSchema,
  publicTrackSchema,
  regionCodeSchema,
  reportAttachmentSchema,
  reportBatchResultSchema,
  reportBatchSchema,
  reportCategorySchema,
  reportCreateSchema,
  reportDetailSchema,
  reporterIdentitySchema,
  reporterQuerySchema,
  reportListQuerySchema,
  reportMergeSchema,
  reportSchema,
  reportStatusChangeSchema,
  smsReplySchema,
  trackingCodeSchema,
  duplicateGroupsQuerySchema,
  REPORT_CATEGORY_CODES,
  REPORT_STATUSES,
} from '@sinergi/shared';
import { AppError } from '../../http/errors.ts';
import { requireActor } from '../../http/policy.ts';
import type { App } from '../../http/types.ts';
import { reportAccess } from './policy.ts';
import type { ReportService } from './service.ts';

const idParams = z.object({ id: z.uuid() });

/** RFC 6266 with an ASCII fallback and the UTF-8 name. */
function contentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

const pointsQuerySchema = reportListQuerySchema.pick({
  region: true,
  status: true,
  category: true,
  severityMin: true,
  from: true,
  to: true,
});
const pointSchema = z.object({
  id: z.uuid(),
  lat: z.number(),
  lon: z.number(),
  severity: z.number().int(),
  category: z.enum(REPORT_CATEGORY_CODES),
  status: z.enum(REPORT_STATUSES),
  title: z.string(),
  regionCode: z.string(),
});

export function registerReportRoutes(
  app: App,
  service: ReportService,
  options: { batchBodyLimit: number },
): void {
  app.post(
    '/api/v1/reports',
    {
      schema: {
        tags: ['reports'],
        summary:
          'File a report; the same id with the same content answers 200 with the stored report, other content 409',
        body: reportCreateSchema,
        response: { 200: reportSchema, 201: reportSchema },
      },
      config: { access: reportAccess.create },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const { created, report } = await service.create(
        actor,
        request.body,
        actor.via === 'session' ? 'web' : 'api',
      );
      return reply.status(created ? 201 : 200).send(report);
    },
  );

  app.post(
    '/api/v1/reports/batch',
    {
      bodyLimit: options.batchBodyLimit,
      schema: {
        tags: ['reports'],
        summary: `Import up to ${REPORT_BATCH_MAX} reports in one transaction, with a result per item (idempotent per id)`,
        body: reportBatchSchema,
        response: { 200: reportBatchResultSchema },
      },
      config: { access: reportAccess.batch },
    },
    async (request) => service.batch(requireActor(request), request.body, 'batch'),
  );

  app.get(
    '/api/v1/reports',
    {
      schema: {
        tags: ['reports'],
        summary: 'Reports in your scope, newest first; q searches title and description in Indonesian',
        querystring: reportListQuerySchema,
        response: { 200: pageSchema(reportSchema) },
      },
      config: { access: reportAccess.list },
    },
    async (request) => service.list(requireActor(request), request.query),
  );

  app.get(
    '/api/v1/reports/points',
    {
      schema: {
        tags: ['reports'],
        summary: 'Located reports for the map (at most 5,000, newest first)',
        querystring: pointsQuerySchema,
        response: { 200: z.object({ items: z.array(pointSchema) }) },
      },
      config: { access: reportAccess.list },
    },
    async (request) => service.points(requireActor(request), request.query),
  );

  app.get(
    '/api/v1/reports/duplicate-groups',
    {
      schema: {
        tags: ['reports'],
        summary:
          'Groups of near-duplicate new reports: same district and category, within 24 hours, similar text',
        querystring: duplicateGroupsQuerySchema,
        response: { 200: z.object({ items: z.array(duplicateGroupSchema) }) },
      },
      config: { access: reportAccess.triage },
    },
    async (request) => service.duplicateGroups(requireActor(request), request.query),
  );

  app.post(
    '/api/v1/reports/merge',
    {
      schema: {
        tags: ['reports'],
        summary: 'Mark reports as duplicates of the one kept',
        body: reportMergeSchema,
        response: { 200: reportDetailSchema },
      },
      config: { access: reportAccess.merge },
    },
    async (request) => service.merge(requireActor(request), request.body),
  );

  app.get(
    '/api/v1/reports/:id',
    {
      schema: {
        tags: ['reports'],
        summary: 'One report with its status history and attachments',
        params: idParams,
        response: { 200: reportDetailSchema },
      },
      config: { access: reportAccess.read },
    },
    async (request) => service.get(requireActor(request), request.params.id),
  );

  app.post(
    '/api/v1/reports/:id/status',
    {
      schema: {
        tags: ['reports'],
        summary:
          'Change the status: new -> verified | rejected | duplicate; verified -> handling -> resolved',
        params: idParams,
        body: reportStatusChangeSchema,
        response: { 200: reportDetailSchema },
      },
      config: { access: reportAccess.changeStatus },
    },
    async (request) => service.changeStatus(requireActor(request), request.params.id, request.body),
  );

  app.get(
    '/api/v1/reports/:id/reporter',
    {
      schema: {
        tags: ['reports'],
        summary:
          'Who reported (regency officer of the scope and admins only; the read and its reason are audited)',
        params: idParams,
        querystring: reporterQuerySchema,
        response: { 200: reporterIdentitySchema },
      },
      config: { access: reportAccess.reporter },
    },
    async (request) => service.reporter(requireActor(request), request.params.id, request.query.reason),
  );

  app.post(
    '/api/v1/reports/:id/attachments',
    {
      schema: {
        tags: ['reports'],
        summary:
          'Attach a photo, PDF or short video (multipart field "file"); typed by content, photo location removed',
        params: idParams,
        consumes: ['multipart/form-data'],
        response: { 201: reportAttachmentSchema },
      },
      config: { access: reportAccess.attach },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      if (!request.isMultipart()) throw new AppError('validation.unsupported_media_type');
      const part = await request.file();
      const attachment = await service.addAttachment(
        actor,
        request.params.id,
        part ? { stream: part.file, filename: part.filename, mimetype: part.mimetype } : undefined,
      );
      return reply.status(201).send(attachment);
    },
  );

  app.get(
    '/api/v1/reports/:id/attachments/:attachmentId',
    {
      schema: {
        tags: ['reports'],
        summary: 'Download an attachment',
        params: z.object({ id: z.uuid(), attachmentId: z.uuid() }),
      },
      config: { access: reportAccess.read },
    },
    async (request, reply) => {
      const file = await service.openAttachment(
        requireActor(request),
        request.params.id,
        request.params.attachmentId,
      );
      return reply
        .header('content-type', file.mime)
        .header('content-length', String(file.size))
        .header('content-disposition', contentDisposition(file.filename))
        .header('cache-control', 'private, no-store')
        .send(file.stream);
    },
  );

  app.get(
    '/api/v1/report-categories',
    {
      schema: {
        tags: ['reports'],
        summary: 'Report categories with labels and severity guidance',
        response: { 200: z.object({ items: z.array(reportCategorySchema) }) },
      },
      config: { access: reportAccess.categories },
    },
    () => Promise.resolve({ items: service.categories() }),
  );

  app.get(
    '/api/v1/regions/:code/public-intake',
    {
      schema: {
        tags: ['reports'],
        summary: 'Whether the public may file anonymous reports in this region',
        params: z.object({ code: regionCodeSchema }),
        response: { 200: publicIntakeStateSchema },
      },
      config: { access: reportAccess.intakeSetting },
    },
    async (request) => service.getPublicIntake(requireActor(request), request.params.code),
  );

  app.put(
    '/api/v1/regions/:code/public-intake',
    {
      schema: {
        tags: ['reports'],
        summary: 'Switch public anonymous reporting on or off for a region and everything below it',
        params: z.object({ code: regionCodeSchema }),
        body: publicIntakeSettingSchema,
        response: { 200: publicIntakeStateSchema },
      },
      config: { access: reportAccess.intakeSetting },
    },
    async (request) =>
      service.setPublicIntake(requireActor(request), request.params.code, request.body.enabled),
  );

  app.post(
    '/api/v1/public/reports',
    {
      schema: {
        tags: ['public'],
        summary:
          'Anonymous report from the public, where the region has enabled it; answers with a tracking code',
        body: publicReportCreateSchema,
        response: { 200: publicReportReceiptSchema, 201: publicReportReceiptSchema },
      },
      config: { access: reportAccess.publicIntake },
    },
    async (request, reply) => {
      const { created, ...receipt } = await service.publicCreate(request.ip, request.body);
      return reply.status(created ? 201 : 200).send(receipt);
    },
  );

  app.get(
    '/api/v1/public/intake-places',
    {
      schema: {
        tags: ['public'],
        summary:
          'Places for the public form: children of a province, regency or district (none: provinces) with public intake on in them or below; acceptsReports: the place itself takes reports. A region with none answers 403 report.public_intake_disabled',
        querystring: publicIntakePlacesQuerySchema,
        response: { 200: publicIntakePlacesSchema },
      },
      config: { access: reportAccess.publicPlaces },
    },
    async (request) => service.intakePlaces(request.ip, request.query.parent),
  );

  app.get(
    '/api/v1/public/reports/track/:code',
    {
      schema: {
        tags: ['public'],
        summary: 'The status of a report by its tracking code, and nothing else',
        params: z.object({ code: trackingCodeSchema }),
        response: { 200: publicTrackSchema },
      },
      config: { access: reportAccess.publicIntake },
    },
    async (request) => service.track(request.ip, request.params.code),
  );

  // The SMS webhook's signature covers the raw body, so this route reads the body as bytes itself.
  void app.register((child, _options, ready) => {
    child.removeAllContentTypeParsers();
    child.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) => {
      done(null, body);
    });
    child.post(
      '/api/v1/intake/sms',
      {
        schema: {
          tags: ['public'],
          summary:
            'SMS/WhatsApp gateway webhook: {from, text, channel?, messageId?, receivedAt?} signed with x-sinergi-signature: sha256=HMAC(body)',
          response: { 200: smsReplySchema, 201: smsReplySchema },
        },
        config: { access: reportAccess.sms },
      },
      async (request, reply) => {
        const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
        const signature = request.headers['x-sinergi-signature'];
        const { created, ...result } = await service.sms(
          raw,
          typeof signature === 'string' ? signature : undefined,
        );
        return reply.status(created ? 201 : 200).send(result);
      },
    );
    ready();
  });
}
