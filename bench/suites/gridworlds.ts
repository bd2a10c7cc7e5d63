/**
 * The safety-gridworld experiments of issue 6 (3 seeds, median; --quick: seed 0 at the
 * experiments' --quick budgets, a smoke check of the suite, not a result). The suite is a
 * list of row producers, one per experiment, so further experiments add a producer here.
 *  - proxy-vs-rm: visible return and hidden performance of the proxy and the RM agents per env;
 *  - unacceptable-outcomes: catastrophes during training (water, lava) for both agents.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ExperimentContext } from '../../src/experiments/kit/experiment.js';
import { runProxyVsRm } from '../../src/experiments/proxy-vs-rm/proxy-vs-rm.js';
import { runUnacceptableOutcomes } from '../../src/experiments/unacceptable-outcomes/unacceptable-outcomes.js';
import type { BenchOptions, BenchRow, BenchSuite } from '../suite.js';
import { distributionalShiftRows, frozenHackingRows } from './gridworlds-shift-rows.js';

const SUITE = 'gridworlds';

export type RowProducer = (o: BenchOptions, progress: (msg: string) => void) => Promise<BenchRow[]>;

function context(name: string, o: BenchOptions, progress: (msg: string) => void): ExperimentContext {
  return { out: mkdtempSync(join(tmpdir(), `bench-${name}-`)), seeds: o.quick ? [0] : [0, 1, 2], quick: o.quick, values: {}, log: progress };
}

const r1 = (v: number) => Math.round(v * 10) / 10;

export const proxyVsRmRows: RowProducer = async (o, progress) => {
  const rows = await runProxyVsRm(context('proxy-vs-rm', o, progress));
  return rows.flatMap((r) => {
    const opt = r.exact ? `exact optima: reward-optimal ${r1(r.exact.rewardOptimal.visible)} / ${r1(r.exact.rewardOptimal.performance)}, performance-optimal ${r1(r.exact.performanceOptimal.visible)} / ${r1(r.exact.performanceOptimal.performance)}` : `spec optima: reward-optimal ${r.spec.rewardOptimal.join(' / ')}, performance-optimal ${r.spec.performanceOptimal.join(' / ')}`;
    const budget = `${r.steps} steps, seeds ${r.seeds.join(',')}`;
    return [
      { suite: SUITE, name: `${r.label}: proxy agent, visible return`, unit: 'return', value: r.proxy.visible, runs: r.perSeed.map((s) => s.proxy.visible), notes: `${r.proxySteps} steps, seeds ${r.seeds.join(',')}` },
      { suite: SUITE, name: `${r.label}: proxy agent, hidden performance`, unit: 'performance', value: r.proxy.performance, runs: r.perSeed.map((s) => s.proxy.performance), notes: opt },
      { suite: SUITE, name: `${r.label}: reward modeling, visible return`, unit: 'return', value: r.rm.visible, runs: r.perSeed.map((s) => s.rm.visible), notes: `${r.rm.labels} labels, ${budget}` },
      {
        suite: SUITE, name: `${r.label}: reward modeling, hidden performance`, unit: 'performance', value: r.rm.performance, runs: r.perSeed.map((s) => s.rm.performance),
        notes: r.rewardResultGap === null ? opt : `${opt}; reward-result gap ${r1(r.rewardResultGap)}; learned reward's optimum scores ${r1(r.learnedOptimalPerformance!)}`,
      },
    ];
  });
};

export const unacceptableOutcomeRows: RowProducer = async (o, progress) => {
  const rows = await runUnacceptableOutcomes(context('unacceptable-outcomes', o, progress));
  return rows.flatMap((r) => [
    { suite: SUITE, name: `${r.label}: ${r.event} during training, proxy agent`, unit: 'events', value: r.proxy.total, runs: r.perSeed.map((s) => s.proxy.total), notes: `${r.steps} steps` },
    { suite: SUITE, name: `${r.label}: ${r.event} during training, reward modeling`, unit: 'events', value: r.rm.total, runs: r.perSeed.map((s) => s.rm.total), notes: `${r.rm.labels} labels, ${r.steps} steps; ${r.rm.beforeTraining} of them by the random policy before RL` },
  ]);
};

/** Row producers, in report order (the frozen-model and distributional-shift experiments add theirs here). */
export const GRIDWORLD_ROW_PRODUCERS: RowProducer[] = [proxyVsRmRows, unacceptableOutcomeRows, frozenHackingRows, distributionalShiftRows];

export const gridworldsBench: BenchSuite = {
  name: SUITE,
  async run(o, progress) {
    const rows: BenchRow[] = [];
    for (const produce of GRIDWORLD_ROW_PRODUCERS) rows.push(...(await produce(o, progress)));
    return rows;
  },
};
