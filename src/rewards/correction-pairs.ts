/**
 * Corrections (the user takes over for a few steps and shows the right action) as preferences:
 * the corrected segment ≻ the original one from the same state. Both segments should start at
 * the same state and have the same length, so the pair compares only what the correction changed.
 */
import { ConfigError } from '../core/errors.js';
import type { TransitionBatch } from './reward-model.js';
import type { LabeledPair } from './reward-trainer.js';

export interface Correction {
  id: string;
  /** What the agent did. */
  original: TransitionBatch;
  /** What the user did instead, from the same state. */
  corrected: TransitionBatch;
}

export function correctionPairs(corrections: readonly Correction[]): LabeledPair[] {
  return corrections.map((c) => {
    if (c.original.n !== c.corrected.n) throw new ConfigError(`correction ${c.id} corrected length`, c.corrected.n, `must equal the original's ${c.original.n} steps`);
    return { id: `correction/${c.id}`, left: c.corrected, right: c.original, target: 1, heldOut: false };
  });
}
