import { z } from 'zod';
import {
  currentStageQuerySchema,
  currentStageSchema,
  currentStagesQuerySchema,
  currentStagesSchema,
  electionCreateSchema,
  electionListQuerySchema,
  electionSchema,
  electionSummarySchema,
  pageSchema,
} from '@sinergi/shared';
import { requireActor } from '../../http/policy.ts';
import type { App } from '../../http/types.ts';
import { electionAccess } from './policy.ts';
import type { ElectionService } from './service.ts';

export function registerElectionRoutes(app: App, service: ElectionService): void {
  app.post(
    '/api/v1/elections',
    {
      schema: {
        tags: ['elections'],
        summary: 'Create an election with its stage schedule (no scopeCode: national)',
        body: electionCreateSchema,
        response: { 201: electionSchema },
      },
      config: { access: electionAccess.create },
    },
    async (request, reply) =>
      reply.status(201).send(await service.create(requireActor(request), request.body)),
  );

  app.get(
    '/api/v1/elections',
    {
      schema: {
        tags: ['elections'],
        summary:
          'Elections covering the region (default: your scope) or held inside it, latest voting day first',
        querystring: electionListQuerySchema,
        response: { 200: pageSchema(electionSummarySchema) },
      },
      config: { access: electionAccess.list },
    },
    async (request) => service.list(requireActor(request), request.query),
  );

  app.get(
    '/api/v1/elections/current-stages',
    {
      schema: {
        tags: ['elections'],
        summary:
          'The running stage of every election covering the region or inside it, on a day (default today)',
        querystring: currentStagesQuerySchema,
        response: { 200: currentStagesSchema },
      },
      config: { access: electionAccess.current },
    },
    async (request) => service.currentStages(requireActor(request), request.query),
  );

  app.get(
    '/api/v1/elections/:id',
    {
      schema: {
        tags: ['elections'],
        summary: 'One election with its stages and their watch items',
        params: z.object({ id: z.uuid() }),
        response: { 200: electionSchema },
      },
      config: { access: electionAccess.read },
    },
    async (request) => service.get(requireActor(request), request.params.id),
  );

  app.get(
    '/api/v1/elections/:id/stages/current',
    {
      schema: {
        tags: ['elections'],
        summary:
          'The stage running on a day (default today in the region): the most specific, and all active ones',
        params: z.object({ id: z.uuid() }),
        querystring: currentStageQuerySchema,
        response: { 200: currentStageSchema },
      },
      config: { access: electionAccess.read },
    },
    async (request) => service.stageOn(requireActor(request), request.params.id, request.query.on),
  );
}
