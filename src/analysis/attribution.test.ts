/**
 * Integrated gradients on cases with known answers: a linear function (IG = (x − b)·w exactly,
 * for any number of steps), a random MLP and a random reward-model ensemble (completeness:
 * the attributions add up to f(x) − f(baseline), with f measured independently).
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../core/rng.js';
import { Box } from '../core/spaces/box.js';
import { ConfigError } from '../core/errors.js';
import { Mlp } from '../nn/mlp.js';
import { RewardModel, type TransitionBatch } from '../rewards/reward-model.js';
import { integratedGradients, type DifferentiableFunction } from './attribution.js';
import { rewardAttributions, rewardBaseline, rewardFunction, stepInputLabels } from './attribution-reward-model.js';

function linear(w: number[], c: number): DifferentiableFunction {
  return {
    dim: w.length,
    evaluate(x, n) {
      const value = new Float64Array(n);
      const gradient = new Float64Array(n * w.length);
      for (let i = 0; i < n; i++) {
        value[i] = c;
        for (let j = 0; j < w.length; j++) {
          value[i] += w[j] * x[i * w.length + j];
          gradient[i * w.length + j] = w[j];
        }
      }
      return { value, gradient };
    },
  };
}

function mlpFunction(net: Mlp): DifferentiableFunction {
  return {
    dim: net.inputSize,
    evaluate(x, n) {
      const value = Float64Array.from(net.forward(x, n));
      return { value, gradient: Float64Array.from(net.inputGradient(x, n)) };
    },
  };
}

/** A random ensemble that has seen some observations, so its standardisation is not the identity. */
function randomModel(options: ConstructorParameters<typeof RewardModel>[2], seed: number): RewardModel {
  const rng = new Rng(seed);
  const model = new RewardModel(3, { kind: 'discrete', n: 2 }, { members: 3, hidden: [16, 16], ...options }, rng);
  model.observe(Array.from({ length: 200 }, () => Float32Array.from([0.5 + 2 * rng.normal(), -1 + 0.3 * rng.normal(), rng.normal()])));
  model.shift = [0.3, -0.2, 0.1];
  model.scale = [0.7, 1.3, 2];
  return model;
}

const batchOf = (obs: number[][], actions: number[], next: number[][]): TransitionBatch => ({ obs: Float32Array.from(obs.flat()), actions: Float32Array.from(actions), nextObs: Float32Array.from(next.flat()), n: actions.length });

