import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext, type TestUser } from '../../../test/harness.ts';
import { reportExportCsvLines, reportExportRows } from '../reports/index.ts';
import { reportBody } from '../reports/test-helpers.ts';

const CANARY = 'Siti Canary Rahmawati';
let ctx: TestContext;
let officer: TestUser;
let outsider: TestUser;

beforeAll(async () => {
  ctx = await createTestContext();
  officer = await ctx.user('regency_officer', '15.04');
  outsider = await ctx.user('regency_officer', '16.07');
  const reporter = await ctx.user('field_reporter', '15.04');
  for (const body of [
    reportBody({
      reporter: { name: CANARY, phone: '+6281234567890' },
      title: 'Bentrok pendukung paslon di pasar',
      description: '=HYPERLINK("http://evil.invalid") warga melapor bentrok di pasar',
      category: 'supporter_clash',
      severity: 4,
    }),
    reportBody({
      title: 'Unjuk rasa di kantor KPU, "damai"',
      category: 'demonstration',
      severity: 2,
      location: undefined,
    }),
    reportBody({ regionCode: '16.07.01.2001', title: 'Laporan di Banyuasin' }),
  ]) {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/reports',
      headers: reporter.headers,
      payload: body,
    });
    expect([200, 201, 403]).toContain(res.statusCode);
  }
  // The Banyuasin one is filed by a Banyuasin reporter.
  const banyuasin = await ctx.user('field_reporter', '16.07');
  await ctx.app.inject({
    method: 'POST',
    url: '/api/v1/reports',
    headers: banyuasin.headers,
    payload: reportBody({ regionCode: '16.07.01.2001', title: 'Laporan di Banyuasin' }),
  });
});
afterAll(() => ctx.close());

