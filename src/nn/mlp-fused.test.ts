import { describe, expect, it } from 'vitest';
import { Rng } from '../core/rng.js';
import { ACTIVATIONS, activate, type ActivationName } from './activations.js';
import { fusedKernels, instantiateDense } from './dense-kernels.js';
import { jsKernels, type Kernels } from './kernels.js';
import { Mlp } from './mlp.js';
import { Adam } from './optim.js';
import { setResidentLimit } from './mlp-fused.js';
import { wasmKernels } from './wasm-kernels.js';

const fused = fusedKernels!;

interface Run {
  params: Float32Array;
  m: Float32Array;
  v: Float32Array;
  net: Mlp;
  opt: Adam;
}

/** N Adam steps on a squared-error loss; every third step uses a larger batch (the memory grows). */
function train(sizes: number[], activation: ActivationName, outputActivation: ActivationName, batch: number, kernels: Kernels, steps = 12): Run {
  const rng = new Rng(5);
  const net = new Mlp({ sizes, activation, outputActivation }, rng);
  net.kernels = kernels;
  const opt = new Adam(net.params.length, { lr: 1e-2 });
  for (let s = 0; s < steps; s++) {
    const b = s % 3 === 2 ? batch * 2 + 1 : batch;
    const x = Float32Array.from({ length: b * sizes[0] }, () => rng.normal());
    const out = net.forward(x, b);
    const d = Float32Array.from(out, (o, i) => (o - Math.sin(i)) / b);
    net.zeroGrad();
    net.backward(d);
    opt.step(net.params, net.grads);
  }
  const { m, v } = opt.state();
  return { params: net.params.slice(), m: m.slice(), v: v.slice(), net, opt };
}

function sameBits(a: Float32Array, b: Float32Array): boolean {
  return a.length === b.length && a.every((x, i) => Object.is(x, b[i]));
}

const SHAPES = [[8, 64, 64, 5], [3, 7, 5, 1], [17, 33, 2], [1, 1]];
const OUTPUTS: ActivationName[] = ['identity', 'tanh', 'relu', 'leaky-relu'];

