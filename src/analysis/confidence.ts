/**
 * Confidence bounds a third party can recompute (issue 17 item 4): exact Clopper–Pearson
 * intervals for a proportion (held-out preference accuracy, a blocker's miss rate), the labels a
 * target lower bound needs, and Hoeffding / empirical-Bernstein lower bounds on the expected value
 * of a bounded quantity (a policy's hidden return from its evaluation episodes).
 *
 * Conventions: `confidence` is two-sided for intervals (0.95 → 2.5% in each tail) and one-sided for
 * the `lower…` bounds (0.95 → the bound fails with probability ≤ 5%). All bounds are exact or
 * conservative; none uses a normal approximation.
 */
import { ConfigError } from '../core/errors.js';

export interface Interval {
  lower: number;
  upper: number;
  /** The point estimate (k / n, or the sample mean). */
  estimate: number;
  /** Sample size the interval rests on. */
  n: number;
  /** The confidence level, e.g. 0.95. */
  confidence: number;
  method: 'clopper-pearson' | 'hoeffding' | 'empirical-bernstein';
}

function checkConfidence(confidence: number): void {
  if (!(confidence > 0 && confidence < 1)) throw new ConfigError('confidence', confidence, 'must be strictly between 0 and 1 (e.g. 0.95)');
}

function checkCounts(k: number, n: number): void {
  if (!Number.isInteger(n) || n < 0) throw new ConfigError('n', n, 'must be a non-negative integer');
  if (!Number.isInteger(k) || k < 0 || k > n) throw new ConfigError('k', k, `must be an integer between 0 and n = ${n}`);
}

/** ln Γ(x) for x > 0 (Lanczos, g = 7, 9 terms; relative error < 1e-14). */
function logGamma(x: number): number {
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  x -= 1;
  let a = c[0]!;
  const t = x + 7.5;
  for (let i = 1; i < 9; i++) a += c[i]! / (x + i);
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Continued fraction of the incomplete beta function (modified Lentz). */
function betaContinuedFraction(a: number, b: number, x: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 10_000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const step = d * c;
    h *= step;
    if (Math.abs(step - 1) < 1e-15) break;
  }
  return h;
}

/** The regularised incomplete beta function I_x(a, b), a, b > 0, 0 ≤ x ≤ 1. */
export function regularizedBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  if (x < (a + 1) / (a + b + 2)) return (front * betaContinuedFraction(a, b, x)) / a;
  return 1 - (front * betaContinuedFraction(b, a, 1 - x)) / b;
}

