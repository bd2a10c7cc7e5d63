/**
 * The loop's replaceable roles and its observer hooks. Every role has a default built from
 * the resolved config (`defaultRoles`); a caller replaces any of them by passing its own to
 * `new RewardModelingLoop(config, dir, roles)`. Experiments observe the loop through
 * `LoopObserver` hooks and never reach into its internals.
 */
import type { RewardFreeEnv } from '../core/env.js';
import { ConfigError } from '../core/errors.js';
import type { Rng } from '../core/rng.js';
import { Box } from '../core/spaces/box.js';
import { Discrete } from '../core/spaces/discrete.js';
import type { Action, Trajectory } from '../core/types.js';
import type { Agent, AgentIteration } from '../agents/agent.js';
import { PpoAgent } from '../agents/ppo-agent.js';
import type { PpoRuntime } from '../agents/ppo.js';
import { RewardModel, type ActionEncoding } from '../rewards/reward-model.js';
import { RewardTrainer, type LabeledPair, type RewardTrainingStats } from '../rewards/reward-trainer.js';
import { makeQuerySelector, type QuerySelector } from '../preferences/query-selector.js';
import type { FeedbackSource } from '../preferences/feedback-source.js';
import type { KindedFeedbackSource } from '../preferences/kinded-feedback-source.js';
import { MixedTrainerRole } from '../rewards/mixed-trainer-role.js';
import type { RatedSegment } from '../rewards/rating-loss.js';
import type { GoalExample } from '../rewards/goal-loss.js';
import type { FeedbackStore } from '../feedback/feedback-store.js';
import type { AlignmentReport } from '../analysis/alignment.js';
import type { RewardModelingConfig } from './config.js';
import { redTeamQuerySelector } from './red-team-role.js';
import type { LoopMetrics } from './metrics.js';

/** What the agent is given: reward-free envs with a placeholder reward, and the learned reward for batches. */
export type AgentRuntime = PpoRuntime;

export interface LoopRoles {
  /** Where answers come from (synthetic teacher, people in the browser, a dataset). Required. */
  feedback: FeedbackSource;
  /** Who answers the non-preference kinds `config.ask` lists: rates single clips ('rating' in its `kinds`), plays demonstrations ('demonstration'), marks goal frames ('goal'). Required then. */
  rater?: KindedFeedbackSource;
  /** Where every query and answer is kept (the FeedbackStore contract). Default (with `RewardModelingLoop.open`): SQLite at `<dir>/feedback.sqlite`. */
  store?: FeedbackStore;
  /** The reward-model ensemble. Default: `config.rewardModel` on the env's spaces. */
  rewardModel?: RewardModel;
  /** Trains the reward model on labelled pairs. Default: Bradley–Terry with `config.rewardTrainer`; with ratings, demonstrations or goal examples asked for, the mixed trainer (pairs + the folded ratings + demo ≻ agent pairs + goal examples). */
  trainer?: RewardTrainer;
  /** Builds the agent that optimises the learned reward. Default: PPO with `config.ppo`. */
  agent?: (runtime: AgentRuntime) => Agent;
  /** Chooses which candidate pairs to ask about. Default: `makeQuerySelector(name)`. */
  querySelector?: (name: RewardModelingConfig['selector']) => QuerySelector;
  /** Told what happens, in order; never changes the run. */
  observers?: LoopObserver[];
  /**
   * Run reward-model rounds on a second thread while the agent updates (both cores; the same
   * run bit for bit). Only for the trainers the thread can rebuild (the defaults) and agents that
   * split their iteration (`collect` / `finishIteration`, as PPO does). Default true.
   */
  trainingThread?: boolean;
}

export interface LoopObserver {
  /** The segments collected before RL starts (random policy), once per run (also on resume before the first checkpoint). */
  onWarmStart?(e: { trajectories: readonly Trajectory[] }): void;
  /** After every agent iteration: its finished episodes (with their sealed evaluation channel, for evaluators). */
  onRollout?(e: { iteration: AgentIteration }): void;
  /** Answers were folded into the dataset. */
  onLabelsFolded?(e: { round: number; added: number; labels: number }): void;
  /** A reward-model round finished. */
  onRewardModelTrained?(e: { round: number; stats: RewardTrainingStats }): void;
  /** An alignment measurement (true vs learned return of the current agent) finished. */
  onEvaluation?(e: { iteration: number; alignment: AlignmentReport }): void;
  /** The metrics line written to metrics.jsonl for this iteration. */
  onMetrics?(m: LoopMetrics): void;
  onLog?(text: string): void;
}

