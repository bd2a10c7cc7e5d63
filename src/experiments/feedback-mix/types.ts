/** Types of `rewardlab experiment feedback-mix` (issue 15 item 6), kept apart so the report never imports the runner. */
import type { DemonstrationsConfig } from '../../loop/demonstration-source.js';
import type { RewardModelingOverrides } from '../../loop/config.js';
import type { CurvePoint, Interval } from '../kit/curve-measures.js';

export type { CurvePoint, Interval } from '../kit/curve-measures.js';

/**
 * The feedback mixes the loop can run today; the first is the baseline every ratio divides by.
 * '+demonstrations' puts scripted demonstration episodes in the query pool up front;
 * '+demonstrations asked' asks for them as queries ('demo' in the loop's `ask`, answered by the
 * ε-noisy synthetic demonstrator) within the label budget.
 */
export const MIXES = ['preferences', '+demonstrations', '+ratings', '+pre-exploration', '+goals', '+corrections', '+demonstrations asked'] as const;
export type Mix = (typeof MIXES)[number];

/** Simulated seconds a person spends per kind of feedback (assumptions, see HUMAN_COSTS in feedback-mix.ts). */
export interface HumanCosts {
  /** One preference query (watch two clips, answer), asked, whatever the answer. */
  preference: number;
  /** One rating query (watch one clip, rate it). */
  rating: number;
  /** A demonstration episode: a fixed overhead plus a cost per step played. */
  demonstrationEpisode: number;
  demonstrationStep: number;
  /** One goal-marking query (watch one clip, mark the frames that look done). */
  goal: number;
  /** One correction query: a fixed overhead (watch the clip, pick the step) plus a cost per step played after the takeover. */
  correction: number;
  correctionStep: number;
}

export interface FeedbackMixConfig {
  envIds: string[];
  /** The mixes to run (--mixes; default all of MIXES); always includes 'preferences', the baseline. */
  mixes: Mix[];
  seeds: number[];
  /** Label budget per env (--labels overrides all); ratings count toward it, as in the loop. */
  labels: Record<string, number>;
  /** Agent env steps per env (--steps overrides all); pre-exploration steps are part of them. */
  steps: Record<string, number>;
  /** Loop overrides per env on top of its presets, shared by every mix (the mix adds its own on top). */
  loop: Record<string, RewardModelingOverrides>;
  /** The scripted demonstrations of the +demonstrations mix, per env that has a demonstrator. */
  demonstrations: Record<string, DemonstrationsConfig>;
  /** Share of the agent steps spent pre-exploring in the +pre-exploration mix. */
  preExploreShare: number;
  /** Its steps per env: the share, but at least one whole episode per parallel env (so it yields clips), at most half the steps. */
  preExploreSteps: Record<string, number>;
  /** Labels the loop asks before RL starts (initialShare × budget): no evaluation comes earlier, so labels to 90% cannot be below it, and no ratio above budget / it can be measured. */
  warmStartLabels: Record<string, number>;
  costs: HumanCosts;
}

/** One evaluation of a run: labels folded, the greedy true return, and the queries the teacher was asked by then, per kind. */
export interface MixPoint {
  labels: number;
  trueReturn: number;
  preferencesAsked: number;
  ratingsAsked: number;
  /** Goal-marking, correction and demonstration queries asked by then (0 outside their mixes). */
  goalsAsked: number;
  correctionsAsked: number;
  demosAsked: number;
  /** Simulated human seconds spent by then (demonstrations all up front). */
  seconds: number;
}

export interface MixRun {
  envId: string;
  mix: Mix;
  seed: number;
  runDir: string;
  /** Labels folded at the end (preferences with an answer, and ratings). */
  labels: number;
  points: MixPoint[];
  /** [labels, true return] per evaluation (the points as a return-vs-labels curve). */
  curve: CurvePoint[];
  /** Labels folded at the first evaluation at or above the 90% bar; null when none was. */
  labelsTo90: number | null;
  /** Simulated human seconds at that evaluation; null when none reached the bar. */
  secondsTo90: number | null;
  /** Mean true return over the label axis (src/experiments/kit/curve-measures.ts curveArea). */
  area: number | null;
  finalReturn: number;
  /** Demonstration episodes recorded and their steps: the scripted ones of +demonstrations, or the ones answered in +demonstrations asked (0 elsewhere). */
  demonstrationEpisodes: number;
  demonstrationSteps: number;
  /** Steps the corrector played after its takeovers, over the run (0 outside +corrections). */
  correctionSteps: number;
}

export interface MixSummary {
  envId: string;
  mix: Mix;
  seeds: number;
  /** Seeds whose curve reached the 90% bar. */
  reached: number;
  /** Unreached seeds counted as the full budget: a censored lower bound when reached < seeds. */
  labelsTo90: Interval;
  /** Unreached seeds counted as the seconds spent by the end of the run: also a lower bound then. */
  secondsTo90: Interval;
  area: Interval;
  finalReturn: Interval;
  /** Preferences-alone mean labels to 90% / this mix's; see ratioOf for when it is a bound. */
  labelsRatio: Ratio;
  secondsRatio: Ratio;
}

/**
 * A ratio of two censored means (an unreached seed counts as the budget, so such a mean is a lower
 * bound): 'exact' when both reached the bar on every seed, 'at least' when only the baseline fell
 * short, 'at most' when only the mix did, 'unknown' when both did.
 */
export interface Ratio {
  value: number | null;
  kind: 'exact' | 'at least' | 'at most' | 'unknown';
}

export interface SkippedMix {
  envId: string;
  mix: Mix;
  reason: string;
}

export interface PpoTrueReference {
  envId: string;
  perSeed: number[];
  median: number;
  /** 90% of the median as a plain ratio of returns (as active-learning and seeds). */
  bar: number;
  /** Mean true return of a uniformly random policy (same evaluation episodes, 4 at least). */
  random: number;
  /** False when the bar is not above the random policy's return: PPO-true did not learn the task, so "reaching 90%" says nothing (e.g. MountainCar's −200 when the goal is never found). */
  informative: boolean;
}
