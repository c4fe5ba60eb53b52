import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext, type TestUser } from '../../../test/harness.ts';

let ctx: TestContext;
let national: TestUser;
let batanghari: TestUser;

beforeAll(async () => {
  ctx = await createTestContext();
  national = await ctx.user('ministry', 'ID');
  batanghari = await ctx.user('regency_officer', '15.04');
});
afterAll(() => ctx.close());

describe('regions', () => {
  it('finds regions by the usual spellings and typos, best first', async () => {
    for (const [q, code] of [
      ['tanjab timur', '15.07'],
      ['batang hari', '15.04'],
      ['bangli', '51.06'],
      ['banyuasn', '16.07'],
    ] as const) {
      const res = await ctx.app.inject({
        url: `/api/v1/regions?q=${encodeURIComponent(q)}`,
        headers: national.headers,
      });
      expect(res.statusCode).toBe(200);
      expect(res.json().items[0].code, q).toBe(code);
    }
  });

  it('a regency officer cannot list the children of another province', async () => {
    const res = await ctx.app.inject({ url: '/api/v1/regions?parent=16', headers: batanghari.headers });
    expect(res.statusCode).toBe(403);
  });
});
