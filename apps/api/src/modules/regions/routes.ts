import { z } from 'zod';
import {
  pageSchema,
  regionCodeSchema,
  regionDetailSchema,
  regionListQuerySchema,
  regionSchema,
} from '@sinergi/shared';
import { requireActor } from '../../http/policy.ts';
import type { App } from '../../http/types.ts';
import { regionAccess } from './policy.ts';
import type { RegionService } from './service.ts';

export function registerRegionRoutes(app: App, service: RegionService): void {
  app.get(
    '/api/v1/regions',
    {
      schema: {
        tags: ['regions'],
        summary: 'Children of a region (no parent: provinces), or a typo-tolerant name search with q',
        querystring: regionListQuerySchema,
        response: { 200: pageSchema(regionSchema) },
      },
      config: { access: regionAccess.browse },
    },
    async (request) => service.list(requireActor(request), request.query),
  );

  app.get(
    '/api/v1/regions/:code',
    {
      schema: {
        tags: ['regions'],
        summary: 'One region with its ancestors',
        params: z.object({ code: regionCodeSchema }),
        response: { 200: regionDetailSchema },
      },
      config: { access: regionAccess.read },
    },
    async (request) => service.get(requireActor(request), request.params.code),
  );
}
