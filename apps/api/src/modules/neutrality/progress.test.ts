import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agency, PledgeCampaign, PledgeRollup } from '@sinergi/shared';
import { createTestContext, type TestContext, type TestUser } from '../../../test/harness.ts';
import { compliancePct } from './presenter.ts';
import { createAgency, createCampaign, manualClock, submitPledge } from './test-helpers.ts';

/**
 * A Bangli-like campaign (51.06, WITA = UTC+8, deadline Monday 30 September 2024): agencies sign
 * before, on and after the deadline, and one never does. The clock is moved by hand.
 */
const clock = manualClock('2024-09-27T09:00:00+08:00');
let ctx: TestContext;
let officer: TestUser;
let campaign: PledgeCampaign;
const agencies: Record<'early' | 'onDay' | 'late' | 'never', Agency> = {} as never;

const progress = async (user: TestUser = officer) => {
  const response = await ctx.app.inject({
    method: 'GET',
    url: `/api/v1/pledge-campaigns/${campaign.id}`,
    headers: user.headers,
  });
  expect(response.statusCode, response.body).toBe(200);
  const body = response.json<PledgeCampaign>();
  if (!body.progress) throw new Error('no progress');
  return body.progress;
};

const sign = async (agency: Agency, signedOn: string) => {
  const response = await submitPledge(ctx, officer, campaign.id, { agencyId: agency.id, signedOn });
  expect(response.statusCode, response.body).toBe(201);
};

beforeAll(async () => {
  ctx = await createTestContext({}, { clock });
  officer = await ctx.user('regency_officer', '51.06');
  agencies.early = await createAgency(ctx, officer, '51.06', { name: 'Dinas Kesehatan' });
  agencies.onDay = await createAgency(ctx, officer, '51.06', { name: 'Dinas Pendidikan' });
  agencies.late = await createAgency(ctx, officer, '51.06.04', { name: 'Kecamatan Kintamani' });
  agencies.never = await createAgency(ctx, officer, '51.06', { name: 'Dinas Sosial' });
  campaign = await createCampaign(ctx, officer, '51.06', { deadline: '2024-09-30', requireVideo: true });
});
afterAll(() => ctx.close());

