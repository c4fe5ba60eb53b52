import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '@sinergi/shared';
import { buildApp, type BuiltApp } from '../../app.ts';
import type { Clock } from '../../clock.ts';
import { loadConfig } from '../../config.ts';
import { connect, disconnect } from '../../db/index.ts';
import { createTestDatabase } from '../../../test/harness.ts';
import { REMINDER_QUEUE } from './index.ts';
import { manualClock, sleep, startMailServer, waitFor, type CapturedMail } from './testing.ts';

/**
 * Reminders and escalations are pg-boss jobs on the real queue: they survive a restart between
 * scheduling and their time, fire once each even with two processes, and check the follow-up when
 * they fire. Each "process" here is a whole app built on the same database, closed before the next.
 */

let mail: Awaited<ReturnType<typeof startMailServer>>;
let database: Awaited<ReturnType<typeof createTestDatabase>>;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sinergi-meetings-'));

interface Process {
  built: BuiltApp;
  close: () => Promise<void>;
}

async function startProcess(clock: Clock): Promise<Process> {
  const config = loadConfig({
    SINERGI_MFA: 'optional',
    SINERGI_LOG_LEVEL: 'silent',
    DATABASE_URL: database.url,
    SINERGI_DEMO: '0',
    SINERGI_JOBS_POLL_SECONDS: '0.5',
    SINERGI_DATA_DIR: dataDir,
    SINERGI_SMTP_URL: mail.url,
    SINERGI_PUBLIC_URL: 'https://sinergi.example.go.id',
  });
  const base = connect(database.url, 'server', 5);
  const built = await buildApp(
    config,
    { ...base, embeddedPid: () => undefined, close: () => disconnect(base) },
    { logger: false, clock },
  );
  await built.app.ready();
  return {
    built,
    close: async () => {
      await built.app.close();
      await disconnect(base);
    },
  };
}

async function user(p: Process, role: Role, scopeCode: string, email: string, institution?: string) {
  const created = await p.built.services.users.create(null, {
    username: `${role.replaceAll('_', '-')}-${crypto.randomBytes(4).toString('hex')}`,
    name: `Pengguna ${email}`,
    password: 'test-password-123',
    role,
    scopeCode,
    email,
    ...(institution ? { institution } : {}),
  });
  const token = `sin_${crypto.randomBytes(24).toString('base64url')}`;
  await p.built.services.audit.chainNow();
  const { db } = connect(database.url, 'server', 1);
  await db
    .insertInto('api_tokens')
    .values({
      user_id: created.id,
      name: 'test',
      token_hash: crypto.createHash('sha256').update(token).digest(),
    })
    .execute();
  await db.destroy();
  return { id: created.id, headers: { authorization: `Bearer ${token}` } };
}

async function reminderOutcomes(followUpId: string) {
  const { db } = connect(database.url, 'server', 1);
  const rows = await db
    .withTables<{
      follow_up_reminders: { follow_up_id: string; kind: string; outcome: string | null; fire_at: string };
    }>()
    .selectFrom('follow_up_reminders')
    .select(['kind', 'outcome'])
    .where('follow_up_id', '=', followUpId)
    .orderBy('fire_at')
    .execute();
  await db.destroy();
  return Object.fromEntries(rows.map((r) => [r.kind, r.outcome]));
}

async function reminderIds(followUpId: string): Promise<string[]> {
  const { db } = connect(database.url, 'server', 1);
  const rows = await db
    .withTables<{ follow_up_reminders: { id: string; follow_up_id: string } }>()
    .selectFrom('follow_up_reminders')
    .select('id')
    .where('follow_up_id', '=', followUpId)
    .execute();
  await db.destroy();
  return rows.map((r) => r.id);
}

const about = (title: string) => (m: CapturedMail) => m.subject.includes(title);

