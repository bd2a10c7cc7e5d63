/**
 * Where answers come from: a synthetic teacher, a person in the browser, a recorded dataset.
 * Asynchronous by contract: `ask` returns a Promise, answers may arrive late and out of
 * order, and the loop never waits for them (it keeps training on what it has).
 */
import type { FragmentPair, PreferenceAnswer } from '../core/types.js';

export interface FeedbackAnswer {
  pairId: string;
  answer: PreferenceAnswer;
  labeler: string;
}

export interface FeedbackSource {
  readonly name: string;
  /** True when the source writes answers to the feedback store itself (the browser server does). */
  readonly storesAnswers?: boolean;
  /**
   * True when `ask` settles at once (a synthetic teacher without delay): the loop then waits for
   * those answers to be stored before it folds, so runs repeat exactly. Default: true unless
   * `storesAnswers`; a source with simulated delays says false.
   */
  readonly immediate?: boolean;
  ask(pair: FragmentPair): Promise<FeedbackAnswer>;
  close?(): void;
}
