import type { Kysely } from 'kysely';
import type { Clock } from '../../clock.ts';
import type { DB } from '../../db/index.ts';
import type { App } from '../../http/types.ts';
import type { Jobs } from '../../jobs/index.ts';
import type { Mailer } from '../../notify/mailer.ts';
import type { FileStore } from '../../storage/index.ts';
import type { AuditService } from '../audit/index.ts';
import type { RegionService } from '../regions/index.ts';
import { createReminders } from './reminders.ts';
import { createMeetingRepository } from './repository.ts';
import { registerMeetingRoutes } from './routes.ts';
import { createMeetingService } from './service.ts';
import { createMeetingsSitrepSource } from './sitrep-source.ts';
import type { MeetingTables } from './tables.ts';

export { seedDemoMeetings } from './seed.ts';
export type { MeetingService } from './service.ts';
export type { MeetingsSitrepScope } from './sitrep-source.ts';
export { REMINDER_QUEUE } from './reminders.ts';

/**
 * Coordination meetings (C5): the service, its reminder and invitation workers, and the sitrep
 * source. `start()` registers the pg-boss workers and the reminder sweep; `stop()` ends the sweep
 * (call it before the job queue stops).
 */
export function createMeetings(deps: {
  db: Kysely<DB>;
  audit: AuditService;
  jobs: Jobs;
  mailer: Mailer;
  clock: Clock;
  regions: RegionService;
  files: FileStore;
  publicUrl: string;
  log: (error: unknown, message: string) => void;
}) {
  const db = deps.db.withTables<MeetingTables>();
  const reminders = createReminders({
    db,
    jobs: deps.jobs,
    mailer: deps.mailer,
    clock: deps.clock,
    publicUrl: deps.publicUrl,
    log: deps.log,
  });
  const service = createMeetingService({
    repository: createMeetingRepository(db),
    regions: deps.regions,
    audit: deps.audit,
    jobs: deps.jobs,
    clock: deps.clock,
    files: deps.files,
    reminders,
  });
  return {
    service,
    /** Re-queues due reminders whose job never ran (also runs every minute on its own). */
    sweepReminders: () => reminders.sweep(),
    sitrepSource: createMeetingsSitrepSource(db),
    start: () => reminders.start(),
    stop: () => reminders.stop(),
  };
}

export type Meetings = ReturnType<typeof createMeetings>;

export function registerMeetings(app: App, meetings: Meetings): void {
  registerMeetingRoutes(app, meetings.service);
}
