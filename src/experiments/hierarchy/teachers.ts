/**
 * The synthetic teachers of the study, judging what a person would see:
 * - against the TASK: the sum of the hidden reward over each segment (SyntheticTeacher, metric
 *   `performance`, noiseless; equal sums answer 'equal');
 * - against a named SUBGOAL: which clip makes more progress on that subgoal (steps closer to its
 *   target, finishing it counts most; src/envs/gridworlds/games/key-door-subgoals.ts), 'equal' on ties.
 * Evaluation code: the task teacher reads the sealed channel, the subgoal teacher the board.
 */
import type { FragmentPair, PreferenceAnswer } from '../../core/types.js';
import { readKeyDoor, subgoalProgress, type KeyDoorSubgoal } from '../../envs/gridworlds/games/key-door-subgoals.js';
import { SyntheticTeacher } from '../../preferences/synthetic-teacher.js';

export function taskTeacher(seed: number): (pair: FragmentPair) => PreferenceAnswer {
  const teacher = new SyntheticTeacher({ metric: 'performance' }, seed);
  return (pair) => teacher.decide(pair);
}

/** The subgoal active at a clip's first observation (null once the goal is reached). */
export function activeSubgoal(observations: readonly Float32Array[]): KeyDoorSubgoal | null {
  return readKeyDoor(observations[0]).subgoal;
}

export function subgoalAnswer(pair: FragmentPair, subgoal: KeyDoorSubgoal): PreferenceAnswer {
  const l = subgoalProgress(subgoal, pair.left.observations);
  const r = subgoalProgress(subgoal, pair.right.observations);
  return l === r ? 'equal' : l > r ? 'left' : 'right';
}
