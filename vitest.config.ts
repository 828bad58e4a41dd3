import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // CLI tests spawn the built CLI; `pretest` builds it first.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
