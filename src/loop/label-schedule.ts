/**
 * How many labels the loop should have asked for by agent step t (Christiano et al. 2017):
 * a share of the budget up front on random-policy segments, the rest at a rate ∝ c/(t + c),
 * i.e. cumulatively  initial + rest · ln(1 + t/c) / ln(1 + T/c), reaching the budget at T.
 */
import { checkNumber } from '../core/errors.js';

export interface LabelScheduleOptions {
  /** Total label budget. */
  budget: number;
  /** Share asked before RL starts. Default 0.25. */
  initialShare: number;
  /** Agent steps over which the rest is spread. */
  totalSteps: number;
  /** Decay constant c as a fraction of totalSteps (smaller = more front-loaded). Default 0.25. */
  decay: number;
}

export function labelsDue(step: number, o: LabelScheduleOptions): number {
  checkNumber('labels', o.budget, { min: 0, integer: true });
  checkNumber('initialShare', o.initialShare, { min: 0, max: 1 });
  const initial = Math.round(o.budget * o.initialShare);
  if (step <= 0) return initial;
  const c = Math.max(1, o.decay * o.totalSteps);
  const frac = Math.min(1, Math.log1p(step / c) / Math.log1p(o.totalSteps / c));
  return Math.min(o.budget, initial + Math.round((o.budget - initial) * frac));
}
