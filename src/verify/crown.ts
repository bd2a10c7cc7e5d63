/**
 * CROWN (Zhang et al. 2018, "Efficient Neural Network Robustness Certification with General
 * Activation Functions"): backward linear relaxation. Each activation y = f(z) with z in [l, u]
 * is sandwiched between two lines αᴸz + βᴸ ≤ f(z) ≤ αᵁz + βᵁ; a linear objective on the output
 * is pushed back through the layers, taking the lower line where its coefficient is ≥ 0 and the
 * upper line where it is < 0, until it is a linear function of the input: a lower bound
 * a·x + b ≤ objective(x) valid for every x in the box. Pre-activation bounds of every layer are
 * found the same way (each layer's neurons as objectives), intersected with IBP's.
 *
 * Relaxations: ReLU and leaky ReLU take the triangle (chord above, adaptive lower slope: 1 when
 * u ≥ −l, else the negative-side slope); tanh and sigmoid (convex below 0, concave above) take
 * a tangent on the side where the function curves away and the chord on the other; across 0,
 * the chord when it is valid, else the tangent through the far endpoint, its touching point
 * found by bisection on the side that keeps the line sound.
 *
 * Floating point: unlike interval.ts this is not a directed-rounding argument. Each bound is
 * moved outward by FP_MARGIN × (its scale), many orders above the rounding error of the sums
 * (≈ width × depth × 2⁻⁵³), and the soundness tests sample against the float64 forward pass.
 */
import type { ActivationName } from '../nn/activations.js';
import { intervalBounds, type LayerBounds } from './interval.js';
import { act, actDerivative, LEAKY_RELU_SLOPE, type Box, type Network } from './network.js';

/** Relative outward margin on every CROWN bound (see the header). */
export const FP_MARGIN = 1e-9;

/** x ↦ a·x + b, valid within `slack` (a lower bound subtracts it, an upper bound adds it). */
export interface LinearFunction {
  a: Float64Array;
  b: number;
  slack: number;
}

/** Lines αᴸz + βᴸ ≤ f(z) ≤ αᵁz + βᵁ for one neuron. */
export type Relaxation = [lowerSlope: number, lowerIntercept: number, upperSlope: number, upperIntercept: number];

/** Bisection steps for a tangent point: the line stays sound at any step, 20 leaves it within 1e-6 of the interval. */
const BISECTIONS = 20;

function line(slope: number, x0: number, y0: number): [number, number] {
  return [slope, y0 - slope * x0];
}

/** Sound lines for an S-shaped f (convex on z ≤ 0, concave on z ≥ 0) over [l, u]. */
function sShapedRelaxation(name: ActivationName, l: number, u: number): Relaxation {
  const f = (z: number) => act(name, z);
  const df = (z: number) => actDerivative(name, z);
  // f(d) and f'(d) from one library call (the bisections below are the hot loop of tanh networks).
  const tangentMiss = (d: number, x: number, fx: number) => {
    const y = f(d);
    return y + (name === 'tanh' ? 1 - y * y : y * (1 - y)) * (x - d) - fx;
  };
  const fl = f(l);
  const fu = f(u);
  if (u - l < 1e-9) return [0, fl, 0, fu];
  const k = (fu - fl) / (u - l);
  const chord = line(k, l, fl);
  const m = (l + u) / 2;
  if (u <= 0) return [...line(df(m), m, f(m)), ...chord];
  if (l >= 0) return [...chord, ...line(df(m), m, f(m))];
  let lower = chord;
  if (k > df(l)) {
    // Tangent at d in [l, 0] reaching (u, f(u)) from below: g(d) = f(d) + f'(d)(u − d) − f(u) ≤ 0 keeps it sound.
    let lo = l;
    let hi = 0;
    for (let it = 0; it < BISECTIONS; it++) {
      const d = (lo + hi) / 2;
      if (tangentMiss(d, u, fu) <= 0) lo = d;
      else hi = d;
    }
    lower = line(df(lo), lo, f(lo));
  }
  let upper = chord;
  if (k > df(u)) {
    // Tangent at d in [0, u] reaching (l, f(l)) from above: h(d) = f(d) + f'(d)(l − d) − f(l) ≥ 0 keeps it sound.
    let lo = 0;
    let hi = u;
    for (let it = 0; it < BISECTIONS; it++) {
      const d = (lo + hi) / 2;
      if (tangentMiss(d, l, fl) >= 0) hi = d;
      else lo = d;
    }
    upper = line(df(hi), hi, f(hi));
  }
  return [...lower, ...upper];
}