describe('integrated gradients', () => {
  it('equals (x − baseline)·w exactly on a linear function, for one step or many, either rule', () => {
    const f = linear([2, -3, 0.5], 7);
    const x = Float32Array.of(1, 2, 3, -1, 0.5, 4);
    const b = [0.5, -1, 2];
    for (const steps of [1, 16]) {
      for (const rule of ['midpoint', 'right'] as const) {
        const [a, c] = integratedGradients(f, x, b, { steps, rule });
        expect(Array.from(a.attributions)).toEqual([1, -9, 0.5].map((v) => expect.closeTo(v, 5)));
        expect(Array.from(c.attributions)).toEqual([-3, -4.5, 1].map((v) => expect.closeTo(v, 5)));
        expect(a.value).toBeCloseTo(7 + 2 - 6 + 1.5, 5);
        expect(a.baselineValue).toBeCloseTo(7 + 1 + 3 + 1, 5);
        expect(Math.abs(a.gap)).toBeLessThan(1e-5);
      }
    }
  });

  it('is complete on a random MLP: the attributions add up to f(x) − f(baseline), closer with more steps', () => {
    const rng = new Rng(3);
    const net = new Mlp({ sizes: [4, 32, 32, 1], activation: 'tanh' }, rng);
    const f = mlpFunction(net);
    const x = Float32Array.from({ length: 5 * 4 }, () => 2 * rng.normal());
    const b = [0, 0, 0, 0];
    const fine = integratedGradients(f, x, b, { steps: 128 });
    for (let i = 0; i < 5; i++) {
      const fx = net.forward(x.subarray(i * 4, i * 4 + 4), 1)[0];
      const fb = net.forward(Float32Array.from(b), 1)[0];
      const sum = fine[i].attributions.reduce((s, v) => s + v, 0);
      expect(Math.abs(fx - fb)).toBeGreaterThan(0.05); // a case with something to attribute
      expect(Math.abs(sum - (fx - fb))).toBeLessThan(2e-3 * Math.max(1, Math.abs(fx - fb)));
    }
    const coarse = integratedGradients(f, x, b, { steps: 2, rule: 'right' });
    const worst = (r: typeof fine) => Math.max(...r.map((a) => Math.abs(a.gap)));
    expect(worst(fine)).toBeLessThan(worst(coarse));
  });

  it('is complete on a reward-model ensemble through its feature transform, with next observations and actions', () => {
    for (const inputTransform of ['standardize', 'tanh'] as const) {
      const model = randomModel({ useNextObs: true, inputTransform, activation: 'tanh' }, 11);
      const obs = [[1.5, -1.2, 0.4], [-2, -0.8, 1.1], [3, -1, -0.5]];
      const next = [[1.6, -1.1, 0.3], [-2.1, -0.9, 1.3], [3.2, -1.05, -0.4]];
      const batch = batchOf(obs, [0, 1, 1], next);
      const baseline = rewardBaseline(model, 'dataset-mean');
      const attr = rewardAttributions(model, batch, baseline, { steps: 128 });
      const predicted = model.predict(batch).mean;
      const base = model.predict(batchOf([0, 1, 2].map(() => Array.from(baseline.subarray(0, 3))), [0, 1, 1], [0, 1, 2].map(() => Array.from(baseline.subarray(3))))).mean;
      for (let t = 0; t < 3; t++) {
        expect(attr[t].attributions.length).toBe(6);
        const sum = attr[t].attributions.reduce((s, v) => s + v, 0);
        expect(Math.abs(predicted[t] - base[t])).toBeGreaterThan(0.02);
        expect(sum).toBeCloseTo(predicted[t] - base[t], 2);
      }
    }
  });

  it('follows the standardisation on a hand-built linear reward: IG_0 = (x0 − b0)·w/σ, the others 0', () => {
    const model = new RewardModel(3, { kind: 'discrete', n: 2 }, { members: 1, hidden: [], useAction: false }, new Rng(0));
    model.nets[0].weights[0].set([2, 0, 0]);
    model.nets[0].biases[0].fill(0);
    model.inputStats.mean = Float64Array.of(1, 0, 0);
    model.inputStats.var = Float64Array.of(4, 1, 1);
    model.inputStats.count = 10;
    const [a] = rewardAttributions(model, batchOf([[5, 3, -2]], [1], [[0, 0, 0]]), [2, 0, 0], { steps: 4 });
    expect(Array.from(a.attributions)).toEqual([expect.closeTo((5 - 2) * (2 / 2), 4), expect.closeTo(0, 9), expect.closeTo(0, 9)]);
    expect(stepInputLabels(model, ['x', 'v', 'theta'])).toEqual(['x', 'v', 'theta']);
  });

  it('takes the centre of a bounded observation box as baseline, and refuses an unbounded one by name', () => {
    const model = randomModel({}, 2);
    expect(Array.from(rewardBaseline(model, 'space-centre', new Box([-1, 0, 2], [3, 4, 2])))).toEqual([1, 2, 2]);
    expect(() => rewardBaseline(model, 'space-centre', new Box([-1, -Infinity, 0], [1, Infinity, 1]))).toThrow(/dimension 1/);
    expect(() => rewardBaseline(model, 'space-centre')).toThrow(ConfigError);
    // visited-mean: the mean of the observations given (the fallback for a model that folded no clip, with unbounded observations)
    const visited = [Float32Array.from([1, 2, 3]), Float32Array.from([3, 6, 5])];
    expect(Array.from(rewardBaseline(model, 'visited-mean', undefined, visited))).toEqual([2, 4, 4]);
    expect(() => rewardBaseline(model, 'visited-mean')).toThrow(/at least one visited observation/);
    expect(() => rewardFunction(model, [0, 1])).toThrow(ConfigError);
  });
});
