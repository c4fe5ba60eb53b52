import path from 'node:path';
import { z } from 'zod';

/**
 * The environment, parsed once. Every default lives here (the local default chosen in one place):
 * no DATABASE_URL means the embedded PostgreSQL in SINERGI_DATA_DIR, with demo data on.
 */
const bootstrapAdminSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]{2,63}:.{10,256}$/, 'must be username:password (password ≥ 10 characters)')
  .transform((value) => {
    const i = value.indexOf(':');
    return { username: value.slice(0, i), password: value.slice(i + 1) };
  });

const flag = z.enum(['0', '1']).transform((v) => v === '1');

/** A host (and optionally a port) that alert webhooks may be sent to. No port: any port of that host. */
export interface WebhookHost {
  host: string;
  port: number | null;
}
const WEBHOOK_HOST_ENTRY =
  /^(?<host>\[[0-9a-f:.]+\]|[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*)(?::(?<port>\d{1,5}))?$/i;
const webhookAllowlistSchema = z.string().transform((value, ctx): WebhookHost[] => {
  const hosts: WebhookHost[] = [];
  const entries = value.split(',').map((part) => part.trim());
  for (const entry of entries.filter(Boolean)) {
    const match = WEBHOOK_HOST_ENTRY.exec(entry);
    const port = match?.groups?.port === undefined ? null : Number(match.groups.port);
    if (!match?.groups?.host || (port !== null && (port < 1 || port > 65535))) {
      ctx.addIssue({
        code: 'custom',
        message: `"${entry}" is not host or host:port; expected a comma-separated list such as hooks.jambiprov.go.id,10.20.0.5:8443`,
      });
      return z.NEVER;
    }
    hosts.push({ host: match.groups.host.toLowerCase(), port });
  }
  return hosts;
});

/** Risk level cut-offs per region level: "province=21.7/68.5,regency=13.47/49.33" (medium/high). */
const RISK_LEVEL_NAMES = { province: 1, regency: 2, district: 3, village: 4 } as const;
const riskThresholdsSchema = z.string().transform((value, ctx) => {
  const table: Partial<Record<1 | 2 | 3 | 4, { medium: number; high: number }>> = {};
  for (const entry of value
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)) {
    const match = /^(province|regency|district|village)=(\d{1,3}(?:\.\d+)?)\/(\d{1,3}(?:\.\d+)?)$/.exec(
      entry,
    );
    const medium = Number(match?.[2]);
    const high = Number(match?.[3]);
    if (!match || !(medium > 0 && medium < high && high <= 100)) {
      ctx.addIssue({
        code: 'custom',
        message: `"${entry}" is not level=medium/high with 0 < medium < high ≤ 100, e.g. regency=13.47/49.33`,
      });
      return z.NEVER;
    }
    table[RISK_LEVEL_NAMES[match[1] as keyof typeof RISK_LEVEL_NAMES]] = { medium, high };
  }
  return table;
});

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().min(1).default('127.0.0.1'),
  SINERGI_DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  SINERGI_DEMO: flag.optional(),
  /** With demo on: 0 creates the demo accounts only, not the demo regions' data (browser tests). */
  SINERGI_DEMO_DATA: flag.default(true),
  SINERGI_BOOTSTRAP_ADMIN: bootstrapAdminSchema.optional(),
  SINERGI_MFA: z.enum(['required', 'optional']).default('required'),
  SINERGI_BODY_LIMIT: z.coerce.number().int().min(1024).default(1_048_576),
  SINERGI_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SINERGI_TRUST_PROXY: flag.default(false),
  SINERGI_WEB_DIST: z.string().optional(),
  SINERGI_SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL')
    .optional(),
  SINERGI_MAIL_FROM: z.string().min(3).default('Sinergi <sinergi@localhost>'),
  SINERGI_JOBS_POLL_SECONDS: z.coerce.number().min(0.5).max(60).default(2),
  SINERGI_PUBLIC_URL: z.url().optional(),
  /** Half-life of a report's weight in the risk signal. */
  SINERGI_RISK_HALF_LIFE_HOURS: z.coerce.number().min(1).max(8760).default(72),
  /** Overrides of the risk level cut-offs (defaults: IKP 2024; docs/risk-index.md). */
  SINERGI_RISK_THRESHOLDS: riskThresholdsSchema.optional(),
  /** Shared secret of the SMS/WhatsApp gateway (HMAC-SHA256 of the webhook body); unset: the webhook refuses. */
  SINERGI_SMS_SECRET: z.string().min(16, 'at least 16 characters').optional(),
  /** Hosts (host or host:port, comma-separated) that alert webhooks may be registered for and sent to. */
  SINERGI_WEBHOOK_ALLOWLIST: webhookAllowlistSchema.optional(),
  SINERGI_UPLOAD_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(50 * 1024 * 1024),
});

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  demo: boolean;
  demoData: boolean;
  bootstrapAdmin: { username: string; password: string } | undefined;
  mfa: 'required' | 'optional';
  bodyLimit: number;
  logLevel: string;
  trustProxy: boolean;
  webDist: string;
  smtpUrl: string | undefined;
  mailFrom: string;
  jobsPollSeconds: number;
  /** Where users reach the web app, for links in e-mails; defaults to http://HOST:PORT. */
  publicUrl: string;
  uploadMaxBytes: number;
  riskHalfLifeHours: number;
  riskThresholds: Partial<Record<1 | 2 | 3 | 4, { medium: number; high: number }>>;
  /** Alert webhooks go only to these hosts; empty: no webhook can be registered. */
  webhookAllowlist: WebhookHost[];
  smsSecret: string | undefined;
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration / Konfigurasi tidak valid:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.SINERGI_DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    demo: e.SINERGI_DEMO ?? !e.DATABASE_URL,
    demoData: e.SINERGI_DEMO_DATA,
    bootstrapAdmin: e.SINERGI_BOOTSTRAP_ADMIN,
    mfa: e.SINERGI_MFA,
    bodyLimit: e.SINERGI_BODY_LIMIT,
    logLevel: e.SINERGI_LOG_LEVEL,
    trustProxy: e.SINERGI_TRUST_PROXY,
    webDist: path.resolve(e.SINERGI_WEB_DIST ?? new URL('../../web/dist', import.meta.url).pathname),
    smtpUrl: e.SINERGI_SMTP_URL,
    mailFrom: e.SINERGI_MAIL_FROM,
    jobsPollSeconds: e.SINERGI_JOBS_POLL_SECONDS,
    publicUrl: e.SINERGI_PUBLIC_URL ?? `http://${e.HOST}:${e.PORT}`,
    uploadMaxBytes: e.SINERGI_UPLOAD_MAX_BYTES,
    riskHalfLifeHours: e.SINERGI_RISK_HALF_LIFE_HOURS,
    riskThresholds: e.SINERGI_RISK_THRESHOLDS ?? {},
    webhookAllowlist: e.SINERGI_WEBHOOK_ALLOWLIST ?? [],
    smsSecret: e.SINERGI_SMS_SECRET,
  };
}
