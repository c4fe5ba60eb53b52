import crypto from 'node:crypto';
import type { BenchContext } from '../lib/context.ts';
import { percentile } from '../lib/load.ts';

/**
 * Neutrality at national scale: 30,000 agencies across the 514 regencies and cities, a national
 * pledge campaign, about half of the agencies with an uploaded pact (some verified, some sent
 * back), then the reads the boards make: the national roll-up by province (goal p95 ≤ 100 ms),
 * a province's roll-up by regency, the national campaign's progress, and a regency's board.
 */

const AGENCIES = 30_000;
const SIGNED_SHARE = 0.5;
const CONCURRENCY = 8;
const SAMPLES = 200;
const GOALS = { nationalRollupP95Ms: 100 };
const PDF = Buffer.from(
  '%PDF-1.4\n% bench pact\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n',
);

interface Region {
  code: string;
}

async function getJson<T>(url: string, headers: Record<string, string>): Promise<T> {
  const res = await fetch(url, { headers });
  if (res.status !== 200) throw new Error(`GET ${url}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

function multipartBody(fields: Record<string, string>): { body: Buffer; contentType: string } {
  const boundary = `----bench${crypto.randomBytes(8).toString('hex')}`;
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields))
    parts.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`),
    );
  parts.push(
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="scan"; filename="pakta.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
    ),
    PDF,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  );
  return { body: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** Sequential requests (one at a time), so p95 is the latency a user waits, not queueing. */
async function sample(url: string, headers: Record<string, string>, n: number) {
  for (let i = 0; i < 10; i += 1) await (await fetch(url, { headers })).arrayBuffer();
  const times: number[] = [];
  for (let i = 0; i < n; i += 1) {
    const t0 = performance.now();
    const res = await fetch(url, { headers });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`GET ${url}: ${res.status}`);
    times.push(performance.now() - t0);
  }
  const sorted = times.sort((a, b) => a - b);
  const round = (v: number) => Math.round(v * 100) / 100;
  return {
    samples: n,
    p50: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted[sorted.length - 1] ?? Number.NaN),
  };
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
      const perRegency = Math.ceil(AGENCIES / regencies.length);
      ctx.log(`registering ${perRegency} agencies in each of ${regencies.length} regencies`);

      const agencyIds: string[] = [];
      const registration = await ctx.load({
        concurrency: 4,
        maxRequests: regencies.length,
        maxMs: 600_000,
        headers: json,
        request: (i) => ({
          url: `${base}/api/v1/agencies/batch`,
          init: {
            method: 'POST',
            body: JSON.stringify({
              regionCode: regencies[i]?.code,
              items: Array.from({ length: perRegency }, (_, k) => ({
                name: `Dinas Bench ${String(k + 1).padStart(3, '0')}`,
                headName: `Kepala ${k + 1}`,
              })),
            }),
          },
        }),
        ok: (status) => status === 201,
      });
      if (registration.errors > 0)
        throw new Error(`registration failed: ${registration.sampleErrors?.join('; ')}`);
      for (const region of regencies) {
        for (let cursor: string | null = ''; cursor !== null;) {
          const page: { items: Array<{ id: string }>; nextCursor: string | null } = await getJson(
            `${base}/api/v1/agencies?region=${region.code}&limit=500${cursor ? `&cursor=${cursor}` : ''}`,
            headers,
          );
          agencyIds.push(...page.items.map((a) => a.id));
          cursor = page.nextCursor;
        }
      }
      ctx.log(`${agencyIds.length} agencies registered; starting the national campaign`);

      const created = await fetch(`${base}/api/v1/pledge-campaigns`, {
        method: 'POST',
        headers: json,
        body: JSON.stringify({
          regionCode: 'ID',
          title: 'Fakta Integritas Netralitas ASN Pilkada Serentak 2024 (nasional)',
          deadline: '2024-09-30',
          requireVideo: false,
        }),
      });
      if (created.status !== 201) throw new Error(`campaign: ${created.status} ${await created.text()}`);
      const campaignId = ((await created.json()) as { id: string }).id;

      // Every other agency uploads a pact (spread over all regencies).
      const signers = agencyIds.filter((_, i) => i % Math.round(1 / SIGNED_SHARE) === 0);
      ctx.log(`uploading ${signers.length} signed pacts`);
      const pledgeIds: string[] = [];
      const uploads = await ctx.load({
        concurrency: CONCURRENCY,
        maxRequests: signers.length,
        maxMs: 900_000,
        headers,
        request: (i) => {
          const { body, contentType } = multipartBody({ agencyId: signers[i] ?? '', signedOn: '2024-09-28' });
          return {
            url: `${base}/api/v1/pledge-campaigns/${campaignId}/pledges`,
            init: { method: 'POST', body, headers: { 'content-type': contentType } },
          };
        },
        ok: (status) => status === 201,
      });
      if (uploads.errors > 0) throw new Error(`uploads failed: ${uploads.sampleErrors?.join('; ')}`);
      const board = await getJson<{ items: Array<{ pledge: { id: string } | null }> }>(
        `${base}/api/v1/pledge-campaigns/${campaignId}/pledges?state=pending&limit=500`,
        headers,
      );
      pledgeIds.push(...board.items.flatMap((r) => (r.pledge ? [r.pledge.id] : [])));
      const reviews = await ctx.load({
        concurrency: CONCURRENCY,
        maxRequests: pledgeIds.length,
        maxMs: 300_000,
        headers: json,
        request: (i) => ({
          url: `${base}/api/v1/pledge-campaigns/${campaignId}/pledges/${pledgeIds[i]}/review`,
          init: {
            method: 'POST',
            body: JSON.stringify(
              i % 5 === 0 ? { decision: 'returned', reason: 'Pindaian buram' } : { decision: 'verified' },
            ),
          },
        }),
      });

      ctx.log('measuring the reads');
      const national = `${base}/api/v1/pledge-campaigns/rollup?region=ID&campaign=${campaignId}`;
      const rollup = await getJson<{ totals: Record<string, number>; items: unknown[] }>(national, headers);
      const measured = {
        nationalRollup: await sample(national, headers, SAMPLES),
        nationalRollupAllCampaigns: await sample(
          `${base}/api/v1/pledge-campaigns/rollup?region=ID`,
          headers,
          SAMPLES,
        ),
        provinceRollup: await sample(
          `${base}/api/v1/pledge-campaigns/rollup?region=35&campaign=${campaignId}`,
          headers,
          SAMPLES,
        ),
        campaignProgress: await sample(`${base}/api/v1/pledge-campaigns/${campaignId}`, headers, 100),
        nationalBoardFirstPage: await sample(
          `${base}/api/v1/pledge-campaigns/${campaignId}/pledges?limit=200`,
          headers,
          50,
        ),
        regencyBoard: await sample(
          `${base}/api/v1/pledge-campaigns/${campaignId}/pledges?region=${regencies[0]?.code ?? '11.01'}&limit=200`,
          headers,
          50,
        ),
      };
      const concurrent = await ctx.load({
        concurrency: 4,
        maxRequests: 400,
        maxMs: 60_000,
        headers,
        request: () => national,
      });
      return {
        agencies: agencyIds.length,
        regencies: regencies.length,
        pledges: uploads.requests,
        reviewed: reviews.requests,
        registration: { requestsPerSecond: registration.requestsPerSecond, seconds: registration.seconds },
        uploads: {
          requestsPerSecond: uploads.requestsPerSecond,
          p99Ms: uploads.ms.p99,
          seconds: uploads.seconds,
        },
        nationalTotals: rollup.totals,
        provincesInRollup: rollup.items.length,
        ms: measured,
        nationalRollupUnderLoad: {
          concurrency: 4,
          ...concurrent.ms,
          requestsPerSecond: concurrent.requestsPerSecond,
        },
        goals: GOALS,
        goalsMet: { nationalRollupP95Ms: measured.nationalRollup.p95 <= GOALS.nationalRollupP95Ms },
      };
    } finally {
      await server.stop();
    }
  } finally {
    await target.drop();
  }
}
