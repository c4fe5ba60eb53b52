import { z } from 'zod';
import {
  alertAssignSchema,
  alertCloseSchema,
  alertDetailSchema,
  alertListQuerySchema,
  alertSchema,
  okSchema,
  pageSchema,
  webhookCreatedSchema,
  webhookCreateSchema,
  webhookListQuerySchema,
  webhookSchema,
} from '@sinergi/shared';
import { requireActor } from '../../http/policy.ts';
import type { App } from '../../http/types.ts';
import { alertAccess } from './policy.ts';
import type { AlertService } from './service.ts';
import type { WebhookService } from './webhooks.ts';

const idParams = z.object({ id: z.uuid() });

export function registerAlertRoutes(app: App, alerts: AlertService, webhooks: WebhookService): void {
  app.get(
    '/api/v1/alerts',
    {
      schema: {
        tags: ['alerts'],
        summary: 'Alerts inside your scope, newest first',
        querystring: alertListQuerySchema,
        response: { 200: pageSchema(alertSchema) },
      },
      config: { access: alertAccess.list },
    },
    async (request) => alerts.list(requireActor(request), request.query),
  );
  app.get(
    '/api/v1/alerts/:id',
    {
      schema: {
        tags: ['alerts'],
        summary: 'One alert with the reports that fed it (title, category, severity; never who reported)',
        params: idParams,
        response: { 200: alertDetailSchema },
      },
      config: { access: alertAccess.read },
    },
    async (request) => alerts.get(requireActor(request), request.params.id),
  );
  app.post(
    '/api/v1/alerts/:id/acknowledge',
    {
      schema: {
        tags: ['alerts'],
        summary: 'Acknowledge an open alert',
        params: idParams,
        response: { 200: alertDetailSchema },
      },
      config: { access: alertAccess.handle },
    },
    async (request) => alerts.acknowledge(requireActor(request), request.params.id),
  );
  app.post(
    '/api/v1/alerts/:id/assign',
    {
      schema: {
        tags: ['alerts'],
        summary: "Give the alert to a Forkopimda member or officer whose scope holds the alert's region",
        params: idParams,
        body: alertAssignSchema,
        response: { 200: alertDetailSchema },
      },
      config: { access: alertAccess.handle },
    },
    async (request) => alerts.assign(requireActor(request), request.params.id, request.body.userId),
  );
  app.post(
    '/api/v1/alerts/:id/close',
    {
      schema: {
        tags: ['alerts'],
        summary: 'Close the alert with a note on how it was handled',
        params: idParams,
        body: alertCloseSchema,
        response: { 200: alertDetailSchema },
      },
      config: { access: alertAccess.handle },
    },
    async (request) => alerts.close(requireActor(request), request.params.id, request.body.note),
  );

  app.post(
    '/api/v1/webhooks',
    {
      schema: {
        tags: ['alerts'],
        summary:
          'Register a receiver of alerts of a region (host on SINERGI_WEBHOOK_ALLOWLIST). Deliveries are POSTs signed with ' +
          'x-sinergi-signature: sha256=HEX(HMAC-SHA256(secret, x-sinergi-timestamp + "." + raw body)); the secret is shown only here',
        body: webhookCreateSchema,
        response: { 201: webhookCreatedSchema },
      },
      config: { access: alertAccess.createWebhook },
    },
    async (request, reply) =>
      reply.status(201).send(await webhooks.create(requireActor(request), request.body)),
  );
  app.get(
    '/api/v1/webhooks',
    {
      schema: {
        tags: ['alerts'],
        summary: 'Webhooks inside your scope (without their secrets)',
        querystring: webhookListQuerySchema,
        response: { 200: pageSchema(webhookSchema) },
      },
      config: { access: alertAccess.listWebhooks },
    },
    async (request) => webhooks.list(requireActor(request), request.query),
  );
  app.delete(
    '/api/v1/webhooks/:id',
    {
      schema: {
        tags: ['alerts'],
        summary: 'Remove a webhook',
        params: idParams,
        response: { 200: okSchema },
      },
      config: { access: alertAccess.deleteWebhook },
    },
    async (request) => webhooks.remove(requireActor(request), request.params.id),
  );
}
