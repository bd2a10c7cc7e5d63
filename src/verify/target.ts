/**
 * The scalar function a property is about, in RAW input units:
 *
 *   f(x) = offset + Σₜ cₜ · netₜ(φ(x)),   φ(x)ⱼ = constantⱼ  or  squash((x[sourceⱼ] − shiftⱼ) · scaleⱼ)
 *
 * where squash is tanh or a clip to ±clipⱼ (a reward model's input standardisation; see
 * reward-target.ts), each φⱼ monotone non-decreasing in one raw coordinate (scale > 0). A raw box
 * therefore maps onto exactly the feature box [φ(lo), φ(hi)], and bounds over that box are bounds
 * of f over the raw box. Several networks over one input (an ensemble's mean, with each member's
 * output standardisation in cₜ and offset) are bounded together: their CROWN linear bounds are
 * added in feature space before the box is concretised, which is tighter than adding intervals.
 */
import { ConfigError } from '../core/errors.js';
import { concretizeLower, concretizeUpper, crown, crownLayerBounds } from './crown.js';
import { intervalBounds, linearInterval } from './interval.js';
import { actDerivative, forward, inputGradient, type Box, type Network } from './network.js';

export type Feature = { constant: number } | { source: number; shift: number; scale: number; squash: 'tanh' | 'clip' | 'none'; clip?: number };

export interface Target {
  /** Raw input dimension (the length of x). */
  rawDim: number;
  features: Feature[];
  terms: { net: Network; c: Float64Array }[];
  offset: number;
}

export type BoundMethod = 'ibp' | 'crown';

/** A target over one network with no input transform: c·net(x) (c defaults to the first output). */
export function networkTarget(net: Network, c?: ArrayLike<number>): Target {
  const coef = c ? Float64Array.from(c) : Float64Array.from({ length: net.outputSize }, (_, i) => (i === 0 ? 1 : 0));
  return { rawDim: net.inputSize, features: Array.from({ length: net.inputSize }, (_, j) => ({ source: j, shift: 0, scale: 1, squash: 'none' as const })), terms: [{ net, c: coef }], offset: 0 };
}

function featureValue(f: Feature, x: ArrayLike<number>): number {
  if ('constant' in f) return f.constant;
  const v = (x[f.source] - f.shift) * f.scale;
  if (f.squash === 'tanh') return Math.tanh(v);
  if (f.squash === 'clip') return Math.max(-(f.clip ?? Infinity), Math.min(f.clip ?? Infinity, v));
  return v;
}

/** dφⱼ/dx[sourceⱼ] (0 where clipped or constant). */
function featureSlope(f: Feature, x: ArrayLike<number>): number {
  if ('constant' in f) return 0;
  const v = (x[f.source] - f.shift) * f.scale;
  if (f.squash === 'tanh') return f.scale * (1 - Math.tanh(v) ** 2);
  if (f.squash === 'clip' && Math.abs(v) > (f.clip ?? Infinity)) return 0;
  return f.scale;
}

export function features(t: Target, x: ArrayLike<number>): Float64Array {
  if (x.length !== t.rawDim) throw new ConfigError('input length', x.length, `must equal the target's raw input dimension ${t.rawDim}`);
  return Float64Array.from(t.features, (f) => featureValue(f, x));
}

/** The image of a raw box under φ (exact: each φⱼ is monotone in one coordinate). */
export function featureBox(t: Target, raw: Box): Box {
  return {
    lo: Float64Array.from(t.features, (f) => ('constant' in f ? f.constant : featureValue(f, raw.lo))),
    hi: Float64Array.from(t.features, (f) => ('constant' in f ? f.constant : featureValue(f, raw.hi))),
  };
}

/** f(x) by plain float64 forward passes: how every counterexample is checked. */
export function evaluate(t: Target, x: ArrayLike<number>): number {
  const z = features(t, x);
  let v = t.offset;
  for (const { net, c } of t.terms) {
    const y = forward(net, z);
    for (let i = 0; i < c.length; i++) v += c[i] * y[i];
  }
  return v;
}

/** ∇ₓ f in raw coordinates (chain rule through φ). */
export function gradient(t: Target, x: ArrayLike<number>): Float64Array {
  const z = features(t, x);
  const gz = new Float64Array(z.length);
  for (const { net, c } of t.terms) inputGradient(net, z, c).forEach((v, j) => (gz[j] += v));
  const g = new Float64Array(t.rawDim);
  t.features.forEach((f, j) => {
    if (!('constant' in f)) g[f.source] += gz[j] * featureSlope(f, x);
  });
  return g;
}

export interface TargetBounds {
  lo: number;
  hi: number;
  /** Per raw coordinate, how much of the bound's looseness its width accounts for (for splitting). */
  influence: Float64Array;
  /** Per term, every layer's pre-activation bounds (pass as `within` for sub-boxes). */
  pre: Box[][];
}

/**
 * Bounds on f over a raw box. 'crown' is intersected with 'ibp', so it is never looser. `within`:
 * the per-term pre-activation bounds of a box containing this one (a parent's `pre`).
 */
