/**
 * Ratings of a single clip on a 1…K scale (K = 5 by default), trained with a cumulative-link
 * (ordered-logit) loss on the clip's summed learned reward R:
 *
 *   P(rating ≤ k) = σ(c_k − R),   P(rating = k) = σ(c_k − R) − σ(c_{k−1} − R),   c_0 = −∞, c_K = +∞,
 *
 * with K − 1 learned cut points per ensemble member, kept increasing by construction
 * (c_1 = a_1, c_k = c_{k−1} + softplus(a_k)). Why ordinal rather than a regression to
 * standardised ratings: a rater's scale is ordered but not interval — "4" need not be as far from
 * "3" as "2" is from "1", and raters differ in how they use the ends. The ordered logit assumes
 * only that higher ratings mean higher return, learns the spacing from the data, and so recovers
 * the ORDER of the reward whatever monotone map the rater applies; a regression would fit the
 * rater's arbitrary spacing and pull R towards it. The loop re-standardises the reward anyway,
 * so nothing needs the ratings' absolute scale.
 */
import { ConfigError } from '../core/errors.js';
import type { RewardModel, TransitionBatch } from './reward-model.js';
import { segmentOutputs, spreadSegmentGrads, type TermGradient } from './segment-outputs.js';

export interface RatedSegment {
  id: string;
  segment: TransitionBatch;
  /** An integer in 1…levels. */
  rating: number;
}

const sigmoid = (x: number) => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));
const softplus = (x: number) => (x > 20 ? x : Math.log1p(Math.exp(x)));

/** Throws ConfigError unless `rating` is an integer in 1…levels. */
export function checkRating(rating: number, levels: number, where: string): void {
  if (!Number.isInteger(rating) || rating < 1 || rating > levels) throw new ConfigError(`${where} rating`, rating, `must be an integer in 1…${levels}`);
}

/** Unconstrained cut-point parameters for `levels` rating levels: cut points start at −1.5, −0.5, 0.5, 1.5, … (spacing 1, centred on 0). */
export function initialCutParams(levels: number): Float32Array {
  if (!Number.isInteger(levels) || levels < 2) throw new ConfigError('ratingLevels', levels, 'must be an integer ≥ 2');
  const a = new Float32Array(levels - 1).fill(Math.log(Math.E - 1)); // softplus⁻¹(1)
  a[0] = -(levels - 2) / 2;
  return a;
}

/** The increasing cut points c_1 … c_{K−1} from their parameters. */
export function cutPoints(params: ArrayLike<number>): number[] {
  const c: number[] = [];
  for (let k = 0; k < params.length; k++) c.push(k === 0 ? params[0] : c[k - 1] + softplus(params[k]));
  return c;
}

/** Negative log-likelihood of one rating given the summed reward, with its gradients (for tests and the term). */
export function ordinalLoss(R: number, rating: number, params: ArrayLike<number>): { loss: number; dR: number; dParams: Float64Array } {
  const c = cutPoints(params);
  const K = params.length + 1;
  const hi = rating < K ? sigmoid(c[rating - 1] - R) : 1; // P(y ≤ rating)
  const lo = rating > 1 ? sigmoid(c[rating - 2] - R) : 0; // P(y ≤ rating − 1)
  const fHi = hi * (1 - hi);
  const fLo = lo * (1 - lo);
  const p = Math.max(hi - lo, 1e-12);
  // dP/dR = −fHi + fLo; dP/dc_rating = fHi; dP/dc_{rating−1} = −fLo
  const dR = -(fLo - fHi) / p;
  const dC = new Float64Array(K - 1);
  if (rating < K) dC[rating - 1] = -fHi / p;
  if (rating > 1) dC[rating - 2] = fLo / p;
  // c_k = a_1 + Σ_{j≤k, j>1} softplus(a_j): dc_k/da_1 = 1, dc_k/da_j = σ(a_j) for 1 < j ≤ k
  const dParams = new Float64Array(K - 1);
  let tail = 0;
  for (let k = K - 2; k >= 0; k--) {
    tail += dC[k];
    dParams[k] = k === 0 ? tail : tail * sigmoid(params[k]);
  }
  return { loss: -Math.log(p), dR, dParams };
}

/** The ratings term for one member: mean ordinal loss over the rated segments, gradients for the outputs and the cut points. */
export function ratingTerm(model: RewardModel, member: number, items: readonly RatedSegment[], cutParams: Float32Array): TermGradient & { dCutParams: Float64Array } {
  const levels = cutParams.length + 1;
  for (const it of items) checkRating(it.rating, levels, `rated segment ${it.id}`);
  const { sums, offsets, out } = segmentOutputs(model, member, items.map((it) => it.segment));
  const dSums = new Float64Array(items.length);
  const dCutParams = new Float64Array(cutParams.length);
  let loss = 0;
  items.forEach((it, i) => {
    const l = ordinalLoss(sums[i], it.rating, cutParams);
    loss += l.loss / items.length;
    dSums[i] = l.dR / items.length;
    for (let k = 0; k < dCutParams.length; k++) dCutParams[k] += l.dParams[k] / items.length;
  });
  return { loss, dOut: spreadSegmentGrads(offsets, dSums), out, dCutParams };
}
