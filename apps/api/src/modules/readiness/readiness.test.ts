import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext, type TestUser } from '../../../test/harness.ts';
import { PILKADA_2024_ID } from '../elections/index.ts';
import { seedDemoElections } from './index.ts';

let ctx: TestContext;
let admin: TestUser;
let jambi: TestUser;
let batanghari: TestUser;
let tanjabtim: TestUser;
let kapolres: TestUser;
let reporter: TestUser;
let national: TestUser;

beforeAll(async () => {
  ctx = await createTestContext();
  [admin, jambi, batanghari, tanjabtim, kapolres, reporter, national] = await Promise.all([
    ctx.user('admin', 'ID'),
    ctx.user('province_officer', '15'),
    ctx.user('regency_officer', '15.04'),
    ctx.user('regency_officer', '15.07'),
    ctx.user('forum_member', '15.04', { name: 'AKBP Kapolres Batanghari' }),
    ctx.user('field_reporter', '15.04'),
    ctx.user('ministry', 'ID'),
  ]);
});
afterAll(() => ctx.close());

/** A Pilkada of its own per test, so each test starts from empty checklists. */
async function newElection(scopeCode = '15'): Promise<string> {
  const election = await ctx.services.elections.create(null, {
    name: `Pilgub Jambi ${Math.random().toString(36).slice(2, 8)}`,
    kind: 'pilkada',
    scopeCode,
    votingDay: '2024-11-27',
    stages: [
      { code: 'campaign', name: 'Kampanye', startsOn: '2024-09-25', endsOn: '2024-11-23' },
      { code: 'voting', name: 'Pemungutan suara', startsOn: '2024-11-27', endsOn: '2024-11-27' },
    ],
  });
  return election.id;
}

async function createChecklist(
  user: TestUser,
  body: { regionCode: string; electionId: string; stageCode?: string; templateCode?: string },
) {
  return ctx.app.inject({
    method: 'POST',
    url: '/api/v1/readiness/checklists',
    headers: user.headers,
    payload: { stageCode: 'voting', templateCode: 'pemungutan_suara', ...body },
  });
}

const patch = (user: TestUser, itemId: string, payload: Record<string, unknown>) =>
  ctx.app.inject({
    method: 'PATCH',
    url: `/api/v1/readiness/items/${itemId}`,
    headers: user.headers,
    payload,
  });

async function rowCounts(): Promise<{ checklists: number; items: number; audit: number }> {
  const r = await ctx.database.pool.query<{ checklists: number; items: number; audit: number }>(
    `SELECT (SELECT count(*)::int FROM readiness_checklists) AS checklists,
            (SELECT count(*)::int FROM readiness_items) AS items,
            (SELECT count(*)::int FROM audit_log WHERE action LIKE 'readiness.%') AS audit`,
  );
  return r.rows[0] ?? { checklists: -1, items: -1, audit: -1 };
}

