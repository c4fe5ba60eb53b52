import type { Kysely, Transaction } from 'kysely';
import type { Clock } from '../../clock.ts';
import type { Config } from '../../config.ts';
import type { DB } from '../../db/index.ts';
import type { TransactionEffects } from '../../effects.ts';
import type { Jobs } from '../../jobs/index.ts';
import type { Mailer } from '../../notify/mailer.ts';
import type { AuditService } from '../audit/index.ts';
import { createAlertNotifier, EMAIL_QUEUE, WEBHOOK_QUEUE, type AlertJob } from './notifications.ts';
import { createAlertRepository } from './repository.ts';
import { createAlertService, type OpenAlertInput } from './service.ts';
import { createWebhookService } from './webhooks.ts';

/** Everything the alerts module needs, built once by buildApp. */
export function createAlerts(deps: {
  db: Kysely<DB>;
  audit: AuditService;
  jobs: Jobs;
  mailer: Mailer;
  clock: Clock;
  config: Pick<Config, 'publicUrl' | 'webhookAllowlist'>;
  log: (error: unknown, message: string) => void;
}) {
  const repository = createAlertRepository(deps.db);
  const service = createAlertService({ repository, audit: deps.audit, jobs: deps.jobs, clock: deps.clock });
  const webhooks = createWebhookService({
    repository,
    audit: deps.audit,
    clock: deps.clock,
    allowlist: deps.config.webhookAllowlist,
  });
  const notifier = createAlertNotifier({
    repository,
    mailer: deps.mailer,
    clock: deps.clock,
    publicUrl: deps.config.publicUrl,
    webhookAllowlist: deps.config.webhookAllowlist,
    log: deps.log,
  });
  return {
    service,
    webhooks,
    notifier,
    /** Pass to createReportService({ listeners: [...] }). */
    reportListener: service.reportListener,
    liveSource: service.liveSource,
    /**
     * For other modules (risk): opens an alert of the caller's own kind inside its transaction
     * (idempotent on an alert with the same dedupeKey that is not closed), with the same notifications
     * as the rule alerts: live feed at commit, e-mail and webhook jobs enqueued in the transaction.
     */
    openAlert: (trx: Transaction<DB>, input: OpenAlertInput) => service.openAlert(trx, input),
    /**
     * `openAlert` for several at once: one statement, one announcement (distinct dedupeKeys), added
     * to `effects` when the transaction's owner gathers them.
     */
    openAlerts: (trx: Transaction<DB>, inputs: OpenAlertInput[], effects?: TransactionEffects) =>
      service.openAlerts(trx, inputs, effects),
    /** Starts this process's e-mail and webhook workers (pg-boss runs each job once across processes). */
    async start(): Promise<void> {
      await deps.jobs.work<AlertJob>(EMAIL_QUEUE, (job) => notifier.sendEmails(job));
      await deps.jobs.work<AlertJob>(WEBHOOK_QUEUE, (job) => notifier.sendWebhooks(job));
    },
  };
}

export type Alerts = ReturnType<typeof createAlerts>;
