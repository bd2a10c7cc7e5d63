/** One line of a run's metrics.jsonl (written after every agent iteration). */
import type { AlignmentReport } from '../analysis/alignment.js';
import type { RewardTrainingStats } from '../rewards/reward-trainer.js';

export interface LoopMetrics {
  iteration: number;
  globalStep: number;
  labels: number;
  queries: number;
  pendingQueries: number;
  rewardModel: RewardTrainingStats | null;
  alignment: Omit<AlignmentReport, 'segments'> | null;
  /** Mean return under the learned (standardised) reward of the agent's finished episodes. */
  agentLearnedReturn: number | null;
  /** Runs that ask for demonstrations ('demo' in config.ask): demonstration records folded, and the demo ≻ agent pairs the last reward-model round trained on. */
  demonstrations?: { folded: number; pairs: number };
  /** Runs that ask for goal examples ('goal' in config.ask): goal records folded and the goal examples (marked / other steps of each clip) the goal term trains on. */
  goals?: { folded: number; examples: number };
  /** Runs that ask for corrections ('correction' in config.ask): correction records folded (each one corrected ≻ original pair of the correction term). */
  corrections?: { folded: number };
  wallSeconds: number;
  time: { env: number; inference: number; agentUpdate: number; rewardModel: number; feedback: number };
}
