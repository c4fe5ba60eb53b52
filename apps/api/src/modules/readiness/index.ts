export { createReadinessRepository, type ReadinessRepository } from './repository.ts';
export { createReadinessService, type ReadinessService } from './service.ts';
export { registerReadinessRoutes } from './routes.ts';
export { seedDemoElections } from './demo.ts';
export { READINESS_TEMPLATES } from './templates.ts';
