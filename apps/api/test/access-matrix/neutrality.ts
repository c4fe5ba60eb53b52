import crypto from 'node:crypto';
import { isWithinScope, type Role } from '@sinergi/shared';
import {
  multipart,
  PDF_BYTES,
  PNG_BYTES,
  scanPart,
  sha256,
  linkHead,
} from '../../src/modules/neutrality/test-helpers.ts';
import type { TestContext, TestUser } from '../harness.ts';
import type { AccessCase, AccessRequest } from './types.ts';

/** Routes of the neutrality module: agencies, pledge campaigns and pledges, neutrality cases. */

const OFFICERS: readonly Role[] = ['admin', 'province_officer', 'regency_officer'];
const READERS: readonly Role[] = [...OFFICERS, 'ministry', 'forum_member', 'election_body'];
const WITH_HEADS: readonly Role[] = [...READERS, 'agency_head'];
const SUBMITTERS: readonly Role[] = [...OFFICERS, 'agency_head'];

interface Fixture {
  officer: TestUser;
  agencyId: string;
  campaignId: string;
  pledgeId: string;
  caseId: string;
  evidenceSha: string;
}

const unique = () => crypto.randomBytes(4).toString('hex');

async function call<T>(
  ctx: TestContext,
  user: TestUser,
  method: 'POST' | 'GET',
  url: string,
  payload?: unknown,
  headers: Record<string, string> = {},
): Promise<T> {
  const response = await ctx.app.inject({
    method,
    url,
    headers: { ...user.headers, ...headers },
    ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
  });
  if (response.statusCode >= 300)
    throw new Error(`${method} ${url}: ${response.statusCode} ${response.body}`);
  return response.json<T>();
}

// The matrix calls `build` once per call; what a read needs is made once per app and region.
const officers = new WeakMap<object, Map<string, Promise<TestUser>>>();
function officerOf(ctx: TestContext, region: string): Promise<TestUser> {
  let perRegion = officers.get(ctx.app);
  if (!perRegion) officers.set(ctx.app, (perRegion = new Map<string, Promise<TestUser>>()));
  let officer = perRegion.get(region);
  if (!officer) perRegion.set(region, (officer = ctx.user('regency_officer', region)));
  return officer;
}

const newAgency = async (ctx: TestContext, region: string) =>
  (
    await call<{ id: string }>(ctx, await officerOf(ctx, region), 'POST', '/api/v1/agencies', {
      regionCode: region,
      name: `Dinas Matriks ${unique()}`,
      headName: 'Kepala Matriks',
    })
  ).id;

async function newPledge(ctx: TestContext, region: string, campaignId: string, agencyId?: string) {
  const agency = agencyId ?? (await newAgency(ctx, region));
  const body = multipart({ agencyId: agency, signedOn: '2024-09-28' }, [scanPart()]);
  const pledge = await call<{ id: string }>(
    ctx,
    await officerOf(ctx, region),
    'POST',
    `/api/v1/pledge-campaigns/${campaignId}/pledges`,
    body.payload,
    body.headers,
  );
  return { agencyId: agency, pledgeId: pledge.id };
}

const newCase = async (ctx: TestContext, region: string) =>
  (
    await call<{ id: string }>(ctx, await officerOf(ctx, region), 'POST', '/api/v1/neutrality-cases', {
      regionCode: region,
      subjectKind: 'asn',
      subjectName: 'Subjek Matriks',
      occurredOn: '2024-10-01',
      description: 'Kasus uji matriks akses.',
    })
  ).id;

