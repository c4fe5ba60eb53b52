import crypto from 'node:crypto';
import { ALERT_HANDLERS, ALERT_READERS, WEBHOOK_MANAGERS } from '../../src/modules/alerts/policy.ts';
import type { TestContext, TestUser } from '../harness.ts';
import type { AccessCase } from './types.ts';

/** Routes of the alerts module: alerts, their handling, webhooks and the live feed. */

/** A fresh open alert in a district of the regency (each handling call needs one of its own). */
async function newAlert(ctx: TestContext, regionCode: string): Promise<string> {
  const { id } = await ctx.database.db.transaction().execute((trx) =>
    ctx.services.alerts.openAlert(trx, {
      regionCode: `${regionCode}.01`,
      kind: 'anomaly',
      severity: 2,
      title: 'Matriks akses: lonjakan laporan',
      dedupeKey: `matrix:${crypto.randomUUID()}`,
    }),
  );
  return id;
}

// The matrix calls `build` once per call; what is only read is created once per app and region.
const readable = new WeakMap<object, Map<string, Promise<string>>>();
const assignees = new WeakMap<object, Map<string, Promise<TestUser>>>();
function once<T>(
  store: WeakMap<object, Map<string, Promise<T>>>,
  ctx: TestContext,
  key: string,
  make: () => Promise<T>,
) {
  let perApp = store.get(ctx.app);
  if (!perApp) {
    perApp = new Map();
    store.set(ctx.app, perApp);
  }
  let value = perApp.get(key);
  if (!value) {
    value = make();
    perApp.set(key, value);
  }
  return value;
}

/** A webhook of a district of the regency, on the test allowlist host (which never resolves). */
async function newWebhook(ctx: TestContext, regionCode: string): Promise<string> {
  const row = await ctx.database.db
    .withTables<{
      alert_webhooks: { id: string; region_code: string; region_path: string; url: string; secret: string };
    }>()
    .insertInto('alert_webhooks')
    .values({
      id: crypto.randomUUID(),
      region_code: `${regionCode}.02`,
      region_path: `${regionCode}.02`,
      url: 'https://hooks.sinergi.invalid/matrix',
      secret: 'whsec_matrix',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export const cases: AccessCase[] = [
  {
    route: 'GET /api/v1/alerts',
    allowed: ALERT_READERS,
    build: (_ctx, regionCode) => Promise.resolve({ url: `/api/v1/alerts?region=${regionCode}` }),
    okStatus: 200,
  },
  {
    route: 'GET /api/v1/alerts/:id',
    allowed: ALERT_READERS,
    build: async (ctx, regionCode) => ({
      url: `/api/v1/alerts/${await once(readable, ctx, regionCode, () => newAlert(ctx, regionCode))}`,
    }),
    okStatus: 200,
  },
  {
    route: 'POST /api/v1/alerts/:id/acknowledge',
    allowed: ALERT_HANDLERS,
    build: async (ctx, regionCode) => ({
      url: `/api/v1/alerts/${await newAlert(ctx, regionCode)}/acknowledge`,
    }),
    okStatus: 200,
  },
  {
    route: 'POST /api/v1/alerts/:id/assign',
    allowed: ALERT_HANDLERS,
    build: async (ctx, regionCode) => {
      const assignee = await once(assignees, ctx, regionCode, () => ctx.user('forum_member', regionCode));
      return {
        url: `/api/v1/alerts/${await newAlert(ctx, regionCode)}/assign`,
        payload: { userId: assignee.id },
      };
    },
    okStatus: 200,
  },
  {
    route: 'POST /api/v1/alerts/:id/close',
    allowed: ALERT_HANDLERS,
    build: async (ctx, regionCode) => ({
      url: `/api/v1/alerts/${await newAlert(ctx, regionCode)}/close`,
      payload: { note: 'Sudah ditangani (matriks akses)' },
    }),
    okStatus: 200,
  },
  {
    route: 'GET /api/v1/live',
    allowed: 'any',
    // The stream carries only what lies inside the caller's own scope; maxSeconds=0 answers its opening.
    selfOnly: true,
    build: () => Promise.resolve({ url: '/api/v1/live?maxSeconds=0' }),
    okStatus: 200,
  },
  {
    route: 'POST /api/v1/webhooks',
    allowed: WEBHOOK_MANAGERS,
    build: (_ctx, regionCode) =>
      Promise.resolve({
        url: '/api/v1/webhooks',
        payload: { regionCode: `${regionCode}.02`, url: 'https://hooks.sinergi.invalid/matrix' },
      }),
    okStatus: 201,
  },
  {
    route: 'GET /api/v1/webhooks',
    allowed: WEBHOOK_MANAGERS,
    build: (_ctx, regionCode) => Promise.resolve({ url: `/api/v1/webhooks?region=${regionCode}` }),
    okStatus: 200,
  },
  {
    route: 'DELETE /api/v1/webhooks/:id',
    allowed: WEBHOOK_MANAGERS,
    build: async (ctx, regionCode) => ({ url: `/api/v1/webhooks/${await newWebhook(ctx, regionCode)}` }),
    okStatus: 200,
  },
];
