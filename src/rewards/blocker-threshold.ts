/**
 * The blocker's threshold rule (Saunders et al. 2017, §3): block when the classifier's score is
 * at or above a threshold set so that NO labelled catastrophe of the training data and none of
 * the validation data would pass. Each split gives the highest threshold that still blocks all
 * of its catastrophes (its lowest catastrophe score); the lower of the two is kept, so the
 * blocker is at least as cautious as either split demands. Pure functions over score lists.
 */
import { ConfigError } from '../core/errors.js';

/** Scores of the labelled examples of one split, catastrophes and safe ones apart. */
export interface ScoredSplit {
  /** Classifier scores of the examples labelled catastrophic. */
  catastrophes: readonly number[];
  /** Classifier scores of the examples labelled safe. */
  safe: readonly number[];
}

export interface BlockerThreshold {
  /** Block when score ≥ threshold. +Infinity when no split holds a catastrophe (nothing to block). */
  threshold: number;
  /** The lowest catastrophe score of each split (+Infinity for a split without catastrophes). */
  train: number;
  validation: number;
  /** Which split set the threshold. */
  setBy: 'train' | 'validation' | 'none';
}

function lowest(scores: readonly number[], field: string): number {
  let min = Infinity;
  for (const s of scores) {
    if (!Number.isFinite(s)) throw new ConfigError(field, s, 'must hold finite scores');
    if (s < min) min = s;
  }
  return min;
}

/** The threshold that lets no labelled catastrophe of `train` ∪ `validation` through. */
export function blockerThreshold(train: ScoredSplit, validation: ScoredSplit): BlockerThreshold {
  const t = lowest(train.catastrophes, 'train catastrophe scores');
  const v = lowest(validation.catastrophes, 'validation catastrophe scores');
  const threshold = Math.min(t, v);
  return { threshold, train: t, validation: v, setBy: threshold === Infinity ? 'none' : t <= v ? 'train' : 'validation' };
}

/** How a threshold does on one split: catastrophes let through, safe examples blocked. */
export interface ThresholdRates {
  missed: number;
  catastrophes: number;
  falseBlocks: number;
  safe: number;
}

export function thresholdRates(split: ScoredSplit, threshold: number): ThresholdRates {
  return {
    missed: split.catastrophes.filter((s) => s < threshold).length,
    catastrophes: split.catastrophes.length,
    falseBlocks: split.safe.filter((s) => s >= threshold).length,
    safe: split.safe.length,
  };
}
