/**
 * Plain data that flows between the roles of the reward-modeling loop.
 * Observations are Float32Array (the flat vector a network sees); actions are a number
 * (Discrete) or a Float32Array (Box). True rewards travel only in the sealed channel.
 */
import type { Scene } from './scene.js';
import type { EvaluationSignal, Sealed } from './sealed.js';

export type Action = number | Float32Array;

/** One episode (or the part of one that was recorded). */
export interface Trajectory {
  envId: string;
  /** Seed of the episode's reset (or of the run, for later episodes of a seeded stream). */
  seed: number;
  /** Episode index within its source. */
  episode: number;
  /** T + 1 observations: o_0 … o_T. */
  observations: Float32Array[];
  /** T actions. */
  actions: Action[];
  /** T sealed evaluation signals (true reward, hidden performance). */
  evaluation: Sealed<EvaluationSignal>[];
  /** T + 1 renderable frames, when recorded (needed to show a clip to a person). */
  frames?: Scene[];
  terminated: boolean;
  truncated: boolean;
}

/** A contiguous segment of a trajectory: what a user compares. */
export interface Fragment {
  id: string;
  envId: string;
  seed: number;
  episode: number;
  /** Step range [start, end) within the episode. */
  start: number;
  end: number;
  /** end − start + 1 observations (the last one is the state after the last action). */
  observations: Float32Array[];
  actions: Action[];
  evaluation: Sealed<EvaluationSignal>[];
  frames?: Scene[];
}

export interface FragmentPair {
  id: string;
  left: Fragment;
  right: Fragment;
}

/** A user's answer to a pair query. 'cant-tell' and 'skip' carry no preference. */
export type PreferenceAnswer = 'left' | 'right' | 'equal' | 'cant-tell' | 'skip';

/** Target probability that left is preferred, or null when the answer carries no preference. */
export function preferenceTarget(answer: PreferenceAnswer): number | null {
  switch (answer) {
    case 'left':
      return 1;
    case 'right':
      return 0;
    case 'equal':
      return 0.5;
    default:
      return null;
  }
}
