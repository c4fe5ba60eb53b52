import crypto from 'node:crypto';
import {
  ALERT_KIND_LABELS,
  reportCategory,
  SEVERITY_LABELS,
  type AlertDetail,
  type AlertKind,
  type AlertWebhookPayload,
  type ReportSeverity,
} from '@sinergi/shared';
import type { Clock } from '../../clock.ts';
import type { WebhookHost } from '../../config.ts';
import { indonesianDateTime } from '../../documents/indonesian-dates.ts';
import type { Mailer } from '../../notify/mailer.ts';
import { presentAlertDetail } from './presenter.ts';
import type { AlertRepository } from './repository.ts';

/**
 * E-mail and webhook delivery of an opened alert, run as jobs (retried with backoff by the queue).
 * Each recipient reached is recorded, so a retry sends only to the ones still missing. What goes
 * out is built from the alert as presented: titles, categories and severities of its reports,
 * never a description and never who reported.
 */

export const EMAIL_QUEUE = 'alerts.email';
export const WEBHOOK_QUEUE = 'alerts.webhooks';
/**
 * One job per transaction that opened alerts, whatever their number: a batch import that opens
 * fifty alerts queues two jobs, not a hundred.
 */
export interface AlertJob {
  alertIds: string[];
}

const WEBHOOK_TIMEOUT_MS = 10_000;
export const SIGNATURE_HEADER = 'x-sinergi-signature';
export const TIMESTAMP_HEADER = 'x-sinergi-timestamp';

// Roman numerals and the abbreviations that stay capitalised in official names (DKI, DI).
const KEEP_UPPER = /^(DKI|DI|[IVXL]+)$/;

