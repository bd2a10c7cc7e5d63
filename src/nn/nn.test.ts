import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Rng } from '../core/rng.js';
import { ACTIVATIONS } from './activations.js';
import { jsKernels } from './kernels.js';
import { wasmKernels } from './wasm-kernels.js';
import { fusedKernels } from './dense-kernels.js';
import { Mlp } from './mlp.js';
import { Adam, clipGradNorm } from './optim.js';
import { readBundle, writeBundle } from './bundle.js';

/** Loss = Σ c ⊙ f(x) for a fixed random c, so dLoss/dOut = c. Compare against central differences in float64-ish. */
function gradCheck(mlp: Mlp, x: Float32Array, batch: number, rng: Rng) {
  const c = Float32Array.from({ length: batch * mlp.outputSize }, () => rng.normal());
  const loss = () => {
    const y = mlp.forward(x, batch);
    let s = 0;
    for (let i = 0; i < y.length; i++) s += c[i] * y[i];
    return s;
  };
  mlp.zeroGrad();
  loss();
  const dx = Float32Array.from(mlp.backward(c, true)!);
  const analytic = Float32Array.from(mlp.grads);
  const h = 2e-3;
  let worst = 0;
  for (let i = 0; i < mlp.params.length; i += Math.max(1, Math.floor(mlp.params.length / 60))) {
    const old = mlp.params[i];
    mlp.params[i] = old + h;
    const lp = loss();
    mlp.params[i] = old - h;
    const lm = loss();
    mlp.params[i] = old;
    const numeric = (lp - lm) / (2 * h);
    worst = Math.max(worst, Math.abs(numeric - analytic[i]) / Math.max(1, Math.abs(numeric)));
  }
  for (let i = 0; i < x.length; i++) {
    const old = x[i];
    x[i] = old + h;
    const lp = loss();
    x[i] = old - h;
    const lm = loss();
    x[i] = old;
    worst = Math.max(worst, Math.abs((lp - lm) / (2 * h) - dx[i]) / Math.max(1, Math.abs(dx[i])));
  }
  return worst;
}

