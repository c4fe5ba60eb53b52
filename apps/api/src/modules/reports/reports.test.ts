import crypto from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext, type TestUser } from '../../../test/harness.ts';
import type { ReportEvent, ReportListener } from './events.ts';
import { createReportRepository, type ReportRow } from './repository.ts';
import { PLACES, reportBody } from './test-helpers.ts';

let ctx: TestContext;
let reporter: TestUser;
let officer: TestUser;
let otherOfficer: TestUser;
let province: TestUser;
let ministry: TestUser;

beforeAll(async () => {
  ctx = await createTestContext();
  [reporter, officer, otherOfficer, province, ministry] = await Promise.all([
    ctx.user('field_reporter', '15.04'),
    ctx.user('regency_officer', '15.04'),
    ctx.user('regency_officer', '16.07'),
    ctx.user('province_officer', '15'),
    ctx.user('ministry', 'ID'),
  ]);
});
afterAll(() => ctx.close());

const post = (user: TestUser, url: string, payload: unknown) =>
  ctx.app.inject({ method: 'POST', url, headers: user.headers, payload: payload as object });
const get = (user: TestUser, url: string) => ctx.app.inject({ url, headers: user.headers });

async function countRows(id: string): Promise<number> {
  const r = await sql<{ n: number }>`SELECT count(*)::int AS n FROM reports WHERE id = ${id}`.execute(
    ctx.database.db,
  );
  return r.rows[0]?.n ?? 0;
}

describe('filing a report', () => {
  it('stores it and answers 201 with the report in the region time zone, without the reporter', async () => {
    const body = reportBody({ reporter: { name: 'Budi Santoso', phone: '081234567890' } });
    const res = await post(reporter, '/api/v1/reports', body);
    expect(res.statusCode).toBe(201);
    const report = res.json();
    expect(report).toMatchObject({
      id: body.id,
      regionCode: PLACES.batanghariVillage,
      districtCode: PLACES.batanghariDistrict,
      regionName: 'Sengkati Kecil',
      districtName: 'Mersam',
      occurredAt: '2024-11-26T21:30:00.000+07:00',
      timezone: 'Asia/Jakarta',
      status: 'new',
      channel: 'api',
      anonymous: false,
      location: { lat: -1.71, lon: 103.12 },
    });
    expect(res.body).not.toContain('Budi');
    expect(res.body).not.toContain('081234567890');
  });

  it('the same id ten times in a row stores one report: 201 then 200 with the same body', async () => {
    const body = reportBody();
    const first = await post(reporter, '/api/v1/reports', body);
    expect(first.statusCode).toBe(201);
    for (let i = 0; i < 9; i += 1) {
      const again = await post(reporter, '/api/v1/reports', body);
      expect(again.statusCode).toBe(200);
      expect(again.json()).toEqual(first.json());
    }
    expect(await countRows(body.id as string)).toBe(1);
  });

  it('the same id fifty times at once stores one report: one 201, the rest 200', async () => {
    const body = reportBody();
    const responses = await Promise.all(
      Array.from({ length: 50 }, () => post(reporter, '/api/v1/reports', body)),
    );
    const codes = responses.map((r) => r.statusCode).sort();
    expect(codes.filter((c) => c === 201)).toHaveLength(1);
    expect(codes.filter((c) => c === 200)).toHaveLength(49);
    const bodies = new Set(responses.map((r) => r.body));
    expect(bodies.size).toBe(1);
    expect(await countRows(body.id as string)).toBe(1);
  });

  it('the same instant written in another offset is the same content (200)', async () => {
    const body = reportBody();
    expect((await post(reporter, '/api/v1/reports', body)).statusCode).toBe(201);
    const again = await post(reporter, '/api/v1/reports', { ...body, occurredAt: '2024-11-26T14:30:00Z' });
    expect(again.statusCode).toBe(200);
  });

  it('the same id with other content is 409 report.id_conflict and changes nothing', async () => {
    const body = reportBody();
    await post(reporter, '/api/v1/reports', body);
    const other = await post(reporter, '/api/v1/reports', { ...body, severity: 4 });
    expect(other.statusCode).toBe(409);
    expect(other.json().error.code).toBe('report.id_conflict');
    const concurrent = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        post(reporter, '/api/v1/reports', { ...body, title: `Lain ${i}` }),
      ),
    );
    expect(new Set(concurrent.map((r) => r.statusCode))).toEqual(new Set([409]));
    const stored = await get(reporter, `/api/v1/reports/${body.id}`);
    expect(stored.json().severity).toBe(3);
    expect(await countRows(body.id as string)).toBe(1);
  });

  it('an id already used in another regency is a conflict, never a view of that report', async () => {
    const body = reportBody({ regionCode: PLACES.banyuasinVillage });
    const otherReporter = await ctx.user('field_reporter', '16.07');
    expect((await post(otherReporter, '/api/v1/reports', body)).statusCode).toBe(201);
    const mine = await post(reporter, '/api/v1/reports', { ...body, regionCode: PLACES.batanghariVillage });
    expect(mine.statusCode).toBe(409);
    expect(mine.body).not.toContain(body.title);
  });

  it('a region outside the caller scope is 403, a regency or province code is 400', async () => {
    const outside = await post(
      reporter,
      '/api/v1/reports',
      reportBody({ regionCode: PLACES.banyuasinVillage }),
    );
    expect(outside.statusCode).toBe(403);
    const regency = await post(reporter, '/api/v1/reports', reportBody({ regionCode: '15.04' }));
    expect(regency.statusCode).toBe(400);
    const unknown = await post(reporter, '/api/v1/reports', reportBody({ regionCode: '15.04.99.9999' }));
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.code).toBe('report.region_not_reportable');
  });

  it('a time in the future is refused', async () => {
    const res = await post(
      reporter,
      '/api/v1/reports',
      reportBody({ occurredAt: new Date(Date.now() + 3_600_000).toISOString() }),
    );
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('report.occurred_at_out_of_range');
  });

  it('the ministry cannot file or read reports (it sees aggregates)', async () => {
    expect((await post(ministry, '/api/v1/reports', reportBody())).statusCode).toBe(403);
    expect((await get(ministry, '/api/v1/reports')).statusCode).toBe(403);
  });
});

