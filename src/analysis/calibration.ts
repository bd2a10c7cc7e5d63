/**
 * Calibration of binary probabilistic predictions (here: a preference predictor's
 * P(left ≻ right) against the answers): reliability bins, expected calibration error, negative
 * log-likelihood and Brier score, and temperature scaling (Guo et al. 2017) fitted by
 * minimising the NLL over log T with a golden-section search.
 *
 * Conventions: `p[i]` is the predicted probability of the positive outcome, `y[i]` the outcome
 * (1 or 0; a soft label in [0, 1] is accepted and treated as its expectation). Bins are over
 * p itself (not over max(p, 1 − p)), equal-width on [0, 1]; p = 1 falls into the last bin.
 */
import { ConfigError } from '../core/errors.js';

export interface ReliabilityBin {
  lo: number;
  hi: number;
  count: number;
  /** Mean prediction in the bin (NaN when empty). */
  meanPredicted: number;
  /** Mean outcome in the bin (NaN when empty). */
  observedRate: number;
}

export interface CalibrationMetrics {
  n: number;
  /** Σ_b (n_b / n) · |observed_b − predicted_b| over equal-width bins of p. */
  ece: number;
  /** Mean −[y ln p + (1 − y) ln(1 − p)], p clamped to [1e-12, 1 − 1e-12]. */
  nll: number;
  /** Mean (p − y)². */
  brier: number;
}

const EPS = 1e-12;
const clampP = (p: number) => Math.min(1 - EPS, Math.max(EPS, p));

function check(p: ArrayLike<number>, y: ArrayLike<number>): void {
  if (p.length !== y.length) throw new ConfigError('calibration inputs', `${p.length} predictions, ${y.length} outcomes`, 'must have the same length');
  for (let i = 0; i < p.length; i++) {
    if (!(p[i] >= 0 && p[i] <= 1)) throw new ConfigError(`prediction ${i}`, p[i], 'must be a probability in [0, 1]');
    if (!(y[i] >= 0 && y[i] <= 1)) throw new ConfigError(`outcome ${i}`, y[i], 'must be in [0, 1]');
  }
}

export function reliabilityBins(p: ArrayLike<number>, y: ArrayLike<number>, bins = 10): ReliabilityBin[] {
  check(p, y);
  if (!Number.isInteger(bins) || bins < 1) throw new ConfigError('bins', bins, 'must be a positive integer');
  const count = new Array<number>(bins).fill(0);
  const sumP = new Array<number>(bins).fill(0);
  const sumY = new Array<number>(bins).fill(0);
  for (let i = 0; i < p.length; i++) {
    const b = Math.min(bins - 1, Math.floor(p[i] * bins));
    count[b]++;
    sumP[b] += p[i];
    sumY[b] += y[i];
  }
  return count.map((c, b) => ({ lo: b / bins, hi: (b + 1) / bins, count: c, meanPredicted: c ? sumP[b] / c : NaN, observedRate: c ? sumY[b] / c : NaN }));
}

export function expectedCalibrationError(p: ArrayLike<number>, y: ArrayLike<number>, bins = 10): number {
  const n = p.length;
  if (n === 0) return NaN;
  return reliabilityBins(p, y, bins).reduce((s, b) => (b.count ? s + (b.count / n) * Math.abs(b.observedRate - b.meanPredicted) : s), 0);
}

export function negativeLogLikelihood(p: ArrayLike<number>, y: ArrayLike<number>): number {
  check(p, y);
  if (p.length === 0) return NaN;
  let s = 0;
  for (let i = 0; i < p.length; i++) {
    const q = clampP(p[i]);
    s -= y[i] * Math.log(q) + (1 - y[i]) * Math.log(1 - q);
  }
  return s / p.length;
}

export function brierScore(p: ArrayLike<number>, y: ArrayLike<number>): number {
  check(p, y);
  if (p.length === 0) return NaN;
  let s = 0;
  for (let i = 0; i < p.length; i++) s += (p[i] - y[i]) ** 2;
  return s / p.length;
}

export function calibrationMetrics(p: ArrayLike<number>, y: ArrayLike<number>, bins = 10): CalibrationMetrics {
  return { n: p.length, ece: expectedCalibrationError(p, y, bins), nll: negativeLogLikelihood(p, y), brier: brierScore(p, y) };
}

/** σ(logit(p) / T) for each prediction: T > 1 softens towards ½, T < 1 sharpens. */
export function applyTemperature(p: ArrayLike<number>, temperature: number): Float64Array {
  if (!(temperature > 0)) throw new ConfigError('temperature', temperature, 'must be positive');
  return Float64Array.from({ length: p.length }, (_, i) => {
    const q = clampP(p[i]);
    const z = Math.log(q / (1 - q)) / temperature;
    return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
  });
}

export interface TemperatureFit {
  temperature: number;
  /** NLL on the fitting data at T = 1 and at the fitted T. */
  nllBefore: number;
  nllAfter: number;
}

/**
 * The temperature minimising the NLL of `applyTemperature(p, T)` on (p, y), by golden-section
 * search over ln T in [ln minT, ln maxT] (the NLL is convex in 1/T, hence unimodal in ln T).
 * Returns T = 1 when it is no worse than the search's best (e.g. every p is ½).
 */
export function fitTemperature(p: ArrayLike<number>, y: ArrayLike<number>, o: { minT?: number; maxT?: number; tolerance?: number } = {}): TemperatureFit {
  check(p, y);
  if (p.length === 0) throw new ConfigError('temperature fit', 0, 'needs at least one prediction');
  const loss = (lnT: number) => negativeLogLikelihood(applyTemperature(p, Math.exp(lnT)), y);
  let a = Math.log(o.minT ?? 0.05);
  let b = Math.log(o.maxT ?? 50);
  const tol = o.tolerance ?? 1e-6;
  const g = (Math.sqrt(5) - 1) / 2;
  let c = b - g * (b - a);
  let d = a + g * (b - a);
  let fc = loss(c);
  let fd = loss(d);
  while (b - a > tol) {
    if (fc <= fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - g * (b - a);
      fc = loss(c);
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + g * (b - a);
      fd = loss(d);
    }
  }
  const lnT = (a + b) / 2;
  const nllBefore = loss(0);
  const nllAt = loss(lnT);
  return nllAt < nllBefore ? { temperature: Math.exp(lnT), nllBefore, nllAfter: nllAt } : { temperature: 1, nllBefore, nllAfter: nllBefore };
}