export interface ResolvedRoles {
  feedback: FeedbackSource;
  rater: KindedFeedbackSource | null;
  store: FeedbackStore;
  model: RewardModel;
  trainer: RewardTrainer;
  agent: Agent;
  querySelector: (name: RewardModelingConfig['selector']) => QuerySelector;
  observers: LoopObserver[];
}

/** Fills in every role the caller did not pass. */
export function resolveRoles(
  config: RewardModelingConfig,
  roles: LoopRoles & { store: FeedbackStore },
  o: { probe: RewardFreeEnv<Float32Array, Action>; modelRng: Rng; runtime: AgentRuntime; /** The folded ratings, for the default trainer of a run that asks for them. */ ratings: () => RatedSegment[]; /** The demo ≻ agent pairs of the folded demonstrations for the coming round. */ demoPairs: () => LabeledPair[]; /** The folded goal examples. */ goals: () => GoalExample[]; /** The folded corrections' corrected ≻ original pairs. */ corrections?: () => LabeledPair[] },
): ResolvedRoles {
  const obsSpace = o.probe.observationSpace;
  const actSpace = o.probe.actionSpace;
  if (!(obsSpace instanceof Box)) throw new Error(`reward modeling needs a Box observation space; ${config.envId} has ${obsSpace}`);
  const action: ActionEncoding = actSpace instanceof Discrete ? { kind: 'discrete', n: actSpace.n } : { kind: 'box', dim: (actSpace as Box).flatDim };
  const model = roles.rewardModel ?? new RewardModel(obsSpace.flatDim, action, config.rewardModel, o.modelRng);
  const rates = (config.ask ?? ['preference']).includes('rating');
  const demos = (config.ask ?? ['preference']).includes('demo');
  const goals = (config.ask ?? ['preference']).includes('goal');
  const corrects = (config.ask ?? ['preference']).includes('correction');
  if (corrects && !roles.rater?.kinds.includes('intervention')) throw new ConfigError('ask', (config.ask ?? []).join(','), `asks for corrections, but no corrector was given (roles.rater${roles.rater ? ` answers ${roles.rater.kinds.join(', ')}` : ''}; people take over on the labeling page with --feedback human)`);
  if (rates && !roles.rater?.kinds.includes('rating')) throw new ConfigError('ask', (config.ask ?? []).join(','), `asks for ratings, but no rater was given (roles.rater${roles.rater ? ` answers ${roles.rater.kinds.join(', ')}` : ''})`);
  if (goals && !roles.rater?.kinds.includes('goal')) throw new ConfigError('ask', (config.ask ?? []).join(','), `asks for goal examples, but no goal marker was given (roles.rater${roles.rater ? ` answers ${roles.rater.kinds.join(', ')}` : ''}; people mark frames on the labeling page with --feedback human)`);
  if (demos && !roles.rater?.kinds.includes('demonstration')) throw new ConfigError('ask', (config.ask ?? []).join(','), `asks for demonstrations, but no demonstrator was given (roles.rater${roles.rater ? ` answers ${roles.rater.kinds.join(', ')}` : ''}; people play on the labeling page with --feedback human)`);
  return {
    feedback: roles.feedback,
    rater: rates || demos || goals || corrects ? roles.rater! : null,
    store: roles.store,
    model,
    trainer: roles.trainer ?? (rates || demos || goals || corrects ? new MixedTrainerRole(model, config.rewardTrainer, { extra: () => ({ rating: o.ratings(), demonstration: o.demoPairs(), goal: o.goals(), ...(corrects ? { correction: o.corrections?.() ?? [] } : {}) }) }) : new RewardTrainer(model, config.rewardTrainer)),
    agent: (roles.agent ?? ((rt) => new PpoAgent(config.ppo, rt)))(o.runtime),
    querySelector: roles.querySelector ?? (config.selector === 'red-team' ? redTeamQuerySelector(config, model) : makeQuerySelector),
    observers: roles.observers ?? [],
  };
}
