import { parentOfCode, type Role } from '@sinergi/shared';
import type { TestContext, TestUser } from '../harness.ts';
import type { AccessCase } from './types.ts';

/** Routes of the situation reports (sitreps). */

const AUTHORS: readonly Role[] = ['admin', 'province_officer', 'regency_officer'];
const READERS: readonly Role[] = ['admin', 'ministry', 'province_officer', 'regency_officer', 'forum_member'];
const REVIEWERS: readonly Role[] = ['admin', 'ministry', 'province_officer'];
const PERIOD = { periodStart: '2024-11-18', periodEnd: '2024-11-24' };

const admins = new WeakMap<object, Promise<TestUser>>();
function adminOf(ctx: TestContext): Promise<TestUser> {
  let admin = admins.get(ctx.app);
  if (!admin) {
    admin = ctx.user('admin', 'ID');
    admins.set(ctx.app, admin);
  }
  return admin;
}

// Each sitrep gets a period of its own: a newer one of the same period would supersede it.
let periods = 0;
function freshPeriod(): typeof PERIOD {
  periods += 1;
  const day = new Date(Date.UTC(2020, 0, 1) + periods * 86_400_000).toISOString().slice(0, 10);
  return { periodStart: day, periodEnd: day };
}

/** A sitrep of `regionCode` made by an admin; sent (submitted) when asked. */
async function sitrepOf(ctx: TestContext, regionCode: string, submitted: boolean): Promise<string> {
  const admin = await adminOf(ctx);
  const created = await ctx.app.inject({
    method: 'POST',
    url: '/api/v1/sitreps',
    headers: admin.headers,
    payload: { regionCode, ...freshPeriod() },
  });
  const id = created.json<{ id: string }>().id;
  if (submitted)
    await ctx.app.inject({ method: 'POST', url: `/api/v1/sitreps/${id}/submit`, headers: admin.headers });
  return id;
}

/** A province officer writes its province's sitrep, a regency officer its regency's. */
const ownRegion = (ctx: TestContext, regencyCode: string) =>
  ctx.caller?.role === 'province_officer' ? (parentOfCode(regencyCode) ?? regencyCode) : regencyCode;
/** What a reviewer receives: the ministry the provinces' sitreps, a province officer its regencies'. */
const sentTo = (ctx: TestContext, regencyCode: string) =>
  ctx.caller?.role === 'ministry' ? (parentOfCode(regencyCode) ?? regencyCode) : regencyCode;

export const cases: AccessCase[] = [
  {
    route: 'POST /api/v1/sitreps',
    allowed: AUTHORS,
    build: (ctx, regionCode) =>
      Promise.resolve({
        url: '/api/v1/sitreps',
        payload: { regionCode: ownRegion(ctx, regionCode), ...PERIOD },
      }),
    okStatus: 201,
  },
  {
    route: 'GET /api/v1/sitreps',
    allowed: READERS,
    build: (_ctx, regionCode) => Promise.resolve({ url: `/api/v1/sitreps?box=outbox&region=${regionCode}` }),
    okStatus: 200,
  },
  {
    route: 'GET /api/v1/sitreps/compliance',
    allowed: REVIEWERS,
    build: (_ctx, regionCode) =>
      Promise.resolve({
        url: `/api/v1/sitreps/compliance?region=${parentOfCode(regionCode)}&periodStart=${PERIOD.periodStart}&periodEnd=${PERIOD.periodEnd}`,
      }),
    okStatus: 200,
  },
  {
    route: 'GET /api/v1/sitreps/:id',
    allowed: READERS,
    build: async (ctx, regionCode) => ({ url: `/api/v1/sitreps/${await sitrepOf(ctx, regionCode, false)}` }),
    okStatus: 200,
  },
  {
    route: 'PATCH /api/v1/sitreps/:id',
    allowed: AUTHORS,
    build: async (ctx, regionCode) => ({
      url: `/api/v1/sitreps/${await sitrepOf(ctx, ownRegion(ctx, regionCode), false)}`,
      payload: { narrative: 'Situasi kondusif.' },
    }),
    okStatus: 200,
  },
  {
    route: 'POST /api/v1/sitreps/:id/submit',
    allowed: AUTHORS,
    build: async (ctx, regionCode) => ({
      url: `/api/v1/sitreps/${await sitrepOf(ctx, ownRegion(ctx, regionCode), false)}/submit`,
    }),
    okStatus: 200,
  },
  {
    route: 'POST /api/v1/sitreps/:id/acknowledge',
    allowed: REVIEWERS,
    build: async (ctx, regionCode) => ({
      url: `/api/v1/sitreps/${await sitrepOf(ctx, sentTo(ctx, regionCode), true)}/acknowledge`,
    }),
    okStatus: 200,
  },
  {
    route: 'POST /api/v1/sitreps/:id/return',
    allowed: REVIEWERS,
    build: async (ctx, regionCode) => ({
      url: `/api/v1/sitreps/${await sitrepOf(ctx, sentTo(ctx, regionCode), true)}/return`,
      payload: { note: 'Lengkapi data.' },
    }),
    okStatus: 200,
  },
  {
    route: 'GET /api/v1/sitreps/:id/document.pdf',
    allowed: READERS,
    build: async (ctx, regionCode) => ({
      url: `/api/v1/sitreps/${await sitrepOf(ctx, regionCode, true)}/document.pdf`,
    }),
    okStatus: 200,
  },
  {
    route: 'GET /api/v1/sitreps/:id/document.xlsx',
    allowed: READERS,
    build: async (ctx, regionCode) => ({
      url: `/api/v1/sitreps/${await sitrepOf(ctx, regionCode, true)}/document.xlsx`,
    }),
    okStatus: 200,
  },
];
