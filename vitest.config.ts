import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Both cores: vitest's default is one worker per core minus one, i.e. a serial run on this
    // 2-core machine (CI took 23 min). Test files own their temp dirs and ports, so two run at once.
    maxWorkers: 2,
  },
});
