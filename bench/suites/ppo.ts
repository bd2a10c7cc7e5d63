/**
 * PPO against the targets: evaluation return after the preset budget (3 seeds,
 * median), wall time, steps/s, and the split of time between env, inference and updates.
 * The time to reach a threshold is read off periodic evaluations (about every 20k steps).
 */
import '../../src/envs/index.js';
import { Ppo } from '../../src/agents/ppo.js';
import { ppoPreset } from '../../src/app/presets/ppo-presets.js';
import { make } from '../../src/envs/registry.js';
import { evaluatePolicy } from '../../src/analysis/evaluate.js';
import { median, type BenchRow, type BenchSuite } from '../suite.js';

interface Outcome {
  finalReturn: number;
  wall: number;
  stepsToThreshold: number | null;
  secondsToThreshold: number | null;
  split: { env: number; inference: number; update: number };
}

function train(envId: string, seed: number, threshold: number, steps?: number): Outcome {
  const ppo = new Ppo({ ...ppoPreset(envId), seed, ...(steps ? { totalSteps: steps } : {}) }, { makeEnv: () => make(envId) });
  const split = { env: 0, inference: 0, update: 0 };
  let wall = 0;
  let stepsToThreshold: number | null = null;
  let secondsToThreshold: number | null = null;
  let finalReturn = NaN;
  // evaluate about every 20k steps (every iteration when rollouts are large)
  const evalEvery = Math.max(1, Math.round(20_480 / ppo.batchSize));
  while (!ppo.done) {
    const t0 = performance.now();
    const s = ppo.iterate();
    wall += (performance.now() - t0) / 1000;
    split.env += s.time.env;
    split.inference += s.time.inference + s.time.reward;
    split.update += s.time.update;
    if (s.iteration % evalEvery === 0 || ppo.done) {
      finalReturn = evaluatePolicy(() => make(envId), (o) => ppo.act(o), 5).meanReturn;
      if (stepsToThreshold === null && finalReturn >= threshold) {
        stepsToThreshold = s.globalStep;
        secondsToThreshold = wall;
      }
    }
  }
  ppo.close();
  return { finalReturn, wall, stepsToThreshold, secondsToThreshold, split };
}

const TARGETS: [string, number][] = [['CartPole-v1', 475], ['FixedHorizonCartPole-v0', 475], ['Acrobot-v1', -100], ['Pendulum-v1', -300]];

export const ppoBench: BenchSuite = {
  name: 'ppo',
  async run({ quick }, progress) {
    const rows: BenchRow[] = [];
    const seeds = quick ? [0] : [0, 1, 2];
    for (const [envId, threshold] of quick ? TARGETS.slice(0, 1) : TARGETS) {
      const outs: Outcome[] = [];
      for (const seed of seeds) {
        progress(`${envId} seed ${seed}`);
        outs.push(train(envId, seed, threshold, quick ? 20_000 : undefined));
      }
      const budget = quick ? 20_000 : (ppoPreset(envId).totalSteps ?? 100_000);
      const reached = outs.filter((o) => o.stepsToThreshold !== null).length;
      rows.push({ suite: 'ppo', name: `${envId} evaluation return after ${budget} steps`, unit: 'return', value: median(outs.map((o) => o.finalReturn)), runs: outs.map((o) => o.finalReturn), notes: `target ≥ ${threshold}; ${reached}/${outs.length} seeds reached it` });
      rows.push({ suite: 'ppo', name: `${envId} wall time for ${budget} steps`, unit: 's', value: median(outs.map((o) => o.wall)), runs: outs.map((o) => o.wall), notes: envId === 'CartPole-v1' ? 'SB3 PPO (rl-zoo settings) ≈ 20 s for 100k steps on this machine' : '' });
      const toT = outs.map((o) => o.secondsToThreshold ?? NaN);
      rows.push({ suite: 'ppo', name: `${envId} wall time to first evaluation ≥ ${threshold}`, unit: 's', value: median(toT.filter((x) => !Number.isNaN(x))), runs: toT, notes: 'NaN = not reached' });
      const tot = outs.map((o) => o.split.env + o.split.inference + o.split.update);
      const share = (k: keyof Outcome['split']) => `${Math.round((100 * median(outs.map((o, i) => o.split[k] / tot[i]))))}%`;
      rows.push({ suite: 'ppo', name: `${envId} training steps/s`, unit: 'steps/s', value: median(outs.map((o) => budget / o.wall)), runs: outs.map((o) => budget / o.wall), notes: `time split env ${share('env')}, inference ${share('inference')}, updates ${share('update')}` });
    }
    return rows;
  },
};
