import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NeutralityCase, PledgeCampaign } from '@sinergi/shared';
import { createTestContext, type TestContext, type TestUser } from '../../../test/harness.ts';
import {
  createAgency,
  createCampaign,
  manualClock,
  multipart,
  PDF_BYTES,
  PNG_BYTES,
  sha256,
  submitPledge,
} from './test-helpers.ts';

const clock = manualClock('2024-10-22T10:00:00+08:00');
let ctx: TestContext;
let officer: TestUser;
let campaign: PledgeCampaign;

const post = (url: string, payload: unknown, user: TestUser = officer) =>
  ctx.app.inject({ method: 'POST', url, headers: user.headers, payload: payload as Record<string, unknown> });

const newCase = async (payload: Record<string, unknown>) => {
  const response = await post('/api/v1/neutrality-cases', {
    regionCode: '51.06',
    subjectKind: 'asn',
    subjectName: 'I Komang Saputra',
    occurredOn: '2024-10-19',
    description: 'Hadir di kampanye terbuka pasangan calon.',
    ...payload,
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json<NeutralityCase>();
};

beforeAll(async () => {
  ctx = await createTestContext({}, { clock });
  officer = await ctx.user('regency_officer', '51.06');
  campaign = await createCampaign(ctx, officer, '51.06', { deadline: '2024-09-30' });
});
afterAll(() => ctx.close());

describe('neutrality cases', () => {
  it('flags a case against an agency that signed a pact before the incident, with the pledge', async () => {
    const signed = await createAgency(ctx, officer, '51.06');
    const pledge = await submitPledge(ctx, officer, campaign.id, {
      agencyId: signed.id,
      signedOn: '2024-09-28',
    });
    expect(pledge.statusCode).toBe(201);
    const breached = await newCase({ agencyId: signed.id });
    expect(breached).toMatchObject({
      status: 'recorded',
      pledgeBreached: true,
      pledge: {
        id: pledge.json<{ id: string }>().id,
        campaignId: campaign.id,
        signedOn: '2024-09-28',
        status: 'pending',
      },
      agency: { id: signed.id },
    });
    const before = await newCase({ agencyId: signed.id, occurredOn: '2024-09-20' });
    expect(before.pledgeBreached).toBe(false);
    const unsigned = await createAgency(ctx, officer, '51.06');
    expect((await newCase({ agencyId: unsigned.id })).pledgeBreached).toBe(false);
    expect((await newCase({ subjectKind: 'village_head', regionCode: '51.06.04' })).agency).toBeNull();
  });

  it('moves recorded → referred → decided → closed and refuses other moves', async () => {
    const item = await newCase({});
    const decideEarly = await post(`/api/v1/neutrality-cases/${item.id}/status`, {
      status: 'decided',
      on: '2024-10-21',
      note: 'x',
    });
    expect(decideEarly.statusCode).toBe(409);
    expect(decideEarly.json<{ error: { code: string } }>().error.code).toBe(
      'neutrality_case.illegal_transition',
    );
    const referred = await post(`/api/v1/neutrality-cases/${item.id}/referrals`, {
      to: 'bawaslu',
      referredOn: '2024-10-20',
      reference: '001/Kesbangpol/X/2024',
    });
    expect(referred.statusCode, referred.body).toBe(201);
    const second = await post(`/api/v1/neutrality-cases/${item.id}/referrals`, {
      to: 'bkn',
      referredOn: '2024-10-21',
    });
    expect(second.json<NeutralityCase>()).toMatchObject({ status: 'referred' });
    expect(second.json<NeutralityCase>().referrals.map((r) => r.to)).toEqual(['bawaslu', 'bkn']);
    const decided = await post(`/api/v1/neutrality-cases/${item.id}/status`, {
      status: 'decided',
      on: '2024-10-22',
      note: 'Rekomendasi sanksi disiplin sedang.',
    });
    expect(decided.json<NeutralityCase>()).toMatchObject({ status: 'decided', decidedOn: '2024-10-22' });
    const closed = await post(`/api/v1/neutrality-cases/${item.id}/status`, {
      status: 'closed',
      on: '2024-10-22',
      note: 'Selesai.',
    });
    expect(closed.json<NeutralityCase>()).toMatchObject({ status: 'closed', closedOn: '2024-10-22' });
    const reopen = await post(`/api/v1/neutrality-cases/${item.id}/referrals`, {
      to: 'kasn',
      referredOn: '2024-10-22',
    });
    expect(reopen.statusCode).toBe(409);
  });

  it('refuses dates in the future or before the incident, and bad input, writing nothing', async () => {
    const item = await newCase({});
    const future = await post(`/api/v1/neutrality-cases/${item.id}/referrals`, {
      to: 'bawaslu',
      referredOn: '2024-10-23',
    });
    expect(future.statusCode).toBe(400);
    expect(future.json<{ error: { code: string } }>().error.code).toBe('neutrality_case.date_invalid');
    const beforeIncident = await post(`/api/v1/neutrality-cases/${item.id}/referrals`, {
      to: 'bawaslu',
      referredOn: '2024-10-18',
    });
    expect(beforeIncident.statusCode).toBe(400);
    const unchanged = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/neutrality-cases/${item.id}`,
      headers: officer.headers,
    });
    expect(unchanged.json<NeutralityCase>()).toMatchObject({ status: 'recorded', referrals: [] });
    const bad: unknown[] = [
      {
        regionCode: '51.06',
        subjectKind: 'camat',
        subjectName: 'X',
        occurredOn: '2024-10-01',
        description: 'x',
      },
      {
        regionCode: '51.06',
        subjectKind: 'asn',
        subjectName: 'X',
        occurredOn: '2024-10-30',
        description: 'x',
      },
      {
        regionCode: '51.06',
        subjectKind: 'asn',
        subjectName: 'X',
        occurredOn: '2024-10-01',
        description: 'x',
        source: 'report',
      },
      {
        regionCode: '51.06',
        subjectKind: 'asn',
        subjectName: 'X',
        occurredOn: '2024-10-01',
        description: 'x',
        subjectNip: '1',
      },
      { regionCode: 'ID', subjectKind: 'asn', subjectName: 'X', occurredOn: '2024-10-01', description: 'x' },
    ];
    for (const payload of bad) {
      const response = await post('/api/v1/neutrality-cases', payload);
      expect([400, 403], `${JSON.stringify(payload)} ${response.body}`).toContain(response.statusCode);
    }
    const list = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/neutrality-cases?limit=200',
      headers: officer.headers,
    });
    expect(list.json<{ items: NeutralityCase[] }>().items.some((c) => c.occurredOn === '2024-10-30')).toBe(
      false,
    );
  });

  it('checks that a case taken from an early-warning report names a report the caller can see', async () => {
    const response = await post('/api/v1/neutrality-cases', {
      regionCode: '51.06',
      subjectKind: 'polri',
      subjectName: 'X',
      occurredOn: '2024-10-01',
      description: 'x',
      source: 'report',
      reportId: '00000000-0000-4000-8000-000000000000',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json<{ error: { code: string } }>().error.code).toBe('neutrality_case.report_not_found');
  });

  it('keeps evidence files with their SHA-256, typed by content', async () => {
    const item = await newCase({});
    const body = multipart({}, [
      { field: 'file', filename: 'screenshot.png', contentType: 'image/png', data: PNG_BYTES },
      { field: 'file', filename: 'surat.pdf', contentType: 'application/pdf', data: PDF_BYTES },
    ]);
    const response = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/neutrality-cases/${item.id}/evidence`,
      headers: { ...officer.headers, ...body.headers },
      payload: body.payload,
    });
    expect(response.statusCode, response.body).toBe(201);
    const files = response.json<NeutralityCase>().evidenceFiles;
    expect(files.map((f) => f.mime)).toEqual(['image/png', 'application/pdf']);
    expect(files[1]?.sha256).toBe(sha256(PDF_BYTES));
    const download = await ctx.app.inject({
      method: 'GET',
      url: files[1]?.url ?? '',
      headers: officer.headers,
    });
    expect(sha256(download.rawPayload)).toBe(sha256(PDF_BYTES));
    const lying = multipart({}, [
      { field: 'file', filename: 'x.pdf', contentType: 'application/pdf', data: PNG_BYTES },
    ]);
    const refused = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/neutrality-cases/${item.id}/evidence`,
      headers: { ...officer.headers, ...lying.headers },
      payload: lying.payload,
    });
    expect(refused.statusCode).toBe(400);
  });

  it('an officer of another regency sees none of the cases', async () => {
    const item = await newCase({});
    const other = await ctx.user('regency_officer', '51.01');
    const read = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/neutrality-cases/${item.id}`,
      headers: other.headers,
    });
    expect(read.statusCode).toBe(404);
    const list = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/neutrality-cases',
      headers: other.headers,
    });
    expect(list.json<{ items: unknown[] }>().items).toEqual([]);
  });
});
