import { describe, expect, it } from 'vitest';
import { Rng } from '../core/rng.js';
import { activate, type ActivationName } from '../nn/activations.js';
import { Mlp } from '../nn/mlp.js';
import { concretizeLower, concretizeUpper, crown, crownBounds } from './crown.js';
import { intervalBounds } from './interval.js';
import { box, forward, fromMlp, LEAKY_RELU_SLOPE, network, type Box } from './network.js';
import { randomNetwork } from './random-network.js';

const ACTS: ActivationName[] = ['relu', 'leaky-relu', 'tanh', 'sigmoid', 'identity'];

const randomNet = randomNetwork;

function randomBox(rng: Rng, dim: number): Box {
  const lo: number[] = [];
  const hi: number[] = [];
  for (let i = 0; i < dim; i++) {
    const c = rng.uniform(-2, 2);
    const r = rng.uniform(0.01, 1.5);
    lo.push(c - r);
    hi.push(c + r);
  }
  return box(lo, hi);
}

/** Uniform points, with every third coordinate pushed to a face (bounds are tightest near corners). */
function samplePoint(rng: Rng, b: Box): Float64Array {
  return b.lo.map((lo, i) => {
    const u = rng.next();
    if (u < 0.15) return lo;
    if (u < 0.3) return b.hi[i];
    return rng.uniform(lo, b.hi[i]);
  });
}

const dot = (a: ArrayLike<number>, x: ArrayLike<number>) => Array.from(a).reduce((s, v, i) => s + v * x[i], 0);

describe('bound soundness by sampling (10k points per activation)', () => {
  for (const activation of ACTS) {
    it(`IBP and CROWN contain every sampled output (${activation})`, () => {
      const rng = new Rng(ACTS.indexOf(activation) + 11);
      let checked = 0;
      let worst = Infinity;
      for (let trial = 0; trial < 20; trial++) {
        const net = randomNet(rng, [3, 12, 10, 2], activation, trial % 4 === 3 ? 'tanh' : 'identity');
        const b = randomBox(rng, 3);
        const ibp = intervalBounds(net, b).output;
        const cb = crownBounds(net, b);
        const c = Float64Array.of(rng.normal(), rng.normal());
        const lin = crown(net, b, [c]);
        const linLo = concretizeLower(lin.lower[0], b);
        const linHi = concretizeUpper(lin.upper[0], b);
        for (let s = 0; s < 500; s++) {
          const x = samplePoint(rng, b);
          const y = forward(net, x);
          for (let j = 0; j < 2; j++) worst = Math.min(worst, y[j] - ibp.lo[j], ibp.hi[j] - y[j], y[j] - cb.lo[j], cb.hi[j] - y[j]);
          // The linear functions themselves bound c·f(x) pointwise, not only their box minimum.
          const v = dot(c, y);
          worst = Math.min(worst, v - (dot(lin.lower[0].a, x) + lin.lower[0].b - lin.lower[0].slack), dot(lin.upper[0].a, x) + lin.upper[0].b + lin.upper[0].slack - v, v - linLo, linHi - v);
          checked++;
        }
      }
      expect(worst).toBeGreaterThanOrEqual(0);
      expect(checked).toBe(10_000);
    });
  }
});

describe("a parent box's pre-activation bounds (branch and bound's reuse)", () => {
  it('keep sub-box bounds sound, and tighten some', () => {
    const rng = new Rng(21);
    let worst = Infinity;
    let tighter = 0;
    for (let trial = 0; trial < 20; trial++) {
      const net = randomNet(rng, [3, 16, 16, 1], ACTS[trial % 4]);
      const parent = randomBox(rng, 3);
      const { pre } = crown(net, parent, [[1]]);
      // A random sub-box of the parent.
      const child = box(parent.lo.map((l, i) => l + 0.5 * rng.next() * (parent.hi[i] - l)), parent.hi.map((h, i) => h - 0.5 * rng.next() * (h - parent.lo[i])));
      const own = crown(net, child, [[1]]);
      const reused = crown(net, child, [[1]], pre);
      const lo = concretizeLower(reused.lower[0], child);
      const hi = concretizeUpper(reused.upper[0], child);
      if (lo > concretizeLower(own.lower[0], child) + 1e-12 || hi < concretizeUpper(own.upper[0], child) - 1e-12) tighter++;
      for (let s = 0; s < 300; s++) {
        const v = forward(net, samplePoint(rng, child))[0];
        worst = Math.min(worst, v - lo, hi - v);
      }
    }
    expect(worst).toBeGreaterThanOrEqual(0);
    expect(tighter).toBeGreaterThan(0);
  });
});

