/** Result and config types of `rewardlab experiment calibration`, shared by the runner and its report. */
import type { RewardModelOptions } from '../../rewards/reward-model.js';
import type { RewardTrainerOptions } from '../../rewards/reward-trainer.js';
import type { ActingMethod, ActingOutcome } from './acting.js';

export interface CalibrationConfig {
  /** The env the predictor learns on (fixed-horizon lava world) and its plain map, which the exact tools enumerate. */
  envId: string;
  plainEnvId: string;
  /** Labelled pairs the ensemble trains on (training map). Default 300 (quick 60). */
  labels: number;
  /** Episodes of each behaviour (random policy, noisy expert) per set of clips (training, held-out, each test map). Default 40 (quick 8). */
  episodes: number;
  /** The noisy expert's share of uniformly random actions (predictor.ts). Default 0.5. */
  expertNoise: number;
  /** Labelled pairs per evaluation set (before dropping ties): held-out training-map pairs, and each test map's. Default 800 (quick 200). */
  evalPairs: number;
  /** Steps per clip. Default 10. */
  fragmentLength: number;
  /** Training rounds over all labels. Default 10 (quick 4). */
  rounds: number;
  rewardModel: Partial<RewardModelOptions>;
  rewardTrainer: Partial<RewardTrainerOptions>;
  /** Reliability bins on [0, 1]. Default 10. */
  bins: number;
  /** Risk aversion: the agent plans on mean − κ·std. Default 1. */
  kappa: number;
  /** Deferral threshold: this quantile of the spread over the training map's feasible transitions. Default 0.95. */
  deferralQuantile: number;
  /** The acting agent's exploration: share of uniformly random intended actions. Default 0.1. */
  epsilon: number;
  /** Evaluation episodes per map and method. Default 100 (quick 20). */
  actingEpisodes: number;
}

export type Split = 'validation' | 'held-out' | 'shifted';
export type Predictor = 'single' | 'ensemble';

/** Pooled-friendly reliability bins: counts and sums of p and y. */
export interface BinSums {
  count: number[];
  sumP: number[];
  sumY: number[];
}

/** One predictor's reliability bins on one split, pooled over seeds (and over members for one network). */
export interface PooledReliability {
  split: Split;
  predictor: Predictor;
  scaled: boolean;
  bins: BinSums;
}

export interface CalibrationRow {
  split: Split;
  predictor: Predictor;
  /** After temperature scaling (T fitted on the validation split). */
  scaled: boolean;
  /** Strict pairs evaluated. */
  n: number;
  ece: number;
  nll: number;
  brier: number;
  /** Share of pairs on the right side of ½. */
  accuracy: number;
  bins: BinSums;
}

export interface ActingRow extends ActingOutcome {
  level: number;
  method: ActingMethod;
}

export interface CalibrationSeedResult {
  seed: number;
  /** Fitted temperatures: one per member (single) and the ensemble's. */
  temperatures: { single: number[]; ensemble: number };
  rows: CalibrationRow[];
  /** The spread above which the deferring agent asks (standardised reward units). */
  threshold: number;
  /**
   * Per map: share of feasible transitions above the threshold, and of lava-entering ones; mean
   * spread and mean learned reward over feasible transitions; the learned reward and spread of
   * the absorbing state (after lava or the goal), which a pessimistic planner compares them with.
   */
  coverage: { level: number; aboveThreshold: number; lavaAboveThreshold: number; meanStd: number; meanReward: number; absorbingReward: number; absorbingStd: number }[];
  acting: ActingRow[];
}

export interface CalibrationSummaryRow {
  split: Split;
  predictor: Predictor;
  scaled: boolean;
  /** Means over seeds. */
  ece: number;
  nll: number;
  brier: number;
  accuracy: number;
  n: number;
  /** Per seed, in seed order. */
  perSeed: { ece: number; nll: number; brier: number }[];
}

export interface ActingSummaryRow {
  method: ActingMethod;
  /** Lava entries per 100 episodes on the test maps (levels 1 and 2 pooled, all seeds) and on the training map. */
  testPer100: number;
  trainPer100: number;
  testPerformance: number;
  trainPerformance: number;
  testAsksPerEpisode: number;
  /** Test-map lava entries per 100 episodes, per seed. */
  perSeed: number[];
}
