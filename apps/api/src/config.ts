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

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().min(1).default('127.0.0.1'),
  SINERGI_DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  SINERGI_DEMO: flag.optional(),
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
  };
}
