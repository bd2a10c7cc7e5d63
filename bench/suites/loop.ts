/**
 * The reward-modeling loop against the issue's targets (3 seeds, median):
 *  - FixedHorizonCartPole: true return with ≤ 200 synthetic labels (oracle and 10%-mistake
 *    teachers) as a ratio of PPO on the true reward, measured in the same run;
 *  - label efficiency: true return vs label budget for uniform vs disagreement queries;
 *  - wall time of the demo configuration and its split (env, agent updates, reward model);
 *  - FixedHorizonAcrobot-v1 and Pendulum-v1 with ≤ 500 labels (their presets in src/app/presets/rm-presets.ts)
 *    against PPO on the true reward with the SAME agent settings and steps, in the same run.
 *    Returns are negative there, so two readings: the plain ratio PPO-true / loop (≥ 90% means
 *    the loop's cost is at most 1/0.9 of PPO-true's) and the normalised score
 *    (loop − random) / (PPO-true − random).
 *  - every seed (issue 19): FixedHorizonCartPole with the shipped defaults at 200 and 100 labels
 *    on seeds 0–9 — success rate (final true return ≥ 475), median and worst seed, each seed's
 *    return in `runs` (the `seeds` experiment's runner, src/experiments/seeds/seeds.ts).
 * --quick: one seed, two budgets (a smoke check of the suite, not a result).
 *  - the demo's wall time, as a command and the loop with and without the training thread (loop-demo.ts).
 * REWARDLAB_BENCH_PART=cartpole,label-efficiency,acrobot,pendulum,seeds,demo (comma list) runs only
 * those parts; default all.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import '../../src/envs/index.js';
import { make } from '../../src/envs/registry.js';
import { evaluatePolicy } from '../../src/analysis/evaluate.js';
import { Rng } from '../../src/core/rng.js';
import type { RewardModelingConfig, RewardModelingOverrides } from '../../src/loop/config.js';
import { resolveConfig, startRun, type RunResult } from '../../src/app/train-run.js';
import { median, selectedParts, type BenchRow, type BenchSuite } from '../suite.js';
import { SUCCESS_THRESHOLDS, runSeed, summarise } from '../../src/experiments/seeds/seeds.js';
import { ppoTrueReturn } from '../../src/app/ppo-true.js';
import { demoWallTime } from './loop-demo.js';

const ENV = 'FixedHorizonCartPole-v0';
const PARTS = ['cartpole', 'label-efficiency', 'acrobot', 'pendulum', 'seeds', 'demo'] as const;

async function loop(over: Record<string, unknown>, envId = ENV): Promise<RunResult> {
  return startRun({ envId, ...over }, { out: join(mkdtempSync(join(tmpdir(), 'bench-loop-')), 'run') });
}

function ppoTrue(seed: number, steps: number, envId = ENV, ppoOver: Partial<RewardModelingConfig['ppo']> = {}, episodes = 4): number {
  return ppoTrueReturn(envId, { seed, steps, ppo: ppoOver, episodes });
}

async function cartPole(seeds: number[], progress: (msg: string) => void): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const steps = 150_000;
  progress('PPO on the true reward');
  const baseline = seeds.map((s) => ppoTrue(s, steps));
  const base = median(baseline);
  rows.push({ suite: 'loop', name: `${ENV} PPO on the true reward, ${steps} steps`, unit: 'return', value: base, runs: baseline, notes: 'the reference for the ratios below' });
  for (const teacher of ['synthetic', 'synthetic:mistake']) {
    const results: RunResult[] = [];
    for (const seed of seeds) {
      progress(`${teacher} seed ${seed}`);
      results.push(await loop({ seed, labels: 200, feedback: teacher }));
    }
    const rets = results.map((r) => r.trueReturn ?? NaN);
    rows.push({ suite: 'loop', name: `${ENV} reward modeling, 200 labels, ${teacher}`, unit: 'true return', value: median(rets), runs: rets, notes: `${Math.round((100 * median(rets)) / base)}% of PPO-true (target ≥ 95%)` });
    if (teacher === 'synthetic') {
      const wall = results.map((r) => r.wallSeconds);
      const t = results[0].time!;
      const total = Object.values(t).reduce((a, b) => a + b, 0);
      const pct = (v: number) => `${Math.round((100 * v) / total)}%`;
      rows.push({ suite: 'loop', name: `${ENV} demo configuration wall time`, unit: 's', value: median(wall), runs: wall, notes: `split (seed 0): env ${pct(t.env)}, inference ${pct(t.inference)}, agent updates ${pct(t.agentUpdate)}, reward model ${pct(t.rewardModel)}, feedback ${pct(t.feedback)}` });
    }
  }
  return rows;
}

async function labelEfficiency(seeds: number[], quick: boolean, progress: (msg: string) => void): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const selector of ['uniform', 'disagreement']) {
    for (const labels of quick ? [50, 200] : [25, 50, 100, 200, 400]) {
      const rets: number[] = [];
      for (const seed of seeds) {
        const r = (await loop({ seed, labels, selector })).trueReturn ?? NaN;
        progress(`${selector} ${labels} labels seed ${seed}: true return ${r}`);
        rets.push(r);
      }
      rows.push({ suite: 'loop', name: `label efficiency: ${selector}, ${labels} labels`, unit: 'true return', value: median(rets), runs: rets });
    }
  }
  return rows;
}

/**
 * Reward modeling on an env with negative returns vs PPO-true (same agent settings, steps and evaluation
 * episodes); `over` overrides the loop's config for this part only (e.g. more evaluation episodes).
 */