const fixtures = new WeakMap<object, Map<string, Promise<Fixture>>>();
function fixture(ctx: TestContext, region: string): Promise<Fixture> {
  let perRegion = fixtures.get(ctx.app);
  if (!perRegion) fixtures.set(ctx.app, (perRegion = new Map<string, Promise<Fixture>>()));
  let made = perRegion.get(region);
  if (!made) {
    made = (async () => {
      const officer = await officerOf(ctx, region);
      const campaign = await call<{ id: string }>(ctx, officer, 'POST', '/api/v1/pledge-campaigns', {
        regionCode: region,
        title: 'Kampanye matriks',
        deadline: '2024-09-30',
        requireVideo: false,
      });
      const { agencyId, pledgeId } = await newPledge(ctx, region, campaign.id);
      const caseId = await newCase(ctx, region);
      const evidence = multipart({}, [
        { field: 'file', filename: 'bukti.png', contentType: 'image/png', data: PNG_BYTES },
      ]);
      await call(
        ctx,
        officer,
        'POST',
        `/api/v1/neutrality-cases/${caseId}/evidence`,
        evidence.payload,
        evidence.headers,
      );
      return { officer, agencyId, campaignId: campaign.id, pledgeId, caseId, evidenceSha: sha256(PNG_BYTES) };
    })();
    perRegion.set(region, made);
  }
  return made;
}

/** An agency head may act on their own agency: make the caller head of it when it lies in their scope. */
async function asHead(ctx: TestContext, region: string, agencyId: string): Promise<void> {
  const caller = ctx.caller;
  if (caller?.role === 'agency_head' && isWithinScope(region, caller.scopeCode))
    await linkHead(ctx, caller, agencyId);
}

const get = (url: string): Promise<AccessRequest> => Promise.resolve({ url });

