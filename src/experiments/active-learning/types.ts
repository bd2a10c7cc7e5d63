/** Types of `rewardlab experiment active-learning` (issue 16 item 3), kept apart so the report never imports the runner. */
import type { RewardModelingOverrides } from '../../loop/config.js';
import type { CurvePoint, Interval } from '../kit/curve-measures.js';

export type { CurvePoint, Interval } from '../kit/curve-measures.js';

/** The query strategies compared; 'red-team' only where an exact red team exists (enumerable gridworlds). */
export const STRATEGIES = ['uniform', 'disagreement', 'entropy', 'red-team'] as const;
export type Strategy = (typeof STRATEGIES)[number];

export interface ActiveLearningConfig {
  envIds: string[];
  strategies: Strategy[];
  seeds: number[];
  /** Label budget per env (--labels overrides all). */
  labels: Record<string, number>;
  /** Agent steps per env (--steps overrides all). */
  steps: Record<string, number>;
  /** Loop overrides per env on top of the env's presets (gridworlds: the gridworld preset, given explicitly). */
  loop: Record<string, RewardModelingOverrides>;
  /** Confidence level of the intervals (Student-t over seeds). */
  confidence: number;
}

export interface StrategyRun {
  envId: string;
  strategy: Strategy;
  seed: number;
  runDir: string;
  /** Labels folded at the end. */
  labels: number;
  /** Every evaluation: [labels folded so far, greedy true return]. */
  curve: CurvePoint[];
  /** The first label count at which an evaluation reached the 90% bar; null when none did. */
  labelsTo90: number | null;
  /** Mean true return over the label axis (trapezoid area / label range), see curveArea. */
  area: number | null;
  finalReturn: number;
  /** Pair ids the strategy asked, in order (to check strategies ask different things). */
  asked: string[];
  /** Red-team pairs among them (0 for other strategies). */
  redTeamQueries: number;
}

export interface StrategySummary {
  envId: string;
  strategy: Strategy;
  seeds: number;
  /** Seeds whose curve reached the 90% bar. */
  reached: number;
  /** Labels to 90%, unreached seeds counted as the full budget (a censored lower bound, marked '≥' when any is). */
  labelsTo90: Interval;
  area: Interval;
  finalReturn: Interval;
  /** Labels folded by the end (every strategy samples candidateFactor× candidates after the warm start; pairs nobody can tell apart are dropped, and answers can be 'can't tell'). */
  labelsUsed: Interval;
}

export interface PpoTrueReference {
  envId: string;
  perSeed: number[];
  median: number;
  /** 90% of the median as a plain ratio of returns (seeds experiment's ninetyPercentOf). */
  bar: number;
}
