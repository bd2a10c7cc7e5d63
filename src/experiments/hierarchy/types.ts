/** Config and result types of `rewardlab experiment hierarchy`, shared by the runner and its report. */
import type { HierarchyWeights } from '../../rewards/hierarchical-trainer.js';

/**
 * Which feedback the learner gets, always the same number of labels:
 * - `hierarchical`: clip pairs judged against the named subgoal active in both clips, plus a share
 *   (`taskLabelShare`) of whole-episode pairs judged against the task (Leike et al. 2018 §5.4);
 * - `flat-clips`: clip pairs of the same length judged against the task (the usual preferences);
 * - `flat-episodes`: whole-episode pairs judged against the task;
 * - `subgoals-only`: the ablation, hierarchical without its task level (every label a subgoal clip pair).
 */
export type Condition = 'hierarchical' | 'flat-clips' | 'flat-episodes' | 'subgoals-only';
export const CONDITIONS: readonly Condition[] = ['hierarchical', 'flat-clips', 'flat-episodes', 'subgoals-only'];

/** Simulated seconds a person spends on one pair query: a fixed part plus a part per step shown (both segments). */
export interface LabelCosts {
  perQuery: number;
  perStep: number;
}

export interface HierarchyConfig {
  /** The env the learner acts in (fixed horizon: where an episode ends does not leak the reward). */
  envId: string;
  /** Its plain form, whose states the planner enumerates. */
  planEnvId: string;
  conditions: Condition[];
  /** Label rounds; each round plays `episodesPerRound` episodes, asks `labelsPerRound` queries, trains and replans. */
  rounds: number;
  labelsPerRound: number;
  /** Random-policy episodes before the first round (the pool the first queries come from). */
  warmEpisodes: number;
  episodesPerRound: number;
  /** The collecting episodes take a uniformly random action with this probability (the evaluation agent is greedy). */
  explorationEpsilon: number;
  /** Steps per clip (subgoal-level and flat-clips queries). */
  clipLength: number;
  /** Hierarchical: the share of its labels asked about whole episodes against the task (at least one per round when > 0). */
  taskLabelShare: number;
  /** Loss weights of the two levels (src/rewards/hierarchical-trainer.ts). */
  weights: HierarchyWeights;
  /** Reward model: ensemble members and hidden layer sizes (input: the observation a transition arrives in). */
  members: number;
  hidden: number[];
  /**
   * Input transform of the reward model. Default 'standardize' (the loop's default; the published
   * numbers): each input is divided by its spread over the observed clips, so a plane that never
   * changed there (the walls, the absorbed flag) blows an unseen state such as the absorbing state
   * up to ±10 on every such input, and the untrained reward of that state is a large number of
   * random sign: whether the exact planner heads for the goal before any label says so is then a
   * coin flip per seed (see the report). 'tanh' feeds the one-hot planes as they are.
   */
  inputTransform: 'tanh' | 'standardize';
  /** Trainer: gradient steps per member per round, pairs per term and step, learning rate. */
  stepsPerRound: number;
  batch: number;
  learningRate: number;
  costs: LabelCosts;
  /** Held-out same-subgoal clip pairs scored after the last round (the reward's agreement with the subgoal teacher). */
  probePairs: number;
  quick: boolean;
}

/** The greedy agent after one round. */
export interface RoundPoint {
  labels: number;
  seconds: number;
  /** Hidden performance of the greedy planner's episode (−1 per step, +50 at the goal; 36 is optimal, −100 never reaching it). */
  performance: number;
  success: boolean;
  /** The furthest subgoal its episode finished: 0 none, 1 key, 2 door, 3 goal. */
  subgoalsDone: number;
}

/** One learning run: a condition, a seed. */
export interface ConditionRun {
  condition: Condition;
  seed: number;
  labels: number;
  /** Labels asked at each level (task: about episodes or flat clips; subgoal: per named subgoal). */
  labelsByLevel: Record<string, number>;
  /** Answers that were 'equal' (ties carry little information: the sparse task makes many). */
  ties: number;
  seconds: number;
  curve: RoundPoint[];
  final: RoundPoint;
  /** Labels spent when the greedy agent first reached the goal; null if it never did. */
  labelsToGoal: number | null;
  /** Share of rounds whose greedy agent reached the goal (the learned reward changes every round; the final round alone is noisy). */
  goalRoundShare: number;
  /** Share of held-out clip pairs (same subgoal active, never asked, teacher not tied) on which the final learned reward prefers the clip the subgoal teacher prefers; null without such pairs. 0.5 is chance. */
  subgoalAgreement: number | null;
  /** The strict held-out pairs behind it. */
  probePairs: number;
  /** Share of the collecting (exploring) episodes that reached the goal while it learned. */
  trainingSuccess: number;
}

export interface ConditionSummary {
  condition: Condition;
  seeds: number;
  meanFinalPerformance: number;
  /** Share of seeds whose final greedy agent reaches the goal. */
  finalSuccessRate: number;
  /** Seeds that ever reached the goal, and their mean labels to it. */
  reachedGoal: number;
  meanLabelsToGoal: number | null;
  /** Mean over seeds of the share of rounds whose greedy agent reached the goal. */
  meanGoalRoundShare: number;
  /** Mean over seeds of `subgoalAgreement` (seeds without held-out pairs left out). */
  meanSubgoalAgreement: number | null;
  meanSeconds: number;
  meanTrainingSuccess: number;
}

export interface HierarchyResult {
  config: HierarchyConfig;
  seeds: number[];
  runs: ConditionRun[];
  summary: ConditionSummary[];
}