describe('reading reports', () => {
  it('an officer cannot read a report of another regency', async () => {
    const body = reportBody();
    await post(reporter, '/api/v1/reports', body);
    const res = await get(otherOfficer, `/api/v1/reports/${body.id}`);
    expect(res.statusCode).toBe(404);
    const list = await get(otherOfficer, `/api/v1/reports?limit=500`);
    expect(list.json().items.map((r: { id: string }) => r.id)).not.toContain(body.id);
  });

  it('the province officer reads the reports of its regencies', async () => {
    const body = reportBody();
    await post(reporter, '/api/v1/reports', body);
    expect((await get(province, `/api/v1/reports/${body.id}`)).statusCode).toBe(200);
  });

  it('finds reports by Indonesian full-text search with stemming: "aman" finds "pengamanan"', async () => {
    const body = reportBody({
      title: 'Pengamanan TPS kurang personel',
      description: 'Petugas pengamanan di TPS 03 hanya satu orang linmas.',
    });
    await post(reporter, '/api/v1/reports', body);
    const res = await get(officer, `/api/v1/reports?q=${encodeURIComponent('aman')}`);
    expect(res.statusCode).toBe(200);
    expect(res.json().items.map((r: { id: string }) => r.id)).toContain(body.id);
    const none = await get(officer, `/api/v1/reports?q=${encodeURIComponent('gempa bumi vulkanik')}`);
    expect(none.json().items.map((r: { id: string }) => r.id)).not.toContain(body.id);
  });

  it('filters by status, category, severity, region and time, and pages with a keyset cursor', async () => {
    const marker = crypto.randomBytes(4).toString('hex');
    const ids: string[] = [];
    for (let i = 0; i < 7; i += 1) {
      const body = reportBody({
        category: 'natural_disaster',
        severity: (1 + (i % 4)) as 1 | 2 | 3 | 4,
        title: `Banjir ${marker} ${i}`,
        occurredAt: `2024-11-2${i}T08:00:00+07:00`,
        regionCode: i % 2 ? PLACES.batanghariVillage : PLACES.batanghariVillage2,
      });
      ids.push(body.id as string);
      await post(reporter, '/api/v1/reports', body);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: Array<{ id: string; title: string }>; nextCursor: string | null } = (
        await get(
          officer,
          `/api/v1/reports?category=natural_disaster&q=${marker}&limit=3${cursor ? `&cursor=${cursor}` : ''}`,
        )
      ).json();
      seen.push(...page.items.map((r) => r.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.sort()).toEqual([...ids].sort());

    const severe = (await get(officer, `/api/v1/reports?q=${marker}&severityMin=3`)).json();
    expect(severe.items.every((r: { severity: number }) => r.severity >= 3)).toBe(true);
    expect(severe.items).toHaveLength(3);
    const village = (
      await get(officer, `/api/v1/reports?q=${marker}&region=${PLACES.batanghariVillage}`)
    ).json();
    expect(village.items).toHaveLength(3);
    // Dates are days in the region's zone; `to` is inclusive.
    const window = (await get(officer, `/api/v1/reports?q=${marker}&from=2024-11-21&to=2024-11-23`)).json();
    expect(window.items).toHaveLength(3);
    const none = (await get(officer, `/api/v1/reports?q=${marker}&status=verified`)).json();
    expect(none.items).toHaveLength(0);
  });

  it('map points: the located reports of the scope, newest first, with the filters', async () => {
    // A week no other test files reports in, so the time filter isolates this test's reports.
    const at = (day: number) => `2023-03-1${day}T08:00:00+07:00`;
    const older = reportBody({ occurredAt: at(1), severity: 2, location: { lat: -1.7, lon: 103.1 } });
    const newer = reportBody({
      occurredAt: at(2),
      severity: 4,
      category: 'natural_disaster',
      regionCode: PLACES.batanghariVillage2,
      location: { lat: -1.8, lon: 103.2 },
    });
    const unlocated = reportBody({ occurredAt: at(3), location: undefined });
    const elsewhere = reportBody({
      occurredAt: at(4),
      regionCode: PLACES.banyuasinVillage,
      location: { lat: -2.9, lon: 104.7 },
    });
    for (const body of [older, newer, unlocated]) {
      expect((await post(reporter, '/api/v1/reports', body)).statusCode).toBe(201);
    }
    expect((await post(otherOfficer, '/api/v1/reports', elsewhere)).statusCode).toBe(201);

    type Point = {
      id: string;
      lat: number;
      lon: number;
      severity: number;
      title: string;
      regionCode: string;
    };
    const points = async (user: TestUser, filters = '') => {
      const res = await get(user, `/api/v1/reports/points?from=2023-03-11&to=2023-03-14${filters}`);
      expect(res.statusCode).toBe(200);
      return res.json<{ items: Point[] }>().items;
    };
    const mine = await points(officer);
    expect(mine.map((p) => p.id)).toEqual([newer.id, older.id]);
    expect(mine[0]).toMatchObject({
      lat: -1.8,
      lon: 103.2,
      severity: 4,
      title: newer.title,
      regionCode: PLACES.batanghariVillage2,
    });
    expect((await points(province)).map((p) => p.id)).toEqual([newer.id, older.id]);
    expect((await points(otherOfficer)).map((p) => p.id)).toEqual([elsewhere.id]);
    expect((await points(officer, '&severityMin=3')).map((p) => p.id)).toEqual([newer.id]);
    expect((await points(officer, '&category=money_politics')).map((p) => p.id)).toEqual([older.id]);
    expect((await points(province, `&region=${PLACES.batanghariVillage}`)).map((p) => p.id)).toEqual([
      older.id,
    ]);
    expect(await points(officer, '&status=verified')).toEqual([]);
    expect((await get(officer, `/api/v1/reports/points?region=${PLACES.banyuasinDistrict}`)).statusCode).toBe(
      403,
    );
  });

  it('a bad cursor is a 400, not a 500', async () => {
    const res = await get(officer, '/api/v1/reports?cursor=WyJ4IiwieSJd');
    expect(res.statusCode).toBe(400);
  });

  it('lists the categories with labels in both languages and severity guidance', async () => {
    const res = await get(reporter, '/api/v1/report-categories');
    expect(res.statusCode).toBe(200);
    const codes = res.json().items.map((c: { code: string }) => c.code);
    for (const code of [
      'money_politics',
      'supporter_clash',
      'neutrality_violation',
      'hate_speech_hoax',
      'other',
    ])
      expect(codes).toContain(code);
    expect(res.json().items[0].severityGuide.id).toHaveLength(4);
  });
});

describe('status machine', () => {
  async function fresh(): Promise<string> {
    const body = reportBody();
    await post(reporter, '/api/v1/reports', body);
    return body.id as string;
  }

  it('moves new -> verified -> handling -> resolved, recording who, when and the note', async () => {
    const id = await fresh();
    for (const status of ['verified', 'handling', 'resolved']) {
      const res = await post(officer, `/api/v1/reports/${id}/status`, { status, note: `ke ${status}` });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().status).toBe(status);
    }
    const detail = (await get(officer, `/api/v1/reports/${id}`)).json();
    expect(detail.history.map((h: { status: string }) => h.status)).toEqual([
      'new',
      'verified',
      'handling',
      'resolved',
    ]);
    expect(detail.history[0].by).toBeNull();
    expect(detail.history[1]).toMatchObject({
      fromStatus: 'new',
      note: 'ke verified',
      by: { id: officer.id },
    });
    expect(detail.history[3].at).toMatch(/\+07:00$/);
  });

  it('an illegal change is 409 report.illegal_transition and changes nothing', async () => {
    const id = await fresh();
    const res = await post(officer, `/api/v1/reports/${id}/status`, { status: 'resolved' });
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({ code: 'report.illegal_transition' });
    expect(res.json().error.details[0]).toMatchObject({ from: 'new', to: 'resolved' });
    await post(officer, `/api/v1/reports/${id}/status`, { status: 'rejected' });
    const back = await post(officer, `/api/v1/reports/${id}/status`, { status: 'verified' });
    expect(back.statusCode).toBe(409);
    expect((await get(officer, `/api/v1/reports/${id}`)).json().status).toBe('rejected');
  });

  it('duplicate needs duplicateOf, inside the scope, not itself', async () => {
    const id = await fresh();
    const keep = await fresh();
    const missing = await post(officer, `/api/v1/reports/${id}/status`, { status: 'duplicate' });
    expect(missing.json().error.code).toBe('report.duplicate_of_required');
    const self = await post(officer, `/api/v1/reports/${id}/status`, {
      status: 'duplicate',
      duplicateOf: id,
    });
    expect(self.json().error.code).toBe('report.duplicate_of_invalid');
    const foreign = reportBody({ regionCode: PLACES.banyuasinVillage });
    await post(await ctx.user('field_reporter', '16.07'), '/api/v1/reports', foreign);
    const outside = await post(officer, `/api/v1/reports/${id}/status`, {
      status: 'duplicate',
      duplicateOf: foreign.id,
    });
    expect(outside.json().error.code).toBe('report.duplicate_of_invalid');
    const ok = await post(officer, `/api/v1/reports/${id}/status`, {
      status: 'duplicate',
      duplicateOf: keep,
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ status: 'duplicate', duplicateOf: keep });
    expect((await get(officer, `/api/v1/reports/${keep}`)).json().duplicates).toEqual([id]);
  });

  it('a field reporter cannot change a status; an officer of another regency gets 404', async () => {
    const id = await fresh();
    expect((await post(reporter, `/api/v1/reports/${id}/status`, { status: 'verified' })).statusCode).toBe(
      403,
    );
    expect(
      (await post(otherOfficer, `/api/v1/reports/${id}/status`, { status: 'verified' })).statusCode,
    ).toBe(404);
  });
});

