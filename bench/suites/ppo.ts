/**
 * PPO against the issue's targets: evaluation return after the preset budget (3 seeds,
 * median), wall time, steps/s, and the split of time between env, inference and updates.
 * The time to reach a threshold is read off periodic evaluations (about every 20k steps).
 * Parts (REWARDLAB_BENCH_PART): `presets` (our presets on four envs), `rl-zoo` (CartPole-v1
 * at rl-zoo's exact PPO settings, the setting issue 18 compares with Stable-Baselines3, with
 * `updateThreads` 1 and 2 alternated seed by seed) and `threads-256` (HalfCheetah-v5's 256×256
 * preset for a short budget, 1 and 2 update threads alternated). The machine is shared: the
 * load average at the start and end of a part is in its notes, and the thread comparison is
 * the median of per-pair ratios, which drift in the load affects less than separate medians.
 */
import os from 'node:os';
import '../../src/envs/index.js';
import { Ppo } from '../../src/agents/ppo.js';
import { ppoPreset } from '../../src/app/presets/ppo-presets.js';
import { make, prepareEnv } from '../../src/envs/registry.js';
import { evaluatePolicy } from '../../src/analysis/evaluate.js';
import { median, selectedParts, type BenchRow, type BenchSuite } from '../suite.js';
import type { PpoConfig } from '../../src/agents/ppo.js';

interface Outcome {
  finalReturn: number;
  wall: number;
  /** CPU seconds of the process (all threads) in those iterations. */
  cpu: number;
  stepsToThreshold: number | null;
  secondsToThreshold: number | null;
  split: { env: number; inference: number; update: number };
  /** The final actor, critic and log-std weights. */
  weights: Float32Array[];
}

/**
 * rl-zoo's hyperparameters for PPO on CartPole-v1 (rl-baselines3-zoo hyperparams/ppo.yml): 8 envs
 * × 32 steps, one minibatch of 256, 20 epochs, γ 0.98, λ 0.8, lr 1e-3 and clip 0.2 both annealed
 * linearly to 0, no entropy bonus; SB3's defaults otherwise (64×64 tanh, vf 0.5, grad norm 0.5).
 */
export const RL_ZOO_CARTPOLE: Partial<PpoConfig> = {
  totalSteps: 100_000, numEnvs: 8, numSteps: 32, numMinibatches: 1, updateEpochs: 20, gamma: 0.98, gaeLambda: 0.8,
  learningRate: 1e-3, annealLr: true, clipCoef: 0.2, annealClip: true, entCoef: 0, vfCoef: 0.5, maxGradNorm: 0.5, hidden: [64, 64], activation: 'tanh', normAdv: true,
};
/** Stable-Baselines3 2.2.1 (1 torch thread) at those settings on this machine, measured beside RewardLab for issue 18 (PyPI is unreachable here, so it is not re-run). */
const SB3_RL_ZOO_SECONDS = 52.1;

function train(envId: string, seed: number, threshold: number, steps?: number, settings: Partial<PpoConfig> = ppoPreset(envId)): Outcome {
  const ppo = new Ppo({ ...settings, seed, ...(steps ? { totalSteps: steps } : {}) }, { makeEnv: () => make(envId) });
  const split = { env: 0, inference: 0, update: 0 };
  let wall = 0;
  let cpu = 0;
  let stepsToThreshold: number | null = null;
  let secondsToThreshold: number | null = null;
  let finalReturn = NaN;
  // evaluate about every 20k steps (every iteration when rollouts are large)
  const evalEvery = Math.max(1, Math.round(20_480 / ppo.batchSize));
  while (!ppo.done) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const s = ppo.iterate();
    const c = process.cpuUsage(c0);
    cpu += (c.user + c.system) / 1e6;
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
  const weights = [ppo.actor.params.slice(), ppo.critic.params.slice(), ppo.logStd.slice()];
  ppo.close();
  return { finalReturn, wall, cpu, stepsToThreshold, secondsToThreshold, split, weights };
}

const TARGETS: [string, number][] = [['CartPole-v1', 475], ['FixedHorizonCartPole-v0', 475], ['Acrobot-v1', -100], ['Pendulum-v1', -300]];

const PARTS = ['presets', 'rl-zoo', 'threads-256'] as const;

const load = () => os.loadavg().map((x) => x.toFixed(1)).join(' ');
const sameBits = (a: Float32Array[], b: Float32Array[]) => a.every((x, i) => Buffer.from(x.buffer, x.byteOffset, x.byteLength).equals(Buffer.from(b[i].buffer, b[i].byteOffset, b[i].byteLength)));

