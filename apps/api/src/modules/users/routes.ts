import { z } from 'zod';
import {
  pageSchema,
  userCreateSchema,
  userListQuerySchema,
  userSchema,
  userUpdateSchema,
} from '@sinergi/shared';
import { requireActor } from '../../http/policy.ts';
import type { App } from '../../http/types.ts';
import { userAccess } from './policy.ts';
import type { UserService } from './service.ts';

export function registerUserRoutes(app: App, service: UserService): void {
  app.post(
    '/api/v1/users',
    {
      schema: {
        tags: ['users'],
        summary: 'Create a user inside your scope with a lower role',
        body: userCreateSchema,
        response: { 201: userSchema },
      },
      config: { access: userAccess.create },
    },
    async (request, reply) =>
      reply.status(201).send(await service.create(requireActor(request), request.body)),
  );
  app.get(
    '/api/v1/users',
    {
      schema: {
        tags: ['users'],
        querystring: userListQuerySchema,
        response: { 200: pageSchema(userSchema) },
      },
      config: { access: userAccess.list },
    },
    async (request) => service.list(requireActor(request), request.query),
  );
  app.get(
    '/api/v1/users/:id',
    {
      schema: { tags: ['users'], params: z.object({ id: z.uuid() }), response: { 200: userSchema } },
      config: { access: userAccess.read },
    },
    async (request) => service.get(requireActor(request), request.params.id),
  );
  app.patch(
    '/api/v1/users/:id',
    {
      schema: {
        tags: ['users'],
        params: z.object({ id: z.uuid() }),
        body: userUpdateSchema,
        response: { 200: userSchema },
      },
      config: { access: userAccess.update },
    },
    async (request) => service.update(requireActor(request), request.params.id, request.body),
  );
}
