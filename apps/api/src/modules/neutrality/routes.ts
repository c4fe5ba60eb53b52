import type { FastifyReply } from 'fastify';
import type { Readable } from 'node:stream';
import { z } from 'zod';
import {
  agencyBatchResultSchema,
  agencyBatchSchema,
  agencyCreateSchema,
  agencyListQuerySchema,
  agencySchema,
  agencyStarterListSchema,
  agencyUpdateSchema,
  neutralityCaseCreateSchema,
  neutralityCaseListQuerySchema,
  neutralityCaseSchema,
  neutralityCaseStatusInputSchema,
  neutralityCaseUpdateSchema,
  neutralityReferralInputSchema,
  pageSchema,
  pledgeBoardQuerySchema,
  pledgeBoardRowSchema,
  pledgeCampaignCreateSchema,
  pledgeCampaignListQuerySchema,
  pledgeCampaignSchema,
  pledgeCampaignSummarySchema,
  pledgeCampaignUpdateSchema,
  pledgeFieldsSchema,
  pledgeReviewInputSchema,
  pledgeRollupQuerySchema,
  pledgeRollupSchema,
  pledgeSchema,
  regionCodeSchema,
} from '@sinergi/shared';
import { AppError } from '../../http/errors.ts';
import { requireActor } from '../../http/policy.ts';
import type { App } from '../../http/types.ts';
import { readMultipart } from './multipart.ts';
import { neutralityAccess as access } from './policy.ts';
import type { UploadedFile, PledgeSubmission } from './service-campaigns.ts';
import type { NeutralityService } from './service.ts';

const id = z.object({ id: z.uuid() });
const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 in lower-case hex');
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** An import list is read into memory (it is small); 5 MB holds tens of thousands of rows. */
const IMPORT_MAX_BYTES = 5 * 1024 * 1024;

function sendFile(
  reply: FastifyReply,
  file: { stream: Readable; mime: string; name: string | null; size: number },
  fallbackName: string,
) {
  const name = file.name ?? fallbackName;
  return reply
    .type(file.mime)
    .header('content-length', String(file.size))
    .header(
      'content-disposition',
      `inline; filename="${name.replace(/[^\x20-\x7e]|"/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`,
    )
    .send(file.stream);
}

function sendDocument(reply: FastifyReply, bytes: Buffer, mime: string, filename: string) {
  return reply.type(mime).header('content-disposition', `attachment; filename="${filename}"`).send(bytes);
}

/** Reads a whole small file part, refusing one over `max` bytes. */
async function readSmall(stream: Readable, max: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += (chunk as Buffer).length;
    if (size > max) {
      stream.resume();
      throw new AppError('upload.too_large', [{ maxBytes: max }]);
    }
    chunks.push(chunk as Buffer);
  }
  if ((stream as Readable & { truncated?: boolean }).truncated)
    throw new AppError('upload.too_large', [{ maxBytes: max }]);
  return Buffer.concat(chunks);
}

function parseFields<T extends z.ZodType>(schema: T, fields: Record<string, string>): z.infer<T> {
  const parsed = schema.safeParse(fields);
  if (!parsed.success)
    throw new AppError(
      'validation.invalid',
      parsed.error.issues.map((issue) => ({
        in: 'body',
        path: issue.path.join('.'),
        message: issue.message,
      })),
    );
  return parsed.data;
}

