import crypto from 'node:crypto';
import { Readable } from 'node:stream';
import { sql } from 'kysely';
import type { Actor } from '../../src/http/actor.ts';
import { signSmsBody } from '../../src/modules/reports/index.ts';
import {
  IDENTITY_READERS,
  REPORT_CREATORS,
  REPORT_OPERATORS,
  REPORT_READERS,
} from '../../src/modules/reports/policy.ts';
import { multipartFile, reportBody, TINY_PNG } from '../../src/modules/reports/test-helpers.ts';
import type { TestContext } from '../harness.ts';
import type { AccessCase } from './types.ts';

/** Routes of the reports module (C3): filing, reading, triage, identity, attachments, public intake, SMS. */

const SMS_SECRET = 'matrix-sms-secret-0123456789';

const admins = new WeakMap<object, Promise<Actor>>();
/** An admin actor of this app, to create the data a case needs through the service. */
function adminActor(ctx: TestContext): Promise<Actor> {
  let actor = admins.get(ctx.app);
  if (!actor) {
    actor = ctx.user('admin', 'ID').then((u) => ({
      userId: u.id,
      username: u.username,
      name: 'Matrix admin',
      role: 'admin' as const,
      scopeCode: 'ID',
      scopePath: '',
      via: 'token' as const,
      mfaSatisfied: true,
    }));
    admins.set(ctx.app, actor);
  }
  return actor;
}

async function villageIn(ctx: TestContext, regencyCode: string): Promise<string> {
  const row = await sql<{ code: string }>`
    SELECT code FROM regions WHERE level = 4 AND path <@ ${regencyCode}::ltree ORDER BY code LIMIT 1`.execute(
    ctx.database.db,
  );
  if (!row.rows[0]) throw new Error(`no village in ${regencyCode}`);
  return row.rows[0].code;
}

async function newReport(ctx: TestContext, regencyCode: string, withReporter = false): Promise<string> {
  const body = reportBody({
    regionCode: await villageIn(ctx, regencyCode),
    ...(withReporter ? { reporter: { name: 'Pelapor Matriks' } } : {}),
  });
  const { report } = await ctx.services.reports.create(await adminActor(ctx), body, 'api');
  return report.id;
}

async function enablePublicIntake(ctx: TestContext, regencyCode: string): Promise<void> {
  await ctx.services.reports.setPublicIntake(await adminActor(ctx), regencyCode, true);
}

const reportUrl = async (ctx: TestContext, regionCode: string, suffix = '') =>
  `/api/v1/reports/${await newReport(ctx, regionCode)}${suffix}`;

