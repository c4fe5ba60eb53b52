import { sql, type Kysely } from 'kysely';
import { MEETING_KIND_LABELS, type MeetingKind, type TimeZoneId } from '@sinergi/shared';
import type { Clock } from '../../clock.ts';
import { indonesianDateTime, indonesianDayDate } from '../../documents/indonesian-dates.ts';
import type { Jobs } from '../../jobs/index.ts';
import type { Mailer } from '../../notify/mailer.ts';
import type { Executor, MeetingDB } from './repository.ts';
import { createMeetingRepository } from './repository.ts';
import { asCore, INVITATION_QUEUE } from './service.ts';
import { reminderPlan, type ReminderKind } from './time.ts';

export const REMINDER_QUEUE = 'meetings.follow-up-reminder';

/** How often each process looks for reminders whose job never ran (lost, or time moved past it). */
const SWEEP_INTERVAL_MS = 60_000;
/** A due reminder is left to its own job this long before the sweep queues another. */
const SWEEP_GRACE_MS = 2 * 60_000;
/** A reminder queued by the sweep is not queued again for this long. */
const REQUEUE_AFTER_MS = 5 * 60_000;

interface ReminderJob {
  reminderId: string;
}
interface InvitationJob {
  participantId: string;
}

/**
 * Follow-up reminders as pg-boss jobs. Each reminder is a row (follow_up_reminders) and a job that
 * fires at its time; the worker locks the row and handles it only if nobody has, so a reminder goes
 * out at most once however many jobs, retries or processes reach it (pg-boss's singletonKey does not
 * deduplicate on a standard queue). When it fires it checks the follow-up again: a done or dropped
 * follow-up, a changed due date or a reminder overtaken by a later one sends nothing.
 *
 * Time is the service clock's. pg-boss waits by the database's real time, so a job's start is the
 * clock's distance to the reminder added to real time (the same instant with the system clock); a
 * worker that fires before the clock says so puts the job back. A periodic sweep re-queues due
 * reminders whose job is gone, and is how a test that moves its clock forward gets them delivered.
 */