export function registerNeutralityRoutes(app: App, service: NeutralityService): void {
  const { agencies, campaigns, cases } = service;

  // -----------------------------------------------------------------------------------------------
  // Agencies

  app.post(
    '/api/v1/agencies',
    {
      schema: {
        tags: ['neutrality'],
        summary: 'Register an agency (perangkat daerah) with its head, optionally with an account',
        body: agencyCreateSchema,
        response: { 201: agencySchema },
      },
      config: { access: access.agencyWrite },
    },
    async (request, reply) =>
      reply.status(201).send(await agencies.create(requireActor(request), request.body)),
  );
  app.get(
    '/api/v1/agencies',
    {
      schema: {
        tags: ['neutrality'],
        querystring: agencyListQuerySchema,
        response: { 200: pageSchema(agencySchema) },
      },
      config: { access: access.agencyList },
    },
    async (request) => agencies.list(requireActor(request), request.query),
  );
  app.get(
    '/api/v1/agencies/starter',
    {
      schema: {
        tags: ['neutrality'],
        summary: "The usual agencies of a province or regency and the regency's kecamatan, to pick from",
        querystring: z.object({ region: regionCodeSchema }),
        response: { 200: agencyStarterListSchema },
      },
      config: { access: access.agencyStarter },
    },
    async (request) => agencies.starter(requireActor(request), request.query.region),
  );
  app.post(
    '/api/v1/agencies/batch',
    {
      schema: {
        tags: ['neutrality'],
        summary: 'Register many agencies at once (all or nothing)',
        body: agencyBatchSchema,
        response: { 201: agencyBatchResultSchema },
      },
      config: { access: access.agencyWrite },
    },
    async (request, reply) =>
      reply.status(201).send(await agencies.batch(requireActor(request), request.body)),
  );
  app.post(
    '/api/v1/agencies/import',
    {
      schema: {
        tags: ['neutrality'],
        summary:
          'Import agencies from CSV or XLSX (multipart: field regionCode, then file). Any row error imports nothing; the error names row and column.',
        consumes: ['multipart/form-data'],
        response: { 201: agencyBatchResultSchema },
      },
      config: { access: access.agencyImport },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      let regionCode = '';
      let bytes: Buffer | undefined;
      await readMultipart(request, {
        fileFields: ['file'],
        maxFiles: 1,
        fieldsFirst: 'validation.invalid',
        begin: (fields) => {
          regionCode = parseFields(z.object({ regionCode: regionCodeSchema }), fields).regionCode;
          return Promise.resolve();
        },
        file: async (_field, stream) => {
          bytes = await readSmall(stream, IMPORT_MAX_BYTES);
        },
      });
      if (!bytes) throw new AppError('upload.missing');
      return reply.status(201).send(await agencies.importFile(actor, regionCode, bytes));
    },
  );
  app.get(
    '/api/v1/agencies/:id',
    {
      schema: { tags: ['neutrality'], params: id, response: { 200: agencySchema } },
      config: { access: access.agencyRead },
    },
    async (request) => agencies.get(requireActor(request), request.params.id),
  );
  app.patch(
    '/api/v1/agencies/:id',
    {
      schema: { tags: ['neutrality'], params: id, body: agencyUpdateSchema, response: { 200: agencySchema } },
      config: { access: access.agencyUpdate },
    },
    async (request) => agencies.update(requireActor(request), request.params.id, request.body),
  );

  // -----------------------------------------------------------------------------------------------
  // Pledge campaigns

  app.post(
    '/api/v1/pledge-campaigns',
    {
      schema: {
        tags: ['neutrality'],
        summary: 'Start a pledge campaign (fakta integritas) with a deadline in the region’s zone',
        body: pledgeCampaignCreateSchema,
        response: { 201: pledgeCampaignSchema },
      },
      config: { access: access.campaignCreate },
    },
    async (request, reply) =>
      reply.status(201).send(await campaigns.create(requireActor(request), request.body)),
  );
  app.get(
    '/api/v1/pledge-campaigns',
    {
      schema: {
        tags: ['neutrality'],
        summary: 'Campaigns inside or covering the caller’s scope, latest deadline first',
        querystring: pledgeCampaignListQuerySchema,
        response: { 200: pageSchema(pledgeCampaignSummarySchema) },
      },
      config: { access: access.campaignList },
    },
    async (request) => campaigns.list(requireActor(request), request.query),
  );
  app.get(
    '/api/v1/pledge-campaigns/rollup',
    {
      schema: {
        tags: ['neutrality'],
        summary:
          'Compliance per child region: of one campaign, or of every campaign inside the region (deadline in [from, to])',
        querystring: pledgeRollupQuerySchema,
        response: { 200: pledgeRollupSchema },
      },
      config: { access: access.rollup },
    },
    async (request) => campaigns.rollup(requireActor(request), request.query),
  );
  for (const format of ['xlsx', 'pdf'] as const) {
    app.get(
      `/api/v1/pledge-campaigns/rollup.${format}`,
      {
        schema: { tags: ['neutrality'], querystring: pledgeRollupQuerySchema },
        config: { access: access.rollup },
      },
      async (request, reply) => {
        const bytes = await campaigns.rollupDocument(requireActor(request), request.query, format);
        return sendDocument(
          reply,
          bytes,
          format === 'pdf' ? 'application/pdf' : XLSX,
          `rekap-fakta-integritas.${format}`,
        );
      },
    );
  }
  app.get(
    '/api/v1/pledge-campaigns/:id',
    {
      schema: {
        tags: ['neutrality'],
        summary: 'A campaign with its progress inside the caller’s scope (an agency head: their own pledge)',
        params: id,
        response: { 200: pledgeCampaignSchema },
      },
      config: { access: access.campaignRead },
    },
    async (request) => campaigns.get(requireActor(request), request.params.id),
  );
  app.patch(
    '/api/v1/pledge-campaigns/:id',
    {
      schema: {
        tags: ['neutrality'],
        params: id,
        body: pledgeCampaignUpdateSchema,
        response: { 200: pledgeCampaignSchema },
      },
      config: { access: access.campaignUpdate },
    },
    async (request) => campaigns.update(requireActor(request), request.params.id, request.body),
  );
  app.get(
    '/api/v1/pledge-campaigns/:id/pledges',
    {
      schema: {
        tags: ['neutrality'],
        summary: 'The compliance board: every agency of the campaign in scope, overdue first',
        params: id,
        querystring: pledgeBoardQuerySchema,
        response: { 200: pageSchema(pledgeBoardRowSchema) },
      },
      config: { access: access.board },
    },
    async (request) => campaigns.board(requireActor(request), request.params.id, request.query),
  );
  app.post(
    '/api/v1/pledge-campaigns/:id/pledges',
    {
      schema: {
        tags: ['neutrality'],
        summary:
          'Upload an agency’s signed pact (multipart: fields agencyId, signedOn, videoUrl?, then files scan and video?). A re-upload adds a version.',
        consumes: ['multipart/form-data'],
        params: id,
        response: { 200: pledgeSchema, 201: pledgeSchema },
      },
      config: { access: access.pledgeSubmit },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      let submission: PledgeSubmission | undefined;
      const uploads: { scan?: UploadedFile; video?: UploadedFile } = {};
      await readMultipart(request, {
        fileFields: ['scan', 'video'],
        maxFiles: 2,
        fieldsFirst: 'pledge.fields_first',
        begin: async (fields) => {
          if (fields.agencyId === undefined) throw new AppError('pledge.fields_first');
          submission = await campaigns.beginSubmission(
            actor,
            request.params.id,
            parseFields(pledgeFieldsSchema, fields),
          );
        },
        file: async (field, stream, declaredMime, filename) => {
          const stored =
            field === 'scan'
              ? await campaigns.storeScan(stream, declaredMime)
              : await campaigns.storeVideo(stream, declaredMime);
          uploads[field as 'scan' | 'video'] = { ...stored, filename };
        },
      });
      if (!submission) throw new AppError('pledge.fields_first');
      const result = await campaigns.commitSubmission(actor, submission, uploads);
      return reply.status(result.created ? 201 : 200).send(result.pledge);
    },
  );
  const pledgeParams = z.object({ id: z.uuid(), pledgeId: z.uuid() });
  app.get(
    '/api/v1/pledge-campaigns/:id/pledges/:pledgeId',
    {
      schema: { tags: ['neutrality'], params: pledgeParams, response: { 200: pledgeSchema } },
      config: { access: access.pledgeRead },
    },
    async (request) => campaigns.getPledge(requireActor(request), request.params.id, request.params.pledgeId),
  );
  app.post(
    '/api/v1/pledge-campaigns/:id/pledges/:pledgeId/review',
    {
      schema: {
        tags: ['neutrality'],
        summary: 'Verify a pending pledge, or send it back with a reason',
        params: pledgeParams,
        body: pledgeReviewInputSchema,
        response: { 200: pledgeSchema },
      },
      config: { access: access.pledgeReview },
    },
    async (request) =>
      campaigns.review(requireActor(request), request.params.id, request.params.pledgeId, request.body),
  );
  app.get(
    '/api/v1/pledge-campaigns/:id/pledges/:pledgeId/files/:sha256',
    {
      schema: { tags: ['neutrality'], params: pledgeParams.extend({ sha256 }) },
      config: { access: access.pledgeRead },
    },
    async (request, reply) => {
      const { id: campaignId, pledgeId, sha256: hash } = request.params;
      const file = await campaigns.openFile(requireActor(request), campaignId, pledgeId, hash);
      return sendFile(reply, file, hash);
    },
  );
  app.get(
    '/api/v1/pledge-campaigns/:id/agencies/:agencyId/pact.pdf',
    {
      schema: {
        tags: ['neutrality'],
        summary: 'The pact filled in for one agency, to print and sign',
        params: z.object({ id: z.uuid(), agencyId: z.uuid() }),
      },
      config: { access: access.pact },
    },
    async (request, reply) => {
      const bytes = await campaigns.pactDocument(
        requireActor(request),
        request.params.id,
        request.params.agencyId,
      );
      return sendDocument(reply, bytes, 'application/pdf', 'fakta-integritas.pdf');
    },
  );
  for (const format of ['xlsx', 'pdf'] as const) {
    app.get(
      `/api/v1/pledge-campaigns/:id/board.${format}`,
      {
        schema: { tags: ['neutrality'], summary: 'The compliance board as a document', params: id },
        config: { access: access.board },
      },
      async (request, reply) => {
        const { bytes } = await campaigns.boardDocument(requireActor(request), request.params.id, format);
        return sendDocument(
          reply,
          bytes,
          format === 'pdf' ? 'application/pdf' : XLSX,
          `kepatuhan-fakta-integritas.${format}`,
        );
      },
    );
  }

  // -----------------------------------------------------------------------------------------------
  // Neutrality cases

  app.post(
    '/api/v1/neutrality-cases',
    {
      schema: {
        tags: ['neutrality'],
        summary: 'Record a neutrality case (ASN, PPPK, TNI, Polri, village head, election body member)',
        body: neutralityCaseCreateSchema,
        response: { 201: neutralityCaseSchema },
      },
      config: { access: access.caseWrite },
    },
    async (request, reply) => reply.status(201).send(await cases.create(requireActor(request), request.body)),
  );
  app.get(
    '/api/v1/neutrality-cases',
    {
      schema: {
        tags: ['neutrality'],
        querystring: neutralityCaseListQuerySchema,
        response: { 200: pageSchema(neutralityCaseSchema) },
      },
      config: { access: access.caseList },
    },
    async (request) => cases.list(requireActor(request), request.query),
  );
  app.get(
    '/api/v1/neutrality-cases/:id',
    {
      schema: { tags: ['neutrality'], params: id, response: { 200: neutralityCaseSchema } },
      config: { access: access.caseRead },
    },
    async (request) => cases.get(requireActor(request), request.params.id),
  );
  app.patch(
    '/api/v1/neutrality-cases/:id',
    {
      schema: {
        tags: ['neutrality'],
        params: id,
        body: neutralityCaseUpdateSchema,
        response: { 200: neutralityCaseSchema },
      },
      config: { access: access.caseUpdate },
    },
    async (request) => cases.update(requireActor(request), request.params.id, request.body),
  );
  app.post(
    '/api/v1/neutrality-cases/:id/referrals',
    {
      schema: {
        tags: ['neutrality'],
        summary: 'Refer the case to Bawaslu or the civil-service authority (KASN/BKN)',
        params: id,
        body: neutralityReferralInputSchema,
        response: { 201: neutralityCaseSchema },
      },
      config: { access: access.caseUpdate },
    },
    async (request, reply) =>
      reply.status(201).send(await cases.refer(requireActor(request), request.params.id, request.body)),
  );
  app.post(
    '/api/v1/neutrality-cases/:id/status',
    {
      schema: {
        tags: ['neutrality'],
        summary: 'Record the decision on a case, or close it',
        params: id,
        body: neutralityCaseStatusInputSchema,
        response: { 200: neutralityCaseSchema },
      },
      config: { access: access.caseUpdate },
    },
    async (request) => cases.setStatus(requireActor(request), request.params.id, request.body),
  );
  app.post(
    '/api/v1/neutrality-cases/:id/evidence',
    {
      schema: {
        tags: ['neutrality'],
        summary: 'Attach evidence files (multipart, field file, repeatable: photos, PDF, video)',
        consumes: ['multipart/form-data'],
        params: id,
        response: { 201: neutralityCaseSchema },
      },
      config: { access: access.caseUpdate },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      let current: Awaited<ReturnType<typeof cases.beginEvidence>> | undefined;
      const stored: UploadedFile[] = [];
      await readMultipart(request, {
        fileFields: ['file'],
        maxFiles: 5,
        repeatable: true,
        fieldsFirst: 'validation.invalid',
        begin: async () => {
          current = await cases.beginEvidence(actor, request.params.id);
        },
        file: async (_field, stream, declaredMime, filename) => {
          stored.push({ ...(await cases.storeEvidence(stream, declaredMime)), filename });
        },
      });
      if (!current) throw new AppError('neutrality_case.not_found');
      return reply.status(201).send(await cases.addEvidence(actor, current, stored));
    },
  );
  app.get(
    '/api/v1/neutrality-cases/:id/evidence/:sha256',
    {
      schema: { tags: ['neutrality'], params: id.extend({ sha256 }) },
      config: { access: access.caseRead },
    },
    async (request, reply) => {
      const file = await cases.openEvidence(requireActor(request), request.params.id, request.params.sha256);
      return sendFile(reply, file, request.params.sha256);
    },
  );
}
