/**
 * The reward-modeling loop against the targets (3 seeds, median):
 *  - FixedHorizonCartPole: true return with ≤ 200 synthetic labels (oracle and 10%-mistake
 *    teachers) as a ratio of PPO on the true reward, measured in the same run;
 *  - label efficiency: true return vs label budget for uniform vs disagreement queries;
 *  - wall time of the demo configuration and its split (env, agent updates, reward model).
 * --quick: one seed, two budgets (a smoke check of the suite, not a result).
 * REWARDLAB_BENCH_PART=cartpole,label-efficiency (comma list) runs only those parts; default all.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import '../../src/envs/index.js';
import { Ppo } from '../../src/agents/ppo.js';
import { ppoPreset } from '../../src/agents/ppo-presets.js';
import { make } from '../../src/envs/registry.js';
import { evaluatePolicy } from '../../src/eval/evaluate.js';
import { startRun, type RunResult } from '../../src/loop/train-run.js';
import { median, type BenchRow, type BenchSuite } from '../suite.js';

const ENV = 'FixedHorizonCartPole-v0';
const PARTS = ['cartpole', 'label-efficiency'] as const;
type Part = (typeof PARTS)[number];

function selectedParts(): Set<Part> {
  const spec = process.env.REWARDLAB_BENCH_PART;
  if (!spec) return new Set(PARTS);
  const parts = spec.split(',').map((s) => s.trim());
  for (const p of parts) if (!(PARTS as readonly string[]).includes(p)) throw new Error(`REWARDLAB_BENCH_PART = "${p}" must be one of ${PARTS.join(', ')}`);
  return new Set(parts as Part[]);
}

async function loop(over: Record<string, unknown>, envId = ENV): Promise<RunResult> {
  return startRun({ envId, ...over }, { out: join(mkdtempSync(join(tmpdir(), 'bench-loop-')), 'run') });
}

function ppoTrue(seed: number, steps: number, envId = ENV): number {
  const ppo = new Ppo({ ...ppoPreset(envId), seed, totalSteps: steps }, { makeEnv: () => make(envId) });
  while (!ppo.done) ppo.iterate();
  const r = evaluatePolicy(() => make(envId), (o) => ppo.act(o), 4, 2_000_000).meanReturn;
  ppo.close();
  return r;
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

export const loopBench: BenchSuite = {
  name: 'loop',
  async run({ quick }, progress) {
    const parts = selectedParts();
    const seeds = quick ? [0] : [0, 1, 2];
    const rows: BenchRow[] = [];
    if (parts.has('cartpole')) rows.push(...(await cartPole(seeds, progress)));
    if (parts.has('label-efficiency')) rows.push(...(await labelEfficiency(seeds, quick, progress)));
    return rows;
  },
};