export function createReminders(deps: {
  db: Kysely<MeetingDB>;
  jobs: Jobs;
  mailer: Mailer;
  clock: Clock;
  publicUrl: string;
  log: (error: unknown, message: string) => void;
}) {
  const { db, jobs, mailer, clock } = deps;
  const repository = createMeetingRepository(db);
  let timer: NodeJS.Timeout | undefined;
  let sweeping: Promise<unknown> = Promise.resolve();

  /** pg-boss start time for an instant of the service clock. */
  const startAfter = (fireAt: Date) =>
    new Date(Date.now() + Math.max(0, fireAt.getTime() - clock.now().getTime()));

  const enqueue = (executor: Executor, reminderId: string, fireAt: Date) =>
    jobs.send<ReminderJob>(
      REMINDER_QUEUE,
      { reminderId },
      { startAfter: startAfter(fireAt), singletonKey: `follow-up-reminder:${reminderId}` },
      asCore(executor),
    );

  const link = (path: string) => `${deps.publicUrl.replace(/\/$/, '')}${path}`;

  async function handleReminder(data: ReminderJob): Promise<void> {
    const now = clock.now();
    let requeueAt: Date | undefined;
    await db.transaction().execute(async (trx) => {
      const r = await trx
        .selectFrom('follow_up_reminders as fr')
        .innerJoin('follow_ups as f', 'f.id', 'fr.follow_up_id')
        .innerJoin('meeting_decisions as d', 'd.id', 'f.decision_id')
        .innerJoin('meetings as m', 'm.id', 'f.meeting_id')
        .innerJoin('regions as r', 'r.code', 'f.region_code')
        .select([
          'fr.id',
          'fr.kind',
          'fr.due_on as reminder_due_on',
          'fr.fire_at',
          'fr.stale_at',
          'fr.handled_at',
          'f.id as follow_up_id',
          'f.title',
          'f.status',
          'f.due_on',
          'f.assignee_user_id',
          'f.assignee_institution',
          sql<string>`f.region_path::text`.as('region_path'),
          'd.number as decision_number',
          'd.text as decision_text',
          'm.id as meeting_id',
          'm.title as meeting_title',
          'm.kind as meeting_kind',
          'm.starts_at as meeting_starts_at',
          'm.chair_user_id',
          'm.created_by as meeting_created_by',
          'r.name as region_name',
          'r.timezone',
        ])
        .where('fr.id', '=', data.reminderId)
        .forUpdate('fr')
        .executeTakeFirst();
      if (!r || r.handled_at !== null) return;
      if (now.getTime() < new Date(r.fire_at).getTime()) {
        requeueAt = new Date(r.fire_at);
        return;
      }
      const finish = (
        outcome: 'sent' | 'cancelled' | 'stale' | 'no_recipient' | 'mail_disabled',
        recipients: string[] = [],
      ) =>
        trx
          .updateTable('follow_up_reminders')
          .set({ handled_at: now.toISOString(), outcome, recipients })
          .where('id', '=', r.id)
          .execute();
      if (r.status === 'done' || r.status === 'dropped' || r.due_on !== r.reminder_due_on)
        return void (await finish('cancelled'));
      if (r.stale_at !== null && now.getTime() >= new Date(r.stale_at).getTime())
        return void (await finish('stale'));

      const recipients =
        r.kind === 'escalation'
          ? await chairAddresses(trx, r.chair_user_id, r.meeting_created_by)
          : await ownerAddresses(trx, r.assignee_user_id, r.assignee_institution, r.region_path);
      if (recipients.length === 0) return void (await finish('no_recipient'));
      if (!mailer.enabled) return void (await finish('mail_disabled'));

      const timezone = r.timezone as TimeZoneId;
      const owner = r.assignee_institution ?? 'penanggung jawab';
      const due = indonesianDayDate(r.due_on);
      const subject =
        r.kind === 'escalation'
          ? `[Sinergi] Eskalasi: tindak lanjut melewati batas waktu — ${r.title}`
          : `[Sinergi] Pengingat: tindak lanjut jatuh tempo ${r.kind === 'before_3d' ? '3 hari' : '1 hari'} lagi — ${r.title}`;
      const lines = [
        r.kind === 'escalation'
          ? `Tindak lanjut berikut belum selesai dan telah melewati batas waktu ${due}.`
          : `Tindak lanjut berikut harus selesai paling lambat ${due}.`,
        '',
        `Tindak lanjut : ${r.title}`,
        `Penanggung jawab : ${owner}`,
        `Batas waktu : ${due}`,
        `Status : ${r.status === 'in_progress' ? 'sedang dikerjakan' : 'belum dikerjakan'}`,
        `Keputusan ${r.decision_number} : ${r.decision_text}`,
        `Rapat : ${MEETING_KIND_LABELS[r.meeting_kind as MeetingKind].id} — ${r.meeting_title}`,
        `         ${indonesianDateTime(new Date(r.meeting_starts_at), timezone)}, ${r.region_name}`,
        '',
        `Perbarui status dan bukti di Sinergi: ${link(`/meetings/${r.meeting_id}`)}`,
      ];
      // Sent while the row is locked: a failed send rolls back and pg-boss retries the job.
      await mailer.send({ to: recipients, subject, text: lines.join('\n') });
      await finish('sent', recipients);
    });
    if (requeueAt) await enqueue(db, data.reminderId, requeueAt);
  }

  /** The owner: the assigned user, or the users of the assigned institution who see the region. */
  async function ownerAddresses(
    executor: Executor,
    userId: string | null,
    institution: string | null,
    regionPath: string,
  ): Promise<string[]> {
    if (userId) {
      const user = await executor
        .selectFrom('users')
        .select(['email'])
        .where('id', '=', userId)
        .where('active', '=', true)
        .executeTakeFirst();
      return user?.email ? [user.email] : [];
    }
    if (!institution) return [];
    const lowered = institution.toLowerCase();
    const rows = await executor
      .selectFrom('users')
      .select('email')
      .where('active', '=', true)
      .where('email', 'is not', null)
      .where('role', 'in', [
        'province_officer',
        'regency_officer',
        'forum_member',
        'election_body',
        'agency_head',
      ])
      .where(sql<boolean>`${regionPath}::ltree <@ scope_path`)
      .where(
        sql<boolean>`(lower(institution) = ${lowered} OR starts_with(lower(institution), ${`${lowered} `}))`,
      )
      .orderBy('email')
      .limit(20)
      .execute();
    return rows.map((r) => r.email).filter((e): e is string => e !== null);
  }

  /** The meeting's chair if registered, else the officer who recorded the meeting. */
  async function chairAddresses(
    executor: Executor,
    chairId: string | null,
    createdBy: string | null,
  ): Promise<string[]> {
    for (const id of [chairId, createdBy]) {
      if (!id) continue;
      const user = await executor
        .selectFrom('users')
        .select('email')
        .where('id', '=', id)
        .where('active', '=', true)
        .executeTakeFirst();
      if (user?.email) return [user.email];
    }
    return [];
  }

  async function handleInvitation(data: InvitationJob): Promise<void> {
    await db.transaction().execute(async (trx) => {
      const row = await repository.lockParticipantForInvitation(trx, data.participantId);
      if (!row || row.invitation_sent_at !== null || !row.email || !row.active || !mailer.enabled) return;
      const timezone = row.timezone as TimeZoneId;
      const agenda =
        row.agenda.length > 0 ? ['Acara:', ...row.agenda.map((item, i) => `  ${i + 1}. ${item}`)] : [];
      await mailer.send({
        to: row.email,
        subject: `[Sinergi] Undangan ${MEETING_KIND_LABELS[row.kind as MeetingKind].id}: ${row.title}`,
        text: [
          `Yth. ${row.user_name} (${row.participant_position}),`,
          '',
          `Dengan hormat, Anda diundang menghadiri ${MEETING_KIND_LABELS[row.kind as MeetingKind].id.toLowerCase()} ${row.region_name}:`,
          '',
          `Acara : ${row.title}`,
          `Waktu : ${indonesianDateTime(new Date(row.starts_at), timezone)}`,
          ...(row.venue ? [`Tempat : ${row.venue}`] : []),
          ...(row.link ? [`Tautan : ${row.link}`] : []),
          ...agenda,
          '',
          `Rincian rapat di Sinergi: ${link(`/meetings/${row.meeting_id}`)}`,
        ].join('\n'),
      });
      await repository.markInvitationSent(trx, row.id, clock.now());
    });
  }

  /** Queues due reminders whose job has not handled them (a lost job, or a clock moved past them). */
  async function sweep(): Promise<number> {
    const now = clock.now();
    return db.transaction().execute(async (trx) => {
      const due = await trx
        .selectFrom('follow_up_reminders')
        .select(['id', 'fire_at'])
        .where('handled_at', 'is', null)
        .where('fire_at', '<=', new Date(now.getTime() - SWEEP_GRACE_MS).toISOString())
        .where((eb) =>
          eb.or([
            eb('last_enqueued_at', 'is', null),
            eb('last_enqueued_at', '<', new Date(now.getTime() - REQUEUE_AFTER_MS).toISOString()),
          ]),
        )
        .orderBy('fire_at')
        .limit(500)
        .forUpdate()
        .skipLocked()
        .execute();
      for (const r of due) {
        await trx
          .updateTable('follow_up_reminders')
          .set({ last_enqueued_at: now.toISOString() })
          .where('id', '=', r.id)
          .execute();
        await enqueue(trx, r.id, now);
      }
      return due.length;
    });
  }

  const runSweep = () => {
    sweeping = sweeping
      .then(sweep)
      .catch((error: unknown) => deps.log(error, 'follow-up reminder sweep failed'));
    return sweeping;
  };

  return {
    /**
     * Plans the reminders of a follow-up due on `dueOn` inside the caller's transaction. Reminders
     * whose time has already passed are not planned: a follow-up recorded late is not reminded of
     * what it already shows (overdue on the board).
     */
    async schedule(trx: Executor, followUpId: string, dueOn: string, timezone: TimeZoneId): Promise<void> {
      const now = clock.now();
      for (const plan of reminderPlan(dueOn, timezone)) {
        if (plan.fireAt.getTime() <= now.getTime()) continue;
        const row = await trx
          .insertInto('follow_up_reminders')
          .values({
            follow_up_id: followUpId,
            kind: plan.kind,
            due_on: dueOn,
            fire_at: plan.fireAt.toISOString(),
            stale_at: plan.staleAt?.toISOString() ?? null,
            last_enqueued_at: now.toISOString(),
          })
          .onConflict((oc) => oc.columns(['follow_up_id', 'kind', 'due_on']).doNothing())
          .returning('id')
          .executeTakeFirst();
        if (row) await enqueue(trx, row.id, plan.fireAt);
      }
    },

    /** A finished follow-up (or one with a new due date) keeps no pending reminder. */
    async cancel(trx: Executor, followUpId: string, now: Date): Promise<void> {
      await trx
        .updateTable('follow_up_reminders')
        .set({ handled_at: now.toISOString(), outcome: 'cancelled' })
        .where('follow_up_id', '=', followUpId)
        .where('handled_at', 'is', null)
        .execute();
    },

    async start(): Promise<void> {
      await jobs.work<ReminderJob>(REMINDER_QUEUE, handleReminder);
      await jobs.work<InvitationJob>(INVITATION_QUEUE, handleInvitation);
      await runSweep();
      timer = setInterval(() => void runSweep(), SWEEP_INTERVAL_MS);
      timer.unref();
    },

    async stop(): Promise<void> {
      if (timer) clearInterval(timer);
      timer = undefined;
      await sweeping;
    },

    sweep: runSweep,
    handleReminder,
  };
}

export type ReminderScheduler = Pick<ReturnType<typeof createReminders>, 'schedule' | 'cancel'>;
export type Reminders = ReturnType<typeof createReminders>;
export type { ReminderKind };