beforeAll(async () => {
  mail = await startMailServer();
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.drop();
  await mail.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('follow-up reminders as jobs', () => {
  let ownerId: string;
  let chairEmail: string;
  let openId: string;
  let doneId: string;

  it('schedules the reminders and sends the invitation once, then the process stops', async () => {
    const clock = manualClock('2024-09-30T10:00:00+07:00');
    const p = await startProcess(clock);
    try {
      const officer = await user(p, 'regency_officer', '15.07', 'operator@kesbangpol.example.go.id');
      const owner = await user(
        p,
        'forum_member',
        '15.07',
        'kapolres@polres.example.go.id',
        'Polres Tanjung Jabung Timur',
      );
      const chair = await user(p, 'regency_officer', '15.07', 'asisten1@setda.example.go.id');
      ownerId = owner.id;
      chairEmail = 'asisten1@setda.example.go.id';
      const meeting = await p.built.app.inject({
        method: 'POST',
        url: '/api/v1/meetings',
        headers: officer.headers,
        payload: {
          regionCode: '15.07',
          kind: 'rakor',
          title: 'Rakor kesiapan pengamanan',
          startsAt: '2024-09-30T09:00',
          chair: { name: 'Asisten I', position: 'Asisten I Setda', userId: chair.id },
        },
      });
      expect(meeting.statusCode, meeting.body).toBe(201);
      const meetingId = meeting.json().id;
      const participant = await p.built.app.inject({
        method: 'POST',
        url: `/api/v1/meetings/${meetingId}/participants`,
        headers: officer.headers,
        payload: {
          name: 'Kapolres',
          position: 'Kapolres',
          institution: 'Polres',
          attended: true,
          userId: owner.id,
        },
      });
      expect(participant.statusCode, participant.body).toBe(201);
      const decision = await p.built.app.inject({
        method: 'POST',
        url: `/api/v1/meetings/${meetingId}/decisions`,
        headers: officer.headers,
        payload: {
          text: 'Pengamanan gabungan selama masa kampanye.',
          followUps: [
            { title: 'Patroli gabungan titik rawan', assignee: { userId: owner.id }, dueOn: '2024-10-04' },
            { title: 'Pemetaan lokasi kampanye', assignee: 'Polres', dueOn: '2024-10-04' },
          ],
        },
      });
      expect(decision.statusCode, decision.body).toBe(201);
      [openId = '', doneId = ''] = decision.json().followUps.map((f: { id: string }) => f.id);
      expect(await waitFor(() => mail.mails.some(about('Undangan')))).toBe(true);
      const invitation = mail.mails.filter(about('Undangan'));
      expect(invitation).toHaveLength(1);
      expect(invitation[0]?.to).toEqual(['kapolres@polres.example.go.id']);
      expect(invitation[0]?.body).toContain('Senin, 30 September 2024 pukul 09.00 WIB');
      expect(await reminderOutcomes(openId)).toEqual({ before_3d: null, before_1d: null, escalation: null });
    } finally {
      await p.close();
    }
    // Done while no process runs, behind the reminders' back: the job must look when it fires.
    const { db } = connect(database.url, 'server', 1);
    await db
      .withTables<{ follow_ups: { id: string; status: string } }>()
      .updateTable('follow_ups')
      .set({ status: 'done' })
      .where('id', '=', doneId)
      .execute();
    await db.destroy();
  });

  it('after a restart with the clock past 08:00 three days before, the owner gets exactly one reminder', async () => {
    const before = mail.mails.length;
    const p = await startProcess(manualClock('2024-10-01T08:05:00+07:00'));
    try {
      expect(await waitFor(() => mail.mails.length > before, 15_000)).toBe(true);
      await sleep(2_000);
      await p.built.services.meetings.sweepReminders();
      await sleep(1_500);
      const reminders = mail.mails.slice(before);
      expect(reminders).toHaveLength(1);
      expect(reminders[0]?.to).toEqual(['kapolres@polres.example.go.id']);
      expect(reminders[0]?.subject).toContain('jatuh tempo 3 hari lagi');
      expect(reminders[0]?.subject).toContain('Patroli gabungan titik rawan');
      expect(reminders[0]?.body).toContain('Jumat, 4 Oktober 2024');
      expect(reminders[0]?.body).toContain('https://sinergi.example.go.id/meetings/');
      expect(await reminderOutcomes(openId)).toEqual({
        before_3d: 'sent',
        before_1d: null,
        escalation: null,
      });
      // The follow-up that was done got nothing.
      expect(await reminderOutcomes(doneId)).toEqual({
        before_3d: 'cancelled',
        before_1d: null,
        escalation: null,
      });
    } finally {
      await p.close();
    }
    expect(ownerId).toBeTruthy();
  });

  it('after the deadline two processes escalate to the chair once; the stale day-before reminder is not sent', async () => {
    const before = mail.mails.length;
    const clock = manualClock('2024-10-05T08:05:00+07:00');
    const [a, b] = await Promise.all([startProcess(clock), startProcess(clock)]);
    try {
      expect(await waitFor(() => mail.mails.length > before, 15_000)).toBe(true);
      await Promise.all([
        a?.built.services.meetings.sweepReminders(),
        b?.built.services.meetings.sweepReminders(),
      ]);
      // The queue delivering a reminder's job again, on both processes, changes nothing.
      for (const id of await reminderIds(openId))
        for (const p of [a, b]) await p?.built.services.jobs.send(REMINDER_QUEUE, { reminderId: id });
      await sleep(3_000);
      const sent = mail.mails.slice(before);
      expect(sent.map((m) => m.to)).toEqual([[chairEmail]]);
      expect(sent[0]?.subject).toContain('Eskalasi');
      expect(await reminderOutcomes(openId)).toEqual({
        before_3d: 'sent',
        before_1d: 'stale',
        escalation: 'sent',
      });
      expect(await reminderOutcomes(doneId)).toEqual({
        before_3d: 'cancelled',
        before_1d: 'cancelled',
        escalation: 'cancelled',
      });
    } finally {
      await Promise.all([a?.close(), b?.close()]);
    }
  });

  it('with a running clock, a reminder fires by its own job at its time after a restart', async () => {
    // The clock runs with real time, eight seconds before 08:00 WIB three days before the due date.
    const fireAt = new Date('2030-01-07T08:00:00+07:00').getTime();
    const offset = fireAt - 8_000 - Date.now();
    const running: Clock = { now: () => new Date(Date.now() + offset) };
    const first = await startProcess(running);
    let followUpId = '';
    const before = mail.mails.length;
    try {
      const officer = await user(first, 'regency_officer', '15.07', 'operator2@kesbangpol.example.go.id');
      const meeting = await first.built.app.inject({
        method: 'POST',
        url: '/api/v1/meetings',
        headers: officer.headers,
        payload: {
          regionCode: '15.07',
          kind: 'dialog',
          title: 'Dialog sinergitas 2030',
          startsAt: '2030-01-06T09:00',
        },
      });
      const decision = await first.built.app.inject({
        method: 'POST',
        url: `/api/v1/meetings/${meeting.json().id}/decisions`,
        headers: officer.headers,
        payload: {
          text: 'Penyusunan rencana kontinjensi.',
          followUps: [{ title: 'Rencana kontinjensi', assignee: { userId: ownerId }, dueOn: '2030-01-10' }],
        },
      });
      expect(decision.statusCode, decision.body).toBe(201);
      followUpId = decision.json().followUps[0].id;
    } finally {
      await first.close();
    }
    expect(mail.mails.length).toBe(before);
    const second = await startProcess(running);
    try {
      expect(await waitFor(() => mail.mails.length > before, 20_000)).toBe(true);
      await sleep(1_500);
      const sent = mail.mails.slice(before);
      expect(sent).toHaveLength(1);
      expect(sent[0]?.subject).toContain('Rencana kontinjensi');
      expect(await reminderOutcomes(followUpId)).toEqual({
        before_3d: 'sent',
        before_1d: null,
        escalation: null,
      });
    } finally {
      await second.close();
    }
  });
});
