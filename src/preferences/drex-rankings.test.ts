/** D-REX end to end: the noisy demonstrator (this room) records ranked rollouts, the rewards room learns from their noise ranking alone; true returns (unsealed here, evaluation side) judge the result. */
import { describe, expect, it } from 'vitest';
import '../envs/index.js';
import type { RewardFreeEnv } from '../core/env.js';
import { Rng } from '../core/rng.js';
import { unseal } from '../core/sealed.js';
import type { Action, Trajectory } from '../core/types.js';
import { spearman } from '../analysis/stats.js';
import { make } from '../envs/registry.js';
import { hideReward } from '../wrappers/hide-reward.js';
import { MixedRewardTrainer } from '../rewards/mixed-trainer.js';
import { RewardModel, fragmentBatch, type TransitionBatch } from '../rewards/reward-model.js';
import { noiseRankedDemos, trexPairs } from '../rewards/trex-pairs.js';
import { noiseSweep } from './noisy-demonstrator.js';

const predictedReturn = (model: RewardModel, b: TransitionBatch) => Array.from(model.predict(b).mean).reduce((a, x) => a + x, 0);

describe('D-REX on a scripted controller (acrobot energy pumping) at injected noise levels', () => {
  const envId = 'FixedHorizonAcrobot-v1';
  const env = () => hideReward(make(envId)) as RewardFreeEnv<Float32Array, Action>;
  const controller = (o: Float32Array): Action => (o[5] > 0 ? 2 : 0);
  const batch = (t: Trajectory) => fragmentBatch(t.observations, t.actions);
  const trueReturn = (t: Trajectory) => t.evaluation.reduce((s, e) => s + unseal(e).reward, 0);

  it('ranks lower-noise held-out rollouts higher, and so tracks their true return; ranking by MORE noise does not', () => {
    const levels = [0, 0.25, 0.5, 0.75, 1];
    const train = noiseSweep(env(), controller, { levels, episodesPerLevel: 2, seed: 100, envId });
    const heldOut = noiseSweep(env(), controller, { levels, episodesPerLevel: 2, seed: 900, envId });
    const fit = (flip: boolean) => {
      const model = new RewardModel(7, { kind: 'discrete', n: 3 }, { members: 1, hidden: [32], useAction: false }, new Rng(5));
      for (const r of train) model.observe(r.trajectory.observations);
      const ranked = noiseRankedDemos(train.map((r, i) => ({ id: `n${i}`, demo: batch(r.trajectory), noise: flip ? 1 - r.noise : r.noise })));
      const pairs = trexPairs(ranked, new Rng(7), { count: 500, length: 50 });
      new MixedRewardTrainer(model, { stepsPerRound: 400, learningRate: 3e-3 }).train({ demonstration: pairs }, new Rng(8));
      const predicted = heldOut.map((r) => predictedReturn(model, batch(r.trajectory)));
      return { byNoise: spearman(predicted, heldOut.map((r) => -r.noise)), byTruth: spearman(predicted, heldOut.map((r) => trueReturn(r.trajectory))) };
    };
    // the premise: more noise, lower true return
    expect(spearman(heldOut.map((r) => -r.noise), heldOut.map((r) => trueReturn(r.trajectory)))).toBeGreaterThan(0.8);
    const right = fit(false);
    expect(right.byNoise).toBeGreaterThanOrEqual(0.85);
    expect(right.byTruth).toBeGreaterThanOrEqual(0.8);
    expect(fit(true).byNoise).toBeLessThan(0);
  });
});
