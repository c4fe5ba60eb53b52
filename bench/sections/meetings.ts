import type { BenchContext } from '../lib/context.ts';

/**
 * Meetings and follow-ups: the minutes PDF of a large meeting (60 participants, 20 decisions with
 * follow-ups), and the follow-up list of a province holding 10,000 follow-ups (Jambi, spread over its
 * regencies, a mix of open, overdue, done and dropped), its filtered views, and its XLSX export.
 */

const PROVINCE = '15';
const FOLLOW_UPS = 10_000;
const PER_DECISION = 25;
const DECISIONS_PER_MEETING = 10;
const GOALS = { minutesP50Ms: 500, followUpListP95Ms: 50 };

interface Region {
  code: string;
}

async function call<T>(url: string, init: RequestInit, expected: number): Promise<T> {
  const res = await fetch(url, init);
  const text = await res.text();
  if (res.status !== expected)
    throw new Error(`${init.method ?? 'GET'} ${url}: ${res.status} ${text.slice(0, 300)}`);
  return (text ? JSON.parse(text) : null) as T;
}

/** Sequential requests, each timed: the percentiles of one client (p95 included). */
async function timed(
  count: number,
  request: (i: number) => Promise<Response>,
): Promise<{
  requests: number;
  ms: { p50: number; p90: number; p95: number; p99: number; max: number; mean: number };
}> {
  const times: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const start = performance.now();
    const res = await request(i);
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`request ${i}: ${res.status}`);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const at = (p: number) =>
    Math.round((times[Math.min(times.length - 1, Math.ceil((p / 100) * times.length) - 1)] ?? NaN) * 100) /
    100;
  return {
    requests: count,
    ms: {
      p50: at(50),
      p90: at(90),
      p95: at(95),
      p99: at(99),
      max: at(100),
      mean: Math.round((times.reduce((a, b) => a + b, 0) / times.length) * 100) / 100,
    },
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
      const post = <T>(path: string, body: unknown) =>
        call<T>(`${base}${path}`, { method: 'POST', headers: json, body: JSON.stringify(body) }, 201);

      // --- the minutes of a large meeting -------------------------------------------------------
      ctx.log('recording a meeting with 60 participants and 20 decisions');
      const big = await post<{ id: string }>('/api/v1/meetings', {
        regionCode: '15.07',
        kind: 'rakor',
        title: 'Rapat Koordinasi Forkopimda Menghadapi Pilkada 2024',
        theme:
          'Peran Forkopimda Dalam Menjaga Kondusifitas Wilayah Kabupaten Tanjung Jabung Timur Dalam Pelaksanaan Pilkada 2024',
        startsAt: '2024-11-12T09:00',
        venue: 'Aula Kantor Kesbangpol Tanjab Timur',
        legalBases: ['UU 23/2014', 'UU 7/2012', 'PP 2/2015', 'Permendagri 42/2015'],
        agenda: ['Pembukaan', 'Materi narasumber Kejaksaan, TNI dan Polri', 'Diskusi', 'Penutup'],
        summary: 'Kegiatan bertujuan meningkatkan deteksi dini dan kewaspadaan dini. '.repeat(12),
        chair: { name: 'Suhas Purrojani', position: 'Asisten I Setda' },
        minutesTaker: { name: 'Sularto', position: 'Kepala Badan Kesbangpol' },
      });
      const institutions = ['Polres', 'Kodim', 'Kejari', 'KPU', 'Bawaslu', 'Camat', 'Kades/Lurah', 'FKUB'];
      for (let i = 0; i < 60; i += 1) {
        await post(`/api/v1/meetings/${big.id}/participants`, {
          name: `Peserta Rapat Nomor ${i + 1}`,
          position: i % 5 === 0 ? 'Kepala Kepolisian Sektor' : 'Kepala Desa',
          institution: institutions[i % institutions.length],
          attended: i % 9 !== 0,
          ...(i % 6 === 0 ? { representing: `Pejabat yang diwakili nomor ${i + 1}` } : {}),
        });
      }
      for (let d = 0; d < 20; d += 1) {
        await post(`/api/v1/meetings/${big.id}/decisions`, {
          text: `Keputusan ${d + 1}: meningkatkan deteksi dini dan kewaspadaan dini terhadap potensi konflik sosial menjelang pemungutan suara di seluruh kecamatan.`,
          followUps: [
            {
              title: `Tindak lanjut ${d + 1}a: laporan harian situasi kamtibmas`,
              assignee: institutions[d % 8],
              dueOn: '2024-11-30',
            },
            {
              title: `Tindak lanjut ${d + 1}b: koordinasi pengamanan TPS`,
              assignee: institutions[(d + 3) % 8],
              dueOn: '2024-11-25',
            },
          ],
        });
      }
      const minutesUrl = `${base}/api/v1/meetings/${big.id}/minutes.pdf`;
      await (await fetch(minutesUrl, { headers })).arrayBuffer(); // first use loads the fonts
      const cpuBefore = await server.cpuMs();
      const minutes = await timed(20, () => fetch(minutesUrl, { headers }));
      const cpuAfter = await server.cpuMs();
      const pdfBytes = (await (await fetch(minutesUrl, { headers })).arrayBuffer()).byteLength;
      const minutesCpuMsPerPdf = Math.round((cpuAfter.server - cpuBefore.server) / minutes.requests);

      // --- a province with 10,000 follow-ups ------------------------------------------------------
      const regencies = (
        await call<{ items: Region[] }>(`${base}/api/v1/regions?parent=${PROVINCE}`, { headers }, 200)
      ).items;
      const decisions = FOLLOW_UPS / PER_DECISION;
      const meetings = decisions / DECISIONS_PER_MEETING;
      ctx.log(
        `creating ${FOLLOW_UPS} follow-ups: ${meetings} meetings × ${DECISIONS_PER_MEETING} decisions × ${PER_DECISION}`,
      );
      const loadStart = performance.now();
      const meetingIds: string[] = [];
      for (let m = 0; m < meetings; m += 1) {
        const region = regencies[m % regencies.length]?.code ?? '15.07';
        const meeting = await post<{ id: string }>('/api/v1/meetings', {
          regionCode: region,
          kind: m % 3 === 0 ? 'monitoring' : 'rakor',
          title: `Rakor bench ${m + 1}`,
          startsAt: `2024-01-0${1 + (m % 9)}T09:00`,
        });
        meetingIds.push(meeting.id);
      }
      const followUpIds: string[] = [];
      const creation = await ctx.load({
        concurrency: 4,
        maxRequests: decisions,
        maxMs: 900_000,
        headers: json,
        request: (i) => {
          const meetingId = meetingIds[i % meetingIds.length] ?? '';
          const month = 1 + (i % 9);
          // Most are due in the past (overdue unless finished); every tenth decision's are due next year.
          const year = i % 10 === 0 ? new Date().getUTCFullYear() + 1 : 2024;
          return {
            url: `${base}/api/v1/meetings/${meetingId}/decisions`,
            init: {
              method: 'POST',
              body: JSON.stringify({
                text: `Keputusan bench ${i + 1}`,
                followUps: Array.from({ length: PER_DECISION }, (_, k) => ({
                  title: `Tindak lanjut ${i + 1}.${k + 1}`,
                  assignee: institutions[(i + k) % institutions.length],
                  dueOn: `${year}-${String(month + 1).padStart(2, '0')}-${String(1 + (k % 28)).padStart(2, '0')}`,
                })),
              }),
            },
          };
        },
        ok: (status) => status === 201,
      });
      // Finish a share: every third done, every seventeenth dropped.
      const firstPage = await call<{ items: Array<{ id: string }> }>(
        `${base}/api/v1/follow-ups?region=${PROVINCE}&limit=500`,
        { headers },
        200,
      );
      for (const f of firstPage.items) followUpIds.push(f.id);
      const finishing = await ctx.load({
        concurrency: 4,
        maxRequests: followUpIds.length,
        maxMs: 300_000,
        headers: json,
        request: (i) => ({
          url: `${base}/api/v1/follow-ups/${followUpIds[i] ?? ''}`,
          init: {
            method: 'PATCH',
            body: JSON.stringify(
              i % 17 === 0
                ? { status: 'dropped', reason: 'Digabung' }
                : { status: i % 3 === 0 ? 'done' : 'in_progress' },
            ),
          },
        }),
      });
      const loadSeconds = Math.round((performance.now() - loadStart) / 100) / 10;

      ctx.log('measuring the province follow-up list');
      const listUrl = `${base}/api/v1/follow-ups?region=${PROVINCE}&limit=50`;
      await timed(20, () => fetch(listUrl, { headers })); // warm-up
      const listCpuBefore = await server.cpuMs();
      const list = await timed(400, () => fetch(listUrl, { headers }));
      const listCpuAfter = await server.cpuMs();
      // CPU per request hardly changes with other load on the machine, unlike latency.
      const listCpuMsPerRequest = {
        server: Math.round(((listCpuAfter.server - listCpuBefore.server) / list.requests) * 10) / 10,
        // Backends that exit take their CPU time with them, so a negative difference means "unknown".
        database:
          listCpuAfter.database === null ||
          listCpuBefore.database === null ||
          listCpuAfter.database < listCpuBefore.database
            ? null
            : Math.round(((listCpuAfter.database - listCpuBefore.database) / list.requests) * 10) / 10,
      };
      const overdue = await timed(200, () => fetch(`${listUrl}&overdue=true`, { headers }));
      const open = await timed(200, () => fetch(`${listUrl}&status=open,in_progress`, { headers }));
      // Deep pages: follow the cursor through the first 20 pages.
      const cursors: string[] = [];
      let cursor: string | null = null;
      for (let p = 0; p < 20; p += 1) {
        const page: { nextCursor: string | null } = await call(
          `${listUrl}${cursor ? `&cursor=${cursor}` : ''}`,
          { headers },
          200,
        );
        if (!page.nextCursor) break;
        cursors.push(page.nextCursor);
        cursor = page.nextCursor;
      }
      const paged = await timed(200, (i) =>
        fetch(`${listUrl}&cursor=${cursors[i % cursors.length] ?? ''}`, { headers }),
      );
      const concurrent = await ctx.load({
        concurrency: 4,
        maxRequests: 1000,
        maxMs: 30_000,
        headers,
        request: () => listUrl,
      });
      const stats = await timed(50, () =>
        fetch(`${base}/api/v1/follow-ups/stats?parent=${PROVINCE}`, { headers }),
      );
      const exportStart = performance.now();
      const xlsx = await (
        await fetch(`${base}/api/v1/follow-ups.xlsx?region=${PROVINCE}`, { headers })
      ).arrayBuffer();
      const exportMs = Math.round(performance.now() - exportStart);

      return {
        minutes: {
          participants: 60,
          decisions: 20,
          followUps: 40,
          pdfBytes,
          ...minutes,
          cpuMsPerPdf: minutesCpuMsPerPdf,
        },
        province: { followUps: FOLLOW_UPS, regencies: regencies.length, loadSeconds, creation, finishing },
        followUpList: {
          firstPage: { ...list, cpuMsPerRequest: listCpuMsPerRequest },
          overdue,
          openOrInProgress: open,
          deepPages: paged,
          concurrent4: concurrent,
        },
        stats,
        export: { rows: FOLLOW_UPS, bytes: xlsx.byteLength, ms: exportMs },
        goals: {
          minutesP50Ms: {
            goal: GOALS.minutesP50Ms,
            measured: minutes.ms.p50,
            met: minutes.ms.p50 <= GOALS.minutesP50Ms,
          },
          followUpListP95Ms: {
            goal: GOALS.followUpListP95Ms,
            measured: list.ms.p95,
            met: list.ms.p95 <= GOALS.followUpListP95Ms,
          },
        },
      };
    } finally {
      await server.stop();
    }
  } finally {
    await target.drop();
  }
}
