import type { TestContext } from '../harness.ts';
import type { AccessCase } from './types.ts';

/** Routes of the elections module (C7). */

const CREATORS = ['admin', 'ministry', 'province_officer', 'regency_officer'] as const;

const schedule = (regionCode: string) => ({
  name: `Pilkades ${regionCode}`,
  kind: 'pilkades' as const,
  scopeCode: regionCode,
  votingDay: '2025-07-20',
  stages: [
    { code: 'campaign', name: 'Kampanye', startsOn: '2025-07-10', endsOn: '2025-07-16' },
    { code: 'voting', name: 'Pemungutan suara', startsOn: '2025-07-20', endsOn: '2025-07-20' },
  ],
});

// `build` runs once per call; the election the read routes look at is created once per app and region.
const elections = new WeakMap<object, Map<string, Promise<string>>>();
function electionIn(ctx: TestContext, regionCode: string): Promise<string> {
  let perRegion = elections.get(ctx.app);
  if (!perRegion) {
    perRegion = new Map();
    elections.set(ctx.app, perRegion);
  }
  let id = perRegion.get(regionCode);
  if (!id) {
    id = ctx.services.elections.create(null, schedule(regionCode)).then((e) => e.id);
    perRegion.set(regionCode, id);
  }
  return id;
}

export const cases: AccessCase[] = [
  {
    route: 'POST /api/v1/elections',
    allowed: CREATORS,
    build: (_ctx, regionCode) => Promise.resolve({ url: '/api/v1/elections', payload: schedule(regionCode) }),
    okStatus: 201,
  },
  {
    route: 'GET /api/v1/elections',
    allowed: 'any',
    build: (_ctx, regionCode) => Promise.resolve({ url: `/api/v1/elections?region=${regionCode}` }),
    okStatus: 200,
  },
  {
    route: 'GET /api/v1/elections/current-stages',
    allowed: 'any',
    build: (_ctx, regionCode) =>
      Promise.resolve({ url: `/api/v1/elections/current-stages?region=${regionCode}&on=2025-07-20` }),
    okStatus: 200,
  },
  {
    route: 'GET /api/v1/elections/:id',
    allowed: 'any',
    build: async (ctx, regionCode) => ({ url: `/api/v1/elections/${await electionIn(ctx, regionCode)}` }),
    okStatus: 200,
  },
  {
    route: 'GET /api/v1/elections/:id/stages/current',
    allowed: 'any',
    build: async (ctx, regionCode) => ({
      url: `/api/v1/elections/${await electionIn(ctx, regionCode)}/stages/current?on=2025-07-20`,
    }),
    okStatus: 200,
  },
];
