import type { ReportListener } from '../reports/events.ts';
import type { Alerts } from './module.ts';

export { createAlerts, type Alerts } from './module.ts';
export type { AlertService, OpenAlertInput } from './service.ts';
export type { WebhookService } from './webhooks.ts';
export { registerAlertRoutes } from './routes.ts';
export { signWebhook, SIGNATURE_HEADER, TIMESTAMP_HEADER } from './notifications.ts';

/** The alert rules as a listener of the reports service (buildApp pushes it onto the report listeners). */
export function createAlertsReportListener(alerts: Alerts): ReportListener {
  return alerts.reportListener;
}
