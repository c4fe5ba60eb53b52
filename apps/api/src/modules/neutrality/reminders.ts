import type { Transaction } from 'kysely';
import type { DB } from '../../db/index.ts';
import { indonesianDate } from '../../documents/indonesian-dates.ts';
import { SYSTEM_READER, type NeutralityDeps } from './context.ts';
import type { NeutralityDB } from './tables.ts';

export const REMINDER_QUEUE = 'neutrality.pledge-reminder';
/** Agency heads hear two days before the deadline ends; the officer when it has passed. */
const BEFORE_MS = 2 * 24 * 3_600_000;
/** A campaign recorded long after its deadline gets no reminders. */
const STALE_MS = 7 * 24 * 3_600_000;

export interface ReminderJob {
  campaignId: string;
  kind: 'before' | 'after';
  /** The deadline the job was planned for: a moved deadline makes it stale. */
  deadline: string;
}

/** Plans the campaign's two reminders inside the transaction that creates or moves its deadline. */
export async function scheduleReminders(
  deps: Pick<NeutralityDeps, 'jobs' | 'clock'>,
  trx: Transaction<NeutralityDB>,
  campaign: { id: string; deadline: string; closesAt: Date },
): Promise<void> {
  const now = deps.clock.now().getTime();
  const closes = campaign.closesAt.getTime();
  if (closes + STALE_MS < now) return;
  const executor = trx as unknown as Transaction<DB>;
  if (closes > now) {
    const before = new Date(Math.max(now, closes - BEFORE_MS));
    await deps.jobs.send<ReminderJob>(
      REMINDER_QUEUE,
      { campaignId: campaign.id, kind: 'before', deadline: campaign.deadline },
      { startAfter: before, singletonKey: `pledge-reminder:${campaign.id}:before:${campaign.deadline}` },
      executor,
    );
  }
  await deps.jobs.send<ReminderJob>(
    REMINDER_QUEUE,
    { campaignId: campaign.id, kind: 'after', deadline: campaign.deadline },
    {
      startAfter: campaign.closesAt,
      singletonKey: `pledge-reminder:${campaign.id}:after:${campaign.deadline}`,
    },
    executor,
  );
}

/**
 * Sends one reminder job: to each agency head without a signed pact (before the deadline), or to
 * the campaign's officers with the list of those agencies (after it). Each recipient is claimed in
 * pledge_reminders first, so a retried job never mails anyone twice.
 */
export async function sendReminder(deps: NeutralityDeps, job: ReminderJob): Promise<number> {
  const { repository, users, mailer } = deps;
  const campaign = await repository.campaignById(repository.db, job.campaignId, '');
  if (!campaign || campaign.deadline !== job.deadline || !mailer.enabled) return 0;
  const unsigned = await repository.unsignedAgencies(campaign.id);
  if (unsigned.length === 0) return 0;
  const link = `${deps.publicUrl.replace(/\/$/, '')}/neutrality/campaigns/${campaign.id}`;
  const deadline = `${indonesianDate(campaign.deadline)} (akhir hari, waktu setempat)`;
  const emailOf = async (userId: string | null) => {
    if (!userId) return null;
    const user = await users.get(SYSTEM_READER, userId).catch(() => undefined);
    return user?.active ? user.email : null;
  };

  const messages: Array<{ to: string; subject: string; text: string }> = [];
  if (job.kind === 'before') {
    for (const agency of unsigned) {
      const to = agency.email ?? (await emailOf(agency.head_user_id));
      if (!to) continue;
      messages.push({
        to,
        subject: `Pengingat: fakta integritas netralitas paling lambat ${indonesianDate(campaign.deadline)}`,
        text:
          `Yth. ${agency.head_name} (${agency.name}),\n\n` +
          `fakta integritas "${campaign.title}" dari perangkat daerah Anda belum kami terima. ` +
          `Batas waktunya ${deadline}.${campaign.require_video ? ' Sertakan juga video deklarasi netralitas.' : ''}\n\n` +
          `Unggah dokumen yang sudah ditandatangani di ${link}\n\nSinergi`,
      });
    }
  } else {
    const recipients = new Set<string>();
    const creator = await emailOf(campaign.created_by);
    if (creator) recipients.add(creator);
    // The officers of the campaign's own region (a national campaign reaches its creator only).
    if (campaign.region_code !== 'ID') {
      for (const role of ['regency_officer', 'province_officer'] as const) {
        const officers = await users.list(SYSTEM_READER, { region: campaign.region_code, role, limit: 200 });
        for (const officer of officers.items) {
          if (officer.active && officer.email && officer.scope.code === campaign.region_code)
            recipients.add(officer.email);
        }
      }
    }
    const list = unsigned.map((a, i) => `${i + 1}. ${a.name} — ${a.head_name}`).join('\n');
    for (const to of recipients) {
      messages.push({
        to,
        subject: `Tenggat fakta integritas lewat: ${unsigned.length} perangkat daerah belum menandatangani`,
        text:
          `Tenggat "${campaign.title}" (${deadline}) telah lewat.\n` +
          `Perangkat daerah yang belum menyerahkan fakta integritas:\n${list}\n\n` +
          `Papan kepatuhan: ${link}\n\nSinergi`,
      });
    }
  }
  let sent = 0;
  for (const message of messages) {
    if (!(await repository.claimReminder(campaign.id, job.kind, campaign.deadline, message.to))) continue;
    try {
      await mailer.send(message);
      sent += 1;
    } catch (error) {
      // Unclaim so the job's retry tries this recipient again.
      await repository.releaseReminder(campaign.id, job.kind, campaign.deadline, message.to);
      throw error;
    }
  }
  return sent;
}

export async function registerReminderWorker(deps: NeutralityDeps): Promise<void> {
  await deps.jobs.work<ReminderJob>(REMINDER_QUEUE, async (job) => {
    await sendReminder(deps, job);
  });
}
