import { defineConfig } from 'vitest/config';

// Unit, route and integration tests on real PostgreSQL: embedded by default, the server in
// DATABASE_URL when set. Two workers suit the 2-core machines we run on.
export default defineConfig({
  test: {
    include: [
      'apps/api/src/**/*.test.ts',
      'apps/api/test/**/*.test.ts',
      'packages/shared/src/**/*.test.ts',
      'apps/web/src/**/*.test.ts',
    ],
    globalSetup: ['apps/api/test/global-setup.ts'],
    pool: 'forks',
    // A worker imports the app's modules once, not once per test file. On a 2-core machine
    // (2026-12-07) Vitest counted 124 s of collecting in an embedded run of 392 s, and 13 s in one of
    // 289 s without isolation. Modules keep only caches of fixed data and statement names; each file
    // builds its own app on its own database, and none mocks a module.
    isolate: false,
    maxWorkers: 2,
    minWorkers: 1,
    testTimeout: 60_000,
    hookTimeout: 180_000,
    reporters: process.env.CI ? ['default'] : ['default'],
  },
});
