export { createUserRepository } from './repository.ts';
export { createUserService, type UserService } from './service.ts';
export { registerUserRoutes } from './routes.ts';