describe('batch import', () => {
  it('stores every item once with a result per item, idempotent per id', async () => {
    const items = Array.from({ length: 30 }, () => reportBody());
    const res = await post(reporter, '/api/v1/reports/batch', items);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ created: 30, existing: 0, conflicts: 0 });
    const again = await post(reporter, '/api/v1/reports/batch', [
      ...items.slice(0, 10),
      { ...items[10], title: 'Isi lain sama sekali' },
      reportBody(),
    ]);
    expect(again.json()).toMatchObject({ created: 1, existing: 10, conflicts: 1 });
    expect(again.json().items[10]).toMatchObject({ index: 10, result: 'conflict' });
  });

  it('the same items posted twice at once are stored once, with their reporters, and both calls answer', async () => {
    // Two importers sending overlapping files: each call is one transaction, and the one that comes
    // second waits for the ids the first is inserting, then finds them stored.
    const items = Array.from({ length: 40 }, () =>
      reportBody({ reporter: { name: 'Siti Aminah', phone: '081200000000' } }),
    );
    const [first, second] = await Promise.all([
      post(reporter, '/api/v1/reports/batch', items),
      post(reporter, '/api/v1/reports/batch', [...items.slice(20), reportBody(), ...items.slice(0, 20)]),
    ]);
    expect(first?.statusCode, first?.body).toBe(200);
    expect(second?.statusCode, second?.body).toBe(200);
    const results = [first?.json(), second?.json()] as Array<{ created: number; existing: number }>;
    expect(results.map((r) => r.created + r.existing).sort()).toEqual([40, 41]);
    expect(results.reduce((n, r) => n + r.created, 0)).toBe(41);
    const ids = items.map((i) => i.id as string);
    const stored = await sql<{ reports: number; identities: number }>`
      SELECT (SELECT count(*)::int FROM reports WHERE id = ANY(${ids}::uuid[])) AS reports,
             (SELECT count(*)::int FROM reporter_identities
               WHERE report_id = ANY(${ids}::uuid[]) AND name = 'Siti Aminah') AS identities`.execute(
      ctx.database.db,
    );
    expect(stored.rows[0]).toEqual({ reports: 40, identities: 40 });
  });

  it('two inserts of the same ids in opposite orders wait for each other instead of deadlocking', async () => {
    // Made deterministic with a third transaction holding the middle id: the first insert takes `a`
    // and waits for `x`, the second is given [b, a] and waits too. Taken in the order given, the
    // second would hold `b`, which the first needs once `x` is free: a deadlock, one insert failing.
    const repository = createReportRepository(ctx.database.db);
    // Sorted as PostgreSQL orders uuids (lower-case hex compares like their bytes).
    const [a, x, b] = [crypto.randomUUID(), crypto.randomUUID(), crypto.randomUUID()].sort() as [
      string,
      string,
      string,
    ];
    const row = (id: string): ReportRow => ({
      id,
      regionCode: PLACES.batanghariVillage,
      regionPath: PLACES.batanghariVillage,
      districtCode: PLACES.batanghariDistrict,
      occurredAt: '2024-11-26T14:30:00.000Z',
      category: 'money_politics',
      severity: 2,
      title: `Urutan ${id}`,
      description: 'Dua impor dengan isi yang sama dalam urutan berbeda.',
      lat: null,
      lon: null,
      channel: 'batch',
      anonymous: false,
      contentHash: crypto.createHash('sha256').update(id).digest(),
      trackingCode: null,
    });
    const lockWaiters = async () =>
      (
        await sql<{ n: number }>`SELECT count(*)::int AS n FROM pg_stat_activity
          WHERE datname = current_database() AND wait_event_type = 'Lock'`.execute(ctx.database.db)
      ).rows[0]?.n ?? 0;
    const untilWaiters = async (n: number) => {
      while ((await lockWaiters()) < n) await new Promise((resolve) => setTimeout(resolve, 20));
    };

    let release = () => {};
    const released = new Promise<void>((resolve) => (release = resolve));
    let holding = () => {};
    const held = new Promise<void>((resolve) => (holding = resolve));
    const holder = repository.db
      .transaction()
      .execute(async (trx) => {
        await repository.insertReports(trx, [row(x)]);
        holding();
        await released;
        throw new Error('rolled back on purpose');
      })
      .catch((error: unknown) => error);
    await held;
    const insert = (ids: string[]) =>
      repository.db
        .transaction()
        .execute(async (trx) => [...(await repository.insertReports(trx, ids.map(row))).keys()]);
    const first = insert([a, x, b]);
    await untilWaiters(1);
    const second = insert([b, a]);
    await untilWaiters(2);
    release();

    expect(await holder).toMatchObject({ message: 'rolled back on purpose' });
    expect((await first).sort()).toEqual([a, x, b]);
    expect(await second).toEqual([]);
  });

  it('one bad item refuses the whole call, naming the item, and writes nothing', async () => {
    const items = [reportBody(), reportBody({ regionCode: '15.04.99.9999' }), reportBody()];
    const res = await post(reporter, '/api/v1/reports/batch', items);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details[0]).toMatchObject({ index: 1 });
    expect(await countRows(items[0]?.id as string)).toBe(0);
  });

  it('an item outside the scope refuses the whole call with 403', async () => {
    const res = await post(reporter, '/api/v1/reports/batch', [
      reportBody(),
      reportBody({ regionCode: PLACES.banyuasinVillage }),
    ]);
    expect(res.statusCode).toBe(403);
  });

  it('more than 1,000 items is a 400', async () => {
    const item = reportBody();
    const res = await post(
      reporter,
      '/api/v1/reports/batch',
      Array.from({ length: 1001 }, () => item),
    );
    expect(res.statusCode).toBe(400);
  });
});