describe('CROWN against IBP', () => {
  it('is contained in IBP, and strictly tighter on average for ReLU nets', () => {
    const rng = new Rng(5);
    let ibpWidth = 0;
    let crownWidth = 0;
    for (let trial = 0; trial < 30; trial++) {
      const net = randomNet(rng, [4, 32, 32, 1], trial % 2 ? 'relu' : 'tanh');
      const b = randomBox(rng, 4);
      const ibp = intervalBounds(net, b).output;
      const cb = crownBounds(net, b);
      expect(cb.lo[0]).toBeGreaterThanOrEqual(ibp.lo[0]);
      expect(cb.hi[0]).toBeLessThanOrEqual(ibp.hi[0]);
      ibpWidth += ibp.hi[0] - ibp.lo[0];
      crownWidth += cb.hi[0] - cb.lo[0];
    }
    expect(crownWidth).toBeLessThan(0.7 * ibpWidth);
  });
});

describe('exact answers on hand-built networks', () => {
  // f(x) = relu(x) + relu(−x) = |x|: on [−1, 1] the range is exactly [0, 1]; IBP says [0, 2].
  const abs = network([
    { inSize: 1, outSize: 2, weight: Float64Array.of(1, -1), bias: Float64Array.of(0, 0), activation: 'relu' },
    { inSize: 2, outSize: 1, weight: Float64Array.of(1, 1), bias: Float64Array.of(0), activation: 'identity' },
  ]);
  it('|x| on [−1, 1]: CROWN finds the exact range, IBP the known [0, 2]', () => {
    const b = box([-1], [1]);
    const ibp = intervalBounds(abs, b).output;
    expect(ibp.lo[0]).toBeCloseTo(0, 12);
    expect(ibp.hi[0]).toBeCloseTo(2, 12);
    const cb = crownBounds(abs, b);
    expect(cb.lo[0]).toBeCloseTo(0, 8);
    expect(cb.hi[0]).toBeCloseTo(1, 8);
  });
  it('|x| on [0.5, 2] (both neurons stable): every method is exact', () => {
    const b = box([0.5], [2]);
    const cb = crownBounds(abs, b);
    const ibp = intervalBounds(abs, b).output;
    for (const r of [cb, ibp]) {
      expect(r.lo[0]).toBeCloseTo(0.5, 8);
      expect(r.hi[0]).toBeCloseTo(2, 8);
    }
  });
  it('a single tanh neuron: bounds are tanh at the ends', () => {
    const t = network([{ inSize: 1, outSize: 1, weight: Float64Array.of(2), bias: Float64Array.of(0.5), activation: 'tanh' }]);
    const cb = crownBounds(t, box([-1], [0.3]));
    expect(cb.lo[0]).toBeCloseTo(Math.tanh(-1.5), 8);
    expect(cb.hi[0]).toBeCloseTo(Math.tanh(1.1), 8);
  });
});

describe('network copy', () => {
  it("fromMlp evaluates like Mlp.forward (float32 vs float64) and the leak matches nn's", () => {
    const rng = new Rng(9);
    for (const activation of ACTS) {
      const mlp = new Mlp({ sizes: [3, 8, 8, 1], activation }, rng);
      const net = fromMlp(mlp);
      const x = Float32Array.of(0.3, -1.2, 0.7);
      expect(forward(net, x)[0]).toBeCloseTo(mlp.forward(x, 1)[0], 4);
    }
    const y = new Float32Array(1);
    activate('leaky-relu', Float32Array.of(-2), y, 1);
    expect(y[0]).toBeCloseTo(-2 * LEAKY_RELU_SLOPE, 7);
  });
});
