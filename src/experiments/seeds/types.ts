/** Types of `rewardlab experiment seeds`: one loop configuration, many seeds, every seed reported. */
import type { DiagnosisFinding, OracleAccuracy } from '../../analysis/run-diagnostics.js';

export interface SeedsConfig {
  envId: string;
  /** Label budget (--labels; default: the loop's, 200). */
  labels: number;
  /** Agent steps (--steps; default: the env's loop preset). */
  steps: number;
  /** Final value that counts as success on this env. */
  threshold: number;
  /** What is compared with the threshold: the final true return (default) or hidden performance (gridworlds). */
  metric?: 'trueReturn' | 'performance';
  /** The teacher, when not the shipped default (gridworlds: the performance-judging one). */
  feedback?: string;
  seeds: number[];
}

export interface SeedRun {
  seed: number;
  /** What success is judged on: the final true return, or the final hidden performance (config.metric). */
  score: number;
  /** Final greedy true return (the loop's last evaluation). */
  trueReturn: number;
  /** Final greedy hidden performance (the same evaluation). */
  performance: number | null;
  success: boolean;
  learnedReturn: number | null;
  pearson: number | null;
  heldOutAccuracy: number | null;
  /** The strict held-out pairs behind heldOutAccuracy, and how many were right (absent in results made before they were kept). */
  heldOutCounts?: { correct: number; scored: number } | null;
  labels: number;
  wallSeconds: number;
  /** Shares of the answers given: strict ('left'/'right'), 'equal', 'cant-tell', 'skip'. */
  answers: { strict: number; equal: number; cantTell: number; skip: number; total: number };
  /** Reward-model accuracy on the agent's own segments (oracle ranking), median over the last quarter of iterations. */
  onPolicyAccuracy: number | null;
  /** The last rollout's oracle measurement (accuracy, strict pairs, share of pairs the oracle cannot tell apart). */
  lastRollout: OracleAccuracy | null;
  /** The score at every evaluation: [iteration, value]. */
  curve: [number, number][];
  findings: DiagnosisFinding[];
  runDir: string;
}

export interface SeedsSummary {
  envId: string;
  labels: number;
  steps: number;
  threshold: number;
  metric: 'trueReturn' | 'performance';
  seeds: number[];
  successes: number;
  successRate: number;
  median: number;
  worst: { seed: number; score: number; trueReturn: number };
  /** Every seed's score, in seed order. */
  distribution: number[];
  perSeed: SeedRun[];
  /** With --ppo-true: PPO on the true reward, same agent settings, steps and evaluation episodes, per seed. */
  ppoTrue?: PpoTrueSummary;
}

export interface PpoTrueSummary {
  /** Final greedy true return per seed, in seed order. */
  perSeed: number[];
  median: number;
  episodes: number;
  /**
   * The true return that is 90% of PPO-true's median as a plain ratio: 0.9·median for positive
   * returns, median / 0.9 for negative ones (PPO-true / loop ≥ 0.9).
   */
  ninetyPercent: number;
  /** Loop seeds whose final true return reaches `ninetyPercent`. */
  loopSeedsAtNinety: number;
}
