import crypto from 'node:crypto';
import type { Transaction } from 'kysely';
import { NATIONAL_CODE, type WebhookCreate } from '@sinergi/shared';
import type { Clock } from '../../clock.ts';
import type { WebhookHost } from '../../config.ts';
import type { DB } from '../../db/index.ts';
import type { Actor } from '../../http/actor.ts';
import { AppError } from '../../http/errors.ts';
import { decodeCursor, page } from '../../http/pagination.ts';
import type { AuditService } from '../audit/index.ts';
import { hostAllowed } from './notifications.ts';
import { presentWebhook } from './presenter.ts';
import type { AlertRepository } from './repository.ts';

/**
 * Webhooks per region: a receiver URL on the allowlist and a signing secret that is shown once,
 * at creation. Alerts of the region's whole subtree are sent to it (see notifications.ts).
 */
export function createWebhookService(deps: {
  repository: AlertRepository;
  audit: AuditService;
  clock: Clock;
  allowlist: readonly WebhookHost[];
}) {
  const { repository, audit, clock } = deps;

  return {
    async create(actor: Actor, input: WebhookCreate) {
      if (!hostAllowed(input.url, deps.allowlist)) {
        throw new AppError('webhook.host_not_allowed', [
          {
            in: 'body',
            path: 'url',
            message: `${new URL(input.url).host} is not on SINERGI_WEBHOOK_ALLOWLIST`,
          },
        ]);
      }
      if (input.regionCode === NATIONAL_CODE)
        throw new AppError('validation.invalid', [
          { in: 'body', path: 'regionCode', message: 'a province or lower region' },
        ]);
      if ((await repository.regionPath(input.regionCode)) === undefined)
        throw new AppError('region.not_found', [{ code: input.regionCode }]);
      const secret = `whsec_${crypto.randomBytes(32).toString('base64url')}`;
      const at = clock.now().toISOString();
      const id = await repository.db.transaction().execute(async (trx) => {
        const row = await repository.insertWebhook(trx, {
          regionCode: input.regionCode,
          url: input.url,
          description: input.description ?? null,
          secret,
          createdBy: actor.userId,
          at,
        });
        // The secret never goes to the audit log.
        await audit.record(trx as unknown as Transaction<DB>, actor, {
          action: 'webhook.create',
          entityType: 'webhook',
          entityId: row.id,
          regionPath: row.region_path,
          changes: { regionCode: input.regionCode, url: input.url, description: input.description ?? null },
        });
        return row.id;
      });
      const created = await repository.webhookById(id, actor.scopePath);
      if (!created) throw new Error('created webhook vanished');
      return { ...presentWebhook(created), secret };
    },

    async list(actor: Actor, query: { region?: string; limit: number; cursor?: string }) {
      let regionPath: string | undefined;
      if (query.region !== undefined && query.region !== NATIONAL_CODE) {
        regionPath = await repository.regionPath(query.region);
        if (regionPath === undefined) throw new AppError('region.not_found', [{ code: query.region }]);
      }
      const after = decodeCursor(query.cursor, 2) as [string, string] | undefined;
      const rows = await repository.listWebhooks(actor.scopePath, { regionPath }, query.limit, after);
      const result = page(rows, query.limit, (r) => [r.created_at, r.id]);
      return { items: result.items.map(presentWebhook), nextCursor: result.nextCursor };
    },

    async remove(actor: Actor, id: string): Promise<{ ok: true }> {
      await repository.db.transaction().execute(async (trx) => {
        const row = await repository.webhookById(id, actor.scopePath, trx);
        if (!row) throw new AppError('webhook.not_found');
        if (!(await repository.deleteWebhook(trx, id, actor.userId, clock.now().toISOString())))
          throw new AppError('webhook.not_found');
        await audit.record(trx as unknown as Transaction<DB>, actor, {
          action: 'webhook.delete',
          entityType: 'webhook',
          entityId: id,
          regionPath: row.region_path,
          changes: { url: row.url },
        });
      });
      return { ok: true };
    },
  };
}

export type WebhookService = ReturnType<typeof createWebhookService>;
