import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Fastify, { type FastifyServerOptions } from 'fastify';
import compress from '@fastify/compress';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Config } from './config.ts';
import { createSitrepSources } from './sitrep-sources.ts';
import type { App } from './http/types.ts';
import { systemClock, type Clock } from './clock.ts';
import { createJobs, type Jobs } from './jobs/index.ts';
import { createMailer, type Mailer } from './notify/mailer.ts';
import { createFileStore, type FileStore } from './storage/index.ts';
import type { Database } from './db/index.ts';
import { registerErrorHandler, sendError } from './http/error-handler.ts';
import { registerPolicy, type RegisteredRoute } from './http/policy.ts';
import { registerSecurityHeaders } from './http/security-headers.ts';
import { createAuditRepository, createAuditService, type AuditService } from './modules/audit/index.ts';
import {
  AUTH_CHANGED_CHANNEL,
  createAuthRepository,
  createAuthService,
  registerAuthRoutes,
} from './modules/auth/index.ts';
import {
  createRegionRepository,
  createRegionService,
  registerRegionRoutes,
  type RegionService,
} from './modules/regions/index.ts';
import {
  createElectionRepository,
  createElectionService,
  registerElectionRoutes,
  type ElectionService,
} from './modules/elections/index.ts';
import {
  createReadinessRepository,
  createReadinessService,
  registerReadinessRoutes,
  type ReadinessService,
} from './modules/readiness/index.ts';
import {
  createReportRepository,
  createReportService,
  registerReportRoutes,
  type ReportListener,
  type ReportService,
} from './modules/reports/index.ts';
import { registerSystemRoutes } from './modules/system/index.ts';
import { registerExportRoutes } from './modules/exports/index.ts';
import { reportLookup, wireNeutrality, type NeutralityService } from './modules/neutrality/index.ts';
import { createLiveHub, registerLiveRoutes, type LiveHub } from './live/index.ts';
import { createAlerts, registerAlertRoutes, type Alerts } from './modules/alerts/index.ts';
import {
  createRiskRepository,
  createRiskService,
  registerRiskRoutes,
  type RiskService,
} from './modules/risk/index.ts';
import { createMeetings, registerMeetings, type Meetings } from './modules/meetings/index.ts';
import {
  createSitrepDocuments,
  createSitrepRepository,
  createSitrepService,
  registerSitrepRoutes,
} from './modules/sitreps/index.ts';
import {
  createUserRepository,
  createUserService,
  registerUserRoutes,
  type UserService,
} from './modules/users/index.ts';

export const VERSION = '0.1.0';

export interface Services {
  audit: AuditService;
  jobs: Jobs;
  mailer: Mailer;
  clock: Clock;
  files: FileStore;
  regions: RegionService;
  users: UserService;
  alerts: Alerts;
  risk: RiskService;
  live: LiveHub;
  reports: ReportService;
  elections: ElectionService;
  readiness: ReadinessService;
  meetings: Meetings;
  neutrality: NeutralityService;
}

export interface BuiltApp {
  app: App;
  services: Services;
  routes: RegisteredRoute[];
}

/**
 * The one place that wires plugins and modules, in order: security headers and cookies, OpenAPI,
 * the error handler, the policy layer, then each capability's routes, then the web app.
 * Tests call this with their own database.
 */
export interface BuildOptions {
  logger?: FastifyServerOptions['logger'];
  /** Tests move time with their own clock. */
  clock?: Clock;
}

