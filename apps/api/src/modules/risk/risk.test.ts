import crypto from 'node:crypto';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RiskDetail, RiskHistory, RiskList } from '@sinergi/shared';
import { createTestContext, type TestContext, type TestUser } from '../../../test/harness.ts';
import { reportContribution, type ReportStatus } from './formula.ts';
import { seedDemoRisk } from './index.ts';

/** A clock the test moves through a scripted week in November 2024. */
const clock = { t: Date.parse('2024-11-21T08:00:00+07:00'), now: () => new Date(clock.t) };
const at = (text: string) => {
  clock.t = Date.parse(text);
};

let ctx: TestContext;
let reporter: TestUser;
let batanghari: TestUser;
let tanjabtim: TestUser;
let jambi: TestUser;
let ministry: TestUser;
let forum: TestUser;

beforeAll(async () => {
  ctx = await createTestContext({}, { clock });
  [reporter, batanghari, tanjabtim, jambi, ministry, forum] = await Promise.all([
    ctx.user('field_reporter', '15.04'),
    ctx.user('regency_officer', '15.04'),
    ctx.user('regency_officer', '15.07'),
    ctx.user('province_officer', '15'),
    ctx.user('ministry', 'ID'),
    ctx.user('forum_member', '15.04'),
  ]);
});
afterAll(() => ctx.close());

const get = async <T>(user: TestUser, url: string) => {
  const res = await ctx.app.inject({ url, headers: user.headers });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<T>();
};

