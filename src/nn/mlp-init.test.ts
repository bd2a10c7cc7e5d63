import { describe, expect, it } from 'vitest';
import { Rng } from '../core/rng.js';
import { Mlp } from './mlp.js';

/** Mean and (population) variance of a vector. */
function moments(x: Float32Array): { mean: number; variance: number } {
  let mean = 0;
  for (const v of x) mean += v / x.length;
  let variance = 0;
  for (const v of x) variance += (v - mean) ** 2 / x.length;
  return { mean, variance };
}

describe('Mlp init', () => {
  it("'torch-default' draws every layer's weights and biases from U(−1/√fan_in, 1/√fan_in), output layer included", () => {
    const sizes = [11, 256, 256, 3];
    const mlp = new Mlp({ sizes, activation: 'relu', init: 'torch-default', outputGain: 0.01 }, new Rng(1));
    for (let l = 0; l + 1 < sizes.length; l++) {
      const bound = 1 / Math.sqrt(sizes[l]);
      for (const [what, x] of [['weights', mlp.weights[l]], ['biases', mlp.biases[l]]] as const) {
        const absMax = x.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
        expect(absMax, `layer ${l} ${what} within the bound`).toBeLessThanOrEqual(bound);
        if (x.length >= 100) expect(absMax, `layer ${l} ${what} use the range`).toBeGreaterThan(0.8 * bound);
        else expect(absMax, `layer ${l} ${what} are not zero`).toBeGreaterThan(0);
      }
      // uniform on ±bound: variance bound²/3 = 1/(3·fan_in); the gain does not apply (the head is not shrunk by 0.01)
      const { mean, variance } = moments(mlp.weights[l]);
      expect(Math.abs(mean)).toBeLessThan(0.1 * bound);
      expect(variance / (bound * bound / 3)).toBeGreaterThan(0.85);
      expect(variance / (bound * bound / 3)).toBeLessThan(1.15);
    }
  });

  it("the default stays 'orthogonal' with zero biases and the same weights as before the init option", () => {
    const mlp = new Mlp({ sizes: [4, 8, 2] }, new Rng(0));
    expect(mlp.biases.every((b) => b.every((v) => v === 0))).toBe(true);
    const explicit = new Mlp({ sizes: [4, 8, 2], init: 'orthogonal' }, new Rng(0));
    expect(Array.from(explicit.params)).toEqual(Array.from(mlp.params));
    // orthonormal columns of the 8 × 4 first layer, times √2
    const w = mlp.weights[0];
    for (let a = 0; a < 4; a++) {
      let dot = 0;
      for (let r = 0; r < 8; r++) dot += w[r * 4 + a] * w[r * 4 + a];
      expect(dot).toBeCloseTo(2, 4);
    }
    const torch = new Mlp({ sizes: [4, 8, 2], init: 'torch-default' }, new Rng(0));
    expect(Array.from(torch.params)).not.toEqual(Array.from(mlp.params));
  });

  it('an unknown init is refused naming the field and the value', () => {
    expect(() => new Mlp({ sizes: [4, 2], init: 'xavier' as never }, new Rng(0))).toThrow(/Mlp.init = "xavier": is not a known init/);
  });
});
