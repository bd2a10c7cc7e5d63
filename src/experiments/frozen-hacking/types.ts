/** Result and config types of `rewardlab experiment frozen-hacking`, shared by the runner and its report. */
import type { LearnedRewardAnalysis } from '../../analysis/learned-reward.js';
import type { RewardModelingOverrides } from '../../loop/config.js';
import type { CurvePoint } from '../kit/frozen-model.js';
import type { HackingOnset } from './hacking-onset.js';

/** Budgets and loop settings of one frozen-hacking run. */
export interface FrozenHackingConfig {
  /** Env id. Default BoatRace-v0 (no early ends, visible reward gameable, performance ∈ [−100, 100]). */
  envId: string;
  /** Labels of both conditions. Default 100 (quick 12). */
  labels: number;
  /** Agent steps of the training run that produces the frozen model. Default 30k (quick 2048). */
  trainSteps: number;
  /** Agent steps of the frozen-model agent and of the online loop. Default 150k (quick 4096). */
  longSteps: number;
  /** Loop settings passed to startRun on top of the env's presets (feedback, trainer, PPO). */
  loop: RewardModelingOverrides;
  /** Loop settings of the online condition when they differ from the training run's (case early-policy). */
  onlineLoop?: RewardModelingOverrides;
}

export interface ConditionResult {
  curve: CurvePoint[];
  onset: HackingOnset;
  exact: LearnedRewardAnalysis | null;
  labels: number;
}

export interface SeedResult {
  seed: number;
  train: { runDir: string; labels: number; heldOutAccuracy: number | null; performance: number | null };
  frozen: ConditionResult;
  online: ConditionResult;
}
