/**
 * Rows of the 'gridworlds' bench suite (bench/suites/gridworlds.ts) for issue 6's experiments 2
 * and 3 (3 seeds, median): reward hacking of a frozen reward model vs online feedback on
 * BoatRace, and distributional shift on the lava world (reward-model error and ensemble
 * disagreement on the test maps vs the training map). Each row is one number of `rewardlab
 * experiment frozen-hacking` / `distributional-shift`, run with their defaults.
 * --quick: seed 0, the experiments' --quick budgets (a smoke check, not a result).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import '../../src/envs/index.js';
import { distributionalShift, type ShiftSeedResult, type TransformSummary } from '../../src/experiments/distributional-shift/distributional-shift.js';
import type { ExperimentResult } from '../../src/experiments/kit/experiment.js';
import { frozenHacking, type SeedResult } from '../../src/experiments/frozen-hacking/frozen-hacking.js';
import { median, type BenchOptions, type BenchRow } from '../suite.js';

const SUITE = 'gridworlds';

function run(exp: typeof frozenHacking, o: BenchOptions, progress: (m: string) => void): Promise<ExperimentResult> {
  return exp.run({ out: mkdtempSync(join(tmpdir(), `bench-${exp.name}-`)), seeds: seedsOf(o), quick: o.quick, values: {}, log: progress });
}

const seedsOf = (o: BenchOptions) => (o.quick ? [0] : [0, 1, 2]);

function row(name: string, unit: string, runs: number[], notes?: string): BenchRow {
  const finite = runs.filter(Number.isFinite);
  return { suite: SUITE, name, unit, value: finite.length ? median(finite) : NaN, runs, notes };
}

/** How many seeds a condition held on (runs: 1 or 0 per seed). */
function count(name: string, flags: boolean[], notes?: string): BenchRow {
  const runs = flags.map((f): number => (f ? 1 : 0));
  return { suite: SUITE, name, unit: `seeds of ${runs.length}`, value: runs.reduce((a, b) => a + b, 0), runs, notes };
}

export async function frozenHackingRows(o: BenchOptions, progress: (m: string) => void): Promise<BenchRow[]> {
  const r = await run(frozenHacking, o, progress);
  const seeds = seedsOf(o);
  const per = r.data.perSeed as SeedResult[];
  const cfg = r.data.config as { envId: string; labels: number; longSteps: number };
  const tag = `${cfg.envId}, ${cfg.labels} labels, ${cfg.longSteps} steps`;
  const seedsNote = `seeds ${seeds.join(',')}`;
  return [
    row(`frozen-hacking ${tag}: final performance, frozen model`, 'performance', per.map((s) => s.frozen.onset.finalPerformance), `${seedsNote}; performance-optimal 100`),
    row(`frozen-hacking ${tag}: final performance, online feedback`, 'performance', per.map((s) => s.online.onset.finalPerformance), seedsNote),
    count(`frozen-hacking ${tag}: gap opened, frozen model`, per.map((s) => s.frozen.onset.opened), 'performance ≥ 25% of its range below its peak for good, learned return holding'),
    count(`frozen-hacking ${tag}: gap opened, online feedback`, per.map((s) => s.online.onset.opened)),
    count(`frozen-hacking ${tag}: model prefers the agent to the intended behaviour, frozen`, per.map((s) => Boolean(s.frozen.exact?.prefersAgent)), 'exact: learned value of the agent ≥ that of the performance-optimal policy, performance ≥ 25% of the range below the optimum'),
    count(`frozen-hacking ${tag}: model prefers the agent to the intended behaviour, online`, per.map((s) => Boolean(s.online.exact?.prefersAgent))),
    row(`frozen-hacking ${tag}: EPIC(frozen model, hidden performance)`, 'distance', per.map((s) => s.frozen.exact?.epicVsHidden ?? NaN), `EPIC(visible reward, hidden) = ${(r.data.summary as { epicVisibleVsHidden: number | null }).epicVisibleVsHidden?.toFixed(2)}`),
    row(`frozen-hacking ${tag}: EPIC(final online model, hidden performance)`, 'distance', per.map((s) => s.online.exact?.epicVsHidden ?? NaN)),
    row(`frozen-hacking ${tag}: performance of the frozen model's optimal policy`, 'performance', per.map((s) => s.frozen.exact?.learnedOptimal.performance ?? NaN), 'exact value iteration on the learned reward'),
    row(`frozen-hacking ${tag}: performance of the final online model's optimal policy`, 'performance', per.map((s) => s.online.exact?.learnedOptimal.performance ?? NaN)),
    row(`frozen-hacking ${tag}: reward-result gap, frozen agent`, 'learned return', per.map((s) => s.frozen.exact?.rewardResultGap.gap ?? NaN)),
  ];
}

export async function distributionalShiftRows(o: BenchOptions, progress: (m: string) => void): Promise<BenchRow[]> {
  const r = await run(distributionalShift, o, progress);
  const seeds = seedsOf(o);
  const runs = r.data.perRun as Omit<ShiftSeedResult, 'stds'>[];
  const summary = r.data.summary as TransformSummary[];
  const cfg = r.data.config as { labels: number; steps: number };
  const rows: BenchRow[] = [];
  for (const t of summary) {
    const mine = runs.filter((x) => x.inputTransform === t.inputTransform);
    const tag = `distributional-shift lava world (${cfg.labels} labels, ${cfg.steps} steps), ${t.inputTransform} inputs`;
    const testMean = (f: (m: ShiftSeedResult['maps'][number]) => number) => mine.map((x) => (f(x.maps[1]) + f(x.maps[2])) / 2);
    rows.push(
      row(`${tag}: disagreement, test maps / training map`, 'ratio', mine.map((x) => x.disagreementRatio), `seeds ${seeds.join(',')}`),
      row(`${tag}: AUROC of disagreement, test vs training transitions`, 'AUROC', mine.map((x) => x.auroc), '0.5 = no signal'),
      row(`${tag}: segment preference accuracy, training map`, 'accuracy', mine.map((x) => x.maps[0].preferenceAccuracy)),
      row(`${tag}: segment preference accuracy, test maps (mean of 2)`, 'accuracy', testMean((m) => m.preferenceAccuracy)),
      row(`${tag}: per-step Pearson with hidden performance, training map`, 'r', mine.map((x) => x.maps[0].pearson)),
      row(`${tag}: per-step Pearson with hidden performance, test maps (mean of 2)`, 'r', testMean((m) => m.pearson)),
      row(`${tag}: agent performance, training map`, 'performance', mine.map((x) => x.maps[0].agentPerformance), `optimal ${t.perMap[0].optimalPerformance}`),
    );
  }
  return rows;
}
