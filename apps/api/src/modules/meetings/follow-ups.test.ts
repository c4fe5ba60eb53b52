import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext, type TestUser } from '../../../test/harness.ts';
import { manualClock } from './testing.ts';

/** Follow-ups: overdue by the region's zone, the owner's own list and updates, export and roll-up. */

const clock = manualClock('2024-10-01T10:00:00+07:00');
let ctx: TestContext;
let admin: TestUser;
let officer: TestUser;
let polres: TestUser;
let kodim: TestUser;
let agency: TestUser;
let province: TestUser;
let witRegency: string;

beforeAll(async () => {
  ctx = await createTestContext({}, { clock });
  const wit = await ctx.database.db
    .selectFrom('regions')
    .select('code')
    .where('level', '=', 2)
    .where('timezone', '=', 'Asia/Jayapura')
    .orderBy('code')
    .executeTakeFirstOrThrow();
  witRegency = wit.code;
  admin = await ctx.user('admin', 'ID');
  officer = await ctx.user('regency_officer', '15.07');
  polres = await ctx.user('forum_member', '15.07');
  kodim = await ctx.user('forum_member', '15.07');
  agency = await ctx.user('agency_head', '15.07');
  province = await ctx.user('province_officer', '15');
  for (const [user, institution] of [
    [polres, 'Polres Tanjung Jabung Timur'],
    [kodim, 'Kodim 0419/Tanjab'],
    [agency, 'Dinas Kominfo'],
  ] as const) {
    await ctx.database.db.updateTable('users').set({ institution }).where('id', '=', user.id).execute();
  }
});
afterAll(() => ctx.close());

async function meetingWith(
  user: TestUser,
  regionCode: string,
  followUps: Array<{ title: string; assignee: unknown; dueOn: string }>,
): Promise<{ meetingId: string; followUpIds: string[] }> {
  const meeting = await ctx.app.inject({
    method: 'POST',
    url: '/api/v1/meetings',
    headers: user.headers,
    payload: { regionCode, kind: 'rakor', title: `Rakor ${regionCode}`, startsAt: '2024-10-01T09:00' },
  });
  expect(meeting.statusCode, meeting.body).toBe(201);
  const decision = await ctx.app.inject({
    method: 'POST',
    url: `/api/v1/meetings/${meeting.json().id}/decisions`,
    headers: user.headers,
    payload: { text: 'Keputusan rapat', followUps },
  });
  expect(decision.statusCode, decision.body).toBe(201);
  return {
    meetingId: meeting.json().id,
    followUpIds: decision.json().followUps.map((f: { id: string }) => f.id),
  };
}

const list = (user: TestUser, query: string) =>
  ctx.app.inject({ url: `/api/v1/follow-ups?${query}`, headers: user.headers });
const patch = (user: TestUser, id: string, payload: Record<string, unknown>) =>
  ctx.app.inject({ method: 'PATCH', url: `/api/v1/follow-ups/${id}`, headers: user.headers, payload });