describe('Mlp', () => {
  for (const activation of ACTIVATIONS) {
    it(`gradients match finite differences (${activation} hidden layers)`, () => {
      const rng = new Rng(3);
      // Shift inputs away from relu kinks so finite differences are well-defined.
      const mlp = new Mlp({ sizes: [3, 5, 4, 2], activation, outputActivation: activation === 'identity' ? 'tanh' : 'identity' }, rng);
      const x = Float32Array.from({ length: 4 * 3 }, () => rng.normal() * 0.5);
      expect(gradCheck(mlp, x, 4, rng)).toBeLessThan(2e-2);
    });
  }

  it('a broken backward would be caught: gradients of a perturbed network differ', () => {
    const rng = new Rng(1);
    const mlp = new Mlp({ sizes: [2, 3, 1] }, rng);
    const x = Float32Array.of(0.3, -0.2);
    mlp.forward(x, 1);
    mlp.zeroGrad();
    mlp.backward(Float32Array.of(1));
    const g1 = Float32Array.from(mlp.grads);
    mlp.params[0] += 0.5;
    mlp.forward(x, 1);
    mlp.zeroGrad();
    mlp.backward(Float32Array.of(1));
    expect(Array.from(mlp.grads)).not.toEqual(Array.from(g1));
  });

  it('the WebAssembly kernels load here and networks use the whole-layer ones by default (resident)', () => {
    expect(wasmKernels).not.toBeNull();
    const net = new Mlp({ sizes: [2, 2] }, new Rng(0));
    const js = process.env.REWARDLAB_KERNELS === 'js';
    expect(net.kernels).toBe(js ? jsKernels : fusedKernels);
    expect(net.resident).toBe(!js);
  });

  for (const [name, kernels] of [['TypeScript', jsKernels], ['WebAssembly SIMD', wasmKernels!]] as const)
  it(`${name} kernels agree with a naive matmul, for odd shapes and with accumulation`, () => {
    const rng = new Rng(2);
    for (const [m, k, n] of [[5, 7, 3], [8, 64, 64], [1, 3, 1], [3, 2, 5], [7, 9, 5]]) {
      const a = Float32Array.from({ length: m * k }, () => rng.normal());
      const bt = Float32Array.from({ length: n * k }, () => rng.normal());
      const naive = new Float32Array(m * n);
      for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) for (let p = 0; p < k; p++) naive[i * n + j] += a[i * k + p] * bt[j * k + p];
      const out = new Float32Array(m * n).fill(7);
      kernels.gemmNT(a, bt, out, m, n, k);
      out.forEach((v, i) => expect(v).toBeCloseTo(naive[i], 3));
      kernels.gemmNT(a, bt, out, m, n, k, true);
      out.forEach((v, i) => expect(v).toBeCloseTo(2 * naive[i], 3));
      const t = new Float32Array(m * k);
      kernels.transpose(a, m, k, t);
      expect(t[(k - 1) * m + (m - 1)]).toBe(a[(m - 1) * k + (k - 1)]);
    }
  });

  it('orthogonal init gives orthonormal rows (W is out × in) scaled by the gain', () => {
    const mlp = new Mlp({ sizes: [8, 4, 1], hiddenGain: 2 }, new Rng(0));
    const w = mlp.weights[0];
    for (let a = 0; a < 4; a++) for (let b = 0; b < 4; b++) {
      let dot = 0;
      for (let c = 0; c < 8; c++) dot += w[a * 8 + c] * w[b * 8 + c];
      expect(dot).toBeCloseTo(a === b ? 4 : 0, 4);
    }
  });

  it('bad config values get errors naming the field and the value', () => {
    expect(() => new Mlp({ sizes: [4] }, new Rng(0))).toThrow(/Mlp.sizes = \[4\]/);
    expect(() => new Mlp({ sizes: [4, 2], activation: 'swish' as never }, new Rng(0))).toThrow(/Mlp.activation = "swish": is not a known activation/);
    expect(() => new Adam(3, { lr: -1 })).toThrow(/learning rate = -1/);
  });

  it('Adam fits a linear regression, clipping bounds the gradient norm', () => {
    const rng = new Rng(4);
    const mlp = new Mlp({ sizes: [2, 16, 1], activation: 'relu' }, rng);
    const opt = new Adam(mlp.params.length, { lr: 1e-2 });
    const n = 64;
    const x = Float32Array.from({ length: n * 2 }, () => rng.uniform(-1, 1));
    const y = Float32Array.from({ length: n }, (_, i) => 2 * x[i * 2] - x[i * 2 + 1]);
    const mse = () => {
      const p = mlp.forward(x, n);
      let s = 0;
      for (let i = 0; i < n; i++) s += (p[i] - y[i]) ** 2;
      return s / n;
    };
    const before = mse();
    for (let it = 0; it < 300; it++) {
      const p = mlp.forward(x, n);
      const d = Float32Array.from(p, (v, i) => (2 * (v - y[i])) / n);
      mlp.zeroGrad();
      mlp.backward(d);
      clipGradNorm(mlp.grads, 1);
      opt.step(mlp.params, mlp.grads);
    }
    expect(before).toBeGreaterThan(0.3);
    expect(mse()).toBeLessThan(0.01);
    const g = Float32Array.of(3, 4);
    expect(clipGradNorm(g, 1)).toBeCloseTo(5);
    expect(Math.hypot(g[0], g[1])).toBeCloseTo(1, 4);
  });

  it('save → load gives identical outputs; a corrupted weights file is refused', () => {
    const rng = new Rng(5);
    const mlp = new Mlp({ sizes: [3, 8, 2] }, rng);
    const dir = mkdtempSync(join(tmpdir(), 'rl-nn-'));
    const path = join(dir, 'policy');
    writeBundle(path, { kind: 'rewardlab-mlp', version: 1, meta: mlp.spec, tensors: { params: mlp.params } });
    const b = readBundle<typeof mlp.spec>(path, { kind: 'rewardlab-mlp', version: 1 });
    const copy = new Mlp(b.meta, new Rng(99));
    copy.params.set(b.tensors.params);
    const x = Float32Array.of(0.1, -0.4, 0.9);
    expect(Array.from(copy.forward(x, 1))).toEqual(Array.from(mlp.forward(x, 1)));
    const bin = readFileSync(`${path}.bin`);
    bin[5] ^= 0xff;
    writeFileSync(`${path}.bin`, bin);
    expect(() => readBundle(path, { kind: 'rewardlab-mlp', version: 1 })).toThrow(/checksum mismatch/);
    expect(() => readBundle(path, { kind: 'rewardlab-ppo', version: 1 })).toThrow(/kind = "rewardlab-mlp", expected "rewardlab-ppo"/);
  });
});
