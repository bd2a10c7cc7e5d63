/**
 * Recursive reward modeling (issue 7), median over 5 seeds (--quick: 2 seeds, fewer trials).
 * Rows come from an array of producers, one per testbed part, so a testbed adds its rows by
 * appending a producer to RECURSIVE_ROWS:
 *  - powering: error by level vs the prediction e_k ≈ 1 − (1 − e_{k−1})²(1 − ε) for the three
 *    helper models, and the share of wrong top-level answers the user approves — re-computing
 *    through the level below vs verifying a critic's pointer (the sound contrast).
 */
import { runPowering } from '../../src/recursive/powering/measure.js';
import type { HelperModel } from '../../src/recursive/powering/ladder.js';
import { median, type BenchOptions, type BenchRow, type BenchSuite } from '../suite.js';
import { timetableRows } from './recursive-timetable.js';

export type RecursiveRowProducer = (opts: BenchOptions, progress: (msg: string) => void) => BenchRow[] | Promise<BenchRow[]>;

const SUITE = 'recursive';
const seedsFor = (quick: boolean) => (quick ? [0, 1] : [0, 1, 2, 3, 4]);
const f3 = (v: number) => v.toFixed(3);

/** Powering ladder: per helper model and level, the measured error (median over seeds) and its prediction. */
export const poweringRows: RecursiveRowProducer = ({ quick }, progress) => {
  const rows: BenchRow[] = [];
  const seeds = seedsFor(quick);
  const epsilon = 0.05;
  for (const helper of ['transient', 'persistent', 'learned'] as HelperModel[]) {
    const trials = (quick ? 20 : 200) / (helper === 'learned' ? 4 : 1);
    const t0 = performance.now();
    const runs = seeds.map((seed) => {
      progress(`powering ${helper} seed ${seed}`);
      return runPowering({ helper, epsilon, trials }, seed);
    });
    const secs = (performance.now() - t0) / 1000;
    for (let k = 0; k < runs[0].levels.length; k++) {
      const at = (key: 'error' | 'predicted' | 'oneStepPerTrial' | 'ownError') => runs.map((r) => r.levels[k][key]);
      const predicted = helper === 'learned' ? median(at('oneStepPerTrial')) : median(at('predicted'));
      const what = helper === 'learned' ? 'per-permutation one-step prediction' : 'predicted (chain from ε)';
      rows.push({ suite: SUITE, name: `powering ${helper}, level ${k} error (σ^${2 ** k})`, unit: 'P(wrong)', value: median(at('error')), runs: at('error'), notes: `${what} ${f3(predicted)}; own ε_k ${f3(median(at('ownError')))}; ${trials} permutations × 64 per seed` });
    }
    const top = runs[0].levels.length - 1;
    const wrongApproved = runs.map((r) => r.levels[top].wrongApproved);
    rows.push({ suite: SUITE, name: `powering ${helper}, wrong level-${top} answers the user approves`, unit: 'fraction', value: median(wrongApproved), runs: wrongApproved, notes: `re-computation through A_${top - 1}; ${seeds.length} seeds in ${secs.toFixed(1)} s` });
    if (helper !== 'transient') {
      const pointer = runs.map((r) => r.levels[top].pointerWrongApproved);
      const falseFlaws = Math.max(...runs.map((r) => r.levels[top].pointerFalseFlaws));
      rows.push({ suite: SUITE, name: `powering ${helper}, wrong level-${top} answers approved with pointer verification`, unit: 'fraction', value: median(pointer), runs: pointer, notes: `critic (error ε) points at a broken step of the chain, 1 σ look-up; false flaws reported ${falseFlaws} (must be 0)` });
    }
  }
  return rows;
};

/** Every producer of the suite, in report order (testbeds append theirs). */
export const RECURSIVE_ROWS: RecursiveRowProducer[] = [poweringRows, timetableRows];

export const recursiveBench: BenchSuite = {
  name: SUITE,
  async run(opts, progress) {
    const rows: BenchRow[] = [];
    for (const produce of RECURSIVE_ROWS) rows.push(...(await produce(opts, progress)));
    return rows;
  },
};
