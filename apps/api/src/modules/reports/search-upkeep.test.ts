import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext, type TestUser } from '../../../test/harness.ts';
import { createSearchIndexUpkeep } from './search-upkeep.ts';
import { reportBody } from './test-helpers.ts';

/**
 * The text index's pending list is merged in the background after reports are committed, so that a
 * group commit's insert does not merge it (search-upkeep.ts).
 */

let ctx: TestContext;
let officer: TestUser;

beforeAll(async () => {
  ctx = await createTestContext();
  officer = await ctx.user('regency_officer', '15.04');
});
afterAll(() => ctx.close());

async function fileReports(n: number): Promise<void> {
  for (let i = 0; i < n; i += 1) {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/reports',
      headers: officer.headers,
      payload: reportBody({ description: `Warga melaporkan pembagian amplop di balai desa, kejadian ${i}.` }),
    });
    expect(res.statusCode, res.body).toBe(201);
  }
}

/** Merges what is pending now and answers how many pending-list pages that took (0: none left). */
async function mergeNow(): Promise<number> {
  const r = await sql<{ pages: string }>`
    SELECT gin_clean_pending_list('reports_search_idx'::regclass) AS pages`.execute(ctx.database.db);
  return Number(r.rows[0]?.pages);
}

describe('the text index upkeep', () => {
  it('leaves entries pending while stopped, and merges them shortly after reports are committed', async () => {
    const upkeep = ctx.services.reports.searchIndex;
    await upkeep.stop();
    await fileReports(3);
    expect(await mergeNow()).toBeGreaterThan(0);

    upkeep.start();
    await fileReports(3);
    await upkeep.settled();
    expect(await mergeNow()).toBe(0);
    // Search still finds them, stemmed.
    const found = await ctx.app.inject({
      url: '/api/v1/reports?q=pembagian%20amplop',
      headers: officer.headers,
    });
    expect(found.json<{ items: unknown[] }>().items.length).toBeGreaterThanOrEqual(6);
  });

  it('stops merging after a failure, and says so once', async () => {
    const logged: string[] = [];
    let merges = 0;
    const upkeep = createSearchIndexUpkeep({
      merge: () => {
        merges += 1;
        return Promise.reject(new Error('must be owner of index reports_search_idx'));
      },
      log: (_error, message) => logged.push(message),
      everyMs: 5,
    });
    upkeep.start();
    upkeep.wake();
    await upkeep.settled();
    upkeep.wake();
    await upkeep.settled();
    expect(merges).toBe(1);
    expect(logged).toHaveLength(1);
  });
});
