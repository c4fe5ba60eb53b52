import type { App } from '../../http/types.ts';
import type { NeutralityDeps } from './context.ts';
import { registerReminderWorker } from './reminders.ts';
import { createNeutralityRepository } from './repository.ts';
import { registerNeutralityRoutes } from './routes.ts';
import { createNeutralityService, type NeutralityService } from './service.ts';

export { createNeutralityRepository, type NeutralityRepository } from './repository.ts';
export { createNeutralityService, type NeutralityService } from './service.ts';
export { registerNeutralityRoutes } from './routes.ts';
export { registerReminderWorker, sendReminder, REMINDER_QUEUE } from './reminders.ts';
export { seedDemoNeutrality } from './seed.ts';
export { pledgeFiguresForSitrep } from './sitrep.ts';
export { reportLookup, type NeutralityDeps } from './context.ts';

/**
 * Wires the module into the app (one call in app.ts): its service, routes and the reminder worker.
 */
export async function wireNeutrality(
  app: App,
  deps: Omit<NeutralityDeps, 'repository'> & { database: Parameters<typeof createNeutralityRepository>[0] },
): Promise<NeutralityService> {
  const { database, ...rest } = deps;
  const full: NeutralityDeps = { ...rest, repository: createNeutralityRepository(database) };
  const service = createNeutralityService(full);
  registerNeutralityRoutes(app, service);
  await registerReminderWorker(full);
  return service;
}
