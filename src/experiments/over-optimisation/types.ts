/** Result and config types of `rewardlab experiment over-optimisation` (the report imports these, never the runner). */
import type { BestOfNPoint, EmpiricalTurnover, KlPoint } from '../../analysis/exact/over-optimisation.js';
import type { GaoFit } from '../../analysis/exact/over-optimisation-fit.js';
import type { RewardModelingOverrides } from '../../loop/config.js';

/** A gridworld the exact tools can enumerate. */
export interface OverOptCase {
  /** Name for --case and tables. */
  name: string;
  envId: string;
  note?: string;
}

/**
 * baseline: the disagreement selector alone. red-team: red-team pairs first, then disagreement.
 * control: the red-team pipeline without the adversarial search (β = 0 and τ = 100: segments of a
 * nearly uniform policy from the reset state, the same share and position in each round), so an
 * effect of the red team can be told apart from one of merely asking about other segments.
 */
export type Arm = 'baseline' | 'red-team' | 'control';
export const ARMS: Arm[] = ['baseline', 'red-team', 'control'];

export interface OverOptConfig {
  cases: OverOptCase[];
  /** The arms run (--strategies), in ARMS order. */
  arms: Arm[];
  /** Labels per run (equal for both arms). */
  labels: number;
  /** Agent env steps per run. */
  steps: number;
  /** Loop settings of both arms (the selector of the baseline arm is the config's, disagreement). */
  loop: RewardModelingOverrides;
  /** The red team: weight of the ensemble spread, planner temperature, share of each round's queries. */
  redTeam: { beta: number; tau: number; share: number };
  /** KL coefficients of the planning curve, pressure growing along the list. */
  taus: number[];
  /** Best-of-n: episodes of π0 sampled (the empirical base distribution) and the n measured. */
  bestOfN: { episodes: number; ns: number[] };
}

/** The exact curves of one learned reward on one gridworld, their fits and turnovers. */
export interface CurveSet {
  kl: KlPoint[];
  bestOfN: BestOfNPoint[];
  /** True return of π0 (uniform), exact. */
  baseTrue: number;
  /** True return of π0 on the sampled best-of-n episodes (n = 1). */
  baseTrueSampled: number;
  /** The best true return on the gridworld (value iteration on hidden performance). */
  optimalTrue: number;
  /** True return of the learned reward's own optimal (greedy) policy: pressure → ∞. */
  learnedOptimumTrue: number;
  klFit: GaoFit | null;
  bestOfNFit: GaoFit | null;
  klTurnover: EmpiricalTurnover;
  bestOfNTurnover: EmpiricalTurnover;
}

export interface ArmRun {
  case: string;
  envId: string;
  arm: Arm;
  seed: number;
  runDir: string;
  labels: number;
  /** Queries the red team made (0 in the baseline arm). */
  redTeamQueries: number;
  heldOutAccuracy: number | null;
  /** Hidden performance of the loop's own PPO agent at its last evaluation. */
  agentPerformance: number | null;
  curves: CurveSet;
}

/** Medians over seeds of one arm on one case. */
export interface ArmSummary {
  case: string;
  envId: string;
  arm: Arm;
  seeds: number;
  /** Seeds whose KL-planning curve turns over (true return falls after its peak). */
  klTurnsOver: number;
  /** d = sqrt(KL) at the planning curve's peak of true return. */
  klPeakD: number | null;
  klPeakTrue: number | null;
  /** True return at the highest planning pressure (τ smallest). */
  klFinalTrue: number | null;
  learnedOptimumTrue: number | null;
  /** The fitted turnover d* of Gao's RL form (seeds without one are left out; `klFitNoTurnover` counts them). */
  klFitTurnoverD: number | null;
  klFitNoTurnover: number;
  bestOfNTurnsOver: number;
  bestOfNPeakN: number | null;
  bestOfNFinalTrue: number | null;
  bestOfNFitTurnoverD: number | null;
  redTeamQueries: number | null;
  heldOutAccuracy: number | null;
  agentPerformance: number | null;
}
