import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Signal tests run in child processes the tests spawn; the workers
    // themselves are processes too, never threads sharing one signal mask.
    pool: 'forks',
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