describe('near duplicates', () => {
  it('groups similar reports of one district and category within 24 hours; merge marks the others', async () => {
    const base = {
      category: 'supporter_clash' as const,
      regionCode: PLACES.batanghariVillage,
      title: 'Keributan pendukung paslon di pasar Sengkati',
    };
    const a = reportBody({
      ...base,
      occurredAt: '2024-11-20T15:00:00+07:00',
      description: 'Pendukung dua paslon saling dorong di pasar Sengkati sore ini.',
    });
    const b = reportBody({
      ...base,
      occurredAt: '2024-11-20T17:00:00+07:00',
      description: 'Pendukung dua paslon saling dorong di pasar Sengkati sore ini, polisi datang.',
    });
    const c = reportBody({
      ...base,
      regionCode: PLACES.batanghariVillage2,
      occurredAt: '2024-11-21T09:00:00+07:00',
      description: 'Pendukung paslon saling dorong di pasar Sengkati.',
    });
    // Same text, but three days later: not the same event.
    const late = reportBody({ ...base, occurredAt: '2024-11-24T15:00:00+07:00', description: a.description });
    const unrelated = reportBody({
      ...base,
      occurredAt: '2024-11-20T16:00:00+07:00',
      title: 'Baliho dirusak',
      description: 'Baliho calon bupati dirobek orang tak dikenal.',
    });
    for (const r of [a, b, c, late, unrelated])
      expect((await post(reporter, '/api/v1/reports', r)).statusCode).toBe(201);

    const groups = (await get(officer, '/api/v1/reports/duplicate-groups?region=15.04')).json().items;
    const group = groups.find((g: { reports: Array<{ id: string }> }) =>
      g.reports.some((r) => r.id === a.id),
    );
    expect(group).toBeDefined();
    expect(group.reports.map((r: { id: string }) => r.id).sort()).toEqual([a.id, b.id, c.id].sort());
    expect(group.keepId).toBe(a.id);

    const merged = await post(officer, '/api/v1/reports/merge', { keepId: a.id, duplicateIds: [b.id, c.id] });
    expect(merged.statusCode, merged.body).toBe(200);
    expect(merged.json().duplicates.sort()).toEqual([b.id, c.id].sort());
    const bDetail = (await get(officer, `/api/v1/reports/${b.id}`)).json();
    expect(bDetail).toMatchObject({ status: 'duplicate', duplicateOf: a.id });
    const after = (await get(officer, '/api/v1/reports/duplicate-groups?region=15.04')).json().items;
    expect(after.some((g: { reports: Array<{ id: string }> }) => g.reports.some((r) => r.id === b.id))).toBe(
      false,
    );

    // Merging again is refused: they are no longer new.
    const again = await post(officer, '/api/v1/reports/merge', { keepId: a.id, duplicateIds: [b.id] });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('report.merge_invalid');
  });

  it('an officer of another regency cannot merge reports it cannot see', async () => {
    const a = reportBody();
    const b = reportBody();
    await post(reporter, '/api/v1/reports', a);
    await post(reporter, '/api/v1/reports', b);
    const res = await post(otherOfficer, '/api/v1/reports/merge', { keepId: a.id, duplicateIds: [b.id] });
    expect(res.statusCode).toBe(404);
    expect((await get(officer, `/api/v1/reports/${b.id}`)).json().status).toBe('new');
  });
});