/** The p-quantile of Beta(a, b), by bisection on the regularised incomplete beta (60 halvings). */
export function betaQuantile(p: number, a: number, b: number): number {
  let lo = 0;
  let hi = 1;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (regularizedBeta(mid, a, b) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** Exact (Clopper–Pearson) two-sided interval for a proportion: k successes in n trials. */
export function clopperPearson(k: number, n: number, confidence = 0.95): Interval {
  checkConfidence(confidence);
  checkCounts(k, n);
  const alpha = 1 - confidence;
  if (n === 0) return { lower: 0, upper: 1, estimate: NaN, n, confidence, method: 'clopper-pearson' };
  const lower = k === 0 ? 0 : betaQuantile(alpha / 2, k, n - k + 1);
  const upper = k === n ? 1 : betaQuantile(1 - alpha / 2, k + 1, n - k);
  return { lower, upper, estimate: k / n, n, confidence, method: 'clopper-pearson' };
}

/** One-sided exact upper bound on a proportion (e.g. a blocker's miss rate after k misses in n). */
export function clopperPearsonUpper(k: number, n: number, confidence = 0.95): number {
  checkConfidence(confidence);
  checkCounts(k, n);
  if (n === 0 || k === n) return 1;
  return betaQuantile(confidence, k + 1, n - k);
}

/** One-sided exact lower bound on a proportion. */
export function clopperPearsonLower(k: number, n: number, confidence = 0.95): number {
  checkConfidence(confidence);
  checkCounts(k, n);
  if (k === 0) return 0;
  return betaQuantile(1 - confidence, k, n - k + 1);
}

export interface LabelsNeededOptions {
  /** The accuracy the model is expected to reach on held-out pairs (the point estimate). */
  accuracy: number;
  /** The one-sided lower bound wanted, e.g. 0.8. Must be below `accuracy`. */
  targetLower: number;
  /** One-sided confidence. Default 0.95. */
  confidence?: number;
  /** Give up above this many pairs. Default 100,000. */
  max?: number;
}

/**
 * Held-out pairs needed so that, if the model answers a share `accuracy` of them right, the one-sided
 * Clopper–Pearson lower bound reaches `targetLower`. Returns null if `max` pairs are not enough.
 */
export function labelsNeeded(o: LabelsNeededOptions): number | null {
  const confidence = o.confidence ?? 0.95;
  checkConfidence(confidence);
  if (!(o.accuracy > 0 && o.accuracy <= 1)) throw new ConfigError('accuracy', o.accuracy, 'must be in (0, 1]');
  if (!(o.targetLower >= 0 && o.targetLower < o.accuracy)) throw new ConfigError('targetLower', o.targetLower, `must be in [0, accuracy = ${o.accuracy})`);
  const max = o.max ?? 100_000;
  const ok = (n: number) => clopperPearsonLower(Math.floor(o.accuracy * n + 1e-9), n, confidence) >= o.targetLower;
  // k is floored, so the bound is not monotone in n: scan up from 1 for the first n that meets it.
  for (let n = 1; n <= max; n++) if (ok(n)) return n;
  return null;
}

function checkSample(values: readonly number[], low: number, high: number): void {
  if (!(high > low)) throw new ConfigError('range', `[${low}, ${high}]`, 'must have high > low');
  values.forEach((v, i) => {
    if (!(v >= low && v <= high)) throw new ConfigError(`values[${i}]`, v, `lies outside the stated range [${low}, ${high}]`);
  });
}

/**
 * Hoeffding's one-sided lower bound on E[X] for i.i.d. X in [low, high]:
 * mean − (high − low)·√(ln(1/δ) / 2n), δ = 1 − confidence.
 */
export function hoeffdingLower(values: readonly number[], low: number, high: number, confidence = 0.95): Interval {
  checkConfidence(confidence);
  checkSample(values, low, high);
  const n = values.length;
  const mean = n ? values.reduce((s, v) => s + v, 0) / n : NaN;
  const lower = n ? Math.max(low, mean - (high - low) * Math.sqrt(Math.log(1 / (1 - confidence)) / (2 * n))) : low;
  return { lower, upper: high, estimate: mean, n, confidence, method: 'hoeffding' };
}

/**
 * The empirical-Bernstein one-sided lower bound (Maurer & Pontil 2009, Thm 4) on E[X] for i.i.d.
 * X in [low, high]: mean − √(2·V·ln(2/δ)/n) − 7·(high − low)·ln(2/δ) / (3(n − 1)), V the unbiased
 * sample variance. Tighter than Hoeffding when the returns vary little. Needs n ≥ 2.
 */
export function empiricalBernsteinLower(values: readonly number[], low: number, high: number, confidence = 0.95): Interval {
  checkConfidence(confidence);
  checkSample(values, low, high);
  const n = values.length;
  if (n < 2) return { lower: low, upper: high, estimate: n ? values[0]! : NaN, n, confidence, method: 'empirical-bernstein' };
  const mean = values.reduce((s, v) => s + v, 0) / n;
  const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1);
  const log = Math.log(2 / (1 - confidence));
  const lower = Math.max(low, mean - Math.sqrt((2 * variance * log) / n) - (7 * (high - low) * log) / (3 * (n - 1)));
  return { lower, upper: high, estimate: mean, n, confidence, method: 'empirical-bernstein' };
}

/**
 * The higher of the Hoeffding and empirical-Bernstein lower bounds, each taken at confidence
 * 1 − δ/2 so that the maximum holds at 1 − δ (a union bound over the two).
 */
export function returnLowerBound(values: readonly number[], low: number, high: number, confidence = 0.95): Interval {
  checkConfidence(confidence);
  const split = 1 - (1 - confidence) / 2;
  const h = hoeffdingLower(values, low, high, split);
  const b = empiricalBernsteinLower(values, low, high, split);
  const best = b.lower > h.lower ? b : h;
  return { ...best, confidence };
}
