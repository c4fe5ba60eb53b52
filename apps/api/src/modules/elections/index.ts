export { createElectionRepository, type ElectionRepository } from './repository.ts';
export { createElectionService, type ElectionService } from './service.ts';
export { registerElectionRoutes } from './routes.ts';
export { stagesOn } from './schedule.ts';

/** The national Pilkada 2024 that migration 0501 ships (PKPU 2/2024). */
export const PILKADA_2024_ID = '2024b11e-0000-4000-8000-000000000027';