export async function buildApp(
  config: Config,
  database: Database,
  options: BuildOptions = {},
): Promise<BuiltApp> {
  const app = Fastify({
    logger: options.logger ?? {
      level: config.logLevel,
      redact: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-csrf-token"]'],
    },
    bodyLimit: config.bodyLimit,
    trustProxy: config.trustProxy,
    genReqId: (request) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && /^[\w-]{8,64}$/.test(given) ? given : crypto.randomUUID();
    },
    ajv: { customOptions: { coerceTypes: false } },
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.addHook('onSend', async (request, reply) => {
    void reply.header('x-request-id', request.id);
  });

  registerSecurityHeaders(app, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        connectSrc: ["'self'"],
        workerSrc: ["'self'", 'blob:'],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        // Helmet's default would make browsers fetch the app's own scripts over https, which leaves a
        // plain-http LAN install (http://10.0.0.5:8080) with a blank page; TLS is the proxy's job.
        upgradeInsecureRequests: null,
      },
    },
    frameguard: { action: 'deny' },
    crossOriginEmbedderPolicy: false,
  });
  await app.register(cookie);
  // Village phones are on weak signal: JSON answers of 2 KB and more go out compressed (a map's
  // 5,000 points are 1.1 MB raw, 110 KB gzipped). Below that the headers would cost more than they
  // save, and a filed report's answer stays under it. Request bodies are never decompressed: the
  // body limit then counts what was sent, and the SMS signature covers the bytes as sent.
  await app.register(compress, {
    threshold: 2048,
    encodings: ['br', 'gzip'],
    globalDecompression: false,
  });
  // Upload size is enforced by the file store as it streams (413 upload.too_large); multipart's own
  // limit sits just above it so the store sees the overflow.
  await app.register(multipart, { limits: { fileSize: config.uploadMaxBytes + 1, files: 5, fields: 20 } });
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Sinergi API',
        version: VERSION,
        description: 'Early-warning and coordination platform for regional governments (DESIGN §4).',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'sinergi_session' },
          bearer: { type: 'http', scheme: 'bearer' },
        },
      },
      security: [{ session: [] }, { bearer: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true });

  registerErrorHandler(app);

  const audit = createAuditService({
    repository: createAuditRepository(database.db, database.pool),
    log: (error) => app.log.error({ err: error }, 'audit chaining failed'),
  });
  const clock = options.clock ?? systemClock;
  const mailer = createMailer({ smtpUrl: config.smtpUrl, from: config.mailFrom });
  const jobs = createJobs({
    connectionString: database.connectionString,
    pollingIntervalSeconds: config.jobsPollSeconds,
    log: (error) => app.log.error({ err: error }, 'job queue error'),
  });
  await jobs.start();
  const files = createFileStore({ dir: path.join(config.dataDir, 'files'), maxBytes: config.uploadMaxBytes });
  const authRepository = createAuthRepository(database.db, database.pool);
  const auth = createAuthService({ repository: authRepository, audit, mfa: config.mfa });
  const regions = createRegionService({ repository: createRegionRepository(database.db) });
  const users = createUserService({
    repository: createUserRepository(database.db),
    regions,
    audit,
    accessChanged: () => auth.tokenCache.forget(),
  });

  const routes = registerPolicy(app, (request) => auth.resolveActor(request));

  registerSystemRoutes(app, database, VERSION);
  registerAuthRoutes(app, auth, authRepository);
  registerRegionRoutes(app, regions);
  registerUserRoutes(app, users);
  // Modules that derive state from reports add their listener here. The alert rules run inside the
  // transaction of every report create, status change and merge, so a critical report alerts as it
  // commits. The vulnerability index is deferred: it sees creations from the reports' queue shortly
  // after their commit (within a second; reports/deferred.ts), and status changes inside theirs.
  const reportListeners: ReportListener[] = [];
  const deferredReportListeners: ReportListener[] = [];
  const alerts = createAlerts({
    db: database.db,
    audit,
    jobs,
    mailer,
    clock,
    config,
    log: (error, message) => app.log.error({ err: error }, message),
  });
  await alerts.start();
  // The vulnerability index keeps its per-region aggregates current from the same events.
  const risk = createRiskService({
    repository: createRiskRepository(database.db, database.pool),
    audit,
    clock,
    jobs,
    openAlerts: alerts.openAlerts,
    halfLifeHours: config.riskHalfLifeHours,
    thresholds: config.riskThresholds,
    log: (error, message) => app.log.error({ err: error }, message),
  });
  // In a status change, risk first: its per-report writes run before it locks the shared aggregate
  // rows, and the alert rules lock the reports' districts; each lock is held until commit, so what
  // follows the first lock is what concurrent transactions queue for. Every transaction locks in
  // this order (the service calls deferred listeners first).
  deferredReportListeners.push(risk.onReportEvents);
  reportListeners.push(alerts.reportListener);
  await risk.start();
  registerRiskRoutes(app, risk);
  // One LISTEN connection per process fans alert notices out to this process's live-feed clients.
  const live = createLiveHub({
    connectionString: database.connectionString,
    log: {
      error: (error, message) => app.log.error({ err: error }, message),
      warn: (message) => app.log.warn(message),
    },
  });
  live.addSource(alerts.liveSource);
  // API tokens are kept between requests only while this connection hears of every change to them.
  live.subscribe(AUTH_CHANGED_CHANNEL, auth.tokenCache);
  await live.start();
  registerLiveRoutes(app, live, (request) => auth.resolveActor(request));
  registerAlertRoutes(app, alerts.service, alerts.webhooks);
  // Open event streams would keep the HTTP server from closing: end them first.
  app.addHook('preClose', () => live.stop());
  const reports = createReportService({
    repository: createReportRepository(database.db),
    audit,
    jobs,
    listeners: reportListeners,
    deferredListeners: deferredReportListeners,
    log: (error, message) => app.log.error({ err: error }, message),
    files,
    clock,
    smsSecret: () => config.smsSecret,
    uploadMaxBytes: config.uploadMaxBytes,
  });
  registerReportRoutes(app, reports, { batchBodyLimit: Math.max(config.bodyLimit, 16 * 1024 * 1024) });
  reports.projection.start();
  reports.searchIndex.start();
  const elections = createElectionService({
    repository: createElectionRepository(database.db),
    regions,
    audit,
    clock,
  });
  registerElectionRoutes(app, elections);
  const readiness = createReadinessService({
    repository: createReadinessRepository(database.db),
    regions,
    elections,
    users,
    audit,
    clock,
    files,
  });
  registerReadinessRoutes(app, readiness);
  const meetings = createMeetings({
    db: database.db,
    audit,
    jobs,
    mailer,
    clock,
    regions,
    files,
    publicUrl: config.publicUrl,
    log: (error, message) => app.log.error({ err: error }, message),
  });
  registerMeetings(app, meetings);
  await meetings.start();
  const neutrality = await wireNeutrality(app, {
    database: database.db,
    regions,
    users,
    audit,
    files,
    jobs,
    mailer,
    clock,
    publicUrl: config.publicUrl,
    reportExists: reportLookup(reports),
  });
  const sitreps = createSitrepService({
    repository: createSitrepRepository(database.db),
    regions,
    audit,
    clock,
    sources: createSitrepSources({ reports, alerts, risk, meetings, neutrality, elections, readiness }),
  });
  registerSitrepRoutes(app, sitreps, createSitrepDocuments());
  registerExportRoutes(app, { pool: database.pool, regions, risk, meetings: meetings.service, neutrality });

  const webIndex = path.join(config.webDist, 'index.html');
  const hasWeb = fs.existsSync(webIndex);
  if (hasWeb) {
    await app.register(fastifyStatic, {
      root: config.webDist,
      prefix: '/',
      wildcard: true,
      // `/` itself is a directory to the static plugin; without an index it answers 403.
      index: 'index.html',
      decorateReply: true,
      // The build writes .br and .gz beside each text file (apps/web/scripts/precompress.js).
      preCompressed: true,
      // dist/.vite/manifest.json is for the build's own checks, not for browsers.
      dotfiles: 'ignore',
      cacheControl: false,
      setHeaders: (response, filePath) => {
        // Bundles carry their content hash in the name, so a phone keeps them until a release
        // renames them; pages, the service worker and boundaries are checked again each time.
        response.setHeader(
          'cache-control',
          isHashedAsset(config.webDist, filePath) ? 'public, max-age=31536000, immutable' : 'no-cache',
        );
        // The same path answers brotli, gzip or plain bytes: a shared cache must keep them apart.
        response.setHeader('vary', 'Accept-Encoding');
      },
    });
  }
  if (hasWeb) {
    // The public report page is a small entry of its own (apps/web/lapor.html, no app bundle) with a
    // short address to print on posters; its status part has one too.
    for (const url of ['/lapor', '/lapor/lacak']) {
      app.get(url, (_request, reply) => reply.type('text/html; charset=utf-8').sendFile('lapor.html'));
    }
  }
  app.setNotFoundHandler((request, reply) => {
    // Paths outside the API belong to the single-page web app, which routes them itself.
    if (hasWeb && request.method === 'GET' && !request.url.startsWith('/api/')) {
      return reply.type('text/html; charset=utf-8').sendFile('index.html');
    }
    return sendError(request, reply, 'route.not_found');
  });

  app.addHook('onClose', async () => {
    await reports.projection.stop();
    await reports.searchIndex.stop();
    await meetings.stop();
    await jobs.stop();
    await audit.stop();
  });
  return {
    app,
    services: {
      audit,
      jobs,
      mailer,
      clock,
      files,
      regions,
      users,
      alerts,
      live,
      reports,
      elections,
      readiness,
      meetings,
      neutrality,
      risk,
    },
    routes,
  };
}

/** Files of the web build under assets/ are named by content hash (vite's [name]-[hash]). */
function isHashedAsset(webDist: string, filePath: string): boolean {
  return path.relative(webDist, filePath).split(path.sep)[0] === 'assets';
}
