/**
 * One feedback-source contract for every trainable kind (issue 15). `FeedbackSource` asks about
 * preference pairs only; a `KindedFeedbackSource` is asked a `FeedbackQuery` of any kind it lists
 * in `kinds` and answers with the matching `KindedAnswer`, asynchronously, as `FeedbackSource`
 * does. Kind names are the feedback store's (src/feedback/records.ts): a correction is an
 * 'intervention'. Each answer is plain data over core types, so the loop can store it as a record
 * and fold it into the mixed trainer's dataset (src/rewards/fold-feedback.ts):
 *
 *   preference → a labelled pair · rating → a rated clip · goal → goal / visited states
 *   demonstration → demo ≻ agent pairs, T-REX (ranked) or D-REX (noise levels) pairs
 *   intervention → a corrected ≻ original pair
 */
import type { Action, Fragment, FragmentPair, PreferenceAnswer, Trajectory } from '../core/types.js';

export type TrainableKind = 'preference' | 'rating' | 'goal' | 'demonstration' | 'intervention';
export const TRAINABLE_KINDS: readonly TrainableKind[] = ['preference', 'rating', 'goal', 'demonstration', 'intervention'];

export type FeedbackQuery =
  | { kind: 'preference'; id: string; pair: FragmentPair }
  /** Rate one clip on the 1…levels scale. */
  | { kind: 'rating'; id: string; clip: Fragment }
  /** Mark the states of a trajectory that look like "done". */
  | { kind: 'goal'; id: string; trajectory: Trajectory }
  /** Play `episodes` episodes (seeded resets from `seed`). */
  | { kind: 'demonstration'; id: string; episodes: number; seed: number }
  /**
   * Take over at a step of `clip` and show the right actions; `replay` reaches the clip's first
   * state (reset with `seed`, then the agent's `prefix` actions; src/loop/correction-queries.ts).
   */
  | { kind: 'intervention'; id: string; clip: Fragment; replay?: { seed: number; prefix: Action[]; minCorrected: number } };

interface AnswerBase {
  queryId: string;
  labeler: string;
}

export type KindedAnswer =
  | (AnswerBase & { kind: 'preference'; answer: PreferenceAnswer })
  | (AnswerBase & { kind: 'rating'; rating: number })
  /** Step indices of the trajectory marked as goal states (the others are negatives). */
  | (AnswerBase & { kind: 'goal'; goalSteps: number[] })
  /** The episodes played; `noise` per episode when a synthetic demonstrator injected it (D-REX), `rank` when the user ranked them (T-REX). */
  | (AnswerBase & { kind: 'demonstration'; trajectories: Trajectory[]; noise?: number[]; rank?: number[] })
  /** The corrected segment from the clip's first state: observations o_0…o_T and actions a_0…a_{T−1} (the clip's up to `takeover`, default 0, then the corrector's). */
  | (AnswerBase & { kind: 'intervention'; corrected: { observations: Float32Array[]; actions: Action[] }; takeover?: number });

export interface KindedFeedbackSource {
  readonly name: string;
  /** The kinds this source can answer; asking another kind rejects with a ConfigError. */
  readonly kinds: readonly TrainableKind[];
  /** True when the source has written each answer to the run's store before it resolves (people through the labeling server); the loop then does not write it again. Default false. */
  readonly storesAnswers?: boolean;
  ask(query: FeedbackQuery): Promise<KindedAnswer>;
  close?(): void;
}
