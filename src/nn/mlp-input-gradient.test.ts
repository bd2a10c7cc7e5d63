/** Mlp.inputGradient against central finite differences, and its promise to leave `grads` alone. */
import { describe, expect, it } from 'vitest';
import { Rng } from '../core/rng.js';
import { Mlp } from './mlp.js';

/** Σ_rows output·dOut at x, in float64 from the float32 forward. */
function objective(net: Mlp, x: Float32Array, rows: number, dOut: Float32Array): number {
  const y = net.forward(x, rows);
  let s = 0;
  for (let i = 0; i < y.length; i++) s += y[i] * dOut[i];
  return s;
}

describe('Mlp.inputGradient', () => {
  it('matches central finite differences on a random tanh network with two outputs', () => {
    const rng = new Rng(7);
    const net = new Mlp({ sizes: [5, 16, 8, 2], activation: 'tanh' }, rng);
    const rows = 3;
    const x = Float32Array.from({ length: rows * 5 }, () => rng.normal());
    const dOut = Float32Array.from({ length: rows * 2 }, () => rng.normal());
    const g = net.inputGradient(x, rows, dOut);
    const h = 1e-2;
    let worst = 0;
    for (let i = 0; i < x.length; i++) {
      const up = x.slice();
      const down = x.slice();
      up[i] += h;
      down[i] -= h;
      const fd = (objective(net, up, rows, dOut) - objective(net, down, rows, dOut)) / (up[i] - down[i]);
      worst = Math.max(worst, Math.abs(fd - g[i]) / Math.max(1, Math.abs(fd)));
    }
    expect(worst).toBeLessThan(2e-3);
  });

  it('leaves the accumulated parameter gradients as they were', () => {
    const rng = new Rng(8);
    const net = new Mlp({ sizes: [3, 4, 1], activation: 'leaky-relu' }, rng);
    const x = Float32Array.from({ length: 6 }, () => rng.normal());
    net.forward(x, 2);
    net.zeroGrad();
    net.backward(Float32Array.of(1, -1));
    const before = net.grads.slice();
    net.inputGradient(x, 2);
    expect(Array.from(net.grads)).toEqual(Array.from(before));
  });
});