async function classicControl(envId: string, labels: number, seeds: number[], progress: (msg: string) => void, over: RewardModelingOverrides = {}): Promise<BenchRow[]> {
  const config = resolveConfig({ envId, labels, ...over });
  const steps = config.agentSteps;
  const env = make(envId);
  const rng = new Rng(99);
  const random = evaluatePolicy(() => make(envId), () => env.actionSpace.sample(rng), 10, 2_000_000).meanReturn;
  const baseline = seeds.map((s) => {
    const r = ppoTrue(s, steps, envId, config.ppo, config.evalEpisodes);
    progress(`${envId} PPO on the true reward seed ${s}: ${r}`);
    return r;
  });
  const base = median(baseline);
  const rets: number[] = [];
  for (const seed of seeds) {
    const r = (await loop({ seed, labels, ...over }, envId)).trueReturn ?? NaN;
    progress(`${envId} reward modeling ${labels} labels seed ${seed}: true return ${r}`);
    rets.push(r);
  }
  const ret = median(rets);
  const settings = `agent settings ${JSON.stringify(config.ppo)}, ${steps} steps, ${config.evalEpisodes} evaluation episodes`;
  const pct = (x: number) => `${Math.round(100 * x)}%`;
  return [
    { suite: 'loop', name: `${envId} random policy`, unit: 'return', value: random, runs: [random], notes: '10 episodes' },
    { suite: 'loop', name: `${envId} PPO on the true reward, ${steps} steps`, unit: 'return', value: base, runs: baseline, notes: `the reference below; ${settings}` },
    {
      suite: 'loop', name: `${envId} reward modeling, ${labels} labels${config.demonstrations ? `, ${config.demonstrations.episodes} ${config.demonstrations.policy} demonstrations` : ''}`, unit: 'true return', value: ret, runs: rets,
      notes: `ratio PPO-true/loop ${pct(base / ret)}; normalised (loop − random)/(PPO-true − random) ${pct((ret - random) / (base - random))} (target ≥ 90%)`,
    },
  ];
}

/** Every seed, not the median: success rate, median and worst seed over `seeds` with the shipped defaults. */
async function everySeed(seeds: number[], quick: boolean, progress: (msg: string) => void): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const threshold = SUCCESS_THRESHOLDS[ENV];
  const steps = resolveConfig({ envId: ENV }).agentSteps;
  for (const labels of [200, 100]) {
    const perSeed = [];
    for (const seed of seeds) {
      const run = await runSeed(ENV, seed, { labels, steps: quick ? 16_384 : steps, threshold, dir: join(mkdtempSync(join(tmpdir(), 'bench-seeds-')), 'run') });
      progress(`every seed: ${labels} labels seed ${seed}: true return ${run.trueReturn}${run.findings.length ? ` (${run.findings.map((f) => f.code).join(', ')})` : ''}`);
      perSeed.push(run);
    }
    const s = summarise({ envId: ENV, labels, steps, threshold, seeds }, perSeed);
    const failed = perSeed.filter((r) => !r.success).map((r) => `seed ${r.seed} ${r.trueReturn}${r.findings.length ? ` (${r.findings.map((f) => f.code).join(', ')})` : ''}`);
    rows.push({
      suite: 'loop', name: `${ENV} every seed, ${labels} labels, shipped defaults, seeds ${seeds[0]}–${seeds.at(-1)}`, unit: 'success rate', value: s.successRate, runs: s.distribution,
      notes: `${s.successes}/${seeds.length} seeds ≥ ${threshold}; median ${s.median}; worst ${s.worst.trueReturn} (seed ${s.worst.seed})${failed.length ? `; below: ${failed.join(', ')}` : ''}; runs = true return per seed`,
    });
  }
  return rows;
}

export const loopBench: BenchSuite = {
  name: 'loop',
  async run({ quick }, progress) {
    const parts = selectedParts(PARTS);
    const seeds = quick ? [0] : [0, 1, 2];
    const rows: BenchRow[] = [];
    if (parts.has('cartpole')) rows.push(...(await cartPole(seeds, progress)));
    if (parts.has('label-efficiency')) rows.push(...(await labelEfficiency(seeds, quick, progress)));
    if (parts.has('acrobot')) rows.push(...(await classicControl('FixedHorizonAcrobot-v1', 500, seeds, progress)));
    // Pendulum: 16 evaluation episodes for both agents (the final policies' returns are bimodal by start
    // state, ≈ −125 or ≈ −400, so 4 episodes moved single seeds by up to 40; the median ratio barely:
    // 4 episodes loop −289 / −282 / −291 vs PPO-true −236 / −269 / −233 (82%), 16 episodes
    // −247 / −279 / −298 vs −231 / −245 / −226 (83%)).
    if (parts.has('pendulum')) rows.push(...(await classicControl('Pendulum-v1', 500, seeds, progress, { evalEpisodes: 16 })));
    if (parts.has('seeds')) rows.push(...(await everySeed(quick ? [0, 1] : [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], quick, progress)));
    if (parts.has('demo')) rows.push(...(await demoWallTime(quick ? 1 : 3, progress)));
    return rows;
  },
};
