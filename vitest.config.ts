import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { defineConfig } from 'vitest/config';

/**
 * The longest test file (~160 s in CI) starts first. A clean clone has no duration cache, so
 * vitest starts files in file-size order, and this small file started last: the run's tail was
 * ~150 s of one busy worker and one idle one (CI of 2026-12-03, 914 s). Only this one moves:
 * starting all the minute-long learning files first (tried in session 11) made them run side by
 * side and the suite slower (vitest 915 s vs 781 s); the rest keep vitest's order, so they pair
 * with the many short, spawn-bound files.
 */
const HEAVY_FIRST = ['src/loop/every-seed.test.ts'];

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