/** Each seed with 1 and 2 update threads, in alternating order (1, 2 / 2, 1 / …). */
function alternated(seeds: number[], run: (seed: number, updateThreads: 1 | 2) => Outcome, progress: (msg: string) => void) {
  const one: Outcome[] = [];
  const two: Outcome[] = [];
  const before = load();
  seeds.forEach((seed, i) => {
    for (const threads of i % 2 === 0 ? [1, 2] as const : [2, 1] as const) {
      progress(`seed ${seed}, updateThreads ${threads}`);
      (threads === 1 ? one : two).push(run(seed, threads));
    }
  });
  const ratios = one.map((o, i) => o.wall / two[i].wall);
  const same = one.filter((o, i) => sameBits(o.weights, two[i].weights)).length;
  // Cores the runs got (CPU time ÷ wall time): 2 threads can only help when the second one gets a core.
  const cores = (outs: Outcome[]) => median(outs.map((o) => o.cpu / o.wall)).toFixed(2);
  return { one, two, ratios, notes: `1 ÷ 2 threads per seed, runs alternated; final weights bit-identical ${same}/${one.length}; cores used (CPU ÷ wall) ${cores(one)} with 1 thread, ${cores(two)} with 2; load average (1/5/15 min) ${before} before, ${load()} after` };
}

export const ppoBench: BenchSuite = {
  name: 'ppo',
  async run({ quick }, progress) {
    const rows: BenchRow[] = [];
    const seeds = quick ? [0] : [0, 1, 2];
    const parts = selectedParts(PARTS);
    if (parts.has('rl-zoo')) {
      const steps = quick ? 20_000 : 100_000;
      const { one, two, ratios, notes } = alternated(seeds, (seed, updateThreads) => train('CartPole-v1', seed, 475, quick ? 20_000 : undefined, { ...RL_ZOO_CARTPOLE, updateThreads }), (m) => progress(`CartPole-v1 at rl-zoo's settings, ${m}`));
      const sb3 = (outs: Outcome[]) => (quick ? 'quick mode' : `SB3 2.2.1 at 1 thread, same settings: ${SB3_RL_ZOO_SECONDS} s (issue 18's measurement on this machine) = ${(SB3_RL_ZOO_SECONDS / median(outs.map((o) => o.wall))).toFixed(2)}× this run`);
      const reached = (outs: Outcome[]) => `${outs.filter((o) => o.finalReturn >= 475).length}/${outs.length} seeds ≥ 475`;
      rows.push(
        { suite: 'ppo', name: `CartPole-v1 at rl-zoo settings, evaluation return after ${steps} steps`, unit: 'return', value: median(one.map((o) => o.finalReturn)), runs: one.map((o) => o.finalReturn), notes: reached(one) },
        { suite: 'ppo', name: `CartPole-v1 at rl-zoo settings, wall time for ${steps} steps`, unit: 's', value: median(one.map((o) => o.wall)), runs: one.map((o) => o.wall), notes: `updateThreads 1; ${sb3(one)}` },
        { suite: 'ppo', name: `CartPole-v1 at rl-zoo settings, updateThreads 2, evaluation return after ${steps} steps`, unit: 'return', value: median(two.map((o) => o.finalReturn)), runs: two.map((o) => o.finalReturn), notes: reached(two) },
        { suite: 'ppo', name: `CartPole-v1 at rl-zoo settings, updateThreads 2, wall time for ${steps} steps`, unit: 's', value: median(two.map((o) => o.wall)), runs: two.map((o) => o.wall), notes: sb3(two) },
        { suite: 'ppo', name: `CartPole-v1 at rl-zoo settings, speed-up of updateThreads 2 over 1`, unit: '×', value: median(ratios), runs: ratios, notes },
      );
    }
    if (parts.has('threads-256')) {
      const steps = quick ? 2048 : 5120; // 10 rollouts of 512: 1,600 minibatches of 64
      await prepareEnv('HalfCheetah-v5');
      const { one, two, ratios, notes } = alternated(seeds, (seed, updateThreads) => train('HalfCheetah-v5', seed, Infinity, steps, { ...ppoPreset('HalfCheetah-v5'), updateThreads }), (m) => progress(`HalfCheetah-v5 preset, ${m}`));
      rows.push(
        { suite: 'ppo', name: `HalfCheetah-v5 preset (256×256 ReLU), wall time for ${steps} steps, updateThreads 1`, unit: 's', value: median(one.map((o) => o.wall)), runs: one.map((o) => o.wall), notes: `updates ${Math.round(100 * median(one.map((o) => o.split.update / o.wall)))}% of it` },
        { suite: 'ppo', name: `HalfCheetah-v5 preset (256×256 ReLU), wall time for ${steps} steps, updateThreads 2`, unit: 's', value: median(two.map((o) => o.wall)), runs: two.map((o) => o.wall), notes: '' },
        { suite: 'ppo', name: `HalfCheetah-v5 preset (256×256 ReLU), speed-up of updateThreads 2 over 1`, unit: '×', value: median(ratios), runs: ratios, notes },
      );
    }
    if (!parts.has('presets')) return rows;
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
