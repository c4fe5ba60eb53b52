import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/harness.ts';

// The clock the service sees; the test moves it across the due date.
let now = new Date('2024-11-25T02:00:00Z');
let ctx: TestContext;

beforeAll(async () => {
  ctx = await createTestContext({}, { clock: { now: () => now } });
});
afterAll(() => ctx.close());

describe('who has reported', () => {
  it('marks each regency of a province reported, late-reported, late or still pending around the due date', async () => {
    const period = { periodStart: '2024-11-18', periodEnd: '2024-11-24' }; // due end of 26 Nov, regency time
    const officers = {
      batanghari: await ctx.user('regency_officer', '15.04'),
      tanjabtim: await ctx.user('regency_officer', '15.07'),
      kerinci: await ctx.user('regency_officer', '15.01'),
    };
    const jambi = await ctx.user('province_officer', '15');
    const send = async (user: { headers: Record<string, string> }, regionCode: string) => {
      const created = await ctx.app.inject({
        method: 'POST',
        url: '/api/v1/sitreps',
        headers: user.headers,
        payload: { regionCode, ...period },
      });
      expect(created.statusCode).toBe(201);
      const sent = await ctx.app.inject({
        method: 'POST',
        url: `/api/v1/sitreps/${created.json().id}/submit`,
        headers: user.headers,
      });
      expect(sent.statusCode).toBe(200);
    };
    const grid = async () => {
      const res = await ctx.app.inject({
        url: `/api/v1/sitreps/compliance?region=15&periodStart=${period.periodStart}&periodEnd=${period.periodEnd}`,
        headers: jambi.headers,
      });
      expect(res.statusCode).toBe(200);
      return Object.fromEntries(
        res.json().items.map((i: { regionCode: string; state: string }) => [i.regionCode, i.state]),
      );
    };

    now = new Date('2024-11-25T03:00:00Z');
    await send(officers.batanghari, '15.04');
    let states = await grid();
    expect(Object.keys(states)).toHaveLength(11); // every regency and city of Jambi
    expect(states['15.04']).toBe('reported');
    expect(states['15.07']).toBe('pending');

    // 23:59 WIB on the due day: not late yet.
    now = new Date('2024-11-26T16:59:00Z');
    expect((await grid())['15.07']).toBe('pending');
    // 00:00 WIB the day after: late.
    now = new Date('2024-11-26T17:00:00Z');
    states = await grid();
    expect(states['15.07']).toBe('late');
    expect(states['15.01']).toBe('late');

    await send(officers.tanjabtim, '15.07');
    states = await grid();
    expect(states['15.07']).toBe('late_reported');
    expect(states['15.04']).toBe('reported');

    const outside = await ctx.app.inject({
      url: `/api/v1/sitreps/compliance?region=16&periodStart=${period.periodStart}&periodEnd=${period.periodEnd}`,
      headers: jambi.headers,
    });
    expect(outside.statusCode).toBe(403);
  });
});