describe('fused whole-layer kernels', () => {
  it('load here, with an exp that reproduces Math.exp (so tanh and sigmoid run in WASM too)', () => {
    expect(fusedKernels).not.toBeNull();
    expect(fused.expExact).toBe(true);
    expect(new Mlp({ sizes: [2, 2] }, new Rng(0)).resident).toBe(process.env.REWARDLAB_KERNELS !== 'js');
  });

  it('tanh and sigmoid in WASM (V8 exp, two lanes) give the TypeScript activations bit for bit, across exp branches', () => {
    const rng = new Rng(9);
    const xs: number[] = [0.5, -0.5, 0, -0, 1e-12, -1e-12, 351.9, 352.1, -352.1, 360, -360, 710, -710, Infinity, -Infinity];
    for (let i = 0; i < 60_000; i++) xs.push(rng.normal() * 3, (rng.uniform() - 0.5) * 1500, rng.normal() * 1e-8);
    // |2x| (tanh) and |x| (sigmoid) near 0.5 ln2, where fdlibm's reduction branches.
    for (let i = 0; i < 20_000; i++) xs.push((i % 2 ? 1 : -1) * (0.1732866 + i * 1e-11), (i % 2 ? 1 : -1) * (0.3465733 + i * 2e-11));
    const x = Float32Array.from(xs);
    const memory = new WebAssembly.Memory({ initial: Math.ceil((x.length * 4) / 65536) });
    const k = instantiateDense(fused.module, memory);
    for (const [name, code] of [['tanh', 3], ['sigmoid', 4]] as const) {
      const view = new Float32Array(memory.buffer, 0, x.length);
      view.set(x);
      k.activate(code, 0, x.length);
      const want = new Float32Array(x.length);
      activate(name, x, want, x.length);
      const bad = want.findIndex((y, i) => !Object.is(y, view[i]));
      expect(bad, `${name}(${x[bad]}) = ${view[bad]}, TS ${want[bad]}`).toBe(-1);
    }
  });

  for (const activation of ACTIVATIONS) {
    it(`train to the same bits as the gemm.wasm path (${activation} hidden, odd widths, batch 1 and 37, memory growth)`, () => {
      for (const sizes of SHAPES) {
        for (const output of OUTPUTS) {
          for (const batch of [1, 37]) {
            const ref = train(sizes, activation, output, batch, wasmKernels!);
            const got = train(sizes, activation, output, batch, fused);
            expect(got.net.resident).toBe(true);
            expect(got.m.buffer).not.toBe(got.params.buffer);
            const where = `${sizes.join('→')} ${activation}/${output} batch ${batch}`;
            expect(sameBits(got.params, ref.params), where).toBe(true);
            expect(sameBits(got.m, ref.m) && sameBits(got.v, ref.v), `${where} Adam moments`).toBe(true);
          }
        }
      }
    });
  }

  it('Adam keeps its moments in the network memory and steps there', () => {
    const { net, opt } = train([4, 9, 3], 'tanh', 'identity', 5, fused, 2);
    expect(opt.state().m.buffer).toBe(net.params.buffer);
    // A second optimizer on the same network takes the slot; the first keeps its moments' values.
    const before = opt.state().m.slice();
    const other = new Adam(net.params.length, { lr: 1e-3 });
    other.step(net.params, net.grads);
    expect(other.state().m.buffer).toBe(net.params.buffer);
    expect(opt.state().m.buffer).not.toBe(net.params.buffer);
    expect(opt.state().m).toEqual(before);
  });

  it('two optimizers taking turns on one network step like two plain ones', () => {
    const run = (kernels: Kernels) => {
      const net = new Mlp({ sizes: [4, 9, 3] }, new Rng(8));
      net.kernels = kernels;
      const a = new Adam(net.params.length, { lr: 1e-2 });
      const b = new Adam(net.params.length, { lr: 3e-3 });
      for (let s = 0; s < 6; s++) {
        net.forward(Float32Array.from({ length: 8 }, (_, i) => Math.sin(i + s)), 2);
        net.zeroGrad();
        net.backward(Float32Array.from({ length: 6 }, (_, i) => Math.cos(i * s)));
        (s % 2 ? a : b).step(net.params, net.grads);
      }
      return [net.params.slice(), a.state().v.slice(), b.state().m.slice()];
    };
    const [want, got] = [run(wasmKernels!), run(fused)];
    got.forEach((g, i) => expect(sameBits(g, want[i])).toBe(true));
  });

  it('agrees with the TypeScript kernel to float32 tolerance', () => {
    for (const sizes of [[8, 64, 64, 5], [3, 7, 5, 1]]) {
      for (const activation of ['tanh', 'relu'] as const) {
        const ref = train(sizes, activation, 'identity', 37, jsKernels, 6);
        const got = train(sizes, activation, 'identity', 37, fused, 6);
        let worst = 0;
        for (let i = 0; i < ref.params.length; i++) worst = Math.max(worst, Math.abs(got.params[i] - ref.params[i]));
        expect(worst, `${sizes.join('→')} ${activation}`).toBeLessThan(1e-4);
      }
    }
  });

  for (const activation of ACTIVATIONS) {
    it(`gradients match finite differences (${activation} hidden, resident)`, () => {
      const rng = new Rng(11);
      const net = new Mlp({ sizes: [3, 6, 5, 2], activation, outputActivation: activation === 'identity' ? 'tanh' : activation }, rng);
      net.kernels = fused;
      const batch = 4;
      const x = Float32Array.from({ length: batch * 3 }, () => rng.normal() * 0.5);
      const c = Float32Array.from({ length: batch * 2 }, () => rng.normal());
      const loss = () => net.forward(x, batch).reduce((s, y, i) => s + c[i] * y, 0);
      loss();
      net.zeroGrad();
      const dx = Float32Array.from(net.backward(c, true)!);
      const analytic = net.grads.slice();
      const h = 2e-3;
      let worst = 0;
      for (let i = 0; i < net.params.length; i++) {
        const old = net.params[i];
        net.params[i] = old + h;
        const up = loss();
        net.params[i] = old - h;
        const down = loss();
        net.params[i] = old;
        worst = Math.max(worst, Math.abs((up - down) / (2 * h) - analytic[i]) / Math.max(1, Math.abs(analytic[i])));
      }
      for (let i = 0; i < x.length; i++) {
        const old = x[i];
        x[i] = old + h;
        const up = loss();
        x[i] = old - h;
        const down = loss();
        x[i] = old;
        worst = Math.max(worst, Math.abs((up - down) / (2 * h) - dx[i]) / Math.max(1, Math.abs(dx[i])));
      }
      expect(worst).toBeLessThan(2e-2);
    });
  }

  it('fused Adam matches a straightforward float64 Adam', () => {
    const rng = new Rng(2);
    const net = new Mlp({ sizes: [5, 7, 3] }, rng);
    net.kernels = fused;
    const opt = new Adam(net.params.length, { lr: 3e-3, beta1: 0.8, beta2: 0.99, eps: 1e-6 });
    const n = net.params.length;
    const p = Float64Array.from(net.params);
    const m = new Float64Array(n);
    const v = new Float64Array(n);
    for (let t = 1; t <= 25; t++) {
      for (let i = 0; i < n; i++) net.grads[i] = Math.fround(rng.normal() * (1 + (i % 7)));
      for (let i = 0; i < n; i++) {
        const g = net.grads[i];
        m[i] = 0.8 * m[i] + 0.2 * g;
        v[i] = 0.99 * v[i] + 0.01 * g * g;
        p[i] -= (3e-3 * (m[i] / (1 - 0.8 ** t))) / (Math.sqrt(v[i] / (1 - 0.99 ** t)) + 1e-6);
      }
      opt.step(net.params, net.grads);
    }
    expect(opt.state().m.buffer).toBe(net.params.buffer);
    for (let i = 0; i < n; i++) expect(net.params[i]).toBeCloseTo(p[i], 5);
  });

  it('re-creates its views when a larger batch grows the memory, keeping the values', () => {
    const net = new Mlp({ sizes: [3, 4, 2] }, new Rng(4));
    net.kernels = fused;
    const before = net.params;
    const values = before.slice();
    net.forward(new Float32Array(3 * 5000), 5000);
    expect(before.length).toBe(0); // detached
    expect(Array.from(net.params)).toEqual(Array.from(values));
    expect(net.weights[0].buffer).toBe(net.params.buffer);
  });

  it('forwards an input that views its own memory across the growth that input causes', () => {
    const net = new Mlp({ sizes: [3, 4, 2] }, new Rng(4));
    net.kernels = fused;
    const plain = new Mlp({ sizes: [3, 4, 2] }, new Rng(4));
    plain.kernels = wasmKernels!;
    net.forward(new Float32Array(3), 1);
    const x = new Float32Array(net.params.buffer, 0, 3 * 5000); // its params, grads, …: 5000 rows need more memory
    const want = plain.forward(Float32Array.from(x), 5000).slice();
    expect(net.forward(x, 5000)).toEqual(want);
  });

  it('beyond the live-resident limit new networks take plain storage and still train to the same bits', () => {
    const kept = [new Mlp({ sizes: [2, 2] }, new Rng(0))];
    const previous = setResidentLimit(0);
    try {
      const late = train([3, 7, 5, 1], 'tanh', 'identity', 37, fused);
      expect(late.net.resident).toBe(false);
      expect(late.net.kernels).toBe(fused);
      expect(sameBits(late.params, train([3, 7, 5, 1], 'tanh', 'identity', 37, wasmKernels!).params)).toBe(true);
    } finally {
      setResidentLimit(previous);
    }
    expect(kept[0].resident).toBe(process.env.REWARDLAB_KERNELS !== 'js');
  });

  it('refuses a backward before any forward instead of writing dOut over the parameters', () => {
    const net = new Mlp({ sizes: [2, 3, 1] }, new Rng(0));
    net.kernels = fused;
    const params = net.params.slice();
    expect(() => net.backward(Float32Array.of(1))).toThrow(/before any forward/);
    expect(net.params).toEqual(params);
  });

  it('moving a network between kernels keeps parameters, gradients and Adam moments', () => {
    const { net, opt } = train([4, 6, 2], 'relu', 'identity', 3, fused, 3);
    const params = net.params.slice();
    const m = opt.state().m.slice();
    net.kernels = jsKernels;
    expect(net.resident).toBe(false);
    expect(Array.from(net.params)).toEqual(Array.from(params));
    opt.step(net.params, net.grads);
    expect(opt.state().m.buffer).not.toBe(net.params.buffer);
    expect(opt.state().m.length).toBe(m.length);
    net.kernels = fused;
    expect(net.resident).toBe(true);
  });
});
