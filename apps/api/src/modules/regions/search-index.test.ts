import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext, type TestUser } from '../../../test/harness.ts';
import { createRegionRepository } from './repository.ts';
import { buildRegionSearchIndex, trigrams, type RegionSearchIndex } from './search-index.ts';
import { compactRegionName, normaliseRegionName } from './search-terms.ts';

let ctx: TestContext;
let index: RegionSearchIndex;
let batanghari: TestUser;

beforeAll(async () => {
  ctx = await createTestContext();
  index = await buildRegionSearchIndex(await createRegionRepository(ctx.database.db).searchable());
  batanghari = await ctx.user('field_reporter', '15.04');
});
afterAll(() => ctx.close());

describe('the in-memory region search', () => {
  it('breaks names into the same trigrams as pg_trgm', async () => {
    const sample = await ctx.database.pool.query<{ search_name: string; trigrams: string[] }>(
      `SELECT search_name, show_trgm(search_name) AS trigrams FROM regions WHERE code LIKE '15.04%' OR level < 3`,
    );
    expect(sample.rows.length).toBeGreaterThan(500);
    const differing = sample.rows.filter(
      (row) => [...trigrams(row.search_name)].sort().join('|') !== [...row.trigrams].sort().join('|'),
    );
    expect(differing.map((r) => r.search_name)).toEqual([]);
  });

  it('scores as pg_trgm does: similarity of the name or the compact name, or of a run of whole words', async () => {
    for (const q of [
      'tanjab timur',
      'batang hari',
      'bangli',
      'banyuasn',
      'kota jambi',
      'muara bulian',
      'sumsel',
    ]) {
      const found = index.search(q, 'ID', 10);
      expect(found.length, q).toBeGreaterThan(0);
      const expected = await ctx.database.pool.query<{ code: string; score: number }>(
        `SELECT code, greatest(similarity(search_name, $1), similarity(compact_name, $2),
                              strict_word_similarity($1, search_name)) AS score
           FROM regions WHERE code = ANY($3)`,
        [normaliseRegionName(q), compactRegionName(q), found.map((r) => r.code)],
      );
      const byCode = new Map(expected.rows.map((r) => [r.code, r.score]));
      for (const region of found)
        expect(region.score, `${q}: ${region.name}`).toBeCloseTo(byCode.get(region.code) ?? -1, 2);
      const scores = found.map((r) => r.score);
      expect(scores, q).toEqual([...scores].sort((a, b) => b - a));
    }
  });

  it('does not call a longer word a match for a part of it ("bangi" is not BANYUWANGI)', () => {
    const [best] = index.search('bangi', 'ID', 5);
    expect(best?.name.toUpperCase()).not.toContain('BANYUWANGI');
  });

  it('finds nothing outside the caller’s scope', async () => {
    const res = await ctx.app.inject({
      url: '/api/v1/regions?q=bangli&limit=50',
      headers: batanghari.headers,
    });
    expect(res.statusCode).toBe(200);
    const codes = res.json().items.map((r: { code: string }) => r.code);
    expect(codes.every((code: string) => code === '15.04' || code.startsWith('15.04.'))).toBe(true);
    const inside = await ctx.app.inject({
      url: '/api/v1/regions?q=muara%20bulian',
      headers: batanghari.headers,
    });
    expect(inside.json().items[0]).toMatchObject({ code: '15.04.03', name: 'Muara Bulian' });
  });

  it('answers within the requested limit', () => {
    expect(index.search('jaya', 'ID', 7)).toHaveLength(7);
    expect(index.search('x', 'ID', 7).length).toBeLessThanOrEqual(7);
  });
});