describe('data exports', () => {
  it('the CSV of reports has every report of the scope and never the reporter’s identity', async () => {
    const res = await ctx.app.inject({
      url: '/api/v1/exports/reports.csv?region=15.04',
      headers: officer.headers,
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    const text = res.body;
    expect(text).toContain('Bentrok pendukung paslon di pasar');
    expect(text).toContain('"Unjuk rasa di kantor KPU, ""damai"""');
    expect(text).not.toContain('Banyuasin');
    expect(text).not.toContain(CANARY);
    expect(text).not.toContain('6281234567890');
    expect(text.split('\r\n').filter(Boolean)).toHaveLength(3); // header + 2 reports
    // A southern latitude stays a number; a text cell that looks like a formula does not.
    expect(text).toContain(',-1.71,103.12,');
    expect(text).toContain(`"'=HYPERLINK(""http://evil.invalid"") warga`);
  });

  it('the ACLED table maps categories to event types and admin levels', async () => {
    const res = await ctx.app.inject({ url: '/api/v1/exports/acled.csv', headers: officer.headers });
    expect(res.statusCode).toBe(200);
    const [header, ...rows] = res.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(header?.split(',').slice(0, 7)).toEqual([
      'event_id_cnty',
      'event_date',
      'year',
      'time_precision',
      'disorder_type',
      'event_type',
      'sub_event_type',
    ]);
    const clash = rows.find((r) => r.includes('Bentrok'));
    expect(clash).toContain('Riots,Mob violence');
    expect(clash).toContain('JAMBI,KABUPATEN BATANGHARI,Mersam');
    expect(res.body).not.toContain(CANARY);
  });

  it('the XLSX is a workbook; another regency’s officer cannot export this one', async () => {
    const xlsx = await ctx.app.inject({
      url: '/api/v1/exports/reports.xlsx?region=15.04',
      headers: officer.headers,
    });
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
    expect(xlsx.rawPayload.includes(Buffer.from(CANARY))).toBe(false);
    const refused = await ctx.app.inject({
      url: '/api/v1/exports/reports.csv?region=15.04',
      headers: outsider.headers,
    });
    expect(refused.statusCode).toBe(403);
  });

  it('announces the row count, and exports scores, follow-ups, pledges and boundaries of the scope', async () => {
    const reportsCsv = await ctx.app.inject({
      url: '/api/v1/exports/reports.csv?region=15.04',
      headers: officer.headers,
    });
    expect(reportsCsv.headers['x-export-rows']).toBe('2');

    const risk = await ctx.app.inject({
      url: '/api/v1/exports/risk.csv?region=15.04',
      headers: officer.headers,
    });
    expect(risk.statusCode).toBe(200);
    const riskRows = risk.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(riskRows[0]).toContain('Skor kerawanan');
    // Every district of Batanghari, Mersam (where the clash was filed) among them.
    expect(riskRows.length - 1).toBe(Number(risk.headers['x-export-rows']));
    expect(riskRows.some((r) => r.startsWith('15.04.') && r.includes('Mersam'))).toBe(true);

    const province = await ctx.user('province_officer', '15');
    const geo = await ctx.app.inject({
      url: '/api/v1/exports/regions.geojson?region=15',
      headers: province.headers,
    });
    expect(geo.statusCode).toBe(200);
    const collection = geo.json<{
      features: Array<{ geometry: unknown; properties: { code: string; score: number } }>;
    }>();
    expect(collection.features.length).toBeGreaterThan(5);
    const batanghari = collection.features.find((f) => f.properties.code === '15.04');
    expect(batanghari?.geometry).toMatchObject({ type: expect.stringMatching(/Polygon/) as unknown });
    expect(typeof batanghari?.properties.score).toBe('number');

    const followUps = await ctx.app.inject({
      url: '/api/v1/exports/follow-ups.csv?region=15.04',
      headers: officer.headers,
    });
    expect(followUps.statusCode).toBe(200);
    expect(followUps.body).toContain('Tindak lanjut');
    const pledges = await ctx.app.inject({
      url: '/api/v1/exports/pledges.csv?region=15.04',
      headers: officer.headers,
    });
    expect(pledges.statusCode).toBe(200);
    expect(pledges.body).toContain('JUMLAH');

    const outside = await ctx.app.inject({
      url: '/api/v1/exports/risk.csv?region=15.04',
      headers: outsider.headers,
    });
    expect(outside.statusCode).toBe(403);
    const badQuery = await ctx.app.inject({
      url: '/api/v1/exports/risk.csv?region=nowhere',
      headers: officer.headers,
    });
    expect(badQuery.statusCode).toBe(400);
  });

  it('streams a million-row export in flat memory', { timeout: 240_000 }, async () => {
    // Rows are generated in SQL (the export is what is under test, not intake). This database is
    // the test file's own: the search indexes, which the export does not use, are dropped so that
    // loading a million rows takes seconds.
    const total = Number(process.env.SINERGI_EXPORT_ROWS ?? 1_000_000);
    const t0 = Date.now();
    for (const index of await sql<{
      indexname: string;
    }>`SELECT indexname FROM pg_indexes WHERE tablename = 'reports' AND indexname NOT IN (SELECT conname FROM pg_constraint)`
      .execute(ctx.database.db)
      .then((r) => r.rows)) {
      await sql.raw(`DROP INDEX ${index.indexname}`).execute(ctx.database.db);
    }
    await sql`INSERT INTO reports (region_code, region_path, district_code, occurred_at, category, severity, status, title, description, channel, content_hash)
      SELECT '15.04.01.2002', '15.04.01.2002', '15.04.01', timestamptz '2024-01-01' + g * interval '1 second', 'other', 1 + g % 4, 'new',
             'Laporan uji ' || g, 'Uraian uji ekspor ' || g, 'batch', sha256(g::text::bytea)
        FROM generate_series(1, ${total}) g`.execute(ctx.database.db);
    const loaded = Date.now() - t0;
    const { csvStream, csvFromLines } = await import('./engine.ts');
    const columns = [
      { key: 'id', header: 'id' },
      { key: 'title', header: 'title' },
    ];
    // Both ways rows leave: COPY lines (the CSV route) and the cursor (XLSX, ACLED).
    const ways = {
      copy: () =>
        csvFromLines(
          columns,
          reportExportCsvLines(ctx.database.pool, '', { regionPath: '15.04' }, ['id', 'title']),
        ),
      cursor: () =>
        csvStream({
          name: 'x',
          columns,
          rows: reportExportRows(ctx.database.pool, '', { regionPath: '15.04' }),
        }),
    };
    for (const [way, open] of Object.entries(ways)) {
      const started = Date.now();
      let rows = 0;
      let baseline = 0;
      let peak = 0;
      for await (const chunk of open()) {
        rows += String(chunk).split('\r\n').length - 1;
        if (rows > 20_000 && baseline === 0) {
          global.gc?.();
          baseline = process.memoryUsage().heapUsed;
        }
        if (baseline) peak = Math.max(peak, process.memoryUsage().heapUsed);
      }
      console.log(
        `export test (${way}): ${total} rows loaded in ${loaded} ms, streamed in ${Date.now() - started} ms, heap growth ${Math.round((peak - baseline) / 1e6)} MB`,
      );
      expect(rows).toBe(total + 2 + 1); // header + the two API reports + generated rows
      // Whatever the size, the heap does not grow with the rows (a buffered export would need hundreds of MB).
      expect(peak - baseline).toBeLessThan(64 * 1024 * 1024);
    }
  });

  it('an export stopped half-way gives its connection up and stops the query', async () => {
    const lines = reportExportCsvLines(ctx.database.pool, '', { regionPath: '15.04' }, ['id', 'title']);
    for await (const chunk of lines) {
      expect((chunk as Buffer).length).toBeGreaterThan(0);
      break; // the reader went away (a cancelled download)
    }
    const copying = async () =>
      (
        await sql<{ n: number }>`SELECT count(*)::int AS n FROM pg_stat_activity
          WHERE query LIKE 'COPY (SELECT%' AND pid <> pg_backend_pid()`.execute(ctx.database.db)
      ).rows[0]?.n ?? 0;
    const deadline = Date.now() + 10_000;
    while ((await copying()) > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(await copying()).toBe(0);
    // The pool did not keep the broken connection: every client it holds answers.
    const { pool } = ctx.database;
    const clients = await Promise.all(Array.from({ length: pool.totalCount }, () => pool.connect()));
    try {
      for (const client of clients)
        expect((await client.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    } finally {
      for (const client of clients) client.release();
    }
  });
});
