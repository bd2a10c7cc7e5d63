/**
 * Interval bound propagation (IBP; Gowal et al. 2018): push an input box through the network
 * one layer at a time. For z = W·a + b with a in [l, u], z lies in
 * [b + Σ W⁺l + W⁻u, b + Σ W⁺u + W⁻l]; every activation is monotone non-decreasing, so the box
 * [f(zₗ), f(zᵤ)] holds f(z).
 *
 * Floating point: the bounds hold for the float64 evaluation in network.ts, not only for exact
 * arithmetic. Each sum of n terms is off by at most γₙ·Σ|terms| (γₙ ≈ n·2⁻⁵³) both in `forward`
 * and here, so each pre-activation bound is widened outward by twice that; tanh and sigmoid
 * outputs are widened by a few ulps for their library error. Arithmetic 'real' instead bounds the
 * exact-arithmetic network: each sum is widened only by its own rounding error (over the terms it
 * adds), so a bound that is exactly 0 in float stays 0 — what gradient bounds need at ReLU kinks.
 */
import type { ActivationName } from '../nn/activations.js';
import { act, type Box, type Network } from './network.js';

const EPS = 2 ** -52;

/** Which evaluation the bounds hold for: the float64 forward pass, or exact arithmetic. */
export type Arithmetic = 'float64' | 'real';

export interface LayerBounds {
  /** Pre-activation bounds per layer (index l = layer l's W·a + b). */
  pre: Box[];
  /** Output bounds (after the last layer's activation). */
  output: Box;
}

/** Rounding slack for one sum of n terms whose absolute values total `scale`. */
export function sumSlack(n: number, scale: number): number {
  return 2 * (n + 2) * EPS * scale;
}

/** Bounds on f(z) for z in [lo, hi], outward-rounded for library error of the smooth activations. */
export function activationInterval(name: ActivationName, lo: number, hi: number): [number, number] {
  const a = act(name, lo);
  const b = act(name, hi);
  if (name !== 'tanh' && name !== 'sigmoid') return [a, b];
  const slack = (v: number) => 16 * EPS * Math.abs(v) + 1e-300;
  return [a - slack(a), b + slack(b)];
}

/** One dense layer: bounds on W·a + b for a in the box. */
export function affineInterval(weight: Float64Array, bias: Float64Array, inSize: number, input: Box, arithmetic: Arithmetic = 'float64'): Box {
  const out = bias.length;
  const lo = new Float64Array(out);
  const hi = new Float64Array(out);
  for (let i = 0; i < out; i++) {
    let l = bias[i];
    let u = bias[i];
    let scale = Math.abs(bias[i]);
    let scaleL = scale;
    let scaleU = scale;
    const row = i * inSize;
    for (let j = 0; j < inSize; j++) {
      const w = weight[row + j];
      const a = w * (w >= 0 ? input.lo[j] : input.hi[j]);
      const b = w * (w >= 0 ? input.hi[j] : input.lo[j]);
      l += a;
      u += b;
      scaleL += Math.abs(a);
      scaleU += Math.abs(b);
      scale += Math.abs(w) * Math.max(Math.abs(input.lo[j]), Math.abs(input.hi[j]));
    }
    lo[i] = l - sumSlack(inSize + 1, arithmetic === 'real' ? scaleL : scale);
    hi[i] = u + sumSlack(inSize + 1, arithmetic === 'real' ? scaleU : scale);
  }
  return { lo, hi };
}

/**
 * IBP through the whole network: every layer's pre-activation box and the output box. `within`:
 * pre-activation bounds already known to hold on a box containing this one (a branch-and-bound
 * parent's); each layer is intersected with them before it is propagated.
 */
export function intervalBounds(net: Network, input: Box, arithmetic: Arithmetic = 'float64', within?: Box[]): LayerBounds {
  const pre: Box[] = [];
  let a = input;
  for (const [l, layer] of net.layers.entries()) {
    const z = affineInterval(layer.weight, layer.bias, layer.inSize, a, arithmetic);
    if (within) {
      for (let i = 0; i < layer.outSize; i++) {
        z.lo[i] = Math.max(z.lo[i], within[l].lo[i]);
        z.hi[i] = Math.min(z.hi[i], within[l].hi[i]);
      }
    }
    pre.push(z);
    const lo = new Float64Array(layer.outSize);
    const hi = new Float64Array(layer.outSize);
    for (let i = 0; i < layer.outSize; i++) [lo[i], hi[i]] = activationInterval(layer.activation, z.lo[i], z.hi[i]);
    a = { lo, hi };
  }
  return { pre, output: a };
}

/** Bounds on c·y + c0 for y in a box (the interval extension of a linear function). */
export function linearInterval(c: ArrayLike<number>, c0: number, y: Box): [number, number] {
  let l = c0;
  let u = c0;
  let scale = Math.abs(c0);
  for (let j = 0; j < c.length; j++) {
    const w = c[j];
    if (w >= 0) {
      l += w * y.lo[j];
      u += w * y.hi[j];
    } else {
      l += w * y.hi[j];
      u += w * y.lo[j];
    }
    scale += Math.abs(w) * Math.max(Math.abs(y.lo[j]), Math.abs(y.hi[j]));
  }
  const s = sumSlack(c.length + 1, scale);
  return [l - s, u + s];
}
