/**
 * The two measurements of a return-vs-labels curve, and the interval over seeds:
 *  - labels to 90%: the label count of the first evaluation whose return reaches the bar (90% of
 *    PPO on the true reward); null when none does;
 *  - area: the trapezoid area under the curve over the label range [first, last] divided by that
 *    range, i.e. the mean return over the labels (the return of the last point held to `budget`
 *    when the curve ends earlier); one point: its return.
 * Intervals: two-sided Student-t over seeds, mean ± t(n−1)·s/√n.
 * Shared by the experiments that measure return-vs-labels curves (active-learning, feedback-mix).
 */

/** One point of a run's return-vs-labels curve: the labels folded so far and the greedy true return then. */
export type CurvePoint = [labels: number, trueReturn: number];

/** A mean with a two-sided Student-t interval over seeds (null bounds with fewer than 2 values). */
export interface Interval {
  mean: number;
  lo: number | null;
  hi: number | null;
  n: number;
}

export function labelsToBar(curve: readonly CurvePoint[], bar: number): number | null {
  for (const [labels, ret] of curve) if (ret >= bar) return labels;
  return null;
}

export function curveArea(curve: readonly CurvePoint[], budget?: number): number | null {
  const pts = curve.filter(([l, r]) => Number.isFinite(l) && Number.isFinite(r));
  if (!pts.length) return null;
  const last = pts[pts.length - 1];
  if (budget !== undefined && budget > last[0]) pts.push([budget, last[1]]);
  const span = pts[pts.length - 1][0] - pts[0][0];
  if (span <= 0) return pts[pts.length - 1][1];
  let area = 0;
  for (let i = 1; i < pts.length; i++) area += ((pts[i][0] - pts[i - 1][0]) * (pts[i][1] + pts[i - 1][1])) / 2;
  return area / span;
}

/** Two-sided 95% Student-t quantiles t(0.975, df) for df 1..30; above 30 the normal 1.96 is close enough (≤ 2%). */
const T975 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042];

export function tInterval(xs: readonly number[]): Interval {
  const v = xs.filter(Number.isFinite);
  const n = v.length;
  if (n === 0) return { mean: NaN, lo: null, hi: null, n };
  const mean = v.reduce((a, b) => a + b, 0) / n;
  if (n < 2) return { mean, lo: null, hi: null, n };
  const sd = Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1));
  const half = (n - 1 <= 30 ? T975[n - 2] : 1.96) * (sd / Math.sqrt(n));
  return { mean, lo: mean - half, hi: mean + half, n };
}
