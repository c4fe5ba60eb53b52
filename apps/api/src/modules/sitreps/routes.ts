import { z } from 'zod';
import {
  pageSchema,
  sitrepComplianceQuerySchema,
  sitrepComplianceSchema,
  sitrepCreateSchema,
  sitrepListQuerySchema,
  sitrepNarrativeSchema,
  sitrepReturnSchema,
  sitrepSchema,
  sitrepSummarySchema,
} from '@sinergi/shared';
import { requireActor } from '../../http/policy.ts';
import type { App } from '../../http/types.ts';
import type { SitrepDocuments } from './documents.ts';
import { sitrepAccess } from './policy.ts';
import type { SitrepService } from './service.ts';

const idParams = z.object({ id: z.uuid() });

export function registerSitrepRoutes(app: App, service: SitrepService, documents: SitrepDocuments): void {
  app.post(
    '/api/v1/sitreps',
    {
      schema: {
        tags: ['sitreps'],
        summary: 'Compile a draft situation report from the data of a region and period',
        body: sitrepCreateSchema,
        response: { 201: sitrepSchema },
      },
      config: { access: sitrepAccess.compile },
    },
    async (request, reply) =>
      reply.status(201).send(await service.create(requireActor(request), request.body)),
  );
  app.get(
    '/api/v1/sitreps',
    {
      schema: {
        tags: ['sitreps'],
        summary: 'Your region’s sitreps (outbox) or those sent to it (inbox)',
        querystring: sitrepListQuerySchema,
        response: { 200: pageSchema(sitrepSummarySchema) },
      },
      config: { access: sitrepAccess.list },
    },
    async (request) => service.list(requireActor(request), request.query),
  );
  app.get(
    '/api/v1/sitreps/compliance',
    {
      schema: {
        tags: ['sitreps'],
        summary: 'Which child regions reported for a period, and which are late',
        querystring: sitrepComplianceQuerySchema,
        response: { 200: sitrepComplianceSchema },
      },
      config: { access: sitrepAccess.compliance },
    },
    async (request) => service.compliance(requireActor(request), request.query),
  );
  app.get(
    '/api/v1/sitreps/:id',
    {
      schema: { tags: ['sitreps'], params: idParams, response: { 200: sitrepSchema } },
      config: { access: sitrepAccess.read },
    },
    async (request) => service.get(requireActor(request), request.params.id),
  );
  app.patch(
    '/api/v1/sitreps/:id',
    {
      schema: {
        tags: ['sitreps'],
        summary: 'Edit the narrative of a draft',
        params: idParams,
        body: sitrepNarrativeSchema,
        response: { 200: sitrepSchema },
      },
      config: { access: sitrepAccess.edit },
    },
    async (request) =>
      service.updateNarrative(requireActor(request), request.params.id, request.body.narrative),
  );
  app.post(
    '/api/v1/sitreps/:id/submit',
    {
      schema: {
        tags: ['sitreps'],
        summary: 'Send a draft to the parent region',
        params: idParams,
        response: { 200: sitrepSchema },
      },
      config: { access: sitrepAccess.edit },
    },
    async (request) => service.submit(requireActor(request), request.params.id),
  );
  app.post(
    '/api/v1/sitreps/:id/acknowledge',
    {
      schema: { tags: ['sitreps'], params: idParams, response: { 200: sitrepSchema } },
      config: { access: sitrepAccess.review },
    },
    async (request) => service.review(requireActor(request), request.params.id, 'acknowledged', null),
  );
  app.post(
    '/api/v1/sitreps/:id/return',
    {
      schema: {
        tags: ['sitreps'],
        summary: 'Return a sitrep to its sender with a note',
        params: idParams,
        body: sitrepReturnSchema,
        response: { 200: sitrepSchema },
      },
      config: { access: sitrepAccess.review },
    },
    async (request) =>
      service.review(requireActor(request), request.params.id, 'returned', request.body.note),
  );
  app.get(
    '/api/v1/sitreps/:id/document.pdf',
    { schema: { tags: ['sitreps'], params: idParams }, config: { access: sitrepAccess.read } },
    async (request, reply) => {
      const sitrep = await service.get(requireActor(request), request.params.id);
      const pdf = await documents.pdf(sitrep);
      return reply
        .type('application/pdf')
        .header(
          'content-disposition',
          `attachment; filename="laporan-situasi-${sitrep.regionCode}-${sitrep.periodStart}-v${sitrep.version}.pdf"`,
        )
        .send(pdf);
    },
  );
  app.get(
    '/api/v1/sitreps/:id/document.xlsx',
    { schema: { tags: ['sitreps'], params: idParams }, config: { access: sitrepAccess.read } },
    async (request, reply) => {
      const sitrep = await service.get(requireActor(request), request.params.id);
      const xlsx = await documents.xlsx(sitrep);
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header(
          'content-disposition',
          `attachment; filename="laporan-situasi-${sitrep.regionCode}-${sitrep.periodStart}-v${sitrep.version}.xlsx"`,
        )
        .send(xlsx);
    },
  );
}
