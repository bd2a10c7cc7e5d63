import { describe, expect, it } from 'vitest';
import { Rng } from '../core/rng.js';
import { Categorical, DiagGaussian, type ActionDistribution } from './action-distribution.js';

/** f = a·logp + b·entropy; the analytic gradient must match central differences (float64 inputs). */
function check(dist: ActionDistribution, out: Float32Array, actions: Float32Array, logStd?: Float32Array, grad?: Float32Array) {
  const a = 0.7;
  const b = -0.3;
  const f = () => {
    const { logp, entropy } = dist.logProbEntropy(out, 0, actions, 0);
    return a * logp + b * entropy;
  };
  const dOut = new Float32Array(out.length);
  grad?.fill(0);
  dist.accumulateGrad(out, 0, actions, 0, a, b, dOut);
  const h = 1e-3;
  const numeric = (arr: Float32Array, i: number) => {
    const old = arr[i];
    arr[i] = old + h;
    const p = f();
    arr[i] = old - h;
    const m = f();
    arr[i] = old;
    return (p - m) / (2 * h);
  };
  for (let i = 0; i < out.length; i++) expect(dOut[i]).toBeCloseTo(numeric(out, i), 2);
  if (logStd && grad) for (let i = 0; i < logStd.length; i++) expect(grad[i]).toBeCloseTo(numeric(logStd, i), 2);
}

describe('action distributions', () => {
  it('categorical: log-prob/entropy gradients match finite differences', () => {
    const rng = new Rng(1);
    for (let trial = 0; trial < 5; trial++) {
      const out = Float32Array.from({ length: 4 }, () => rng.normal());
      check(new Categorical(4), out, Float32Array.of(rng.int(4)));
    }
  });

  it('diagonal Gaussian: gradients for the mean and the log std match finite differences', () => {
    const rng = new Rng(2);
    const g = new DiagGaussian(2, -0.4);
    for (let trial = 0; trial < 5; trial++) {
      const out = Float32Array.from({ length: 2 }, () => rng.normal());
      check(g, out, Float32Array.from({ length: 2 }, () => rng.normal()), g.logStd, g.logStdGrad);
    }
  });

  it('sampling follows the distribution; the mode is deterministic', () => {
    const rng = new Rng(3);
    const c = new Categorical(3);
    const logits = Float32Array.of(0, Math.log(2), Math.log(7)); // p = 0.1, 0.2, 0.7
    const counts = [0, 0, 0];
    const a = new Float32Array(1);
    for (let i = 0; i < 5000; i++) {
      c.sample(logits, 0, a, 0, false, rng);
      counts[a[0]]++;
    }
    expect(counts[2] / 5000).toBeCloseTo(0.7, 1);
    c.sample(logits, 0, a, 0, true, rng);
    expect(a[0]).toBe(2);
  });
});
