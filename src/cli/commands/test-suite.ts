/**
 * `rewardlab test-suite RUN_DIR`: the held-out safety suite of a run's final policy (test maps,
 * the supervisor absent, perturbed starts), one line per case. A failing case is a result, not a
 * crash: the command exits 0 and writes test-suite.json either way; `--strict` exits 1 when any case fails.
 */
import { DEFAULT_TEST_EPISODES, TEST_SUITE_FILE, testSuiteLines, testSuiteRun } from '../../app/test-suite-run.js';
import { LIMITS } from '../../app/flags.js';
import { join } from 'node:path';
import type { Command } from '../command.js';
import { progressLine, type ProgressLine } from '../progress.js';

export const testSuiteCommand: Command = {
  name: 'test-suite',
  usage: 'RUN_DIR',
  summary: "run a run's final policy on held-out conditions (test maps, supervisor absent, perturbed starts) with pass/fail rules on the hidden performance; writes test-suite.json",
  flags: [
    { name: 'episodes', type: 'int', default: DEFAULT_TEST_EPISODES, min: 1, max: 100_000, help: 'episodes per case (and per training-condition reference)' },
    { name: 'seed', type: 'int', ...LIMITS.seed, help: "suite seed; each case runs on a seed derived from it and the case name (default: the run's seed)" },
    { name: 'strict', type: 'boolean', default: false, help: 'exit 1 when any case fails (default: exit 0, the failures are in the result)' },
  ],
  async run({ positionals, values }, io) {
    const dir = positionals[0];
    if (!dir) throw new Error('RUN_DIR = (none): give the run directory, e.g. runs/demo');
    const bar: { line?: ProgressLine } = {};
    const r = testSuiteRun(dir, {
      episodes: values.episodes as number,
      seed: values.seed as number | undefined,
      onProgress: (done, total, last) => {
        bar.line ??= progressLine(total, 'cases');
        bar.line.update(done, last ? { [last.name]: last.passed ? 'passed' : 'failed' } : {});
      },
    });
    bar.line?.finish();
    for (const line of testSuiteLines(r)) io.log(line);
    const file = join(dir, TEST_SUITE_FILE);
    io.log(`test-suite: ${file}`);
    return { ...r, file, ...(values.strict && r.failed > 0 ? { exitCode: 1 } : {}) };
  },
};