describe('pledge campaign progress in the region’s zone', () => {
  it('the deadline ends at midnight WITA after 30 September', () => {
    expect(campaign.timezoneAbbreviation).toBe('WITA');
    expect(campaign.closesAt).toBe('2024-09-30T16:00:00.000Z');
  });

  it('counts a pact signed before the deadline as signed and on time, with nobody overdue yet', async () => {
    clock.set('2024-09-28T10:00:00+08:00');
    await sign(agencies.early, '2024-09-28');
    const p = await progress();
    expect(p).toMatchObject({
      agencies: 4,
      signed: 1,
      onTime: 1,
      withVideo: 0,
      pending: 1,
      deadlinePassed: false,
    });
    expect(p.compliancePct).toBe(25);
    expect(p.overdue).toEqual([]);
  });

  it('at 23:59 WITA on the 30th a pact signed that day is on time and the others are not yet overdue', async () => {
    clock.set('2024-09-30T20:00:00+08:00');
    await sign(agencies.onDay, '2024-09-30');
    clock.set('2024-09-30T23:59:59+08:00');
    const p = await progress();
    expect(p).toMatchObject({
      signed: 2,
      onTime: 2,
      compliancePct: 50,
      deadlinePassed: false,
      overdueCount: 0,
    });
    expect(p.overdue).toEqual([]);
  });

  it('at 00:00 WITA on 1 October the agencies without a pact are overdue', async () => {
    clock.set('2024-10-01T00:00:00+08:00');
    const p = await progress();
    expect(p).toMatchObject({
      signed: 2,
      onTime: 2,
      compliancePct: 50,
      deadlinePassed: true,
      overdueCount: 2,
    });
    expect(p.overdue.map((a) => a.name)).toEqual(['Dinas Sosial', 'Kecamatan Kintamani']);
  });

  it('a pact signed after the deadline counts as signed but not on time, and leaves the overdue list', async () => {
    clock.set('2024-10-01T09:00:00+08:00');
    await sign(agencies.late, '2024-10-01');
    const p = await progress();
    expect(p).toMatchObject({ agencies: 4, signed: 3, onTime: 2, compliancePct: 75, overdueCount: 1 });
    expect(p.overdue.map((a) => a.name)).toEqual(['Dinas Sosial']);
  });

  it('the board lists overdue agencies first, then the others by state', async () => {
    const response = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/pledge-campaigns/${campaign.id}/pledges`,
      headers: officer.headers,
    });
    expect(response.statusCode).toBe(200);
    const rows = response.json<{
      items: Array<{ agency: { name: string }; overdue: boolean; pledge: { onTime: boolean } | null }>;
    }>().items;
    expect(rows[0]).toMatchObject({ agency: { name: 'Dinas Sosial' }, overdue: true, pledge: null });
    expect(rows.slice(1).map((r) => [r.agency.name, r.pledge?.onTime])).toEqual([
      ['Dinas Kesehatan', true],
      ['Dinas Pendidikan', true],
      ['Kecamatan Kintamani', false],
    ]);
    const overdueOnly = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/pledge-campaigns/${campaign.id}/pledges?state=overdue`,
      headers: officer.headers,
    });
    expect(overdueOnly.json<{ items: unknown[] }>().items).toHaveLength(1);
  });

  it('the province sees the same figures rolled up across its regencies', async () => {
    const province = await ctx.user('province_officer', '51');
    const response = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/pledge-campaigns/rollup?region=51',
      headers: province.headers,
    });
    expect(response.statusCode, response.body).toBe(200);
    const rollup = response.json<PledgeRollup>();
    expect(rollup.items).toHaveLength(1);
    expect(rollup.items[0]).toMatchObject({
      code: '51.06',
      name: 'KABUPATEN BANGLI',
      campaigns: 1,
      agencies: 4,
      signed: 3,
      onTime: 2,
      compliancePct: 75,
      overdueCount: 1,
    });
    expect(rollup.totals).toMatchObject({ campaigns: 1, agencies: 4, signed: 3, compliancePct: 75 });
    // The province also sees the regency's campaign itself, counted over its agencies.
    expect((await progress(province)).signed).toBe(3);
  });

  it('a pact dated the 30th but first uploaded on 1 October is not on time', async () => {
    const other = await createAgency(ctx, officer, '51.06', { name: 'Dinas Pariwisata' });
    clock.set('2024-10-01T00:00:00+08:00');
    await sign(other, '2024-09-30');
    const p = await progress();
    expect(p).toMatchObject({ agencies: 5, signed: 4, onTime: 2, compliancePct: 80 });
  });

  it('a national campaign ends at midnight in each agency’s own zone, and each scope sees its own part', async () => {
    clock.set('2024-09-25T09:00:00+07:00');
    const admin = await ctx.user('admin', 'ID');
    await createAgency(ctx, await ctx.user('regency_officer', '15.04'), '15.04', { name: 'Dinas Kesehatan' });
    const national = await createCampaign(ctx, admin, 'ID', { deadline: '2024-09-30', title: 'Nasional' });
    expect(national).toMatchObject({
      regionCode: 'ID',
      regionName: 'Indonesia',
      timezoneAbbreviation: 'WIB',
    });
    const nationalProgress = async (user: TestUser) =>
      (
        await ctx.app.inject({
          method: 'GET',
          url: `/api/v1/pledge-campaigns/${national.id}`,
          headers: user.headers,
        })
      ).json<PledgeCampaign>().progress;
    // 00:30 WITA on 1 October is 23:30 WIB on the 30th: Bangli is overdue, Batanghari not yet.
    clock.set('2024-09-30T16:30:00Z');
    expect(await nationalProgress(admin)).toMatchObject({ agencies: 6, signed: 0, overdueCount: 5 });
    expect(await nationalProgress(officer)).toMatchObject({ agencies: 5, overdueCount: 5 });
    clock.set('2024-09-30T17:00:00Z');
    expect(await nationalProgress(admin)).toMatchObject({ overdueCount: 6 });
    const rollup = (
      await ctx.app.inject({
        method: 'GET',
        url: `/api/v1/pledge-campaigns/rollup?region=ID&campaign=${national.id}`,
        headers: admin.headers,
      })
    ).json<PledgeRollup>();
    expect(rollup.items.map((r) => [r.code, r.agencies, r.overdueCount])).toEqual([
      ['15', 1, 1],
      ['51', 5, 5],
    ]);
    // A regency officer cannot change the national campaign that covers them.
    const patch = await ctx.app.inject({
      method: 'PATCH',
      url: `/api/v1/pledge-campaigns/${national.id}`,
      headers: officer.headers,
      payload: { title: 'Diubah' },
    });
    expect(patch.statusCode).toBe(403);
  });

  it('a deactivated agency leaves the counts, and its pledge with it', async () => {
    const before = await progress();
    const patch = await ctx.app.inject({
      method: 'PATCH',
      url: `/api/v1/agencies/${agencies.early.id}`,
      headers: officer.headers,
      payload: { active: false },
    });
    expect(patch.statusCode).toBe(200);
    const after = await progress();
    expect([after.agencies, after.signed, after.onTime]).toEqual([
      before.agencies - 1,
      before.signed - 1,
      before.onTime - 1,
    ]);
  });

  it('rounds the compliance percentage to one decimal', () => {
    expect(compliancePct(1, 3)).toBe(33.3);
    expect(compliancePct(2, 3)).toBe(66.7);
    expect(compliancePct(0, 0)).toBe(0);
  });
});
