export { createRegionRepository, type RegionRepository } from './repository.ts';
export { createRegionService, type RegionService } from './service.ts';
export { registerRegionRoutes } from './routes.ts';
export { packageRegionCount, seedRegions } from './seed.ts';
