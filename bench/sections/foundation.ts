import type { BenchContext, LoadOptions } from '../lib/context.ts';

/**
 * The foundation: how long a start takes (empty data dir: initdb, migrations and all 91k regions;
 * existing data dir: warm), and how fast the region browser answers over real HTTP.
 */

const GOALS = {
  firstStartMs: 30_000,
  warmStartMs: 5_000,
  childrenP99Ms: 10,
  searchP99Ms: 30,
};
// Clients at once: one (the latency of the server itself) and four (two per core of the 2-core
// machine the goals were set on, which the bench client shares). BENCH_CONCURRENCY=n measures n only.
const CONCURRENCIES = process.env.BENCH_CONCURRENCY ? [Number(process.env.BENCH_CONCURRENCY)] : [1, 4];

interface RegionItem {
  code: string;
  name: string;
}

async function children(baseUrl: string, headers: Record<string, string>, parent?: string) {
  const res = await fetch(`${baseUrl}/api/v1/regions${parent ? `?parent=${parent}` : ''}`, { headers });
  if (res.status !== 200) throw new Error(`GET regions?parent=${parent}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { items: RegionItem[] }).items;
}

/** How people type a place: lower case, without "Kabupaten"/"Kota", every third with a typo. */
function searchTerms(names: string[]): string[] {
  const fixed = [
    'tanjab timur',
    'batang hari',
    'bangli',
    'banyuasn',
    'kab. bangli',
    'muaro jambi',
    'kota jambi',
  ];
  const typed = names.map((name, i) => {
    const plain = name
      .toLowerCase()
      .replace(/^(kabupaten|kota|kab\.?)\s+/, '')
      .trim();
    if (i % 3 !== 0 || plain.length < 6) return plain;
    const at = Math.floor(plain.length / 2);
    return plain.slice(0, at) + plain.slice(at + 1);
  });
  return [...fixed, ...typed.filter((t) => t.length >= 3)];
}

export async function run(ctx: BenchContext): Promise<Record<string, unknown>> {
  const target = await ctx.freshTarget();
  ctx.log(`data: ${target.describe}`);
  try {
    ctx.log('first start (empty: initdb, migrations, every region)');
    const first = await ctx.startServer(target);
    const firstStartMs = Math.round(first.readyMs);
    await first.stop();

    ctx.log('warm start');
    const server = await ctx.startServer(target);
    const warmStartMs = Math.round(server.readyMs);
    try {
      const headers = await server.adminHeaders();

      // Parents at every level: the country, provinces, regencies and a spread of districts.
      const provinces = await children(server.baseUrl, headers);
      const regencies = (
        await Promise.all(provinces.map((p) => children(server.baseUrl, headers, p.code)))
      ).flat();
      const sampledRegencies = regencies.filter((_, i) => i % 8 === 0);
      const districts = (
        await Promise.all(sampledRegencies.map((r) => children(server.baseUrl, headers, r.code)))
      ).flat();
      const parents = [
        '',
        ...provinces.map((p) => p.code),
        ...regencies.map((r) => r.code),
        ...districts.map((d) => d.code),
      ];
      const terms = searchTerms([
        ...regencies.map((r) => r.name),
        ...districts.filter((_, i) => i % 4 === 0).map((d) => d.name),
      ]);
      ctx.log(`${parents.length} parents, ${terms.length} search terms`);

      const childrenUrl = (i: number) => {
        const parent = parents[(i * 7919) % parents.length] ?? '';
        return `${server.baseUrl}/api/v1/regions${parent ? `?parent=${parent}` : ''}`;
      };
      const searchUrl = (i: number) =>
        `${server.baseUrl}/api/v1/regions?q=${encodeURIComponent(terms[(i * 7919) % terms.length] ?? 'jambi')}`;

      // Warm the connection pool, the plan cache and the page cache before measuring.
      await ctx.load({
        concurrency: 4,
        maxRequests: 400,
        maxMs: 10_000,
        request: childrenUrl,
        headers,
      });
      await ctx.load({
        concurrency: 4,
        maxRequests: 400,
        maxMs: 10_000,
        request: searchUrl,
        headers,
      });

      // Latency plus the CPU each request cost the server and the database: on a busy machine the
      // latency mostly measures the queue for the CPU, the CPU per request does not.
      const measure = async (options: LoadOptions) => {
        const before = await server.cpuMs();
        const client = process.cpuUsage();
        const latency = await ctx.load(options);
        const after = await server.cpuMs();
        const used = process.cpuUsage(client);
        const perRequest = (ms: number) => Math.round((ms / Math.max(1, latency.requests)) * 1000) / 1000;
        return {
          ...latency,
          cpuMsPerRequest: {
            server: perRequest(after.server - before.server),
            database:
              after.database === null || before.database === null
                ? null
                : perRequest(after.database - before.database),
            client: perRequest((used.user + used.system) / 1000),
          },
        };
      };
      const goals: Record<string, { goal: number; measured: number; met: boolean }> = {
        firstStartMs: {
          goal: GOALS.firstStartMs,
          measured: firstStartMs,
          met: firstStartMs <= GOALS.firstStartMs,
        },
        warmStartMs: {
          goal: GOALS.warmStartMs,
          measured: warmStartMs,
          met: warmStartMs <= GOALS.warmStartMs,
        },
      };
      const regionChildren: Record<string, unknown> = { parents: parents.length };
      const regionSearch: Record<string, unknown> = { terms: terms.length };
      for (const concurrency of CONCURRENCIES) {
        ctx.log(`measuring GET /api/v1/regions?parent=… with ${concurrency} client(s)`);
        const children = await measure({
          concurrency,
          maxRequests: 6000,
          maxMs: 15_000,
          request: childrenUrl,
          headers,
        });
        ctx.log(`measuring GET /api/v1/regions?q=… with ${concurrency} client(s)`);
        const search = await measure({
          concurrency,
          maxRequests: 4000,
          maxMs: 15_000,
          request: searchUrl,
          headers,
        });
        regionChildren[`concurrency${concurrency}`] = children;
        regionSearch[`concurrency${concurrency}`] = search;
        goals[`childrenP99Ms@${concurrency}`] = {
          goal: GOALS.childrenP99Ms,
          measured: children.ms.p99,
          met: children.ms.p99 <= GOALS.childrenP99Ms && children.errors === 0,
        };
        goals[`searchP99Ms@${concurrency}`] = {
          goal: GOALS.searchP99Ms,
          measured: search.ms.p99,
          met: search.ms.p99 <= GOALS.searchP99Ms && search.errors === 0,
        };
      }
      return {
        database: target.kind,
        firstStartMs,
        warmStartMs,
        regionChildren,
        regionSearch,
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