function multipart(content: Buffer, filename: string, contentType: string) {
  const boundary = `----risk${crypto.randomBytes(8).toString('hex')}`;
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${contentType}\r\n\r\n`;
  return {
    payload: Buffer.concat([Buffer.from(head), content, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

const putFile = (user: TestUser, content: Buffer, filename: string, type = 'text/csv') => {
  const body = multipart(content, filename, type);
  return ctx.app.inject({
    method: 'PUT',
    url: '/api/v1/risk/baseline',
    headers: { ...user.headers, ...body.headers },
    payload: body.payload,
  });
};

async function baselineRows(codes: string[]): Promise<number> {
  const r = await sql<{
    n: number;
  }>`SELECT count(*)::int AS n FROM risk_baselines WHERE region_code = ANY(${codes}::text[])`.execute(
    ctx.database.db,
  );
  return r.rows[0]?.n ?? 0;
}

describe('baseline import', () => {
  it('a file with one bad cell imports nothing and names the row, column and cell', async () => {
    const csv = [
      'regionCode,socialPolitical,electionAdministration,contestation,participation,source,measuredOn',
      '15.07,40,30,50,20,IKP uji,2024-08-26',
      '15.07.01,41,31,51,21,IKP uji,2024-08-26',
      '15.07.02,42,32,1O5,22,IKP uji,2024-08-26',
    ].join('\n');
    const res = await putFile(tanjabtim, Buffer.from(csv), 'ikp.csv');
    expect(res.statusCode).toBe(400);
    const body = res.json<{ error: { code: string; details: unknown[] } }>();
    expect(body.error.code).toBe('risk.baseline_invalid');
    expect(body.error.details).toEqual([
      { row: 4, column: 'contestation', cell: 'D4', value: '1O5', message: 'must be a number from 0 to 100' },
    ]);
    expect(await baselineRows(['15.07', '15.07.01', '15.07.02'])).toBe(0);
  });

  it('reads a semicolon CSV with decimal commas and Indonesian headers, and lists every bad cell', async () => {
    const csv = [
      '# contoh',
      'Kode Wilayah;Konteks Sosial Politik;Penyelenggaraan Pemilu;Kontestasi;Partisipasi;Sumber;Tanggal',
      '15.07;40,5;30;50;20;IKP uji;26/08/2024',
      '15.07.99;40;30;50;20;IKP uji;2024-08-26',
      '15.07.01;40;30;50;;IKP uji;2099-01-01',
    ].join('\r\n');
    const res = await putFile(tanjabtim, Buffer.from(csv), 'ikp.csv');
    expect(res.statusCode).toBe(400);
    const details = res.json<{ error: { details: Array<{ row: number; column: string; cell: string }> } }>()
      .error.details;
    expect(details.map((d) => `${d.cell}:${d.column}`)).toEqual([
      'A4:regionCode',
      'E5:participation',
      'G5:measuredOn',
    ]);
    expect(await baselineRows(['15.07', '15.07.01'])).toBe(0);
  });

  it('imports XLSX, and a re-import replaces the baseline while keeping the earlier one in history', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('baseline');
    sheet.addRow([
      'regionCode',
      'socialPolitical',
      'electionAdministration',
      'contestation',
      'participation',
      'source',
      'measuredOn',
    ]);
    sheet.addRow(['15.07', 40, 30, 50, 20, 'IKP uji', new Date(Date.UTC(2024, 7, 26))]);
    sheet.addRow(['15.07.01', 60, 60, 60, 60, 'IKP uji', '2024-08-26']);
    const first = await putFile(
      tanjabtim,
      Buffer.from(await workbook.xlsx.writeBuffer()),
      'ikp.xlsx',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ imported: 2, unchanged: 0, regions: ['15.07', '15.07.01'] });

    const detail = await get<RiskDetail>(tanjabtim, '/api/v1/risk/15.07');
    expect(detail.baseline).toBe(35);
    expect(detail.explanation.baseline.current?.dimensions).toEqual({
      socialPolitical: 40,
      electionAdministration: 30,
      contestation: 50,
      participation: 20,
    });
    // A district without its own baseline inherits the regency's; one with its own keeps it.
    const districts = await get<RiskList>(tanjabtim, '/api/v1/risk?parent=15.07');
    expect(districts.items.find((i) => i.code === '15.07.01')?.baseline).toBe(60);
    expect(districts.items.find((i) => i.code === '15.07.02')?.baseline).toBe(35);
    expect(districts.items[0]?.code).toBe('15.07.01');

    at('2024-11-21T09:00:00+07:00');
    const again = await ctx.app.inject({
      method: 'PUT',
      url: '/api/v1/risk/baseline',
      headers: tanjabtim.headers,
      payload: {
        rows: [
          {
            regionCode: '15.07',
            socialPolitical: 50,
            electionAdministration: 40,
            contestation: 60,
            participation: 30,
            source: 'IKP uji 2',
            measuredOn: '2024-10-01',
          },
          {
            regionCode: '15.07.01',
            socialPolitical: 60,
            electionAdministration: 60,
            contestation: 60,
            participation: 60,
            source: 'IKP uji',
            measuredOn: '2024-08-26',
          },
        ],
      },
    });
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json()).toMatchObject({ imported: 1, unchanged: 1, regions: ['15.07'] });
    const after = await get<RiskDetail>(tanjabtim, '/api/v1/risk/15.07');
    expect(after.baseline).toBe(45);
    expect(after.explanation.baseline.history.map((h) => [h.composite, h.supersededAt === null])).toEqual([
      [45, true],
      [35, false],
    ]);
  });

  it('refuses rows outside the importer’s region, naming them, and imports none of the file', async () => {
    const res = await ctx.app.inject({
      method: 'PUT',
      url: '/api/v1/risk/baseline',
      headers: tanjabtim.headers,
      payload: {
        rows: [
          {
            regionCode: '15.07.03',
            socialPolitical: 1,
            electionAdministration: 1,
            contestation: 1,
            participation: 1,
            source: 'x',
            measuredOn: '2024-08-26',
          },
          {
            regionCode: '15.04',
            socialPolitical: 1,
            electionAdministration: 1,
            contestation: 1,
            participation: 1,
            source: 'x',
            measuredOn: '2024-08-26',
          },
        ],
      },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.details).toEqual([
      { row: 2, column: 'regionCode', value: '15.04', message: 'outside your region' },
    ]);
    expect(await baselineRows(['15.07.03', '15.04'])).toBe(0);
  });
});

describe('who sees which scores', () => {
  it('a province officer sees its regencies; a regency officer only its own subtree', async () => {
    const province = await get<RiskList>(jambi, '/api/v1/risk?parent=15');
    expect(province.items).toHaveLength(11);
    expect(province.items.every((i) => i.code.startsWith('15.'))).toBe(true);
    expect((await get<RiskList>(jambi, '/api/v1/risk')).items).toHaveLength(11);

    const own = await get<RiskList>(batanghari, '/api/v1/risk');
    expect(own.parent?.code).toBe('15.04');
    expect(own.items.map((i) => i.code).sort()).toEqual([
      '15.04.01',
      '15.04.02',
      '15.04.03',
      '15.04.04',
      '15.04.05',
      '15.04.06',
      '15.04.07',
      '15.04.08',
    ]);
    for (const url of [
      '/api/v1/risk?parent=15',
      '/api/v1/risk/15.07',
      '/api/v1/risk/15/history',
      '/api/v1/risk?parent=16.07',
    ]) {
      const res = await ctx.app.inject({ url, headers: batanghari.headers });
      expect(res.statusCode, url).toBe(403);
    }
    expect((await get<RiskList>(ministry, '/api/v1/risk')).items).toHaveLength(38);
    expect((await ctx.app.inject({ url: '/api/v1/risk', headers: reporter.headers })).statusCode).toBe(403);
  });
});

// ---- a scripted week --------------------------------------------------------------------------

interface Filed {
  id: string;
  title: string;
  severity: number;
  status: ReportStatus;
  at: number;
  district: string;
}
const filed: Filed[] = [];

async function file(
  village: string,
  severity: 1 | 2 | 3 | 4,
  category: string,
  title: string,
  /** Wait until the index has the report (it sees new reports from the queue, shortly after commit). */
  settle = true,
): Promise<Filed> {
  const occurred = clock.t - 30 * 60_000;
  const res = await ctx.app.inject({
    method: 'POST',
    url: '/api/v1/reports',
    headers: reporter.headers,
    payload: {
      id: crypto.randomUUID(),
      regionCode: village,
      occurredAt: new Date(occurred).toISOString(),
      category,
      severity,
      title,
      description: `${title}. Dilaporkan oleh warga setempat.`,
      reporter: { name: 'Rahmat Hidayat', phone: '081298765432' },
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  const report: Filed = {
    id: res.json<{ id: string }>().id,
    title,
    severity,
    status: 'new',
    at: occurred,
    district: village.slice(0, 8),
  };
  filed.push(report);
  if (settle) await ctx.services.reports.projection.settled();
  return report;
}

async function setStatus(report: Filed, status: ReportStatus): Promise<void> {
  const res = await ctx.app.inject({
    method: 'POST',
    url: `/api/v1/reports/${report.id}/status`,
    headers: batanghari.headers,
    payload: { status, note: 'uji' },
  });
  expect(res.statusCode, res.body).toBe(200);
  report.status = status;
}

const expectedSignal = (district: string | null) =>
  filed
    .filter((r) => district === null || r.district === district)
    .reduce((sum, r) => sum + reportContribution(r.severity, r.status, r.at, clock.t, 72), 0);

/** The alerts this module opened (the alerts module's own rules open others, e.g. critical_report). */
async function alertsOf(code: string): Promise<Array<{ kind: string; title: string }>> {
  const r = await sql<{ kind: string; title: string }>`
    SELECT kind, title FROM alerts WHERE region_code = ${code} AND details ->> 'source' = 'risk' ORDER BY opened_at`.execute(
    ctx.database.db,
  );
  return r.rows;
}

describe('a scripted week of reports in one district', () => {
  const MUARA_BULIAN = '15.04.03';
  let scoreAtEndOf26: number;

  beforeAll(async () => {
    at('2024-11-21T10:00:00+07:00');
    // Batanghari's baseline: 30 (medium for its districts); every district inherits it.
    const res = await ctx.app.inject({
      method: 'PUT',
      url: '/api/v1/risk/baseline',
      headers: batanghari.headers,
      payload: {
        rows: [
          {
            regionCode: '15.04',
            socialPolitical: 30,
            electionAdministration: 30,
            contestation: 30,
            participation: 30,
            source: 'IKP uji',
            measuredOn: '2024-08-26',
          },
        ],
      },
    });
    expect(res.statusCode, res.body).toBe(200);
  });

  it('each new report is in the scores within a second, a re-classified one at once', async () => {
    const before = await get<RiskDetail>(batanghari, `/api/v1/risk/${MUARA_BULIAN}`);
    const filedAt = performance.now();
    const r = await file(
      '15.04.03.1001',
      2,
      'money_politics',
      'Pembagian amplop di Kelurahan Muara Bulian',
      false,
    );
    // Read as a user would, without waiting for the dispatcher: the queue's wake-up alone brings it in.
    let after = await get<RiskDetail>(batanghari, `/api/v1/risk/${MUARA_BULIAN}`);
    while (after.openReports === before.openReports && performance.now() - filedAt < 2000) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      after = await get<RiskDetail>(batanghari, `/api/v1/risk/${MUARA_BULIAN}`);
    }
    expect(performance.now() - filedAt).toBeLessThan(1000);
    expect(after.openReports).toBe(before.openReports + 1);
    expect(before.signal).toBe(0);
    expect(after.signal).toBeCloseTo(expectedSignal(MUARA_BULIAN), 1); // severity 2 × 0.5 (new), 30 minutes old
    expect(after.signal).toBeCloseTo(0.995, 1);
    expect(after.score).toBeGreaterThan(before.score);
    await setStatus(r, 'verified');
    const verified = await get<RiskDetail>(batanghari, `/api/v1/risk/${MUARA_BULIAN}`);
    expect(verified.signal).toBeCloseTo(expectedSignal(MUARA_BULIAN), 1);
    expect(verified.signal).toBeCloseTo(2 * after.signal, 1);
  });

  it('raises the district above its neighbours and opens one alert per episode, not one per report', async () => {
    at('2024-11-22T09:00:00+07:00');
    await setStatus(
      await file('15.04.03.1002', 3, 'hate_speech_hoax', 'Hoaks SARA menyebar di grup warga Teratai'),
      'verified',
    );
    at('2024-11-23T09:00:00+07:00');
    await file('15.04.05.2001', 1, 'other', 'Baliho dirusak di Tebing Tinggi');
    await setStatus(
      await file('15.04.03.1003', 2, 'money_politics', 'Serangan fajar direncanakan di Sridadi'),
      'verified',
    );
    at('2024-11-24T09:00:00+07:00');
    await setStatus(
      await file('15.04.03.1004', 3, 'intimidation_violence', 'Intimidasi terhadap saksi di Pasar Baru'),
      'verified',
    );
    at('2024-11-25T09:00:00+07:00');
    await file('15.04.03.1005', 2, 'demonstration', 'Pengerahan massa di Rengas Condong');
    // 26 November: the clash, four reports within two hours.
    at('2024-11-26T19:00:00+07:00');
    await setStatus(
      await file('15.04.03.1001', 3, 'supporter_clash', 'Bentrok pendukung paslon di Muara Bulian'),
      'verified',
    );
    at('2024-11-26T19:40:00+07:00');
    await setStatus(
      await file('15.04.03.1004', 4, 'intimidation_violence', 'Penganiayaan relawan paslon di Pasar Baru'),
      'verified',
    );
    at('2024-11-26T20:20:00+07:00');
    await setStatus(
      await file('15.04.03.1002', 3, 'supporter_clash', 'Bentrok susulan di Teratai'),
      'verified',
    );
    at('2024-11-26T21:00:00+07:00');
    const late = await file('15.04.03.2006', 2, 'demonstration', 'Massa berkumpul di Pasar Terusan');
    at('2024-11-26T23:59:59+07:00');
    scoreAtEndOf26 = (await get<RiskDetail>(batanghari, `/api/v1/risk/${MUARA_BULIAN}`)).score;
    // 27 November: the day after; the late report turns out false.
    at('2024-11-27T10:00:00+07:00');
    await setStatus(late, 'rejected');
    await setStatus(
      filed.find((r) => r.title.startsWith('Bentrok pendukung'))!,
      'handling',
    );
    at('2024-11-27T20:00:00+07:00');

    const districts = await get<RiskList>(batanghari, '/api/v1/risk?parent=15.04');
    const [top, ...others] = districts.items;
    expect(top?.code).toBe(MUARA_BULIAN);
    expect(top?.level).toBe('high');
    for (const other of others) expect(other.score).toBeLessThan(top?.score ?? 0);
    expect(others.find((o) => o.code === '15.04.05')?.signal).toBeGreaterThan(0);

    const alerts = await alertsOf(MUARA_BULIAN);
    const districtReports = filed.filter((r) => r.district === MUARA_BULIAN).length;
    expect(districtReports).toBe(9);
    expect(alerts.map((a) => a.kind).sort()).toEqual(['anomaly', 'level_up']);
    expect(alerts.find((a) => a.kind === 'level_up')?.title).toMatch(/Kerawanan Muara Bulian naik ke TINGGI/);
    expect(alerts.find((a) => a.kind === 'anomaly')?.title).toMatch(
      /Lonjakan laporan di Muara Bulian: 4 laporan dalam 24 jam/,
    );
  });

  it('the explanation names the reports that contribute most, never who reported them', async () => {
    const res = await ctx.app.inject({ url: `/api/v1/risk/${MUARA_BULIAN}`, headers: forum.headers });
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain('Rahmat');
    expect(res.body).not.toContain('081298765432');
    const detail = res.json<RiskDetail>();
    const titles = detail.explanation.signal.contributors.map((c) => c.title);
    expect(titles[0]).toBe('Penganiayaan relawan paslon di Pasar Baru');
    expect(titles).toContain('Bentrok pendukung paslon di Muara Bulian');
    expect(titles).not.toContain('Massa berkumpul di Pasar Terusan'); // rejected: adds nothing
    expect(titles).not.toContain('Baliho dirusak di Tebing Tinggi'); // another district
    const shares = detail.explanation.signal.contributors.reduce((s, c) => s + c.share, 0);
    expect(shares).toBeCloseTo(1, 2);
    expect(detail.explanation.baseline).toMatchObject({ composite: 30, from: { code: '15.04' } });
    expect(detail.explanation.score.baselinePart + detail.explanation.score.livePart).toBeCloseTo(
      detail.score,
      1,
    );
    expect(detail.explanation.score.thresholds).toEqual({ medium: 13.47, high: 49.33 });
    expect(detail.explanation.activity).toMatchObject({ reports24h: 0, previous28Days: 8 });
  });

  it('a region’s signal is its subtree’s, and the incremental aggregates equal a full recomputation', async () => {
    const regency = await get<RiskDetail>(batanghari, '/api/v1/risk/15.04');
    const districts = await get<RiskList>(batanghari, '/api/v1/risk?parent=15.04');
    const sum = districts.items.reduce((s, i) => s + i.signal, 0);
    expect(regency.signal).toBeCloseTo(sum, 1);
    expect(regency.signal).toBeCloseTo(expectedSignal(null), 1);
    expect(districts.items.find((i) => i.code === MUARA_BULIAN)?.signal).toBeCloseTo(
      expectedSignal(MUARA_BULIAN),
      1,
    );
    expect(regency.openReports).toBe(
      filed.filter((r) => ['new', 'verified', 'handling'].includes(r.status)).length,
    );
    const province = await get<RiskDetail>(jambi, '/api/v1/risk/15');
    expect(province.signal).toBeCloseTo(regency.signal, 2);

    await ctx.services.risk.recomputeAll();
    const recomputed = await get<RiskList>(batanghari, '/api/v1/risk?parent=15.04');
    expect(recomputed.items.map((i) => [i.code, i.signal, i.score, i.openReports])).toEqual(
      districts.items.map((i) => [i.code, i.signal, i.score, i.openReports]),
    );
  });

  it('answers what the level was on a past day, from snapshots or reconstructed history', async () => {
    const history = await get<RiskHistory>(
      batanghari,
      `/api/v1/risk/${MUARA_BULIAN}/history?from=2024-11-20&to=2024-11-27`,
    );
    expect(history.items.map((i) => [i.day, i.origin])).toEqual([
      ['2024-11-20', 'computed'],
      ['2024-11-21', 'computed'],
      ['2024-11-22', 'computed'],
      ['2024-11-23', 'computed'],
      ['2024-11-24', 'computed'],
      ['2024-11-25', 'computed'],
      ['2024-11-26', 'computed'],
      ['2024-11-27', 'live'],
    ]);
    // The 26th as it was at its end: the late report still counted as new (rejected only on the 27th).
    expect(history.items[6]?.score).toBeCloseTo(scoreAtEndOf26, 1);
    expect(history.items[6]?.reports24h).toBe(4);
    expect(history.items[0]).toMatchObject({ score: 0, baseline: null, signal: 0 });

    at('2024-11-28T00:05:00+07:00');
    const live = await get<RiskDetail>(batanghari, `/api/v1/risk/${MUARA_BULIAN}`);
    expect(await ctx.services.risk.snapshot('2024-11-27')).toBeGreaterThan(7000);
    const day = await get<RiskHistory>(
      batanghari,
      `/api/v1/risk/${MUARA_BULIAN}/history?from=2024-11-27&to=2024-11-27`,
    );
    expect(day.items).toEqual([
      expect.objectContaining({
        day: '2024-11-27',
        origin: 'snapshot',
        level: live.level,
        score: live.score,
      }),
    ]);
    const bad = await ctx.app.inject({
      url: `/api/v1/risk/${MUARA_BULIAN}/history?from=2024-11-27&to=2024-11-01`,
      headers: batanghari.headers,
    });
    expect(bad.statusCode).toBe(400);
  });
});

describe('demo data', () => {
  it('the demo seed imports the illustrative sample once', async () => {
    const first = await seedDemoRisk(ctx.services);
    expect(first.imported).toBeGreaterThan(40);
    expect(await seedDemoRisk(ctx.services)).toEqual({ imported: 0, unchanged: first.imported });
    const source = await sql<{
      source: string;
    }>`SELECT DISTINCT source FROM risk_baselines WHERE superseded_at IS NULL AND region_code = '51.06'`.execute(
      ctx.database.db,
    );
    expect(source.rows[0]?.source).toMatch(/ILUSTRASI/);
  });
});
