/**
 * Answers of every trainable kind, as training items of the mixed reward trainer. Over core types
 * only (fragments, trajectories, step indices), so whoever holds the answers — the loop, an
 * importer of a JSONL export — folds them the same way:
 *
 *   ratedClip(clip, rating)                → RatedSegment   (rating term)
 *   goalExamples(trajectory, goalSteps)    → GoalExample[]  (goal term: marked vs the other visited states)
 *   demonstrationSegments(trajectories, L) → NamedSegment[] (for demoPreferencePairs / T-REX / D-REX)
 *   correction(clip, corrected)            → Correction     (correctionPairs)
 */
import { ConfigError } from '../core/errors.js';
import type { Rng } from '../core/rng.js';
import type { Action, Fragment, Trajectory } from '../core/types.js';
import type { Correction } from './correction-pairs.js';
import type { NamedSegment } from './demo-pairs.js';
import type { GoalExample } from './goal-loss.js';
import type { RatedSegment } from './rating-loss.js';
import { fragmentBatch, type TransitionBatch } from './reward-model.js';
import { sliceBatch } from './trex-pairs.js';

export function ratedClip(clip: Fragment, rating: number): RatedSegment {
  return { id: clip.id, segment: fragmentBatch(clip.observations, clip.actions), rating };
}

/** Rows `steps` of a batch, in order. */
function pickRows(b: TransitionBatch, steps: readonly number[]): TransitionBatch {
  const parts = steps.map((s) => sliceBatch(b, s, 1));
  const D = b.obs.length / b.n;
  const A = b.actions.length / b.n;
  const out: TransitionBatch = { obs: new Float32Array(steps.length * D), nextObs: new Float32Array(steps.length * D), actions: new Float32Array(steps.length * A), n: steps.length };
  parts.forEach((p, i) => {
    out.obs.set(p.obs, i * D);
    out.nextObs.set(p.nextObs, i * D);
    out.actions.set(p.actions, i * A);
  });
  return out;
}

/** The marked steps as one goal example and the other steps as one negative example (either left out when empty). */
export function goalExamples(t: Trajectory, goalSteps: readonly number[], id = `${t.envId}/${t.seed}/${t.episode}`): GoalExample[] {
  const n = t.actions.length;
  for (const s of goalSteps) if (!Number.isInteger(s) || s < 0 || s >= n) throw new ConfigError(`goal step of ${id}`, s, `must be an integer in 0…${n - 1}`);
  const marked = new Set(goalSteps);
  const b = fragmentBatch(t.observations, t.actions);
  const goal = [...marked].sort((x, y) => x - y);
  const other = Array.from({ length: n }, (_, i) => i).filter((i) => !marked.has(i));
  return [
    ...(goal.length ? [{ id: `${id}/goal`, states: pickRows(b, goal), goal: true }] : []),
    ...(other.length ? [{ id: `${id}/other`, states: pickRows(b, other), goal: false }] : []),
  ];
}

/** `perEpisode` random segments of `length` steps from each trajectory. */
export function demonstrationSegments(ts: readonly Trajectory[], length: number, perEpisode: number, rng: Rng): NamedSegment[] {
  return ts.flatMap((t) => {
    const b = fragmentBatch(t.observations, t.actions);
    if (b.n < length) throw new ConfigError(`demonstration ${t.envId}/${t.seed}/${t.episode} length`, b.n, `is shorter than the segment length ${length}`);
    return Array.from({ length: perEpisode }, () => {
      const s = rng.int(b.n - length + 1);
      return { id: `${t.envId}/${t.seed}/${t.episode}/${s}`, segment: sliceBatch(b, s, length) };
    });
  });
}

export function correction(clip: Fragment, corrected: { observations: Float32Array[]; actions: Action[] }): Correction {
  return { id: clip.id, original: fragmentBatch(clip.observations, clip.actions), corrected: fragmentBatch(corrected.observations, corrected.actions) };
}
