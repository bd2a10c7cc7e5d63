/**
 * Integrated gradients (Sundararajan, Taly & Yan 2017): how much each input coordinate of one
 * step contributed to a model's output, relative to a baseline input. For a differentiable f,
 *
 *   IG_j(x) = (x_j − b_j) · ∫₀¹ ∂f/∂x_j (b + α(x − b)) dα ,
 *
 * approximated by a Riemann sum over m sub-intervals of the straight path from the baseline b
 * to x. The attributions satisfy completeness: Σ_j IG_j(x) = f(x) − f(b), exactly in the limit
 * and to the sum's error for finite m — every result carries its own gap, so a report can say
 * how far from exact its attributions are. For a linear f = w·x + c the gradient is constant
 * and IG_j = (x_j − b_j)·w_j for any m.
 *
 * This file is the method over any `DifferentiableFunction`; attribution-reward-model.ts wraps
 * the reward-model ensemble (its mean, standardised output) as one.
 */
import { ConfigError, checkNumber } from '../core/errors.js';

/** A scalar function of `dim` inputs with its gradient, evaluated on n rows at once. */
export interface DifferentiableFunction {
  readonly dim: number;
  /** f and ∇f for n input rows (row-major n × dim): value[n], gradient[n × dim]. */
  evaluate(x: Float32Array, n: number): { value: Float64Array; gradient: Float64Array };
}

export interface IntegratedGradientsOptions {
  /** Riemann sub-intervals m along the path. Default 64. */
  steps: number;
  /**
   * Where on each sub-interval the gradient is taken: 'midpoint' (α = (k − ½)/m; error O(1/m²)
   * for smooth f) or 'right' (α = k/m, the paper's form; error O(1/m)). Default 'midpoint'.
   */
  rule: 'midpoint' | 'right';
}

export const INTEGRATED_GRADIENTS_DEFAULTS: IntegratedGradientsOptions = { steps: 64, rule: 'midpoint' };

/** The attributions of one input, with the two outputs they must account for. */
export interface Attribution {
  /** IG_j per input coordinate, in the unit of f. */
  attributions: Float64Array;
  /** f(x). */
  value: number;
  /** f(baseline). */
  baselineValue: number;
  /** Completeness gap: Σ_j IG_j − (f(x) − f(baseline)); 0 for exact attributions. */
  gap: number;
}

/** Rows evaluated in one call (a whole path of one input is never split). */
const CHUNK_ROWS = 4096;

/**
 * Integrated gradients of `f` for each of n inputs (row-major n × f.dim) against one baseline
 * (f.dim values, e.g. the dataset mean or the observation space's centre).
 */
export function integratedGradients(f: DifferentiableFunction, inputs: Float32Array, baseline: ArrayLike<number>, options: Partial<IntegratedGradientsOptions> = {}): Attribution[] {
  const o = { ...INTEGRATED_GRADIENTS_DEFAULTS, ...options };
  checkNumber('steps', o.steps, { min: 1, max: 100_000, integer: true });
  if (o.rule !== 'midpoint' && o.rule !== 'right') throw new ConfigError('rule', o.rule, "must be 'midpoint' or 'right'");
  const D = f.dim;
  if (baseline.length !== D) throw new ConfigError('baseline', baseline.length, `must have the function's ${D} input coordinates`);
  if (inputs.length % D !== 0) throw new ConfigError('inputs', inputs.length, `must be a whole number of ${D}-coordinate rows`);
  const n = inputs.length / D;
  const m = o.steps;
  const alpha = Array.from({ length: m }, (_, k) => (o.rule === 'midpoint' ? (k + 0.5) / m : (k + 1) / m));
  const ends = f.evaluate(concatRows(baseline, inputs, D), n + 1).value; // f(b), then f(x_i)
  const perChunk = Math.max(1, Math.floor(CHUNK_ROWS / m));
  const out: Attribution[] = [];
  for (let start = 0; start < n; start += perChunk) {
    const count = Math.min(perChunk, n - start);
    const path = new Float32Array(count * m * D);
    for (let i = 0; i < count; i++) {
      for (let k = 0; k < m; k++) {
        const row = (i * m + k) * D;
        for (let j = 0; j < D; j++) path[row + j] = baseline[j] + alpha[k] * (inputs[(start + i) * D + j] - baseline[j]);
      }
    }
    const { gradient } = f.evaluate(path, count * m);
    for (let i = 0; i < count; i++) {
      const attributions = new Float64Array(D);
      for (let k = 0; k < m; k++) for (let j = 0; j < D; j++) attributions[j] += gradient[(i * m + k) * D + j];
      let sum = 0;
      for (let j = 0; j < D; j++) {
        attributions[j] *= (inputs[(start + i) * D + j] - baseline[j]) / m;
        sum += attributions[j];
      }
      const value = ends[start + i + 1];
      out.push({ attributions, value, baselineValue: ends[0], gap: sum - (value - ends[0]) });
    }
  }
  return out;
}

function concatRows(first: ArrayLike<number>, rest: Float32Array, D: number): Float32Array {
  const x = new Float32Array(D + rest.length);
  for (let j = 0; j < D; j++) x[j] = first[j];
  x.set(rest, D);
  return x;
}
