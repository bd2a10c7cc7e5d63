import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { defineConfig } from 'vitest/config';

/**
 * The few learning tests that take over a minute each, longest first. A clean clone has no
 * duration cache, so vitest would start them wherever file size puts them; one of them
 * started last made the run's tail ~150 s of one busy worker and one idle one. Starting them
 * first lets the two workers share the short files that follow.
 */
const HEAVY_FIRST = [
  'src/loop/every-seed.test.ts',
  'src/loop/every-seed-acrobot.test.ts',
  'src/envs/mujoco/learning.test.ts',
];

class HeavyFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (f: TestSpecification) => {
      const i = HEAVY_FIRST.findIndex((h) => f.moduleId.replaceAll('\\', '/').endsWith(h));
      return i < 0 ? HEAVY_FIRST.length : i;
    };
    return sorted.map((f, i) => ({ f, i })).sort((a, b) => rank(a.f) - rank(b.f) || a.i - b.i).map(({ f }) => f);
  }
}

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Both cores: vitest's default is one worker per core minus one, i.e. a serial run on this
    // 2-core machine (CI took 23 min). Test files own their temp dirs and ports, so two run at once.
    maxWorkers: 2,
    sequence: { sequencer: HeavyFirstSequencer },
  },
});
