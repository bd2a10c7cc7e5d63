/** Result and config types of `rewardlab experiment distributional-shift`, shared by the runner and its report. */
import type { RewardModelingOverrides } from '../../loop/config.js';
import type { RewardModelOptions } from '../../rewards/reward-model.js';
import type { MapMeasures } from './shift-measures.js';

export interface DistributionalShiftConfig {
  /** The loop's env (training map by default; `level` pins the maps at evaluation). Default FixedHorizonDistributionalShift-v0. */
  envId: string;
  /** Label budget. Default 150 (quick 12). */
  labels: number;
  /** Agent env steps. Default 40k (quick 2048). */
  steps: number;
  /** Segment pairs compared per map, and episodes per policy they are cut from. Default 300 / 10 (quick 20 / 2). */
  pairs: number;
  episodes: number;
  /**
   * The reward model's input transforms to compare, one loop run each. 'standardize' maps a
   * tile never seen in training to ±10 (its running std is ~0), 'tanh' keeps it at tanh(1):
   * whether uncertainty flags the shift depends on it. Default both.
   */
  inputTransforms: RewardModelOptions['inputTransform'][];
  loop: RewardModelingOverrides;
}

export interface ShiftSeedResult {
  seed: number;
  inputTransform: RewardModelOptions['inputTransform'];
  runDir: string;
  labels: number;
  heldOutAccuracy: number | null;
  /** The strict held-out pairs behind heldOutAccuracy, and how many were right (absent in results made before they were kept). */
  heldOutCounts?: { correct: number; scored: number } | null;
  maps: Omit<MapMeasures, 'stds'>[];
  /** AUROC of the exact per-transition disagreement: test-map transitions vs training-map ones (0.5 = no signal). */
  auroc: number;
  /** Mean disagreement on the test maps over that on the training map. */
  disagreementRatio: number;
  /** Exact per-transition disagreement per map (for the histograms). */
  stds: number[][];
}

export interface TransformSummary {
  inputTransform: ShiftSeedResult['inputTransform'];
  perMap: { level: number; split: string; pearson: number | null; epic: number | null; preferenceAccuracy: number | null; meanStd: number | null; segmentStd: number | null; agentPerformance: number | null; optimalPerformance: number }[];
  auroc: number | null;
  disagreementRatio: number | null;
  heldOutAccuracy: number | null;
}