export function boundTarget(t: Target, raw: Box, method: BoundMethod = 'crown', within?: Box[][]): TargetBounds {
  const z = featureBox(t, raw);
  let lo = t.offset;
  let hi = t.offset;
  const pre: Box[][] = [];
  const influenceZ = Float64Array.from(z.lo, (l, j) => z.hi[j] - l);
  const dim = t.features.length;
  const sumL = { a: new Float64Array(dim), b: t.offset, slack: 0 };
  const sumU = { a: new Float64Array(dim), b: t.offset, slack: 0 };
  t.terms.forEach(({ net, c }, k) => {
    if (method === 'ibp') {
      const ibp = intervalBounds(net, z, 'float64', within?.[k]);
      const [l, u] = linearInterval(c, 0, ibp.output);
      lo += l;
      hi += u;
      pre.push(ibp.pre);
      return;
    }
    const r = crown(net, z, [c], within?.[k]);
    const [l, u] = linearInterval(c, 0, r.output);
    lo += l;
    hi += u;
    pre.push(r.pre);
    for (const [sum, f] of [[sumL, r.lower[0]], [sumU, r.upper[0]]] as const) {
      f.a.forEach((v, j) => (sum.a[j] += v));
      sum.b += f.b;
      sum.slack += f.slack;
    }
  });
  if (method === 'crown') {
    lo = Math.max(lo, concretizeLower(sumL, z));
    hi = Math.min(hi, concretizeUpper(sumU, z));
    influenceZ.forEach((w, j) => (influenceZ[j] = w * (Math.abs(sumL.a[j]) + Math.abs(sumU.a[j]))));
  }
  const influence = new Float64Array(t.rawDim);
  t.features.forEach((f, j) => {
    if (!('constant' in f)) influence[f.source] += influenceZ[j];
  });
  return { lo, hi, influence, pre };
}

/** Bounds of f'(z) for z in [l, u]. */
function derivativeInterval(name: Network['layers'][number]['activation'], l: number, u: number): [number, number] {
  switch (name) {
    case 'identity':
      return [1, 1];
    case 'relu':
    case 'leaky-relu': {
      const neg = actDerivative(name, -1);
      // On [l, u] with u ≤ 0 (or l ≥ 0) the activation is one line, so a kink at an end has no effect.
      return l >= 0 ? [1, 1] : u <= 0 ? [neg, neg] : [neg, 1];
    }
    case 'tanh':
    case 'sigmoid': {
      // Both derivatives fall with |z|: largest nearest 0, smallest at the far end.
      const near = l <= 0 && u >= 0 ? 0 : Math.min(Math.abs(l), Math.abs(u));
      const far = Math.max(Math.abs(l), Math.abs(u));
      return [actDerivative(name, far), actDerivative(name, near)];
    }
  }
}

/**
 * Bounds on ∂f/∂φⱼ over the feature box of a raw box, by interval arithmetic on the chain rule
 * ∂(c·net)/∂z = W₀ᵀ D₀ ⋯ W_Lᵀ D_L c with each activation derivative Dₗ bounded over the layer's
 * CROWN pre-activation bounds. Sound for the real-arithmetic network (where f is not
 * differentiable, at ReLU kinks, the interval holds both one-sided derivatives).
 */
export function featureGradientBounds(t: Target, raw: Box, j: number): [number, number] {
  const z = featureBox(t, raw);
  let lo = 0;
  let hi = 0;
  for (const { net, c } of t.terms) {
    const { pre } = crownLayerBounds(net, z, intervalBounds(net, z, 'real'));
    let gLo = Float64Array.from(c);
    let gHi = Float64Array.from(c);
    for (let l = net.layers.length - 1; l >= 0; l--) {
      const layer = net.layers[l];
      const dLo = new Float64Array(layer.outSize);
      const dHi = new Float64Array(layer.outSize);
      for (let i = 0; i < layer.outSize; i++) {
        const [a, b] = derivativeInterval(layer.activation, pre[l].lo[i], pre[l].hi[i]);
        const p = [gLo[i] * a, gLo[i] * b, gHi[i] * a, gHi[i] * b];
        dLo[i] = Math.min(...p);
        dHi[i] = Math.max(...p);
      }
      // g_prev = Wᵀ d, restricted to column j on the first layer.
      const cols = l === 0 ? [j] : Array.from({ length: layer.inSize }, (_, k) => k);
      const nLo = new Float64Array(layer.inSize);
      const nHi = new Float64Array(layer.inSize);
      for (const k of cols) {
        let s = 0;
        let u = 0;
        let scale = 0;
        for (let i = 0; i < layer.outSize; i++) {
          const w = layer.weight[i * layer.inSize + k];
          s += w >= 0 ? w * dLo[i] : w * dHi[i];
          u += w >= 0 ? w * dHi[i] : w * dLo[i];
          scale += Math.abs(w) * Math.max(Math.abs(dLo[i]), Math.abs(dHi[i]));
        }
        nLo[k] = s - 1e-12 * scale;
        nHi[k] = u + 1e-12 * scale;
      }
      gLo = nLo;
      gHi = nHi;
    }
    lo += gLo[j];
    hi += gHi[j];
  }
  return [lo, hi];
}

/** The one feature a raw coordinate drives (monotonicity is checked through it). */
export function featureOf(t: Target, source: number): number {
  const js = t.features.flatMap((f, j) => (!('constant' in f) && f.source === source ? [j] : []));
  if (js.length !== 1) throw new ConfigError('monotonic dimension', source, `must drive exactly one network input (it drives ${js.length})`);
  return js[0];
}
