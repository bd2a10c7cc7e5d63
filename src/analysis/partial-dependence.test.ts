/** Partial dependence on hand-built reward models whose shape is known. */
import { describe, expect, it } from 'vitest';
import { Rng } from '../core/rng.js';
import { ConfigError } from '../core/errors.js';
import { RewardModel, type TransitionBatch } from '../rewards/reward-model.js';
import { partialDependence } from './partial-dependence.js';

/** Linear members r_m = w_m · obs on the raw observation (standardisation set to the identity). */
function linearEnsemble(weights: number[][], useNextObs = false): RewardModel {
  const D = weights[0].length / (useNextObs ? 2 : 1);
  const model = new RewardModel(D, { kind: 'discrete', n: 2 }, { members: weights.length, hidden: [], useAction: false, useNextObs }, new Rng(0));
  weights.forEach((w, m) => {
    model.nets[m].weights[0].set(w);
    model.nets[m].biases[0].fill(0);
  });
  model.inputStats.count = 10; // mean 0, var 1: features are the raw observations
  return model;
}

function sampleBatch(n: number, D: number, seed: number): TransitionBatch {
  const rng = new Rng(seed);
  const obs = Float32Array.from({ length: n * D }, () => rng.uniform(-2, 3));
  return { obs, nextObs: Float32Array.from(obs, (v) => v + 0.5), actions: new Float32Array(n), n };
}

const slope = (c: { grid: number[]; mean: number[] }) => (c.mean.at(-1)! - c.mean[0]) / (c.grid.at(-1)! - c.grid[0]);

describe('partial dependence', () => {
  it('of reward = 2·x0 is a line of slope 2 along dimension 0 and flat along the others', () => {
    const sample = sampleBatch(200, 3, 1);
    const curves = partialDependence(linearEnsemble([[2, 0, 0]]), sample, { gridPoints: 11 });
    expect(curves.map((c) => c.dim)).toEqual([0, 1, 2]);
    const [c0, c1, c2] = curves;
    expect(c0.grid).toHaveLength(11);
    const x0 = Array.from({ length: 200 }, (_, i) => sample.obs[i * 3]);
    expect([c0.grid[0], c0.grid.at(-1)]).toEqual([Math.min(...x0), Math.max(...x0)]); // spans the visited range, no further
    c0.grid.forEach((v, g) => expect(c0.mean[g]).toBeCloseTo(2 * v, 4));
    const mean0 = x0.reduce((s, v) => s + v, 0) / 200;
    for (const c of [c1, c2]) {
      expect(slope(c)).toBeCloseTo(0, 6);
      for (const m of c.mean) expect(m).toBeCloseTo(2 * mean0, 4); // the average over the sample
    }
    expect(c0.spread.every((s) => s === 0)).toBe(true); // one member: no spread
    expect(c0.deciles).toHaveLength(9);
    expect(c0.samples).toBe(200);
  });

  it('carries the members\' disagreement: members 2·x0 and 4·x0 give mean 3·v and spread |v|', () => {
    const [c0] = partialDependence(linearEnsemble([[2, 0], [4, 0]]), sampleBatch(50, 2, 2), { dims: [0], gridPoints: 5 });
    c0.grid.forEach((v, g) => {
      expect(c0.mean[g]).toBeCloseTo(3 * v, 4);
      expect(c0.spread[g]).toBeCloseTo(Math.abs(v), 4);
    });
  });

  it('keeps the step\'s change along the dimension when the model reads the next observation', () => {
    // r = x'0 − x0: the step's change along 0, which is +0.5 in every sampled transition.
    const [c0] = partialDependence(linearEnsemble([[-1, 0, 1, 0]], true), sampleBatch(40, 2, 3), { dims: [0] });
    for (const m of c0.mean) expect(m).toBeCloseTo(0.5, 4);
  });

  it('refuses a dimension the observation does not have, by name', () => {
    expect(() => partialDependence(linearEnsemble([[1, 0]]), sampleBatch(5, 2, 4), { dims: [2] })).toThrow(ConfigError);
    expect(() => partialDependence(linearEnsemble([[1, 0]]), sampleBatch(5, 2, 4), { gridPoints: 1 })).toThrow(/gridPoints/);
  });
});
