import type { Checklist } from '@sinergi/shared';
import { PILKADA_2024_ID } from '../../src/modules/elections/index.ts';
import type { TestContext } from '../harness.ts';
import type { AccessCase } from './types.ts';

/** Routes of the readiness module (C8). */

const MANAGERS = ['admin', 'province_officer', 'regency_officer'] as const;
const UPDATERS = [...MANAGERS, 'forum_member', 'election_body'] as const;

// A 1×1 PNG: the smallest evidence the file store accepts.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);
const BOUNDARY = '----sinergi-matrix';
const upload = () => ({
  payload: Buffer.concat([
    Buffer.from(
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="bukti.png"\r\nContent-Type: image/png\r\n\r\n`,
    ),
    PNG,
    Buffer.from(`\r\n--${BOUNDARY}--\r\n`),
  ]),
  headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` },
});

// `build` runs once per call; the checklist (with one item carrying evidence) is made once per app and region.
const checklists = new WeakMap<object, Map<string, Promise<Checklist>>>();
function checklistIn(ctx: TestContext, regionCode: string): Promise<Checklist> {
  let perRegion = checklists.get(ctx.app);
  if (!perRegion) {
    perRegion = new Map();
    checklists.set(ctx.app, perRegion);
  }
  let checklist = perRegion.get(regionCode);
  if (!checklist) {
    checklist = (async () => {
      const created = await ctx.services.readiness.createChecklist(null, {
        regionCode,
        electionId: PILKADA_2024_ID,
        stageCode: 'voting',
        templateCode: 'pemungutan_suara',
      });
      const [first] = created.items;
      if (!first) throw new Error('the template has no items');
      const admin = await ctx.user('admin', 'ID');
      const file = upload();
      const res = await ctx.app.inject({
        method: 'POST',
        url: `/api/v1/readiness/items/${first.id}/evidence`,
        headers: { ...admin.headers, ...file.headers },
        payload: file.payload,
      });
      if (res.statusCode !== 200) throw new Error(`evidence upload failed: ${res.body}`);
      return created;
    })();
    perRegion.set(regionCode, checklist);
  }
  return checklist;
}

const firstItem = async (ctx: TestContext, regionCode: string) => {
  const item = (await checklistIn(ctx, regionCode)).items[0];
  if (!item) throw new Error('no item');
  return item.id;
};

export const cases: AccessCase[] = [
  {
    route: 'GET /api/v1/readiness/templates',
    allowed: 'any',
    // The templates are the same everywhere: no region's data, so there is no call from outside.
    selfOnly: true,
    build: () => Promise.resolve({ url: '/api/v1/readiness/templates' }),
    okStatus: 200,
  },
  {
    route: 'POST /api/v1/readiness/checklists',
    allowed: MANAGERS,
    // A fresh election per call: a region has one checklist per stage.
    build: async (ctx, regionCode) => {
      const election = await ctx.services.elections.create(null, {
        name: 'Pilkada matriks akses',
        kind: 'pilkada',
        votingDay: '2024-11-27',
        stages: [{ code: 'voting', name: 'Pemungutan suara', startsOn: '2024-11-27', endsOn: '2024-11-27' }],
      });
      return {
        url: '/api/v1/readiness/checklists',
        payload: { regionCode, electionId: election.id, stageCode: 'voting', templateCode: 'kampanye' },
      };
    },
    okStatus: 201,
  },
  {
    route: 'GET /api/v1/readiness/checklists',
    allowed: 'any',
    build: (_ctx, regionCode) =>
      Promise.resolve({ url: `/api/v1/readiness/checklists?region=${regionCode}` }),
    okStatus: 200,
  },
  {
    route: 'GET /api/v1/readiness/checklists/:id',
    allowed: 'any',
    build: async (ctx, regionCode) => ({
      url: `/api/v1/readiness/checklists/${(await checklistIn(ctx, regionCode)).id}`,
    }),
    okStatus: 200,
  },
  {
    route: 'POST /api/v1/readiness/checklists/:id/items',
    allowed: MANAGERS,
    build: async (ctx, regionCode) => ({
      url: `/api/v1/readiness/checklists/${(await checklistIn(ctx, regionCode)).id}/items`,
      payload: { area: 'disaster', title: 'Perahu karet siaga di TPS bantaran sungai' },
    }),
    okStatus: 201,
  },
  {
    route: 'PATCH /api/v1/readiness/items/:id',
    allowed: UPDATERS,
    build: async (ctx, regionCode) => ({
      url: `/api/v1/readiness/items/${await firstItem(ctx, regionCode)}`,
      payload: { status: 'in_progress', evidenceNote: 'Sedang berjalan' },
    }),
    okStatus: 200,
  },
  {
    route: 'POST /api/v1/readiness/items/:id/evidence',
    allowed: UPDATERS,
    build: async (ctx, regionCode) => ({
      url: `/api/v1/readiness/items/${await firstItem(ctx, regionCode)}/evidence`,
      ...upload(),
    }),
    okStatus: 200,
  },
  {
    route: 'GET /api/v1/readiness/items/:id/evidence',
    allowed: 'any',
    build: async (ctx, regionCode) => ({
      url: `/api/v1/readiness/items/${await firstItem(ctx, regionCode)}/evidence`,
    }),
    okStatus: 200,
  },
  {
    route: 'GET /api/v1/readiness',
    allowed: 'any',
    build: (_ctx, regionCode) => Promise.resolve({ url: `/api/v1/readiness?region=${regionCode}` }),
    okStatus: 200,
  },
];