/** The CROWN relaxation of activation `name` over pre-activation bounds [l, u]. */
export function relaxation(name: ActivationName, l: number, u: number): Relaxation {
  switch (name) {
    case 'identity':
      return [1, 0, 1, 0];
    case 'relu':
    case 'leaky-relu': {
      const leak = name === 'relu' ? 0 : LEAKY_RELU_SLOPE;
      if (l >= 0) return [1, 0, 1, 0];
      if (u <= 0) return [leak, 0, leak, 0];
      const s = (u - leak * l) / (u - l);
      return [u >= -l ? 1 : leak, 0, s, u - s * u];
    }
    case 'tanh':
    case 'sigmoid':
      return sShapedRelaxation(name, l, u);
  }
}

interface LayerRelaxation {
  aL: Float64Array;
  bL: Float64Array;
  aU: Float64Array;
  bU: Float64Array;
}

function relaxLayer(name: ActivationName, z: Box): LayerRelaxation {
  const n = z.lo.length;
  const r: LayerRelaxation = { aL: new Float64Array(n), bL: new Float64Array(n), aU: new Float64Array(n), bU: new Float64Array(n) };
  for (let i = 0; i < n; i++) [r.aL[i], r.bL[i], r.aU[i], r.bU[i]] = relaxation(name, z.lo[i], z.hi[i]);
  return r;
}

/**
 * Lower linear bounds of `rows` objectives Λ·z_k (Λ: rows × outSize of layer k, on its
 * pre-activation) in terms of the input, through the relaxations of layers k−1 … 0.
 * Returns per row the input coefficients and the constant.
 */
function backward(net: Network, relax: LayerRelaxation[], k: number, lambda: Float64Array, rows: number): { a: Float64Array; b: Float64Array } {
  const b = new Float64Array(rows);
  let lam = lambda;
  for (let l = k; l >= 0; l--) {
    const layer = net.layers[l];
    const n = layer.outSize;
    const m = layer.inSize;
    const next = new Float64Array(rows * m);
    for (let r = 0; r < rows; r++) {
      let c = b[r];
      const off = r * n;
      const out = r * m;
      for (let i = 0; i < n; i++) {
        const v = lam[off + i];
        if (v === 0) continue;
        c += v * layer.bias[i];
        const w = i * m;
        for (let j = 0; j < m; j++) next[out + j] += v * layer.weight[w + j];
      }
      b[r] = c;
    }
    lam = next;
    if (l === 0) break;
    const rl = relax[l - 1];
    for (let r = 0; r < rows; r++) {
      let c = b[r];
      const off = r * m;
      for (let j = 0; j < m; j++) {
        const v = lam[off + j];
        if (v >= 0) {
          c += v * rl.bL[j];
          lam[off + j] = v * rl.aL[j];
        } else {
          c += v * rl.bU[j];
          lam[off + j] = v * rl.aU[j];
        }
      }
      b[r] = c;
    }
  }
  return { a: lam, b };
}

/** min over the box of a·x + b − slack (the lower bound a LinearFunction certifies). */
export function concretizeLower(f: LinearFunction, x: Box): number {
  let v = f.b;
  let scale = Math.abs(f.b);
  for (let j = 0; j < f.a.length; j++) {
    const w = f.a[j];
    v += w * (w >= 0 ? x.lo[j] : x.hi[j]);
    scale += Math.abs(w) * Math.max(Math.abs(x.lo[j]), Math.abs(x.hi[j]));
  }
  return v - f.slack - FP_MARGIN * scale;
}

/** max over the box of a·x + b + slack. */
export function concretizeUpper(f: LinearFunction, x: Box): number {
  return -concretizeLower({ a: f.a.map((v) => -v), b: -f.b, slack: f.slack }, x);
}

const magnitude = (b: Box, i: number) => Math.max(Math.abs(b.lo[i]), Math.abs(b.hi[i]));