describe('overdue by the region zone', () => {
  let wibId: string;
  let witId: string;
  let wibMeeting: string;

  beforeAll(async () => {
    const wib = await meetingWith(admin, '15.07', [
      { title: 'Tindak lanjut WIB', assignee: 'Polres', dueOn: '2024-10-04' },
    ]);
    const wit = await meetingWith(admin, witRegency, [
      { title: 'Tindak lanjut WIT', assignee: 'Polres', dueOn: '2024-10-04' },
    ]);
    [wibId = ''] = wib.followUpIds;
    [witId = ''] = wit.followUpIds;
    wibMeeting = wib.meetingId;
  });

  const overdueIds = async () =>
    (await list(admin, 'overdue=true&limit=100')).json().items.map((f: { id: string }) => f.id) as string[];
  const flag = async (id: string) =>
    (await list(admin, 'limit=100')).json().items.find((f: { id: string }) => f.id === id).overdue as boolean;

  it('a follow-up due today in WIT is not overdue late in its own evening', async () => {
    clock.set('2024-10-04T23:30:00+09:00'); // 21:30 WIB
    expect(await overdueIds()).toEqual([]);
    expect(await flag(witId)).toBe(false);
  });

  it('once the day has ended in WIT it is overdue, while the same date in WIB still has its evening', async () => {
    clock.set('2024-10-04T22:30:00+07:00'); // 00:30 WIT on the 5th
    expect(await overdueIds()).toEqual([witId]);
    expect(await flag(wibId)).toBe(false);
    const notOverdue = (await list(admin, 'overdue=false&limit=100'))
      .json()
      .items.map((f: { id: string }) => f.id);
    expect(notOverdue).toContain(wibId);
    expect(notOverdue).not.toContain(witId);
  });

  it('at midnight WIB the WIB follow-up is overdue too, and the meeting counts it', async () => {
    clock.set('2024-10-04T23:59:59+07:00');
    expect(await flag(wibId)).toBe(false);
    clock.set('2024-10-05T00:00:00+07:00');
    expect((await overdueIds()).sort()).toEqual([wibId, witId].sort());
    const meeting = (
      await ctx.app.inject({ url: `/api/v1/meetings/${wibMeeting}`, headers: admin.headers })
    ).json();
    expect(meeting.overdueFollowUps).toBe(1);
  });

  it('a follow-up that is done is never overdue', async () => {
    const res = await patch(admin, wibId, { status: 'done', evidence: 'Selesai dilaksanakan.' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      status: 'done',
      overdue: false,
      completedAt: '2024-10-05T00:00:00+07:00',
    });
    expect(await overdueIds()).toEqual([witId]);
  });
});

