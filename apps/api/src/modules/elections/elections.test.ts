import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPORT_CATEGORY_CODES } from '@sinergi/shared';
import { createTestContext, type TestContext, type TestUser } from '../../../test/harness.ts';
import { PILKADA_2024_ID, stagesOn } from './index.ts';

let ctx: TestContext;
let admin: TestUser;
let batanghari: TestUser;
let banyuasin: TestUser;
let jambi: TestUser;
let reporter: TestUser;
// Tests set the instant; the service reads it for "today".
let now = new Date('2024-11-26T17:30:00Z');

beforeAll(async () => {
  ctx = await createTestContext({}, { clock: { now: () => now } });
  [admin, batanghari, banyuasin, jambi, reporter] = await Promise.all([
    ctx.user('admin', 'ID'),
    ctx.user('regency_officer', '15.04'),
    ctx.user('regency_officer', '16.07'),
    ctx.user('province_officer', '15'),
    ctx.user('field_reporter', '15.04'),
  ]);
});
afterAll(() => ctx.close());

const current = (on: string, user: TestUser = reporter) =>
  ctx.app.inject({
    url: `/api/v1/elections/${PILKADA_2024_ID}/stages/current?on=${on}`,
    headers: user.headers,
  });

function nextDay(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

const pilkades = (overrides: Record<string, unknown> = {}) => ({
  name: 'Pilkades Serentak Batanghari 2025',
  kind: 'pilkades',
  scopeCode: '15.04',
  votingDay: '2025-07-20',
  stages: [
    { code: 'preparation', name: 'Persiapan', startsOn: '2025-05-01', endsOn: '2025-06-30' },
    {
      code: 'campaign',
      name: 'Kampanye',
      startsOn: '2025-07-10',
      endsOn: '2025-07-16',
      watchItems: [{ category: 'money_politics' }, { text: 'Netralitas perangkat desa' }],
    },
    { code: 'voting', name: 'Pemungutan suara', startsOn: '2025-07-20', endsOn: '2025-07-20' },
  ],
  ...overrides,
});

async function electionCount(): Promise<number> {
  const row = await ctx.database.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM elections');
  return row.rows[0]?.n ?? -1;
}

describe('the shipped Pilkada 2024 schedule (PKPU 2/2024)', () => {
  it('is a national Pilkada voting on 27 November 2024, with watch items naming report categories', async () => {
    const res = await ctx.app.inject({
      url: `/api/v1/elections/${PILKADA_2024_ID}`,
      headers: reporter.headers,
    });
    expect(res.statusCode).toBe(200);
    const election = res.json();
    expect(election).toMatchObject({
      kind: 'pilkada',
      votingDay: '2024-11-27',
      scope: { code: 'ID', level: 0 },
    });
    const byCode = Object.fromEntries(election.stages.map((s: { code: string }) => [s.code, s]));
    expect(byCode.candidate_registration).toMatchObject({ startsOn: '2024-08-27', endsOn: '2024-08-29' });
    expect(byCode.candidate_determination).toMatchObject({ startsOn: '2024-09-22', endsOn: '2024-09-22' });
    expect(byCode.campaign).toMatchObject({ startsOn: '2024-09-25', endsOn: '2024-11-23' });
    expect(byCode.quiet_period).toMatchObject({ startsOn: '2024-11-24', endsOn: '2024-11-26' });
    expect(byCode.voting).toMatchObject({ startsOn: '2024-11-27', endsOn: '2024-11-27' });
    expect(byCode.counting_recapitulation).toMatchObject({ startsOn: '2024-11-27', endsOn: '2024-12-16' });
    const categories = election.stages.flatMap((s: { watchItems: Array<{ category: string | null }> }) =>
      s.watchItems.map((w) => w.category).filter((c) => c !== null),
    );
    expect(categories).toContain('money_politics');
    for (const category of categories) expect(REPORT_CATEGORY_CODES).toContain(category);
    expect(byCode.campaign.watchItems.map((w: { category: string }) => w.category)).toEqual(
      expect.arrayContaining(['supporter_clash', 'money_politics', 'neutrality_violation']),
    );
  });

  it('names the current stage on the first day, the last day and the day after each stage', async () => {
    const expected: Array<[string, string | null]> = [
      ['2024-02-26', null],
      ['2024-02-27', 'monitor_registration'],
      ['2024-08-23', 'voter_list_update'],
      ['2024-08-24', 'registration_notice'],
      ['2024-08-26', 'registration_notice'],
      // Registration and the check of the candidates' papers start together: the shorter is current.
      ['2024-08-27', 'candidate_registration'],
      ['2024-08-29', 'candidate_registration'],
      ['2024-08-30', 'candidate_verification'],
      ['2024-09-21', 'candidate_verification'],
      ['2024-09-22', 'candidate_determination'],
      ['2024-09-23', 'voter_list_update'],
      ['2024-09-24', 'monitor_registration'],
      ['2024-09-25', 'campaign'],
      ['2024-11-23', 'campaign'],
      ['2024-11-24', 'quiet_period'],
      ['2024-11-26', 'quiet_period'],
      ['2024-11-27', 'voting'],
      ['2024-11-28', 'counting_recapitulation'],
      ['2024-12-16', 'counting_recapitulation'],
      ['2024-12-17', null],
    ];
    const answers = await Promise.all(expected.map(([on]) => current(on)));
    const got = answers.map((res, i) => [expected[i]?.[0], res.json().stage?.code ?? null]);
    expect(got).toEqual(expected);
  });

  it('lists every stage as active on its first and last day and not on the day after', async () => {
    const stages = (
      await ctx.app.inject({ url: `/api/v1/elections/${PILKADA_2024_ID}`, headers: reporter.headers })
    ).json().stages as Array<{ code: string; startsOn: string; endsOn: string }>;
    expect(stages).toHaveLength(12);
    for (const stage of stages) {
      const [first, last, after] = await Promise.all(
        [stage.startsOn, stage.endsOn, nextDay(stage.endsOn)].map(async (on) =>
          ((await current(on)).json().active as Array<{ code: string }>).map((s) => s.code),
        ),
      );
      expect(first, `${stage.code} on ${stage.startsOn}`).toContain(stage.code);
      expect(last, `${stage.code} on ${stage.endsOn}`).toContain(stage.code);
      expect(after, `${stage.code} the day after ${stage.endsOn}`).not.toContain(stage.code);
    }
  });

  it('on voting day lists voting first and counting and recapitulation as also active', async () => {
    const res = await current('2024-11-27');
    expect(res.json()).toMatchObject({
      electionId: PILKADA_2024_ID,
      on: '2024-11-27',
      stage: { code: 'voting', name: 'Pemungutan suara' },
    });
    expect(res.json().active.map((s: { code: string }) => s.code)).toEqual([
      'voting',
      'counting_recapitulation',
    ]);
  });

  it("without a date takes today in the caller's time zone", async () => {
    // 17:30 UTC on 26 November is already 27 November in Jambi (WIB) and Bali (WITA).
    now = new Date('2024-11-26T17:30:00Z');
    const res = await ctx.app.inject({
      url: `/api/v1/elections/${PILKADA_2024_ID}/stages/current`,
      headers: reporter.headers,
    });
    expect(res.json()).toMatchObject({ on: '2024-11-27', stage: { code: 'voting' } });
    // 16:30 UTC is 23:30 WIB: still the last quiet day.
    now = new Date('2024-11-26T16:30:00Z');
    const before = await ctx.app.inject({
      url: `/api/v1/elections/${PILKADA_2024_ID}/stages/current`,
      headers: reporter.headers,
    });
    expect(before.json()).toMatchObject({ on: '2024-11-26', stage: { code: 'quiet_period' } });
  });
});

describe('stage selection', () => {
  it('prefers the latest start, then the shortest stage, then the later one in the schedule', () => {
    const stages = [
      { code: 'long', startsOn: '2024-01-01', endsOn: '2024-12-31', position: 0 },
      { code: 'count', startsOn: '2024-11-27', endsOn: '2024-12-16', position: 2 },
      { code: 'vote', startsOn: '2024-11-27', endsOn: '2024-11-27', position: 1 },
      { code: 'twin', startsOn: '2024-11-27', endsOn: '2024-11-27', position: 3 },
    ];
    expect(stagesOn(stages, '2024-11-27').map((s) => s.code)).toEqual(['twin', 'vote', 'count', 'long']);
    expect(stagesOn(stages, '2024-11-28').map((s) => s.code)).toEqual(['count', 'long']);
    expect(stagesOn(stages, '2025-01-01')).toEqual([]);
  });
});

describe('creating and reading elections', () => {
  it('a regency officer creates a Pilkades in its regency; the change is audited', async () => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/elections',
      headers: batanghari.headers,
      payload: pilkades(),
    });
    expect(res.statusCode).toBe(201);
    const election = res.json();
    expect(election).toMatchObject({
      kind: 'pilkades',
      scope: { code: '15.04', level: 2 },
      votingDay: '2025-07-20',
    });
    expect(election.stages.map((s: { code: string }) => s.code)).toEqual([
      'preparation',
      'campaign',
      'voting',
    ]);
    expect(election.stages[1].watchItems).toEqual([
      { category: 'money_politics', text: null },
      { category: null, text: 'Netralitas perangkat desa' },
    ]);
    const audit = await ctx.database.pool.query(
      `SELECT action, actor_id FROM audit_log WHERE entity_type = 'election' AND entity_id = $1`,
      [election.id],
    );
    expect(audit.rows).toEqual([{ action: 'election.create', actor_id: batanghari.id }]);

    // Its province sees it; another regency neither lists nor reads it.
    const provinceList = await ctx.app.inject({ url: '/api/v1/elections', headers: jambi.headers });
    expect(provinceList.json().items.map((e: { id: string }) => e.id)).toContain(election.id);
    const otherList = await ctx.app.inject({ url: '/api/v1/elections', headers: banyuasin.headers });
    const otherIds = otherList.json().items.map((e: { id: string }) => e.id);
    expect(otherIds).not.toContain(election.id);
    expect(otherIds).toContain(PILKADA_2024_ID);
    const otherRead = await ctx.app.inject({
      url: `/api/v1/elections/${election.id}`,
      headers: banyuasin.headers,
    });
    expect(otherRead.statusCode).toBe(403);
    expect(otherRead.json().error.code).toBe('access.forbidden');
  });

  it('shows every election running on a day on the line of the region, broadest first', async () => {
    const created = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/elections',
      headers: batanghari.headers,
      payload: pilkades({
        name: 'PSU Desa Sungai Buluh',
        kind: 're_vote',
        scopeCode: '15.04.01',
        votingDay: '2024-11-30',
        stages: [
          { code: 're_vote', name: 'Pemungutan suara ulang', startsOn: '2024-11-28', endsOn: '2024-11-30' },
        ],
      }),
    });
    expect(created.statusCode).toBe(201);
    const res = await ctx.app.inject({
      url: '/api/v1/elections/current-stages?on=2024-11-29',
      headers: batanghari.headers,
    });
    expect(res.statusCode).toBe(200);
    expect(
      res
        .json()
        .items.map((i: { election: { id: string }; stage: { code: string } }) => [
          i.election.id,
          i.stage.code,
        ]),
    ).toEqual([
      [PILKADA_2024_ID, 'counting_recapitulation'],
      [created.json().id, 're_vote'],
    ]);
    // Banyuasin sees only the national one.
    const other = await ctx.app.inject({
      url: '/api/v1/elections/current-stages?on=2024-11-29',
      headers: banyuasin.headers,
    });
    expect(other.json().items.map((i: { election: { id: string } }) => i.election.id)).toEqual([
      PILKADA_2024_ID,
    ]);
    // The service other modules call gives the same for a region.
    const forSitrep = await ctx.services.elections.currentStage('15.04', '2024-11-29');
    expect(forSitrep.map((i) => i.stage.code)).toEqual(['counting_recapitulation', 're_vote']);
  });

  it('only an admin or the ministry creates a national election; nothing is written otherwise', async () => {
    const before = await electionCount();
    for (const payload of [pilkades({ scopeCode: undefined }), pilkades({ scopeCode: 'ID' })]) {
      const res = await ctx.app.inject({
        method: 'POST',
        url: '/api/v1/elections',
        headers: jambi.headers,
        payload,
      });
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('election.national_forbidden');
    }
    expect(await electionCount()).toBe(before);
    const national = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/elections',
      headers: admin.headers,
      payload: pilkades({ name: 'Pemilu 2029', kind: 'pemilu', scopeCode: undefined }),
    });
    expect(national.statusCode).toBe(201);
    expect(national.json().scope).toEqual({ code: 'ID', name: 'Indonesia', level: 0 });
  });

  it("refuses an election outside the officer's scope and roles that do not run elections", async () => {
    const before = await electionCount();
    const outside = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/elections',
      headers: batanghari.headers,
      payload: pilkades({ scopeCode: '16.07' }),
    });
    expect(outside.statusCode).toBe(403);
    const byReporter = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/elections',
      headers: reporter.headers,
      payload: pilkades(),
    });
    expect(byReporter.statusCode).toBe(403);
    expect(await electionCount()).toBe(before);
  });

  it('rejects bad input with 400 naming the field, and writes nothing', async () => {
    const stage = { code: 'voting', name: 'Pemungutan suara', startsOn: '2025-07-20', endsOn: '2025-07-20' };
    const cases: Array<[string, Record<string, unknown>, string]> = [
      [
        'ends before it starts',
        pilkades({ stages: [{ ...stage, endsOn: '2025-07-19' }] }),
        'stages.0.endsOn',
      ],
      ['a date that does not exist', pilkades({ votingDay: '2025-02-30' }), 'votingDay'],
      ['a stage code twice', pilkades({ stages: [stage, stage] }), 'stages.1.code'],
      ['no stages', pilkades({ stages: [] }), 'stages'],
      ['an unknown kind', pilkades({ kind: 'referendum' }), 'kind'],
      [
        'an unknown watch category',
        pilkades({ stages: [{ ...stage, watchItems: [{ category: 'weather' }] }] }),
        'stages.0.watchItems.0.category',
      ],
      [
        'an empty watch item',
        pilkades({ stages: [{ ...stage, watchItems: [{}] }] }),
        'stages.0.watchItems.0',
      ],
      ['a bad stage code', pilkades({ stages: [{ ...stage, code: 'Hari H' }] }), 'stages.0.code'],
      ['a region that does not exist', pilkades({ scopeCode: '15.04.99' }), 'scopeCode'],
    ];
    const before = await electionCount();
    for (const [what, payload, path] of cases) {
      const res = await ctx.app.inject({
        method: 'POST',
        url: '/api/v1/elections',
        headers: batanghari.headers,
        payload,
      });
      expect(res.statusCode, what).toBe(400);
      expect(res.json().error.code, what).toBe('validation.invalid');
      expect(
        res.json().error.details.map((d: { path: string }) => d.path),
        what,
      ).toContain(path);
    }
    expect(await electionCount()).toBe(before);
  });

  it('answers 404 for an unknown election and 400 for a bad id or date', async () => {
    const unknown = await ctx.app.inject({
      url: '/api/v1/elections/00000000-0000-4000-8000-000000000000/stages/current',
      headers: reporter.headers,
    });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe('election.not_found');
    const badId = await ctx.app.inject({ url: '/api/v1/elections/not-a-uuid', headers: reporter.headers });
    expect(badId.statusCode).toBe(400);
    const badDate = await current('27-11-2024');
    expect(badDate.statusCode).toBe(400);
    expect(badDate.json().error.code).toBe('validation.invalid');
  });

  it('pages through elections with a cursor', async () => {
    const first = await ctx.app.inject({ url: '/api/v1/elections?limit=1', headers: admin.headers });
    const page1 = first.json();
    expect(page1.items).toHaveLength(1);
    expect(page1.nextCursor).not.toBeNull();
    const second = await ctx.app.inject({
      url: `/api/v1/elections?limit=1&cursor=${page1.nextCursor}`,
      headers: admin.headers,
    });
    expect(second.json().items[0].id).not.toBe(page1.items[0].id);
    const bad = await ctx.app.inject({ url: '/api/v1/elections?cursor=nonsense', headers: admin.headers });
    expect(bad.statusCode).toBe(400);
  });
});
