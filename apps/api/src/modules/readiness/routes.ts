import { z } from 'zod';
import {
  checklistCreateSchema,
  checklistListQuerySchema,
  checklistSchema,
  checklistSummarySchema,
  pageSchema,
  readinessItemCreateSchema,
  readinessItemPatchSchema,
  readinessItemSchema,
  readinessQuerySchema,
  readinessSummarySchema,
  readinessTemplateSchema,
} from '@sinergi/shared';
import { AppError } from '../../http/errors.ts';
import { requireActor } from '../../http/policy.ts';
import type { App } from '../../http/types.ts';
import { readinessAccess } from './policy.ts';
import type { ReadinessService } from './service.ts';

const idParams = z.object({ id: z.uuid() });

/** A download name safe in a header: ASCII for `filename`, the original (percent-encoded) for `filename*`. */
function contentDisposition(name: string | null, fallback: string): string {
  const original = name ?? fallback;
  const ascii = original.replace(/[^\w.-]+/g, '_').slice(0, 100) || fallback;
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(original)}`;
}

export function registerReadinessRoutes(app: App, service: ReadinessService): void {
  app.get(
    '/api/v1/readiness/templates',
    {
      schema: {
        tags: ['readiness'],
        summary: 'Checklist templates (items per area) to create checklists from',
        response: { 200: z.object({ items: z.array(readinessTemplateSchema) }) },
      },
      config: { access: readinessAccess.templates },
    },
    () => Promise.resolve({ items: [...service.templates()] }),
  );

  app.post(
    '/api/v1/readiness/checklists',
    {
      schema: {
        tags: ['readiness'],
        summary: 'Create the checklist of a region for an election stage from a template',
        body: checklistCreateSchema,
        response: { 201: checklistSchema },
      },
      config: { access: readinessAccess.createChecklist },
    },
    async (request, reply) =>
      reply.status(201).send(await service.createChecklist(requireActor(request), request.body)),
  );

  app.get(
    '/api/v1/readiness/checklists',
    {
      schema: {
        tags: ['readiness'],
        summary: 'Checklists of a region and the regions below it, with progress per area',
        querystring: checklistListQuerySchema,
        response: { 200: pageSchema(checklistSummarySchema) },
      },
      config: { access: readinessAccess.listChecklists },
    },
    async (request) => service.listChecklists(requireActor(request), request.query),
  );

  app.get(
    '/api/v1/readiness/checklists/:id',
    {
      schema: {
        tags: ['readiness'],
        summary: 'One checklist with its items',
        params: idParams,
        response: { 200: checklistSchema },
      },
      config: { access: readinessAccess.readChecklist },
    },
    async (request) => service.getChecklist(requireActor(request), request.params.id),
  );

  app.post(
    '/api/v1/readiness/checklists/:id/items',
    {
      schema: {
        tags: ['readiness'],
        summary: 'Add an item to a checklist',
        params: idParams,
        body: readinessItemCreateSchema,
        response: { 201: readinessItemSchema },
      },
      config: { access: readinessAccess.addItem },
    },
    async (request, reply) =>
      reply.status(201).send(await service.addItem(requireActor(request), request.params.id, request.body)),
  );

  app.patch(
    '/api/v1/readiness/items/:id',
    {
      schema: {
        tags: ['readiness'],
        summary: 'Update an item: status and evidence note; officers also title and owner',
        params: idParams,
        body: readinessItemPatchSchema,
        response: { 200: readinessItemSchema },
      },
      config: { access: readinessAccess.updateItem },
    },
    async (request) => service.updateItem(requireActor(request), request.params.id, request.body),
  );

  app.post(
    '/api/v1/readiness/items/:id/evidence',
    {
      schema: {
        tags: ['readiness'],
        summary: 'Attach an evidence file (photo or PDF, multipart field "file") to an item',
        consumes: ['multipart/form-data'],
        params: idParams,
        response: { 200: readinessItemSchema },
      },
      config: { access: readinessAccess.updateItem },
    },
    async (request) => {
      const actor = requireActor(request);
      if (!request.isMultipart()) throw new AppError('upload.missing');
      const file = await request.file();
      if (!file) throw new AppError('upload.missing');
      return service.attachEvidence(actor, request.params.id, {
        stream: file.file,
        filename: file.filename,
        mimetype: file.mimetype,
      });
    },
  );

  app.get(
    '/api/v1/readiness/items/:id/evidence',
    {
      schema: {
        tags: ['readiness'],
        summary: 'Download the evidence file of an item',
        params: idParams,
      },
      config: { access: readinessAccess.readEvidence },
    },
    async (request, reply) => {
      const file = await service.openEvidence(requireActor(request), request.params.id);
      void reply
        .type(file.mime)
        .header('content-disposition', contentDisposition(file.name, `bukti-${file.sha256.slice(0, 12)}`))
        .header('cache-control', 'private, max-age=0');
      if (file.size !== null) void reply.header('content-length', file.size);
      return reply.send(file.stream);
    },
  );

  app.get(
    '/api/v1/readiness',
    {
      schema: {
        tags: ['readiness'],
        summary:
          'Readiness % per area of a region (default your scope) rolled up, with each direct child region',
        querystring: readinessQuerySchema,
        response: { 200: readinessSummarySchema },
      },
      config: { access: readinessAccess.summary },
    },
    async (request) => service.summary(requireActor(request), request.query),
  );
}
