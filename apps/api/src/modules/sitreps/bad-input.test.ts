import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CODES } from '@sinergi/shared';
import { createTestContext, type TestContext, type TestUser } from '../../../test/harness.ts';

let ctx: TestContext;
let officer: TestUser;
let province: TestUser;
let draftId: string;
let sentId: string;

const counts = async () => {
  const r = await sql<{ sitreps: number; audit: number; narratives: string }>`
    SELECT (SELECT count(*)::int FROM sitreps) AS sitreps, (SELECT count(*)::int FROM audit_log) AS audit,
           (SELECT string_agg(narrative || status || coalesce(review_note, ''), '|' ORDER BY id) FROM sitreps) AS narratives`.execute(
    ctx.database.db,
  );
  return r.rows[0];
};

beforeAll(async () => {
  ctx = await createTestContext();
  officer = await ctx.user('regency_officer', '15.07');
  province = await ctx.user('province_officer', '15');
  const period = { periodStart: '2024-11-18', periodEnd: '2024-11-24' };
  draftId = (
    await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/sitreps',
      headers: officer.headers,
      payload: { regionCode: '15.07', ...period },
    })
  ).json().id;
  sentId = (
    await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/sitreps',
      headers: officer.headers,
      payload: { regionCode: '15.07', periodStart: '2024-12-01', periodEnd: '2024-12-01' },
    })
  ).json().id;
  await ctx.app.inject({ method: 'POST', url: `/api/v1/sitreps/${sentId}/submit`, headers: officer.headers });
  await ctx.services.audit.chainNow();
});
afterAll(() => ctx.close());

const valid = { regionCode: '15.07', periodStart: '2024-11-18', periodEnd: '2024-11-24' };
const badValues: Record<string, unknown[]> = {
  regionCode: [
    undefined,
    null,
    15,
    '',
    '15.7',
    '99.99',
    'ID',
    '15.07.01',
    '15.07.01.2001',
    'x'.repeat(300),
    ['15.07'],
    { code: '15.07' },
  ],
  periodStart: [
    undefined,
    null,
    '',
    '2024-02-30',
    '2024-13-01',
    '24-11-18',
    '2024-11-18T00:00:00Z',
    20241118,
    '2024-11-25',
    true,
  ],
  periodEnd: [undefined, null, '', '2024-11-31', 'tomorrow', '2025-06-30', 0, []],
};

describe('bad input to the sitrep routes', () => {
  it('every malformed compile request is a 4xx with a known code and writes nothing', async () => {
    const before = await counts();
    const cases: Array<Record<string, unknown>> = [];
    for (const [field, values] of Object.entries(badValues)) {
      for (const value of values) {
        const payload: Record<string, unknown> = { ...valid };
        if (value === undefined) delete payload[field];
        else payload[field] = value;
        cases.push(payload);
      }
    }
    for (const payload of cases) {
      const res = await ctx.app.inject({
        method: 'POST',
        url: '/api/v1/sitreps',
        headers: officer.headers,
        payload: payload as Record<string, string>,
      });
      expect(res.statusCode, JSON.stringify(payload)).toBeGreaterThanOrEqual(400);
      expect(res.statusCode, JSON.stringify(payload)).toBeLessThan(500);
      expect(Object.keys(ERROR_CODES)).toContain(res.json().error.code);
    }
    const raw = [
      { payload: '{"regionCode": "15.07",', type: 'application/json', status: 400 },
      { payload: 'regionCode=15.07', type: 'application/x-www-form-urlencoded', status: 415 },
      { payload: '[]', type: 'application/json', status: 400 },
      {
        payload: JSON.stringify({ ...valid, pad: 'x'.repeat(2_000_000) }),
        type: 'application/json',
        status: 413,
      },
    ];
    for (const r of raw) {
      const res = await ctx.app.inject({
        method: 'POST',
        url: '/api/v1/sitreps',
        headers: { ...officer.headers, 'content-type': r.type },
        payload: r.payload,
      });
      expect(res.statusCode, r.payload.slice(0, 40)).toBe(r.status);
    }
    await ctx.services.audit.chainNow();
    expect(await counts()).toEqual(before);
  });

  it('edits, reviews and ids that are wrong are refused without changing anything', async () => {
    const before = await counts();
    const attempts: Array<{
      method: 'PATCH' | 'POST';
      url: string;
      payload?: unknown;
      user: TestUser;
      status: number;
    }> = [
      {
        method: 'PATCH',
        url: `/api/v1/sitreps/${draftId}`,
        payload: { narrative: 42 },
        user: officer,
        status: 400,
      },
      { method: 'PATCH', url: `/api/v1/sitreps/${draftId}`, payload: {}, user: officer, status: 400 },
      {
        method: 'PATCH',
        url: `/api/v1/sitreps/${draftId}`,
        payload: { narrative: 'x'.repeat(20_001) },
        user: officer,
        status: 400,
      },
      {
        method: 'PATCH',
        url: `/api/v1/sitreps/${sentId}`,
        payload: { narrative: 'late change' },
        user: officer,
        status: 409,
      },
      {
        method: 'PATCH',
        url: '/api/v1/sitreps/not-a-uuid',
        payload: { narrative: 'x' },
        user: officer,
        status: 400,
      },
      {
        method: 'PATCH',
        url: '/api/v1/sitreps/00000000-0000-4000-8000-000000000000',
        payload: { narrative: 'x' },
        user: officer,
        status: 404,
      },
      { method: 'POST', url: `/api/v1/sitreps/${sentId}/submit`, user: officer, status: 409 },
      { method: 'POST', url: `/api/v1/sitreps/${draftId}/acknowledge`, user: province, status: 409 },
      { method: 'POST', url: `/api/v1/sitreps/${sentId}/return`, payload: {}, user: province, status: 400 },
      {
        method: 'POST',
        url: `/api/v1/sitreps/${sentId}/return`,
        payload: { note: '   ' },
        user: province,
        status: 400,
      },
      {
        method: 'POST',
        url: `/api/v1/sitreps/${sentId}/return`,
        payload: { note: 'x'.repeat(2001) },
        user: province,
        status: 400,
      },
    ];
    for (const a of attempts) {
      const res = await ctx.app.inject({
        method: a.method,
        url: a.url,
        headers: a.user.headers,
        ...(a.payload === undefined ? {} : { payload: a.payload as Record<string, string> }),
      });
      expect(res.statusCode, `${a.method} ${a.url} ${JSON.stringify(a.payload)?.slice(0, 60)}`).toBe(
        a.status,
      );
    }
    await ctx.services.audit.chainNow();
    expect(await counts()).toEqual(before);
  });
});
