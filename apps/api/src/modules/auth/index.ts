export { createAuthRepository, type AuthRepository } from './repository.ts';
export { createAuthService, type AuthService } from './service.ts';
export { AUTH_CHANGED_CHANNEL } from './token-cache.ts';
export { registerAuthRoutes } from './routes.ts';
export { hashPassword } from './passwords.ts';
export { newTotpSecret, totpFor } from './totp.ts';
export { presentScope } from './presenter.ts';
