/**
 * Oracle assistants (evaluation code: they read the hidden enrolments): the ceiling the learned
 * assistants are measured against, and the condition that shows the effect of assistance
 * before any assistant is learned. Like the learned ones, they only point.
 */
import type { Rng } from '../../core/rng.js';
import { clashesInSameSlot, pairIndex, type Timetable, type TimetableInstance } from './instance.js';
import type { Critic, WitnessFinder } from './user.js';

/** A1 oracle: a student taking both exams (the first), or null when the pair does not clash. */
export function oracleFinder(inst: TimetableInstance): WitnessFinder {
  return (i, j) => (i === j ? null : (inst.witnesses[pairIndex(i, j, inst.exams)][0] ?? null));
}

/** A2 oracle: the real clashing same-slot pairs (in a comparison: only those the other timetable does not share), in random order. */
export function oracleCritic(inst: TimetableInstance, rng: Rng): Critic {
  return (t, other) => rng.shuffle(differingPairs(inst, clashesInSameSlot(inst, t), other)).map((k) => [...inst.pairs[k]] as [number, number]);
}

/**
 * In a comparison a critic points only at pairs that tell the two timetables apart: a pair in the
 * same slot in both costs both the same, so it cannot change the verdict (and would use up the
 * budget). Without `other`, every pair.
 */
export function differingPairs(inst: TimetableInstance, pairs: readonly number[], other: Timetable | undefined): number[] {
  return other ? pairs.filter((k) => other[inst.pairs[k][0]] !== other[inst.pairs[k][1]]) : [...pairs];
}

