import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext, type TestUser } from '../../../test/harness.ts';
import { REMINDER_QUEUE, sendReminder } from './reminders.ts';
import { createAgency, createCampaign, manualClock, smtpCapture, submitPledge } from './test-helpers.ts';

const clock = manualClock('2024-09-27T09:00:00+08:00');
let ctx: TestContext;
let smtp: Awaited<ReturnType<typeof smtpCapture>>;
let officer: TestUser;

async function waitFor(check: () => boolean, ms = 20_000): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function waitForJob(id: string | null): Promise<void> {
  if (!id) throw new Error('job not created');
  const until = Date.now() + 20_000;
  for (;;) {
    const { rows } = await ctx.database.pool.query<{ state: string }>(
      'SELECT state FROM pgboss.job WHERE id = $1',
      [id],
    );
    if (rows[0]?.state === 'completed') return;
    if (Date.now() > until) throw new Error(`job ${id} is ${rows[0]?.state ?? 'missing'}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  smtp = await smtpCapture();
  ctx = await createTestContext({ SINERGI_SMTP_URL: smtp.url }, { clock });
  officer = await ctx.user('regency_officer', '51.06');
  const db = ctx.database.db;
  await db
    .updateTable('users')
    .set({ email: 'kesbangpol@banglikab.go.id' })
    .where('id', '=', officer.id)
    .execute();
});
afterAll(async () => {
  await ctx.close();
  await smtp.close();
});

describe('pledge reminders', () => {
  it('reach each unsigned agency head before the deadline and the officer after it, once each', async () => {
    const signed = await createAgency(ctx, officer, '51.06', {
      name: 'Dinas Sosial',
      email: 'dinsos@banglikab.go.id',
    });
    await createAgency(ctx, officer, '51.06', { name: 'Dinas Kesehatan', email: 'dinkes@banglikab.go.id' });
    await createAgency(ctx, officer, '51.06.04', {
      name: 'Kecamatan Kintamani',
      headName: 'Camat Kintamani',
      headAccount: {
        username: 'camat.kintamani',
        password: 'kintamani-2024!',
        email: 'camat@kintamani.go.id',
      },
    });
    await createAgency(ctx, officer, '51.06', { name: 'Dinas Tanpa Surel' });
    // Jobs are planned at creation; pg-boss runs them by the database's own time, so in this test
    // (the service clock sits in 2024) they fall due at once: the sent mails are what we check.
    const campaign = await createCampaign(ctx, officer, '51.06', { deadline: '2024-09-30' });
    await waitFor(() => smtp.mails.length >= 3);
    await new Promise((r) => setTimeout(r, 1500));
    const recipients = smtp.mails.flatMap((m) => m.to).sort();
    expect(recipients).toEqual(
      [
        'camat@kintamani.go.id',
        'dinkes@banglikab.go.id',
        'dinsos@banglikab.go.id',
        'kesbangpol@banglikab.go.id',
      ].sort(),
    );
    const officerMail = smtp.mails.find((m) => m.to.includes('kesbangpol@banglikab.go.id'));
    expect(officerMail?.raw).toContain('Dinas Tanpa Surel');

    // Once each: the same job run again (a retry, a second process) mails nobody twice.
    const sent = smtp.mails.length;
    expect(
      await sendReminder(ctx.services.neutrality.deps, {
        campaignId: campaign.id,
        kind: 'before',
        deadline: '2024-09-30',
      }),
    ).toBe(0);
    const again = await ctx.services.jobs.send(REMINDER_QUEUE, {
      campaignId: campaign.id,
      kind: 'after',
      deadline: '2024-09-30',
    });
    await waitForJob(again);
    expect(smtp.mails.length).toBe(sent);
    // Once an agency has signed, a reminder run finds nobody new to remind.
    await submitPledge(ctx, officer, campaign.id, { agencyId: signed.id, signedOn: '2024-09-27' });
    expect(
      (await ctx.services.neutrality.deps.repository.unsignedAgencies(campaign.id)).map((a) => a.name),
    ).not.toContain(signed.name);
  });

  it('a job planned for a deadline that has since moved sends nothing', async () => {
    const campaign = await createCampaign(ctx, officer, '51.06', { deadline: '2024-10-05' });
    const sent = await sendReminder(ctx.services.neutrality.deps, {
      campaignId: campaign.id,
      kind: 'before',
      deadline: '2024-10-04',
    });
    expect(sent).toBe(0);
  });
});
