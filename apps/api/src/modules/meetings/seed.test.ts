import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/harness.ts';
import { seedDemoMeetings } from './index.ts';
import { manualClock } from './testing.ts';

/** The demo meetings of the source articles, and what a situation report reads from them. */

const clock = manualClock('2025-01-15T10:00:00+07:00');
let ctx: TestContext;

beforeAll(async () => {
  ctx = await createTestContext({}, { clock });
});
afterAll(() => ctx.close());

describe('demo meetings', () => {
  it('are written once however often the seed runs', async () => {
    expect(await seedDemoMeetings(ctx.services.meetings.service)).toEqual({ created: 2 });
    expect(await seedDemoMeetings(ctx.services.meetings.service)).toEqual({ created: 0 });
    const admin = await ctx.user('admin', 'ID');
    const meetings = (await ctx.app.inject({ url: '/api/v1/meetings', headers: admin.headers })).json().items;
    expect(
      meetings.map((m: { region: { code: string }; startsAt: string }) => [m.region.code, m.startsAt]),
    ).toEqual([
      ['15.07', '2024-11-12T09:00:00+07:00'],
      ['15.04', '2022-08-10T09:00:00+07:00'],
    ]);
    const tanjab = (
      await ctx.app.inject({ url: `/api/v1/meetings/${meetings[0].id}`, headers: admin.headers })
    ).json();
    expect(tanjab.participants[0]).toMatchObject({
      name: 'Suhas Purrojani',
      representing: 'Plt. Bupati Tanjung Jabung Timur',
    });
    const batanghari = (
      await ctx.app.inject({ url: `/api/v1/meetings/${meetings[1].id}`, headers: admin.headers })
    ).json();
    expect(batanghari.legalBases.map((l: { citation: string }) => l.citation)).toEqual([
      'UU 23/2014',
      'PP 2/2015',
      'UU 7/2012',
      'Permendagri 42/2015',
      'Perda 10/2016',
    ]);
    const followUps = (
      await ctx.app.inject({ url: '/api/v1/follow-ups?limit=100', headers: admin.headers })
    ).json().items;
    const statuses = followUps.map(
      (f: { status: string; overdue: boolean }) => `${f.status}${f.overdue ? ':overdue' : ''}`,
    );
    expect(statuses.sort()).toEqual(
      [
        'done',
        'done',
        'done',
        'done',
        'done',
        'done',
        'dropped',
        'in_progress:overdue',
        'open:overdue',
      ].sort(),
    );
    // Past deadlines plan no reminders.
    const reminders = await ctx.database.db
      .withTables<{ follow_up_reminders: { id: string } }>()
      .selectFrom('follow_up_reminders')
      .select('id')
      .execute();
    expect(reminders).toEqual([]);
  });

  it('give a situation report its meetings and follow-ups', async () => {
    const source = ctx.services.meetings.sitrepSource;
    const tanjab = await ctx.services.regions.require('15.07');
    const figures = await source({
      regionPath: tanjab.path,
      timezone: 'Asia/Jakarta',
      from: new Date('2024-11-01T00:00:00+07:00'),
      to: new Date('2024-12-01T00:00:00+07:00'),
      now: clock.now(),
    });
    expect(figures).toEqual({
      held: 1,
      items: [
        {
          title: 'Rapat Koordinasi Forkopimda Menghadapi Pilkada 2024',
          startsAt: '2024-11-12T09:00:00+07:00',
          kind: 'rakor',
        },
      ],
      followUpsOpen: 1,
      followUpsOverdue: 1,
    });
  });
});
