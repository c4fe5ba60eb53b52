import type { FastifyRequest } from 'fastify';
import { liveQuerySchema } from '@sinergi/shared';
import type { Actor } from '../http/actor.ts';
import { requireActor } from '../http/policy.ts';
import type { App } from '../http/types.ts';
import type { LiveHub } from './hub.ts';

/**
 * GET /api/v1/live: the caller's live feed as server-sent events. Same origin, so the browser's
 * EventSource sends the session cookie (CSP connect-src 'self' allows it); integrations use a bearer
 * token. Every signed-in role may connect; each topic decides which roles receive it.
 */
export function registerLiveRoutes(
  app: App,
  hub: LiveHub,
  resolveActor: (request: FastifyRequest) => Promise<Actor | null>,
): void {
  app.get(
    '/api/v1/live',
    {
      schema: {
        tags: ['live'],
        summary:
          'Live feed of alerts inside your scope (text/event-stream: ready, alert.opened, alert.updated, resync)',
        querystring: liveQuerySchema,
      },
      config: { access: { roles: 'any' } },
    },
    (request, reply) => {
      const actor = requireActor(request);
      hub.stream(request, reply, actor, {
        maxSeconds: request.query.maxSeconds,
        revalidate: async () => {
          const current = await resolveActor(request);
          return current?.mfaSatisfied ? current : null;
        },
      });
    },
  );
}
