export * from './domain/roles.ts';
export * from './domain/regions.ts';
export * from './domain/errors.ts';
export * from './i18n/index.ts';
export * from './schemas/common.ts';
export * from './schemas/regions.ts';
export * from './schemas/auth.ts';
export * from './schemas/users.ts';
