/**
 * The reward-modeling loop against the targets (3 seeds, median):
 *  - FixedHorizonCartPole: true return with ≤ 200 synthetic labels (oracle and 10%-mistake
 *    teachers) as a ratio of PPO on the true reward, measured in the same run;
 *  - label efficiency: true return vs label budget for uniform vs disagreement queries;
 *  - wall time of the demo configuration and its split (env, agent updates, reward model).
 * --quick: one seed, two budgets (a smoke check of the suite, not a result).
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

async function loop(over: Record<string, unknown>): Promise<RunResult> {
  return startRun({ envId: ENV, ...over }, { out: join(mkdtempSync(join(tmpdir(), 'bench-loop-')), 'run') });
}

function ppoTrue(seed: number, steps: number): number {
  const ppo = new Ppo({ ...ppoPreset(ENV), seed, totalSteps: steps }, { makeEnv: () => make(ENV) });
  while (!ppo.done) ppo.iterate();
  const r = evaluatePolicy(() => make(ENV), (o) => ppo.act(o), 4, 2_000_000).meanReturn;
  ppo.close();
  return r;
}

export const loopBench: BenchSuite = {
  name: 'loop',
  async run({ quick }, progress) {
    const rows: BenchRow[] = [];
    const seeds = quick ? [0] : [0, 1, 2];
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
    for (const selector of ['uniform', 'disagreement']) {
      for (const labels of quick ? [50, 200] : [25, 50, 100, 200, 400]) {
        const rets: number[] = [];
        for (const seed of seeds) {
          progress(`${selector} ${labels} labels seed ${seed}`);
          rets.push((await loop({ seed, labels, selector })).trueReturn ?? NaN);
        }
        rows.push({ suite: 'loop', name: `label efficiency: ${selector}, ${labels} labels`, unit: 'true return', value: median(rets), runs: rets });
      }
    }
    return rows;
  },
};
