import type { BenchContext } from '../lib/context.ts';

/**
 * Elections and readiness at national scale: the shipped Pilkada 2024 with a voting-day checklist
 * (19 items) in every regency and city (514, about 9,800 items), progress reported on a share of the
 * items, then the reads every page and board makes: the stage banner, one election's current stage,
 * and the readiness roll-up for the nation (38 provinces), a province and a regency.
 */

const PILKADA_2024_ID = '2024b11e-0000-4000-8000-000000000027';
const CONCURRENCY = 8;
const GOALS = {
  bannerP99Ms: 20,
  stageP99Ms: 20,
  nationRollupP99Ms: 150,
  provinceRollupP99Ms: 60,
  regencyRollupP99Ms: 30,
  itemPatchP99Ms: 60,
};
const STATUSES = ['done', 'in_progress', 'done', 'blocked', 'done', 'not_started'] as const;

interface Region {
  code: string;
}

async function getJson<T>(url: string, headers: Record<string, string>): Promise<T> {
  const res = await fetch(url, { headers });
  if (res.status !== 200) throw new Error(`GET ${url}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

export async function run(ctx: BenchContext): Promise<Record<string, unknown>> {
  const target = await ctx.freshTarget();
  ctx.log(`data: ${target.describe}`);
  try {
    const server = await ctx.startServer(target);
    try {
      const headers = await server.adminHeaders();
      const json = { ...headers, 'content-type': 'application/json' };
      const base = server.baseUrl;

      const provinces = (await getJson<{ items: Region[] }>(`${base}/api/v1/regions`, headers)).items;
      const regencies = (
        await Promise.all(
          provinces.map(
            async (p) =>
              (await getJson<{ items: Region[] }>(`${base}/api/v1/regions?parent=${p.code}`, headers)).items,
          ),
        )
      ).flat();
      ctx.log(`creating a voting-day checklist in each of ${regencies.length} regencies`);

      const itemIds: string[] = [];
      const creation = await ctx.load({
        concurrency: CONCURRENCY,
        maxRequests: regencies.length,
        maxMs: 600_000,
        headers: json,
        request: (i) => ({
          url: `${base}/api/v1/readiness/checklists`,
          init: {
            method: 'POST',
            body: JSON.stringify({
              regionCode: regencies[i]?.code,
              electionId: PILKADA_2024_ID,
              stageCode: 'voting',
              templateCode: 'pemungutan_suara',
            }),
          },
        }),
      });
      if (creation.errors > 0)
        throw new Error(`checklist creation failed: ${creation.sampleErrors?.join('; ')}`);
      const lists = await Promise.all(
        provinces.map(
          async (p) =>
            (
              await getJson<{ items: Array<{ id: string }> }>(
                `${base}/api/v1/readiness/checklists?region=${p.code}&limit=200`,
                headers,
              )
            ).items,
        ),
      );
      for (const batch of chunk(lists.flat(), 16)) {
        const details = await Promise.all(
          batch.map((c) =>
            getJson<{ items: Array<{ id: string }> }>(`${base}/api/v1/readiness/checklists/${c.id}`, headers),
          ),
        );
        for (const d of details) itemIds.push(...d.items.map((item) => item.id));
      }
      ctx.log(`${itemIds.length} items; reporting progress on a third of them`);

      const patchCount = Math.min(itemIds.length, Math.ceil(itemIds.length / 3));
      const patches = await ctx.load({
        concurrency: CONCURRENCY,
        maxRequests: patchCount,
        maxMs: 300_000,
        headers: json,
        request: (i) => ({
          url: `${base}/api/v1/readiness/items/${itemIds[(i * 3) % itemIds.length]}`,
          init: { method: 'PATCH', body: JSON.stringify({ status: STATUSES[i % STATUSES.length] }) },
        }),
      });

      const sample = (path: string) => () => `${base}${path}`;
      const measure = (request: (i: number) => string, maxRequests: number) =>
        ctx.load({ concurrency: CONCURRENCY, maxRequests, maxMs: 20_000, request, headers });
      const regencyCodes = regencies.map((r) => r.code);
      const provinceCodes = provinces.map((p) => p.code);

      // Warm-up, then the measured runs.
      await measure(sample(`/api/v1/readiness?election=${PILKADA_2024_ID}&stage=voting`), 100);
      ctx.log('measuring the banner, the current stage and the readiness roll-ups');
      const banner = await measure(
        (i) => `${base}/api/v1/elections/current-stages?on=2024-11-${String(1 + (i % 28)).padStart(2, '0')}`,
        3000,
      );
      const stage = await measure(
        (i) =>
          `${base}/api/v1/elections/${PILKADA_2024_ID}/stages/current?on=2024-${String(2 + (i % 10)).padStart(2, '0')}-15`,
        3000,
      );
      const nation = await measure(sample(`/api/v1/readiness?election=${PILKADA_2024_ID}&stage=voting`), 600);
      const province = await measure(
        (i) =>
          `${base}/api/v1/readiness?region=${provinceCodes[i % provinceCodes.length]}&election=${PILKADA_2024_ID}&stage=voting`,
        1500,
      );
      const regency = await measure(
        (i) =>
          `${base}/api/v1/readiness?region=${regencyCodes[(i * 7919) % regencyCodes.length]}&election=${PILKADA_2024_ID}&stage=voting`,
        3000,
      );
      const summary = await getJson<{ total: { items: number; done: number; pct: number } }>(
        `${base}/api/v1/readiness?election=${PILKADA_2024_ID}&stage=voting`,
        headers,
      );

      const goal = (name: keyof typeof GOALS, run: { ms: { p99: number }; errors: number }) => ({
        goal: GOALS[name],
        measured: run.ms.p99,
        met: run.ms.p99 <= GOALS[name] && run.errors === 0,
      });
      const goals = {
        bannerP99Ms: goal('bannerP99Ms', banner),
        stageP99Ms: goal('stageP99Ms', stage),
        nationRollupP99Ms: goal('nationRollupP99Ms', nation),
        provinceRollupP99Ms: goal('provinceRollupP99Ms', province),
        regencyRollupP99Ms: goal('regencyRollupP99Ms', regency),
        itemPatchP99Ms: goal('itemPatchP99Ms', patches),
      };
      return {
        database: target.kind,
        regencies: regencies.length,
        items: itemIds.length,
        nationalReadiness: summary.total,
        checklistCreate: creation,
        itemPatch: patches,
        currentStages: banner,
        stageOfElection: stage,
        readinessNation: nation,
        readinessProvince: province,
        readinessRegency: regency,
        goals,
        allGoalsMet: Object.values(goals).every((g) => g.met),
      };
    } finally {
      await server.stop();
    }
  } finally {
    await target.drop();
  }
}

function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