describe('listeners (alerts, risk)', () => {
  /** A report service with only `listener` (the app's alerts and risk listeners left out). */
  async function serviceWith(listener: ReportListener) {
    const { createReportRepository, createReportService } = await import('./index.ts');
    return createReportService({
      repository: createReportRepository(ctx.database.db),
      audit: ctx.services.audit,
      jobs: ctx.services.jobs,
      listeners: [listener],
      files: ctx.services.files,
      clock: ctx.services.clock,
      smsSecret: () => undefined,
      uploadMaxBytes: 1024,
    });
  }
  const actor = {
    userId: '',
    username: '',
    name: 'R',
    role: 'field_reporter' as const,
    scopeCode: '15.04',
    scopePath: '15.04',
    via: 'token' as const,
    mfaSatisfied: true,
  };
  beforeAll(() => {
    actor.userId = reporter.id;
    actor.username = reporter.username;
  });
  it('run inside the transaction with every event of a batch in one call, and a failing one rolls back', async () => {
    const calls: ReportEvent[][] = [];
    let fail = false;
    const service = await serviceWith(async (trx, events) => {
      // Inside the transaction the new rows are visible.
      const ids = events.map((e) => e.report.id);
      const seen = await sql<{
        n: number;
      }>`SELECT count(*)::int AS n FROM reports WHERE id = ANY(${ids}::uuid[])`.execute(trx);
      expect(seen.rows[0]?.n).toBe(ids.length);
      calls.push(events);
      if (fail) throw new Error('listener failed');
    });
    const items = Array.from({ length: 5 }, () => reportBody());
    await service.batch(actor, items, 'batch');
    expect(calls).toHaveLength(1);
    expect(calls[0]?.map((e) => e.type)).toEqual(Array(5).fill('created'));
    expect(calls[0]?.[0]?.report).toMatchObject({
      districtCode: PLACES.batanghariDistrict,
      regionPath: PLACES.batanghariVillage,
      status: 'new',
    });

    // Concurrent single submissions are grouped: fewer listener calls than reports.
    calls.length = 0;
    await Promise.all(Array.from({ length: 40 }, () => service.create(actor, reportBody(), 'api')));
    expect(calls.flat()).toHaveLength(40);
    expect(calls.length).toBeLessThan(40);

    const officerActor = { ...actor, userId: officer.id, role: 'regency_officer' as const };
    calls.length = 0;
    await service.changeStatus(officerActor, items[0]?.id as string, { status: 'verified' });
    expect(calls[0]?.[0]).toMatchObject({
      type: 'status_changed',
      previousStatus: 'new',
      report: { status: 'verified' },
    });

    fail = true;
    const doomed = reportBody();
    await expect(service.create(actor, doomed, 'api')).rejects.toThrow('listener failed');
    expect(await countRows(doomed.id as string)).toBe(0);
    await expect(
      service.changeStatus(officerActor, items[1]?.id as string, { status: 'verified' }),
    ).rejects.toThrow();
    expect((await service.reportById(items[1]?.id as string, ''))?.status).toBe('new');
  });

  it("write the effects they gather with the reports' own, before commit, and lose them on rollback", async () => {
    let fail = false;
    const service = await serviceWith((_trx, events, effects) => {
      effects?.audit.push(
        ...events.map((e) => ({
          actor: null,
          record: { action: 'test.derived', entityType: 'report', entityId: e.report.id },
        })),
      );
      effects?.jobs.push({ queue: 'test.effects', data: { ids: events.map((e) => e.report.id) } });
      return fail ? Promise.reject(new Error('listener failed')) : Promise.resolve();
    });
    const entries = async (id: string) =>
      (
        await sql<{ action: string }>`
          SELECT action FROM audit_log WHERE entity_id = ${id} OR changes::text LIKE ${`%${id}%`} ORDER BY id`.execute(
          ctx.database.db,
        )
      ).rows.map((r) => r.action);
    const jobsFor = async (id: string) =>
      (
        await sql<{ n: number }>`
          SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'test.effects' AND data::text LIKE ${`%${id}%`}`.execute(
          ctx.database.db,
        )
      ).rows[0]?.n;

    const kept = reportBody();
    await service.create(actor, kept, 'api');
    expect(await entries(kept.id as string)).toEqual(['report.create', 'test.derived']);
    expect(await jobsFor(kept.id as string)).toBe(1);

    fail = true;
    const doomed = reportBody();
    await expect(service.create(actor, doomed, 'api')).rejects.toThrow('listener failed');
    expect(await entries(doomed.id as string)).toEqual([]);
    expect(await jobsFor(doomed.id as string)).toBe(0);
  });
});

