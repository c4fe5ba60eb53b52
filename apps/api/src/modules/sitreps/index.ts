export { createSitrepRepository } from './repository.ts';
export { createSitrepService, type SitrepService } from './service.ts';
export { createSitrepDocuments } from './documents.ts';
export { registerSitrepRoutes } from './routes.ts';
export { noSources, type SitrepScope, type SitrepSources } from './sources.ts';