describe('owners and their own list', () => {
  let ids: string[] = [];

  beforeAll(() => {
    clock.set('2024-10-01T10:00:00+07:00');
  });

  it('refuses an assignee that is not a user who can see the region', async () => {
    const outsider = await ctx.user('forum_member', '15.04');
    const meeting = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/meetings',
      headers: officer.headers,
      payload: { regionCode: '15.07', kind: 'rakor', title: 'Rakor penugasan', startsAt: '2024-10-01T09:00' },
    });
    const res = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/meetings/${meeting.json().id}/decisions`,
      headers: officer.headers,
      payload: {
        text: 'Tugas',
        followUps: [{ title: 'x', assignee: { userId: outsider.id }, dueOn: '2024-10-12' }],
      },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('follow_up.assignee_invalid');
    const decisions = await ctx.database.db
      .withTables<{ meeting_decisions: { meeting_id: string } }>()
      .selectFrom('meeting_decisions')
      .select('meeting_id')
      .where('meeting_id', '=', meeting.json().id)
      .execute();
    expect(decisions).toEqual([]);
  });

  it('a forum member sees what is assigned to them or to their institution (mine=true)', async () => {
    ({ followUpIds: ids } = await meetingWith(officer, '15.07', [
      { title: 'Patroli gabungan', assignee: 'Polres', dueOn: '2024-10-10' },
      { title: 'Apel siaga', assignee: 'Kodim', dueOn: '2024-10-11' },
      { title: 'Laporan kamtibmas', assignee: { userId: polres.id }, dueOn: '2024-10-12' },
      {
        title: 'Publikasi imbauan damai',
        assignee: { userId: agency.id, institution: 'Dinas Kominfo' },
        dueOn: '2024-10-13',
      },
    ]));
    const mine = await list(polres, 'mine=true&status=open,in_progress');
    expect(mine.statusCode, mine.body).toBe(200);
    expect(mine.json().items.map((f: { title: string }) => f.title)).toEqual([
      'Patroli gabungan',
      'Laporan kamtibmas',
    ]);
    const kodimMine = (await list(kodim, 'mine=true&status=open'))
      .json()
      .items.map((f: { title: string }) => f.title);
    expect(kodimMine).toEqual(['Apel siaga']);
    // The whole board of the region is still readable for a forum member.
    expect((await list(polres, 'region=15.07&limit=100')).json().items.length).toBeGreaterThanOrEqual(4);
  });

  it("an owner with only the forum member role updates their follow-up; not someone else's", async () => {
    const [patrol = '', apel = ''] = ids;
    const own = await patch(polres, patrol, {
      status: 'in_progress',
      evidence: 'Patroli malam dimulai 2 Oktober.',
    });
    expect(own.statusCode, own.body).toBe(200);
    expect(own.json()).toMatchObject({
      status: 'in_progress',
      evidence: [{ text: 'Patroli malam dimulai 2 Oktober.' }],
    });
    const other = await patch(polres, apel, { status: 'done' });
    expect(other.statusCode).toBe(403);
    expect(other.json().error.code).toBe('follow_up.not_owner');
    const dueDate = await patch(polres, patrol, { dueOn: '2024-10-31' });
    expect(dueDate.statusCode).toBe(403);
    expect(dueDate.json().error.code).toBe('follow_up.officers_only');
  });

  it('an agency head lists only its own follow-ups and may update them', async () => {
    const all = await list(agency, 'region=15.07');
    expect(all.statusCode).toBe(403);
    expect(all.json().error.code).toBe('follow_up.mine_only');
    const mine = (await list(agency, 'mine=true')).json().items;
    expect(mine.map((f: { title: string }) => f.title)).toEqual(['Publikasi imbauan damai']);
    expect((await patch(agency, mine[0].id, { status: 'done' })).statusCode).toBe(200);
    const notOwn = await patch(agency, ids[0] ?? '', { status: 'done' });
    expect(notOwn.statusCode).toBe(404);
    expect(notOwn.json().error.code).toBe('follow_up.not_found');
  });

  it('a follow-up moves open → in progress → done or dropped (with a reason), and no further', async () => {
    const [patrol = '', apel = ''] = ids;
    const noReason = await patch(officer, apel, { status: 'dropped' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.code).toBe('follow_up.reason_required');
    const dropped = await patch(kodim, apel, { status: 'dropped', reason: 'Digabung dengan apel Polres.' });
    expect(dropped.statusCode, dropped.body).toBe(200);
    expect(dropped.json()).toMatchObject({ status: 'dropped', dropReason: 'Digabung dengan apel Polres.' });
    expect((await patch(polres, patrol, { status: 'done' })).statusCode).toBe(200);
    const reopen = await patch(officer, patrol, { status: 'open' });
    expect(reopen.statusCode).toBe(409);
    expect(reopen.json().error.code).toBe('follow_up.illegal_transition');
  });

  it('an officer moves a due date: the deadline and the reminders follow it', async () => {
    const kamtibmas = ids[2] ?? '';
    const res = await patch(officer, kamtibmas, { dueOn: '2024-10-20' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ dueOn: '2024-10-20', dueAt: '2024-10-21T00:00:00+07:00' });
    const reminders = await ctx.database.db
      .withTables<{
        follow_up_reminders: {
          follow_up_id: string;
          kind: string;
          due_on: string;
          fire_at: string;
          outcome: string | null;
        };
      }>()
      .selectFrom('follow_up_reminders')
      .select(['kind', 'due_on', 'fire_at', 'outcome'])
      .where('follow_up_id', '=', kamtibmas)
      .orderBy('due_on')
      .orderBy('fire_at')
      .execute();
    expect(reminders).toEqual([
      { kind: 'before_3d', due_on: '2024-10-12', fire_at: '2024-10-09T01:00:00.000Z', outcome: 'cancelled' },
      { kind: 'before_1d', due_on: '2024-10-12', fire_at: '2024-10-11T01:00:00.000Z', outcome: 'cancelled' },
      { kind: 'escalation', due_on: '2024-10-12', fire_at: '2024-10-13T01:00:00.000Z', outcome: 'cancelled' },
      { kind: 'before_3d', due_on: '2024-10-20', fire_at: '2024-10-17T01:00:00.000Z', outcome: null },
      { kind: 'before_1d', due_on: '2024-10-20', fire_at: '2024-10-19T01:00:00.000Z', outcome: null },
      { kind: 'escalation', due_on: '2024-10-20', fire_at: '2024-10-21T01:00:00.000Z', outcome: null },
    ]);
  });

  it('an owner attaches an evidence file that readers can download', async () => {
    const boundary = '----sinergi-evidence';
    const png = Buffer.from(
      '89504e470d0a1a0a0000000d49484452000000010000000108020000009077053e0000000c4944415408d763f8ffff3f0005fe02fea7d6a4a10000000049454e44ae426082',
      'hex',
    );
    const body = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="text"\r\n\r\nFoto patroli\r\n`),
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="patroli.png"\r\nContent-Type: image/png\r\n\r\n`,
      ),
      png,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const kamtibmas = ids[2] ?? '';
    const res = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/follow-ups/${kamtibmas}/evidence`,
      headers: { ...polres.headers, 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: body,
    });
    expect(res.statusCode, res.body).toBe(201);
    const evidence = res.json().evidence.at(-1);
    expect(evidence).toMatchObject({
      text: 'Foto patroli',
      file: { name: 'patroli.png', mime: 'image/png' },
    });
    const file = await ctx.app.inject({
      url: `/api/v1/follow-ups/${kamtibmas}/evidence/${evidence.id}`,
      headers: officer.headers,
    });
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('image/png');
    // Someone who neither owns it nor may update it stores nothing.
    const refused = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/follow-ups/${kamtibmas}/evidence`,
      headers: { ...kodim.headers, 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: body,
    });
    expect(refused.statusCode).toBe(403);
    // The list carries the same evidence, in the same order, as the follow-up's own answer.
    const more = await patch(officer, kamtibmas, { evidence: 'Laporan kamtibmas minggu pertama.' });
    expect(more.statusCode, more.body).toBe(200);
    const listed = (await list(officer, 'region=15.07&limit=500'))
      .json()
      .items.find((f: { id: string }) => f.id === kamtibmas);
    expect(listed.evidence).toHaveLength(2);
    expect(listed.evidence).toEqual(more.json().evidence);
  });
});

describe('lists, export and roll-up', () => {
  it('pages through follow-ups by due date with a cursor', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await list(officer, `region=15.07&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.statusCode).toBe(200);
      const body = res.json();
      seen.push(...body.items.map((f: { id: string }) => f.id));
      cursor = body.nextCursor;
    } while (cursor);
    const all = (await list(officer, 'region=15.07&limit=500')).json().items.map((f: { id: string }) => f.id);
    expect(seen).toEqual(all);
    expect(new Set(seen).size).toBe(seen.length);
  });

  it("exports the region's follow-ups as an XLSX sheet", async () => {
    const res = await ctx.app.inject({
      url: '/api/v1/follow-ups.xlsx?region=15.07',
      headers: polres.headers,
    });
    expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
    expect(res.headers['content-type']).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('Tindak Lanjut');
    expect(sheet).toBeDefined();
    const header = (sheet?.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual(expect.arrayContaining(['Tindak Lanjut', 'Batas Waktu', 'Status', 'Terlambat']));
    const expected = (await list(polres, 'region=15.07&limit=500')).json().items;
    expect((sheet?.rowCount ?? 0) - 1).toBe(expected.length);
    const titles = [];
    for (let r = 2; r <= (sheet?.rowCount ?? 0); r += 1) titles.push(sheet?.getRow(r).getCell(6).value);
    expect(titles).toEqual(expected.map((f: { title: string }) => f.title));
    const outside = await ctx.app.inject({
      url: '/api/v1/follow-ups.xlsx?region=15.04',
      headers: polres.headers,
    });
    expect(outside.statusCode).toBe(403);
  });

  it('rolls follow-ups up per regency for the province', async () => {
    clock.set('2024-10-25T10:00:00+07:00');
    const res = await ctx.app.inject({
      url: '/api/v1/follow-ups/stats?parent=15',
      headers: province.headers,
    });
    expect(res.statusCode, res.body).toBe(200);
    const tanjab = res.json().items.find((r: { code: string }) => r.code === '15.07');
    const all = (await list(province, 'region=15.07&limit=500')).json().items;
    expect(tanjab).toMatchObject({
      open: all.filter((f: { status: string }) => f.status === 'open').length,
      done: all.filter((f: { status: string }) => f.status === 'done').length,
      dropped: 1,
      overdue: all.filter((f: { overdue: boolean }) => f.overdue).length,
    });
    expect(tanjab.overdue).toBeGreaterThan(0);
    expect(res.json().items.find((r: { code: string }) => r.code === '15.04')).toMatchObject({
      open: 0,
      meetings: 0,
    });
    const forumStats = await ctx.app.inject({
      url: '/api/v1/follow-ups/stats?parent=15',
      headers: polres.headers,
    });
    expect(forumStats.statusCode).toBe(403);
  });
});