export const cases: AccessCase[] = [
  {
    route: 'POST /api/v1/reports',
    allowed: REPORT_CREATORS,
    build: async (ctx, regionCode) => ({
      url: '/api/v1/reports',
      payload: reportBody({ regionCode: await villageIn(ctx, regionCode) }),
    }),
    okStatus: 201,
  },
  {
    route: 'POST /api/v1/reports/batch',
    allowed: REPORT_CREATORS,
    build: async (ctx, regionCode) => {
      const village = await villageIn(ctx, regionCode);
      return {
        url: '/api/v1/reports/batch',
        payload: [reportBody({ regionCode: village }), reportBody({ regionCode: village })],
      };
    },
    okStatus: 200,
  },
  {
    route: 'GET /api/v1/reports',
    allowed: REPORT_READERS,
    build: (_ctx, regionCode) => Promise.resolve({ url: `/api/v1/reports?region=${regionCode}` }),
    okStatus: 200,
  },
  {
    route: 'GET /api/v1/reports/points',
    allowed: REPORT_READERS,
    build: (_ctx, regionCode) => Promise.resolve({ url: `/api/v1/reports/points?region=${regionCode}` }),
    okStatus: 200,
  },
  {
    route: 'GET /api/v1/reports/duplicate-groups',
    allowed: REPORT_OPERATORS,
    build: (_ctx, regionCode) =>
      Promise.resolve({ url: `/api/v1/reports/duplicate-groups?region=${regionCode}` }),
    okStatus: 200,
  },
  {
    route: 'POST /api/v1/reports/merge',
    allowed: REPORT_OPERATORS,
    build: async (ctx, regionCode) => ({
      url: '/api/v1/reports/merge',
      payload: { keepId: await newReport(ctx, regionCode), duplicateIds: [await newReport(ctx, regionCode)] },
    }),
    okStatus: 200,
  },
  {
    route: 'GET /api/v1/reports/:id',
    allowed: REPORT_READERS,
    build: async (ctx, regionCode) => ({ url: await reportUrl(ctx, regionCode) }),
    okStatus: 200,
  },
  {
    route: 'POST /api/v1/reports/:id/status',
    allowed: REPORT_OPERATORS,
    build: async (ctx, regionCode) => ({
      url: await reportUrl(ctx, regionCode, '/status'),
      payload: { status: 'verified', note: 'dicek' },
    }),
    okStatus: 200,
  },
  {
    route: 'GET /api/v1/reports/:id/reporter',
    allowed: IDENTITY_READERS,
    build: async (ctx, regionCode) => ({
      url: `/api/v1/reports/${await newReport(ctx, regionCode, true)}/reporter?reason=${encodeURIComponent('verifikasi lapangan')}`,
    }),
    okStatus: 200,
  },
  {
    route: 'POST /api/v1/reports/:id/attachments',
    allowed: REPORT_CREATORS,
    build: async (ctx, regionCode) => {
      const { payload, headers } = multipartFile(TINY_PNG);
      return { url: await reportUrl(ctx, regionCode, '/attachments'), payload, headers };
    },
    okStatus: 201,
  },
  {
    route: 'GET /api/v1/reports/:id/attachments/:attachmentId',
    allowed: REPORT_READERS,
    build: async (ctx, regionCode) => {
      const id = await newReport(ctx, regionCode);
      const attachment = await ctx.services.reports.addAttachment(await adminActor(ctx), id, {
        stream: Readable.from([TINY_PNG]),
        filename: 'foto.png',
        mimetype: 'image/png',
      });
      return { url: `/api/v1/reports/${id}/attachments/${attachment.id}` };
    },
    okStatus: 200,
  },
  {
    route: 'GET /api/v1/report-categories',
    allowed: 'any',
    // The same list for everyone: no region, so no call from outside a scope.
    selfOnly: true,
    build: () => Promise.resolve({ url: '/api/v1/report-categories' }),
    okStatus: 200,
  },
  {
    route: 'GET /api/v1/regions/:code/public-intake',
    allowed: REPORT_OPERATORS,
    build: (_ctx, regionCode) => Promise.resolve({ url: `/api/v1/regions/${regionCode}/public-intake` }),
    okStatus: 200,
  },
  {
    route: 'PUT /api/v1/regions/:code/public-intake',
    allowed: REPORT_OPERATORS,
    build: (_ctx, regionCode) =>
      Promise.resolve({ url: `/api/v1/regions/${regionCode}/public-intake`, payload: { enabled: true } }),
    okStatus: 200,
  },
  {
    route: 'POST /api/v1/public/reports',
    allowed: 'public',
    build: async (ctx, regionCode) => {
      await enablePublicIntake(ctx, regionCode);
      const {
        id: _id,
        reporter: _r,
        anonymous: _a,
        channel: _c,
        ...body
      } = reportBody({
        regionCode: await villageIn(ctx, regionCode),
      });
      return { url: '/api/v1/public/reports', payload: body };
    },
    okStatus: 201,
  },
  {
    route: 'GET /api/v1/public/intake-places',
    allowed: 'public',
    build: async (ctx, regionCode) => {
      await enablePublicIntake(ctx, regionCode);
      return { url: `/api/v1/public/intake-places?parent=${regionCode}` };
    },
    okStatus: 200,
  },
  {
    route: 'GET /api/v1/public/reports/track/:code',
    allowed: 'public',
    build: async (ctx, regionCode) => {
      await enablePublicIntake(ctx, regionCode);
      const {
        id: _id,
        reporter: _r,
        anonymous: _a,
        channel: _c,
        ...body
      } = reportBody({
        regionCode: await villageIn(ctx, regionCode),
      });
      const receipt = await ctx.services.reports.publicCreate(`matrix-${crypto.randomUUID()}`, body);
      return { url: `/api/v1/public/reports/track/${receipt.trackingCode}` };
    },
    okStatus: 200,
  },
  {
    route: 'POST /api/v1/intake/sms',
    allowed: 'public',
    build: async (ctx, regionCode) => {
      // The matrix context starts without a gateway secret; this case configures one.
      ctx.config.smsSecret = SMS_SECRET;
      await enablePublicIntake(ctx, regionCode);
      const payload = {
        from: '+6281100000000',
        text: `LAPOR ${await villageIn(ctx, regionCode)} UANG pembagian amplop di rumah warga`,
        messageId: crypto.randomUUID(),
      };
      return {
        url: '/api/v1/intake/sms',
        payload,
        headers: { 'x-sinergi-signature': signSmsBody(JSON.stringify(payload), SMS_SECRET) },
      };
    },
    okStatus: 201,
  },
];