/** Pre-activation bounds of every layer by CROWN, each intersected with IBP's. */
export function crownLayerBounds(net: Network, input: Box, ibp: LayerBounds = intervalBounds(net, input)): { pre: Box[]; relax: LayerRelaxation[] } {
  const pre: Box[] = [ibp.pre[0]];
  const relax: LayerRelaxation[] = [relaxLayer(net.layers[0].activation, pre[0])];
  for (let k = 1; k < net.layers.length; k++) {
    const layer = net.layers[k];
    const box = { lo: Float64Array.from(ibp.pre[k].lo), hi: Float64Array.from(ibp.pre[k].hi) };
    // Only neurons whose relaxation depends on their bounds: every smooth one, the unstable piecewise-linear ones.
    const smooth = layer.activation === 'tanh' || layer.activation === 'sigmoid';
    const need: number[] = [];
    if (layer.activation !== 'identity') for (let i = 0; i < layer.outSize; i++) if (smooth || (box.lo[i] < 0 && box.hi[i] > 0)) need.push(i);
    if (need.length > 0) {
      const rows = 2 * need.length;
      const lambda = new Float64Array(rows * layer.outSize);
      need.forEach((i, r) => {
        lambda[r * layer.outSize + i] = 1;
        lambda[(r + need.length) * layer.outSize + i] = -1;
      });
      const { a, b } = backward(net, relax, k, lambda, rows);
      const m = net.inputSize;
      need.forEach((i, r) => {
        const slack = FP_MARGIN * (1 + magnitude(ibp.pre[k], i));
        const lower = concretizeLower({ a: a.subarray(r * m, (r + 1) * m), b: b[r], slack }, input);
        const upper = -concretizeLower({ a: a.subarray((r + need.length) * m, (r + need.length + 1) * m), b: b[r + need.length], slack }, input);
        box.lo[i] = Math.max(box.lo[i], lower);
        box.hi[i] = Math.min(box.hi[i], upper);
      });
    }
    pre.push(box);
    relax.push(relaxLayer(layer.activation, box));
  }
  return { pre, relax };
}

export interface CrownResult {
  /** Per objective: a lower and an upper linear function of the input, valid on the box. */
  lower: LinearFunction[];
  upper: LinearFunction[];
  /** Pre-activation bounds of every layer (CROWN ∩ IBP). */
  pre: Box[];
  /** IBP's output box. */
  output: Box;
}

/**
 * Linear bounds on each objective cᵢ·net(x) over the box. `objectives` are vectors over the
 * network's outputs (default: each output alone). `within`: pre-activation bounds known on a
 * box containing this one (see intervalBounds).
 */
export function crown(net: Network, input: Box, objectives?: ArrayLike<number>[], within?: Box[]): CrownResult {
  const outSize = net.outputSize;
  const objs = objectives ?? Array.from({ length: outSize }, (_, i) => Float64Array.from({ length: outSize }, (_, j) => (i === j ? 1 : 0)));
  const ibp = intervalBounds(net, input, 'float64', within);
  const { pre, relax } = crownLayerBounds(net, input, ibp);
  const L = net.layers.length - 1;
  const rows = 2 * objs.length;
  // The objective is on the last layer's OUTPUT: relax its activation to get coefficients on z_L.
  const lambda = new Float64Array(rows * outSize);
  const constant = new Float64Array(rows);
  const last = relax[L];
  objs.forEach((c, r) => {
    for (const [row, sign] of [[r, 1], [r + objs.length, -1]] as const) {
      for (let i = 0; i < outSize; i++) {
        const v = sign * c[i];
        lambda[row * outSize + i] = v * (v >= 0 ? last.aL[i] : last.aU[i]);
        constant[row] += v * (v >= 0 ? last.bL[i] : last.bU[i]);
      }
    }
  });
  const { a, b } = backward(net, relax, L, lambda, rows);
  const m = net.inputSize;
  const lower: LinearFunction[] = [];
  const upper: LinearFunction[] = [];
  objs.forEach((c, r) => {
    let scale = 1;
    for (let i = 0; i < outSize; i++) scale += Math.abs(c[i]) * magnitude(ibp.output, i);
    const slack = FP_MARGIN * scale;
    lower.push({ a: a.slice(r * m, (r + 1) * m), b: b[r] + constant[r], slack });
    const neg = r + objs.length;
    upper.push({ a: a.slice(neg * m, (neg + 1) * m).map((v) => -v), b: -(b[neg] + constant[neg]), slack });
  });
  return { lower, upper, pre, output: ibp.output };
}

/** CROWN output bounds per output coordinate, intersected with IBP's (so never looser). */
export function crownBounds(net: Network, input: Box): Box {
  const ibp = intervalBounds(net, input).output;
  const { lower, upper } = crown(net, input);
  return {
    lo: Float64Array.from(lower, (f, i) => Math.max(ibp.lo[i], concretizeLower(f, input))),
    hi: Float64Array.from(upper, (f, i) => Math.min(ibp.hi[i], concretizeUpper(f, input))),
  };
}
