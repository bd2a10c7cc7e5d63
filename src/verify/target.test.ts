import { describe, expect, it } from 'vitest';
import { Rng } from '../core/rng.js';
import type { ActivationName } from '../nn/activations.js';
import { box } from './network.js';
import { randomNetwork } from './random-network.js';
import { evaluate, featureGradientBounds, gradient, networkTarget, type Target } from './target.js';

const ACTS: ActivationName[] = ['relu', 'leaky-relu', 'tanh', 'sigmoid', 'identity'];

describe('gradient bounds (the monotonicity proofs) hold at sampled points', () => {
  for (const activation of ACTS) {
    it(`∂f/∂x₀ stays inside featureGradientBounds, and gradient() matches finite differences (${activation})`, () => {
      const rng = new Rng(ACTS.indexOf(activation) + 40);
      let worst = Infinity;
      let fdError = 0;
      for (let trial = 0; trial < 20; trial++) {
        const net = randomNetwork(rng, [3, 12, 10, 1], activation, trial % 3 === 2 ? 'tanh' : 'identity');
        // Two networks summed with a feature map, like an ensemble mean over standardised inputs.
        const other = randomNetwork(rng, [3, 8, 1], activation);
        const t: Target = {
          rawDim: 3,
          features: [
            { source: 0, shift: 0.3, scale: 2, squash: 'clip', clip: 1.5 },
            { source: 1, shift: 0, scale: 1, squash: 'tanh' },
            { source: 2, shift: -1, scale: 0.5, squash: 'none' },
          ],
          terms: [
            { net, c: Float64Array.of(0.7) },
            { net: other, c: Float64Array.of(-1.3) },
          ],
          offset: 0.2,
        };
        const c = [rng.uniform(-1, 1), rng.uniform(-1, 1), rng.uniform(-1, 1)];
        const b = box(c.map((v) => v - 0.6), c.map((v) => v + 0.6));
        const [lo, hi] = featureGradientBounds(t, b, 0);
        for (let s = 0; s < 200; s++) {
          const x = b.lo.map((l, i) => rng.uniform(l, b.hi[i]));
          // ∂f/∂φ₀ = (∂f/∂x₀) / φ₀'(x₀) where the clip is inactive.
          const v = (x[0] - 0.3) * 2;
          if (Math.abs(v) >= 1.5) continue;
          const g = gradient(t, x)[0] / 2;
          worst = Math.min(worst, g - lo, hi - g);
          const h = 1e-6;
          const xp = x.slice();
          const xm = x.slice();
          xp[1] += h;
          xm[1] -= h;
          fdError = Math.max(fdError, Math.abs((evaluate(t, xp) - evaluate(t, xm)) / (2 * h) - gradient(t, x)[1]));
        }
      }
      expect(worst).toBeGreaterThanOrEqual(0);
      expect(fdError).toBeLessThan(1e-5);
    });
  }

  it('is exact for a linear network and a single network target', () => {
    const t = networkTarget(randomNetwork(new Rng(1), [2, 3, 1], 'identity'));
    const [lo, hi] = featureGradientBounds(t, box([-1, -1], [1, 1]), 1);
    const g = gradient(t, [0, 0])[1];
    expect(lo).toBeCloseTo(g, 10);
    expect(hi).toBeCloseTo(g, 10);
  });
});
