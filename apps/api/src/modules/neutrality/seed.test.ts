import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NeutralityCase, PledgeCampaign } from '@sinergi/shared';
import { createTestContext, type TestContext, type TestUser } from '../../../test/harness.ts';
import { DEMO_CAMPAIGN_TITLE, seedDemoNeutrality } from './seed.ts';
import { pledgeFiguresForSitrep } from './sitrep.ts';

let ctx: TestContext;
let officer: TestUser;

beforeAll(async () => {
  ctx = await createTestContext();
  officer = await ctx.user('regency_officer', '51.06');
});
afterAll(() => ctx.close());

describe('seedDemoNeutrality', () => {
  it('replays the Bangli campaign of September 2024 once, and does nothing the second time', async () => {
    expect(await seedDemoNeutrality(ctx.services.neutrality, { headPassword: 'sinergi-demo-2024' })).toEqual({
      seeded: true,
    });
    expect(await seedDemoNeutrality(ctx.services.neutrality, { headPassword: 'sinergi-demo-2024' })).toEqual({
      seeded: false,
      reason: 'already seeded',
    });
    const list = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/pledge-campaigns',
      headers: officer.headers,
    });
    const campaigns = list
      .json<{ items: PledgeCampaign[] }>()
      .items.filter((c) => c.title === DEMO_CAMPAIGN_TITLE);
    expect(campaigns).toHaveLength(1);
    const detail = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/pledge-campaigns/${campaigns[0]?.id}`,
      headers: officer.headers,
    });
    // 18 agencies; 15 uploaded, one of them sent back; one uploaded on 1 October; three never.
    expect(detail.json<PledgeCampaign>().progress).toMatchObject({
      agencies: 18,
      signed: 14,
      onTime: 13,
      returned: 1,
      compliancePct: 77.8,
      overdueCount: 4,
      deadlinePassed: true,
    });
    const cases = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/neutrality-cases',
      headers: officer.headers,
    });
    const items = cases.json<{ items: NeutralityCase[] }>().items;
    expect(items.map((c) => [c.subjectKind, c.status, c.pledgeBreached]).sort()).toEqual([
      ['asn', 'referred', true],
      ['village_head', 'recorded', false],
    ]);
    const figures = await pledgeFiguresForSitrep(ctx.services.neutrality, {
      regionPath: '51.06',
      periodStart: '2024-10-01',
      periodEnd: '2024-10-07',
      now: new Date('2024-10-07T12:00:00Z'),
    });
    expect(figures.campaigns).toEqual([
      { title: DEMO_CAMPAIGN_TITLE, deadline: '2024-09-30', compliancePct: 77.8, overdue: 4 },
    ]);
    const head = await ctx.session('kadis.kesehatan.bangli', 'sinergi-demo-2024');
    const mine = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/pledge-campaigns/${campaigns[0]?.id}`,
      headers: head.headers,
    });
    expect(mine.json<PledgeCampaign>().mine).toMatchObject({
      agency: { name: 'Dinas Kesehatan' },
      pledge: null,
    });
  });
});
