import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // CLI tests spawn the built CLI; `pretest` builds it first.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // A throwaway PostgreSQL server for the tests that run on both engines (test/support/postgres.ts).
    globalSetup: ['test/support/pg-global-setup.ts'],
  },
});