describe('audit', () => {
  it('records the filing without the reporter, and each status change', async () => {
    const body = reportBody({ reporter: { name: 'Siti Aminah', phone: '081299988877' } });
    await post(reporter, '/api/v1/reports', body);
    await post(officer, `/api/v1/reports/${body.id}/status`, { status: 'verified', note: 'dicek lapangan' });
    await ctx.services.audit.chainNow();
    const rows = await sql<{ action: string; changes: unknown; entity_id: string | null }>`
      SELECT action, changes, entity_id FROM audit_log
       WHERE entity_id = ${body.id} OR changes::text LIKE ${`%${body.id}%`} ORDER BY id`.execute(
      ctx.database.db,
    );
    expect(rows.rows.map((r) => r.action)).toEqual(['report.create', 'report.status_change']);
    expect(JSON.stringify(rows.rows)).not.toContain('Siti');
    expect((await ctx.services.audit.verify()).ok).toBe(true);
  });
});

describe('OpenAPI', () => {
  it('documents every reports route', async () => {
    const res = await ctx.app.inject({ url: '/api/docs/json' });
    expect(res.statusCode).toBe(200);
    const paths = Object.keys(res.json().paths);
    for (const p of [
      '/api/v1/reports',
      '/api/v1/reports/batch',
      '/api/v1/reports/{id}/status',
      '/api/v1/reports/{id}/reporter',
      '/api/v1/public/reports',
      '/api/v1/intake/sms',
      '/api/v1/report-categories',
    ])
      expect(paths).toContain(p);
  });
});