/** "KABUPATEN BATANG HARI" → "Kabupaten Batang Hari", "DKI JAKARTA" stays; mixed case is kept as it is. */
export function displayName(name: string): string {
  if (name !== name.toUpperCase()) return name;
  return name
    .toLowerCase()
    .split(/(\s+|-|\/|\()/)
    .map((word) =>
      KEEP_UPPER.test(word.toUpperCase()) ? word.toUpperCase() : word.charAt(0).toUpperCase() + word.slice(1),
    )
    .join('');
}

const LEVEL_PREFIX: Record<number, string> = { 1: 'Provinsi ', 3: 'Kecamatan ' };

/** "Kecamatan Mersam, Kabupaten Batang Hari, Provinsi Jambi" (most precise first). */
export function placeName(lineage: Array<{ name: string; level: number }>): string {
  return [...lineage]
    .sort((a, b) => b.level - a.level)
    .map((r) => {
      const name = displayName(r.name);
      const prefix = LEVEL_PREFIX[r.level] ?? '';
      return name.toLowerCase().startsWith(prefix.trim().toLowerCase()) ? name : `${prefix}${name}`;
    })
    .join(', ');
}

const severityLabel = (severity: number) =>
  SEVERITY_LABELS[severity as ReportSeverity]?.id ?? String(severity);
const kindLabel = (kind: string) => ALERT_KIND_LABELS[kind as AlertKind]?.id ?? kind;
const categoryLabel = (code: string) => reportCategory(code)?.label.id ?? code;

/** The e-mail to the region's Forkopimda members and officers, in Indonesian, times in the region's zone. */
export function composeAlertEmail(
  alert: AlertDetail,
  lineage: Array<{ name: string; level: number }>,
  link: string,
): { subject: string; text: string } {
  const timezone = alert.timezone;
  const when = (iso: string) => indonesianDateTime(new Date(iso), timezone);
  const place = placeName(lineage);
  const lines = [
    'Yth. Bapak/Ibu anggota Forkopimda dan operator Kesbangpol,',
    '',
    'Sinergi membuka peringatan dini baru di wilayah tugas Anda:',
    '',
    `Peringatan : ${alert.title}`,
    `Jenis      : ${kindLabel(alert.kind)}`,
    `Tingkat    : ${severityLabel(alert.severity)}`,
    `Wilayah    : ${place}`,
    `Dibuka     : ${when(alert.openedAt)}`,
  ];
  if (alert.reports.length > 0) {
    lines.push('', `Laporan terkait (${alert.reports.length}):`);
    for (const report of alert.reports) {
      lines.push(
        `- [${severityLabel(report.severity)}] ${report.title} — ${categoryLabel(report.category)}, ${when(report.occurredAt)}`,
      );
    }
  }
  lines.push(
    '',
    `Tindak lanjuti peringatan ini di Sinergi: ${link}`,
    '',
    '--',
    'Pesan ini dikirim otomatis oleh Sinergi kepada anggota Forkopimda dan operator Kesbangpol yang wilayah',
    'tugasnya mencakup wilayah di atas. Identitas pelapor tidak pernah dicantumkan dalam pemberitahuan.',
  );
  return {
    subject: `[Sinergi] Peringatan ${severityLabel(alert.severity).toLowerCase()}: ${alert.title}`,
    text: lines.join('\n'),
  };
}

/** The signature a receiver recomputes: HMAC-SHA256 over "<timestamp>.<raw body>", hex. */
export function signWebhook(secret: string, timestamp: string, body: string): string {
  return `sha256=${crypto.createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** Is the URL's host (and port) on SINERGI_WEBHOOK_ALLOWLIST? */
export function hostAllowed(url: string, allowlist: readonly WebhookHost[]): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return false;
  const host = parsed.hostname.toLowerCase();
  const port = parsed.port === '' ? (parsed.protocol === 'https:' ? 443 : 80) : Number(parsed.port);
  return allowlist.some((entry) => entry.host === host && (entry.port === null || entry.port === port));
}

/** A delivery id stable across retries of the same alert to the same webhook, so receivers can drop repeats. */
function deliveryId(alertId: string, webhookId: string): string {
  const hex = crypto.createHash('sha256').update(`${alertId}:${webhookId}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export function createAlertNotifier(deps: {
  repository: AlertRepository;
  mailer: Mailer;
  clock: Clock;
  publicUrl: string;
  webhookAllowlist: readonly WebhookHost[];
  log: (error: unknown, message: string) => void;
}) {
  const { repository, mailer, clock } = deps;
  const link = (alertId: string) => `${deps.publicUrl.replace(/\/$/, '')}/alerts/${alertId}`;

  type View = Awaited<ReturnType<AlertRepository['byIds']>>[number];
  const detailOf = async (view: View) => presentAlertDetail(view, await repository.reportsOf(view.id));

  /** Returns how many recipients could not be reached (retried with the job). */
  async function emailAlert(view: View): Promise<number> {
    const alertId = view.id;
    const [recipients, done] = await Promise.all([
      repository.recipients(view.region_path),
      repository.deliveredTargets(alertId, 'email'),
    ]);
    if (recipients.every((r) => done.has(r.id))) return 0;
    const [detail, lineage] = await Promise.all([detailOf(view), repository.lineage(view.region_path)]);
    const message = composeAlertEmail(detail, lineage, link(alertId));
    let failed = 0;
    // One message per recipient: addresses are not shown to each other.
    for (const recipient of recipients) {
      if (done.has(recipient.id)) continue;
      try {
        await mailer.send({ to: recipient.email, ...message });
        await repository.recordDelivery(
          alertId,
          'email',
          recipient.id,
          { deliveredAt: clock.now().toISOString(), error: null },
          clock.now().toISOString(),
        );
      } catch (error) {
        failed += 1;
        await repository.recordDelivery(
          alertId,
          'email',
          recipient.id,
          { deliveredAt: null, error: (error as Error).message.slice(0, 500) },
          clock.now().toISOString(),
        );
      }
    }
    return failed;
  }

  type Hooks = Awaited<ReturnType<AlertRepository['webhooksFor']>>;
  async function postAlert(view: View, hooksFor: (view: View) => Promise<Hooks>): Promise<number> {
    const alertId = view.id;
    // Most regions have no webhook: that is settled before anything else is loaded.
    const hooks = await hooksFor(view);
    if (hooks.length === 0) return 0;
    const [done, lineage, detail] = await Promise.all([
      repository.deliveredTargets(alertId, 'webhook'),
      repository.lineage(view.region_path),
      detailOf(view),
    ]);
    let failed = 0;
    for (const hook of hooks) {
      if (done.has(hook.id)) continue;
      const now = () => clock.now().toISOString();
      // Checked again at delivery: the allowlist may have shrunk since the webhook was registered.
      if (!hostAllowed(hook.url, deps.webhookAllowlist)) {
        await repository.recordDelivery(
          alertId,
          'webhook',
          hook.id,
          { deliveredAt: null, error: 'host not on SINERGI_WEBHOOK_ALLOWLIST' },
          now(),
        );
        continue;
      }
      const payload: AlertWebhookPayload = {
        event: 'alert.opened',
        deliveryId: deliveryId(alertId, hook.id),
        sentAt: now(),
        alert: {
          ...detail,
          regionPath: lineage.map((r) => ({ code: r.code, name: r.name })),
          url: link(alertId),
        },
      };
      const body = JSON.stringify(payload);
      const timestamp = String(Math.floor(Date.now() / 1000));
      try {
        const response = await fetch(hook.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'user-agent': 'Sinergi-Webhook/1',
            'x-sinergi-event': 'alert.opened',
            'x-sinergi-delivery': payload.deliveryId,
            [TIMESTAMP_HEADER]: timestamp,
            [SIGNATURE_HEADER]: signWebhook(hook.secret, timestamp, body),
          },
          body,
          // A redirect could lead off the allowlist: it counts as a failure, never followed.
          redirect: 'manual',
          signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
        });
        await response.body?.cancel();
        if (response.status < 200 || response.status >= 300)
          throw new Error(`receiver answered ${response.status}`);
        await repository.recordDelivery(
          alertId,
          'webhook',
          hook.id,
          { deliveredAt: now(), error: null },
          now(),
        );
      } catch (error) {
        failed += 1;
        deps.log(error, `webhook ${hook.id} for alert ${alertId} failed`);
        await repository.recordDelivery(
          alertId,
          'webhook',
          hook.id,
          { deliveredAt: null, error: (error as Error).message.slice(0, 500) },
          now(),
        );
      }
    }
    return failed;
  }

  return {
    async sendEmails({ alertIds }: AlertJob): Promise<void> {
      if (!mailer.enabled) return;
      let failed = 0;
      // The job's alerts in one query; an alert gone since is skipped.
      for (const view of await repository.byIds(alertIds)) failed += await emailAlert(view);
      if (failed > 0) throw new Error(`${failed} alert e-mail(s) not delivered; retrying`);
    },

    async sendWebhooks({ alertIds }: AlertJob): Promise<void> {
      let failed = 0;
      // A job's alerts mostly share a district and an opening time: their webhooks are read once.
      const seen = new Map<string, Promise<Hooks>>();
      const hooksFor = (view: View) => {
        const key = `${view.region_path}|${view.opened_at}`;
        let hooks = seen.get(key);
        if (!hooks) {
          hooks = repository.webhooksFor(view.region_path, view.opened_at);
          seen.set(key, hooks);
        }
        return hooks;
      };
      for (const view of await repository.byIds(alertIds)) failed += await postAlert(view, hooksFor);
      if (failed > 0) throw new Error(`${failed} alert webhook(s) not delivered; retrying`);
    },
  };
}

export type AlertNotifier = ReturnType<typeof createAlertNotifier>;