describe('readiness checklists', () => {
  it('creates a checklist from a template with items in all four areas, audited', async () => {
    const electionId = await newElection();
    const res = await createChecklist(batanghari, { regionCode: '15.04', electionId });
    expect(res.statusCode).toBe(201);
    const checklist = res.json();
    expect(checklist).toMatchObject({
      region: { code: '15.04', level: 2 },
      election: { id: electionId },
      stage: { code: 'voting', name: 'Pemungutan suara', startsOn: '2024-11-27' },
      templateCode: 'pemungutan_suara',
      total: { done: 0, pct: 0 },
    });
    expect(new Set(checklist.items.map((i: { area: string }) => i.area))).toEqual(
      new Set(['logistics', 'security', 'polling_stations', 'disaster']),
    );
    expect(checklist.items.map((i: { title: string }) => i.title)).toEqual(
      expect.arrayContaining([
        'Distribusi logistik surat suara ke PPK',
        'Pengamanan TPS oleh Linmas/Polri',
        'TPS rawan banjir sudah dipetakan',
        'Peta rawan bencana BPBD diperbarui',
      ]),
    );
    expect(checklist.items.every((i: { status: string }) => i.status === 'not_started')).toBe(true);
    const audit = await ctx.database.pool.query(
      `SELECT action FROM audit_log WHERE entity_type = 'readiness_checklist' AND entity_id = $1`,
      [checklist.id],
    );
    expect(audit.rows).toEqual([{ action: 'readiness.checklist.create' }]);

    const again = await createChecklist(batanghari, { regionCode: '15.04', electionId });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('readiness.checklist_exists');
  });

  it('marks an item done with evidence; an officer of another regency cannot touch it', async () => {
    const electionId = await newElection();
    const checklist = (await createChecklist(batanghari, { regionCode: '15.04', electionId })).json();
    const item = checklist.items[0];

    const before = await rowCounts();
    const foreign = await patch(tanjabtim, item.id, { status: 'done' });
    expect(foreign.statusCode).toBe(403);
    expect(foreign.json().error.code).toBe('access.forbidden');
    expect(await rowCounts()).toEqual(before);
    const unchanged = await ctx.app.inject({
      url: `/api/v1/readiness/checklists/${checklist.id}`,
      headers: batanghari.headers,
    });
    expect(unchanged.json().items[0].status).toBe('not_started');
    const foreignRead = await ctx.app.inject({
      url: `/api/v1/readiness/checklists/${checklist.id}`,
      headers: tanjabtim.headers,
    });
    expect(foreignRead.statusCode).toBe(403);

    const done = await patch(batanghari, item.id, { status: 'done', evidenceNote: 'BA serah terima 20/11' });
    expect(done.statusCode).toBe(200);
    expect(done.json()).toMatchObject({
      status: 'done',
      evidence: { note: 'BA serah terima 20/11', file: null },
    });
    expect(done.json().doneAt).not.toBeNull();
    const reopened = await patch(batanghari, item.id, { status: 'blocked' });
    expect(reopened.json()).toMatchObject({ status: 'blocked', doneAt: null });
    const audit = await ctx.database.pool.query(
      `SELECT changes->'status' AS status FROM audit_log WHERE entity_id = $1 ORDER BY id`,
      [item.id],
    );
    expect(audit.rows.map((r) => r.status)).toEqual([
      { from: 'not_started', to: 'done' },
      { from: 'done', to: 'blocked' },
    ]);
  });

  it('lets a Forkopimda member report progress but not redefine the item', async () => {
    const electionId = await newElection();
    const checklist = (await createChecklist(batanghari, { regionCode: '15.04', electionId })).json();
    const security = checklist.items.find((i: { area: string }) => i.area === 'security');
    const progress = await patch(kapolres, security.id, {
      status: 'in_progress',
      evidenceNote: 'Apel 25/11',
    });
    expect(progress.statusCode).toBe(200);
    expect(progress.json().updatedBy).toBe('AKBP Kapolres Batanghari');
    const rename = await patch(kapolres, security.id, { title: 'Sudah aman' });
    expect(rename.statusCode).toBe(403);
    expect(rename.json().error.code).toBe('readiness.field_not_allowed');
    const byReporter = await patch(reporter, security.id, { status: 'done' });
    expect(byReporter.statusCode).toBe(403);
  });

  it('assigns an owner only among users of the checklist region', async () => {
    const electionId = await newElection();
    const checklist = (await createChecklist(batanghari, { regionCode: '15.04', electionId })).json();
    const item = checklist.items[1];
    const ok = await patch(batanghari, item.id, {
      ownerUserId: kapolres.id,
      ownerInstitution: 'Polres Batanghari',
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().owner).toEqual({
      institution: 'Polres Batanghari',
      user: { id: kapolres.id, name: 'AKBP Kapolres Batanghari' },
    });
    const outsider = await patch(batanghari, item.id, { ownerUserId: tanjabtim.id });
    expect(outsider.statusCode).toBe(400);
    expect(outsider.json().error.code).toBe('readiness.owner_outside_region');
    const added = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/readiness/checklists/${checklist.id}/items`,
      headers: batanghari.headers,
      payload: {
        area: 'disaster',
        title: 'Perahu karet untuk TPS di bantaran Batanghari',
        ownerInstitution: 'BPBD',
      },
    });
    expect(added.statusCode).toBe(201);
    expect(added.json()).toMatchObject({
      area: 'disaster',
      position: checklist.items.length,
      status: 'not_started',
    });
  });

  it('rejects a checklist for a region outside the election, an unknown stage or template, writing nothing', async () => {
    const electionId = await newElection('15.04');
    const before = await rowCounts();
    const cases: Array<[TestUser, Record<string, string>, number, string]> = [
      [jambi, { regionCode: '15.07', electionId }, 400, 'readiness.region_outside_election'],
      [batanghari, { regionCode: '15.04', electionId, stageCode: 'recount' }, 400, 'readiness.unknown_stage'],
      [
        batanghari,
        { regionCode: '15.04', electionId, templateCode: 'picnic' },
        400,
        'readiness.unknown_template',
      ],
      [
        batanghari,
        { regionCode: '15.04', electionId: '00000000-0000-4000-8000-000000000000' },
        404,
        'election.not_found',
      ],
      [batanghari, { regionCode: '15.04', electionId: 'x' }, 400, 'validation.invalid'],
      [batanghari, { regionCode: '15.4', electionId }, 400, 'validation.invalid'],
      [batanghari, { regionCode: '15.07', electionId: PILKADA_2024_ID }, 403, 'access.forbidden'],
      [reporter, { regionCode: '15.04', electionId }, 403, 'access.forbidden'],
    ];
    for (const [user, body, status, code] of cases) {
      const res = await createChecklist(user, body as { regionCode: string; electionId: string });
      expect([res.statusCode, res.json().error?.code], JSON.stringify(body)).toEqual([status, code]);
    }
    const electionIdNational = await newElection();
    const checklist = (
      await createChecklist(batanghari, { regionCode: '15.04', electionId: electionIdNational })
    ).json();
    const afterCreate = await rowCounts();
    const item = checklist.items[0];
    for (const payload of [
      {},
      { status: 'finished' },
      { evidenceNote: '' },
      { title: 'x'.repeat(301) },
      { foo: 1 },
    ]) {
      const res = await patch(batanghari, item.id, payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json().error.code).toBe('validation.invalid');
    }
    const unknownItem = await patch(batanghari, '00000000-0000-4000-8000-000000000000', { status: 'done' });
    expect(unknownItem.statusCode).toBe(404);
    expect(unknownItem.json().error.code).toBe('readiness.item_not_found');
    expect(await rowCounts()).toEqual(afterCreate);
    expect(afterCreate.checklists).toBe(before.checklists + 1);
  });
});

describe('readiness roll-up', () => {
  it('weights regencies by their item count when rolling up to the province and the nation', async () => {
    const electionId = await newElection();
    // Batanghari: the 19-item voting template, 10 done. Tanjung Jabung Timur: 2 extra items on a
    // 10-item campaign-template checklist for the same stage, 12 items with 3 done.
    const a = (await createChecklist(batanghari, { regionCode: '15.04', electionId })).json();
    const b = (
      await createChecklist(tanjabtim, { regionCode: '15.07', electionId, templateCode: 'kampanye' })
    ).json();
    for (const item of a.items.slice(0, 10))
      expect((await patch(batanghari, item.id, { status: 'done' })).statusCode).toBe(200);
    for (const item of b.items.slice(0, 3))
      expect((await patch(tanjabtim, item.id, { status: 'done' })).statusCode).toBe(200);
    await patch(tanjabtim, b.items[3].id, { status: 'blocked' });
    for (const title of ['Genset cadangan di gudang logistik', 'Kapal angkut logistik ke pulau']) {
      await ctx.app.inject({
        method: 'POST',
        url: `/api/v1/readiness/checklists/${b.id}/items`,
        headers: tanjabtim.headers,
        payload: { area: 'logistics', title },
      });
    }
    expect(a.items).toHaveLength(19);

    const res = await ctx.app.inject({
      url: `/api/v1/readiness?region=15&election=${electionId}&stage=voting`,
      headers: jambi.headers,
    });
    expect(res.statusCode).toBe(200);
    const summary = res.json();
    // (10 + 3) / (19 + 12) = 41.9 %, not the mean of 52.6 % and 25 %.
    expect(summary.total).toEqual({ items: 31, done: 13, pct: 41.9 });
    expect(summary.own).toEqual({ items: 0, done: 0, pct: null });
    const child = (code: string) =>
      summary.children.find((c: { region: { code: string } }) => c.region.code === code);
    expect(child('15.04').total).toEqual({ items: 19, done: 10, pct: 52.6 });
    expect(child('15.07').total).toEqual({ items: 12, done: 3, pct: 25 });
    expect(child('15.01').total).toEqual({ items: 0, done: 0, pct: null });
    expect(summary.children).toHaveLength(11);
    // Per area: counts add up across regencies, and each area's % is its own done / items.
    const areas = Object.fromEntries(summary.areas.map((a: { area: string }) => [a.area, a]));
    const sum = (key: string) =>
      summary.areas.reduce((n: number, a: Record<string, number>) => n + (a[key] ?? 0), 0);
    expect(sum('items')).toBe(31);
    expect(sum('done')).toBe(13);
    expect(sum('blocked')).toBe(1);
    for (const area of summary.areas) expect(area.pct).toBe(Math.round((area.done / area.items) * 1000) / 10);
    expect(areas.logistics.items).toBe(5 + 2 + 2);

    // The nation sees Jambi (15) with the same numbers.
    const nation = (
      await ctx.app.inject({ url: `/api/v1/readiness?election=${electionId}`, headers: national.headers })
    ).json();
    expect(nation.region).toEqual({ code: 'ID', name: 'Indonesia', level: 0 });
    expect(nation.total).toEqual({ items: 31, done: 13, pct: 41.9 });
    expect(nation.children).toHaveLength(38);
    expect(nation.children.find((c: { region: { code: string } }) => c.region.code === '15').total.pct).toBe(
      41.9,
    );

    // A regency sees only itself; its province is out of its scope.
    const own = await ctx.app.inject({
      url: `/api/v1/readiness?election=${electionId}`,
      headers: batanghari.headers,
    });
    expect(own.json()).toMatchObject({
      region: { code: '15.04' },
      total: { items: 19, done: 10 },
      own: { items: 19 },
    });
    const up = await ctx.app.inject({ url: `/api/v1/readiness?region=15`, headers: batanghari.headers });
    expect(up.statusCode).toBe(403);
    // The service other modules call agrees.
    const forSitrep = await ctx.services.readiness.readinessSummary('15', {
      electionId,
      stageCode: 'voting',
    });
    expect(forSitrep.total).toEqual(summary.total);
  });

  it('refuses an unknown stage of a named election and an election the caller cannot see', async () => {
    const electionId = await newElection('15.07');
    const stage = await ctx.app.inject({
      url: `/api/v1/readiness?election=${PILKADA_2024_ID}&stage=harvest`,
      headers: batanghari.headers,
    });
    expect(stage.statusCode).toBe(400);
    expect(stage.json().error.code).toBe('readiness.unknown_stage');
    const hidden = await ctx.app.inject({
      url: `/api/v1/readiness?election=${electionId}`,
      headers: batanghari.headers,
    });
    expect(hidden.statusCode).toBe(403);
  });
});

describe('evidence files', () => {
  const png = Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
    'base64',
  );
  function multipart(content: Buffer, filename: string, type: string) {
    const boundary = '----sinergi-test';
    const body = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`,
      ),
      content,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    return { body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
  }

  it('stores a photo as evidence and serves it back only inside the scope', async () => {
    const electionId = await newElection();
    const checklist = (await createChecklist(batanghari, { regionCode: '15.04', electionId })).json();
    const item = checklist.items[2];
    const upload = multipart(png, 'gudang.png', 'image/png');
    const res = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/readiness/items/${item.id}/evidence`,
      headers: { ...batanghari.headers, ...upload.headers },
      payload: upload.body,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().evidence.file).toMatchObject({ mime: 'image/png', name: 'gudang.png' });
    const back = await ctx.app.inject({
      url: `/api/v1/readiness/items/${item.id}/evidence`,
      headers: kapolres.headers,
    });
    expect(back.statusCode).toBe(200);
    expect(back.headers['content-type']).toBe('image/png');
    expect(back.rawPayload.subarray(0, 8)).toEqual(png.subarray(0, 8));
    const foreign = await ctx.app.inject({
      url: `/api/v1/readiness/items/${item.id}/evidence`,
      headers: tanjabtim.headers,
    });
    expect(foreign.statusCode).toBe(403);

    const text = multipart(Buffer.from('just text, not a photo'), 'x.png', 'image/png');
    const refused = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/readiness/items/${item.id}/evidence`,
      headers: { ...batanghari.headers, ...text.headers },
      payload: text.body,
    });
    expect(refused.statusCode).toBe(415);
    expect(refused.json().error.code).toBe('upload.type_not_allowed');
    const none = await ctx.app.inject({
      url: `/api/v1/readiness/items/${checklist.items[3].id}/evidence`,
      headers: batanghari.headers,
    });
    expect(none.statusCode).toBe(404);
    expect(none.json().error.code).toBe('readiness.no_evidence');
  });
});

describe('demo data', () => {
  it('seeds Pilkada 2024 checklists for the demo regions with mixed progress, once', async () => {
    const first = await seedDemoElections(ctx.services);
    expect(first.created).toBe(6);
    const second = await seedDemoElections(ctx.services);
    expect(second.created).toBe(0);
    const res = await ctx.app.inject({
      url: `/api/v1/readiness?region=15&election=${PILKADA_2024_ID}&stage=voting`,
      headers: admin.headers,
    });
    const pct = (code: string) =>
      res.json().children.find((c: { region: { code: string } }) => c.region.code === code).total.pct;
    expect(pct('15.04')).toBeGreaterThan(pct('15.07'));
    expect(pct('15.07')).toBeGreaterThan(0);
    expect(res.json().total.items).toBe(38);
  });
});