export const cases: AccessCase[] = [
  // Agencies
  {
    route: 'POST /api/v1/agencies',
    allowed: OFFICERS,
    okStatus: 201,
    build: (_ctx, region) =>
      Promise.resolve({
        url: '/api/v1/agencies',
        payload: { regionCode: region, name: `Dinas Baru ${unique()}`, headName: 'Kepala' },
      }),
  },
  {
    route: 'GET /api/v1/agencies',
    allowed: WITH_HEADS,
    build: (_ctx, region) => get(`/api/v1/agencies?region=${region}`),
  },
  {
    route: 'GET /api/v1/agencies/starter',
    allowed: OFFICERS,
    build: (_ctx, region) => get(`/api/v1/agencies/starter?region=${region}`),
  },
  {
    route: 'POST /api/v1/agencies/batch',
    allowed: OFFICERS,
    okStatus: 201,
    build: (_ctx, region) =>
      Promise.resolve({
        url: '/api/v1/agencies/batch',
        payload: { regionCode: region, items: [{ name: `Badan Baru ${unique()}`, headName: 'Kepala' }] },
      }),
  },
  {
    route: 'POST /api/v1/agencies/import',
    allowed: OFFICERS,
    okStatus: 201,
    build: (_ctx, region) => {
      const csv = Buffer.from(`nama;kepala\nDinas Impor ${unique()};Kepala\n`);
      const body = multipart({ regionCode: region }, [
        { field: 'file', filename: 'opd.csv', contentType: 'text/csv', data: csv },
      ]);
      return Promise.resolve({
        url: '/api/v1/agencies/import',
        payload: body.payload,
        headers: body.headers,
      });
    },
  },
  {
    route: 'GET /api/v1/agencies/:id',
    allowed: WITH_HEADS,
    build: async (ctx, region) => {
      const id = await newAgency(ctx, region);
      await asHead(ctx, region, id);
      return { url: `/api/v1/agencies/${id}` };
    },
  },
  {
    route: 'PATCH /api/v1/agencies/:id',
    allowed: OFFICERS,
    build: async (ctx, region) => ({
      url: `/api/v1/agencies/${await newAgency(ctx, region)}`,
      payload: { headTitle: 'Kepala Dinas' },
    }),
  },

  // Pledge campaigns
  {
    route: 'POST /api/v1/pledge-campaigns',
    allowed: OFFICERS,
    okStatus: 201,
    build: (_ctx, region) =>
      Promise.resolve({
        url: '/api/v1/pledge-campaigns',
        payload: {
          regionCode: region,
          title: 'Fakta integritas',
          deadline: '2024-09-30',
          requireVideo: true,
        },
      }),
  },
  {
    route: 'GET /api/v1/pledge-campaigns',
    allowed: WITH_HEADS,
    build: (_ctx, region) => get(`/api/v1/pledge-campaigns?region=${region}`),
  },
  {
    route: 'GET /api/v1/pledge-campaigns/rollup',
    allowed: READERS,
    build: (_ctx, region) => get(`/api/v1/pledge-campaigns/rollup?region=${region}`),
  },
  {
    route: 'GET /api/v1/pledge-campaigns/rollup.xlsx',
    allowed: READERS,
    build: (_ctx, region) => get(`/api/v1/pledge-campaigns/rollup.xlsx?region=${region}`),
  },
  {
    route: 'GET /api/v1/pledge-campaigns/rollup.pdf',
    allowed: READERS,
    build: (_ctx, region) => get(`/api/v1/pledge-campaigns/rollup.pdf?region=${region}`),
  },
  {
    route: 'GET /api/v1/pledge-campaigns/:id',
    allowed: WITH_HEADS,
    build: async (ctx, region) => get(`/api/v1/pledge-campaigns/${(await fixture(ctx, region)).campaignId}`),
  },
  {
    route: 'PATCH /api/v1/pledge-campaigns/:id',
    allowed: OFFICERS,
    build: async (ctx, region) => ({
      url: `/api/v1/pledge-campaigns/${(await fixture(ctx, region)).campaignId}`,
      payload: { title: 'Kampanye matriks (diubah)' },
    }),
  },
  {
    route: 'GET /api/v1/pledge-campaigns/:id/pledges',
    allowed: READERS,
    build: async (ctx, region) =>
      get(`/api/v1/pledge-campaigns/${(await fixture(ctx, region)).campaignId}/pledges`),
  },
  {
    route: 'POST /api/v1/pledge-campaigns/:id/pledges',
    allowed: SUBMITTERS,
    okStatus: 201,
    build: async (ctx, region) => {
      const { campaignId } = await fixture(ctx, region);
      const agencyId = await newAgency(ctx, region);
      await asHead(ctx, region, agencyId);
      const body = multipart({ agencyId, signedOn: '2024-09-28' }, [scanPart(PDF_BYTES)]);
      return {
        url: `/api/v1/pledge-campaigns/${campaignId}/pledges`,
        payload: body.payload,
        headers: body.headers,
      };
    },
  },
  {
    route: 'GET /api/v1/pledge-campaigns/:id/pledges/:pledgeId',
    allowed: WITH_HEADS,
    build: async (ctx, region) => {
      const f = await fixture(ctx, region);
      await asHead(ctx, region, f.agencyId);
      return { url: `/api/v1/pledge-campaigns/${f.campaignId}/pledges/${f.pledgeId}` };
    },
  },
  {
    route: 'POST /api/v1/pledge-campaigns/:id/pledges/:pledgeId/review',
    allowed: OFFICERS,
    build: async (ctx, region) => {
      const { campaignId } = await fixture(ctx, region);
      const { pledgeId } = await newPledge(ctx, region, campaignId);
      return {
        url: `/api/v1/pledge-campaigns/${campaignId}/pledges/${pledgeId}/review`,
        payload: { decision: 'returned', reason: 'Pindaian tidak terbaca' },
      };
    },
  },
  {
    route: 'GET /api/v1/pledge-campaigns/:id/pledges/:pledgeId/files/:sha256',
    allowed: WITH_HEADS,
    build: async (ctx, region) => {
      const f = await fixture(ctx, region);
      await asHead(ctx, region, f.agencyId);
      return {
        url: `/api/v1/pledge-campaigns/${f.campaignId}/pledges/${f.pledgeId}/files/${sha256(PDF_BYTES)}`,
      };
    },
  },
  {
    route: 'GET /api/v1/pledge-campaigns/:id/agencies/:agencyId/pact.pdf',
    allowed: SUBMITTERS,
    build: async (ctx, region) => {
      const f = await fixture(ctx, region);
      await asHead(ctx, region, f.agencyId);
      return { url: `/api/v1/pledge-campaigns/${f.campaignId}/agencies/${f.agencyId}/pact.pdf` };
    },
  },
  {
    route: 'GET /api/v1/pledge-campaigns/:id/board.xlsx',
    allowed: READERS,
    build: async (ctx, region) =>
      get(`/api/v1/pledge-campaigns/${(await fixture(ctx, region)).campaignId}/board.xlsx`),
  },
  {
    route: 'GET /api/v1/pledge-campaigns/:id/board.pdf',
    allowed: READERS,
    build: async (ctx, region) =>
      get(`/api/v1/pledge-campaigns/${(await fixture(ctx, region)).campaignId}/board.pdf`),
  },

  // Neutrality cases
  {
    route: 'POST /api/v1/neutrality-cases',
    allowed: OFFICERS,
    okStatus: 201,
    build: (_ctx, region) =>
      Promise.resolve({
        url: '/api/v1/neutrality-cases',
        payload: {
          regionCode: region,
          subjectKind: 'village_head',
          subjectName: 'Kepala Desa Uji',
          occurredOn: '2024-10-01',
          description: 'Mengarahkan warga memilih pasangan calon.',
        },
      }),
  },
  {
    route: 'GET /api/v1/neutrality-cases',
    allowed: READERS,
    build: (_ctx, region) => get(`/api/v1/neutrality-cases?region=${region}`),
  },
  {
    route: 'GET /api/v1/neutrality-cases/:id',
    allowed: READERS,
    build: async (ctx, region) => get(`/api/v1/neutrality-cases/${(await fixture(ctx, region)).caseId}`),
  },
  {
    route: 'PATCH /api/v1/neutrality-cases/:id',
    allowed: OFFICERS,
    build: async (ctx, region) => ({
      url: `/api/v1/neutrality-cases/${(await fixture(ctx, region)).caseId}`,
      payload: { subjectPosition: 'Staf' },
    }),
  },
  {
    route: 'POST /api/v1/neutrality-cases/:id/referrals',
    allowed: OFFICERS,
    okStatus: 201,
    build: async (ctx, region) => ({
      url: `/api/v1/neutrality-cases/${await newCase(ctx, region)}/referrals`,
      payload: { to: 'bawaslu', referredOn: '2024-10-02' },
    }),
  },
  {
    route: 'POST /api/v1/neutrality-cases/:id/status',
    allowed: OFFICERS,
    build: async (ctx, region) => ({
      url: `/api/v1/neutrality-cases/${await newCase(ctx, region)}/status`,
      payload: { status: 'closed', on: '2024-10-02', note: 'Tidak terbukti.' },
    }),
  },
  {
    route: 'POST /api/v1/neutrality-cases/:id/evidence',
    allowed: OFFICERS,
    okStatus: 201,
    build: async (ctx, region) => {
      const body = multipart({}, [
        { field: 'file', filename: 'bukti.pdf', contentType: 'application/pdf', data: PDF_BYTES },
      ]);
      return {
        url: `/api/v1/neutrality-cases/${(await fixture(ctx, region)).caseId}/evidence`,
        payload: body.payload,
        headers: body.headers,
      };
    },
  },
  {
    route: 'GET /api/v1/neutrality-cases/:id/evidence/:sha256',
    allowed: READERS,
    build: async (ctx, region) => {
      const f = await fixture(ctx, region);
      return { url: `/api/v1/neutrality-cases/${f.caseId}/evidence/${f.evidenceSha}` };
    },
  },
];
