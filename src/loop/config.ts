/**
 * Configuration of a reward-modeling run: every knob with its default, in one place. A run's
 * config.json holds the WHOLE resolved config (src/app/resolve-config.ts: defaults → env
 * preset → user options, resolved and validated once); a resumed run reads it and never
 * consults presets again, so a preset edit cannot change an existing run.
 */
import { ConfigError, checkNumber } from '../core/errors.js';
import type { PpoConfig } from '../agents/ppo.js';
import type { RewardModelOptions } from '../rewards/reward-model.js';
import type { RewardTrainerOptions } from '../rewards/reward-trainer.js';
import { checkDemonstrations, type DemonstrationsConfig } from './demonstration-source.js';
import { checkAsk, type AskKind, type RatingScale } from './rating-queries.js';
import { checkDemoSteps } from './demo-queries.js';

export interface RewardModelingConfig {
  kind: 'rewardlab-rm-config';
  /** 2: the agent, reward-model and trainer parts are complete (version 1 kept only overrides). */
  version: 2;
  /** Env id; fixed-horizon variants are recommended (episode ends leak the reward otherwise). */
  envId: string;
  /** Seed of everything: envs, agent, reward model, queries, synthetic teacher. */
  seed: number;
  /** Total label budget. Default 200. */
  labels: number;
  /** Agent env steps. Default: the PPO preset of the env (e.g. 100k for CartPole). */
  agentSteps: number;
  /** Steps per compared segment. Default 25. */
  fragmentLength: number;
  /** Share of the budget asked on random-policy segments before RL starts. Default 0.25. */
  initialShare: number;
  /** Label-rate decay constant as a fraction of agentSteps. Default 0.25. */
  scheduleDecay: number;
  /** Candidate pairs sampled per query (for disagreement/entropy selection). Default 10. */
  candidateFactor: number;
  /** Query selector. Default 'disagreement'. 'red-team' (gridworlds only): planned segments the model may get wrong go first (loop/red-team-role.ts). */
  selector: 'uniform' | 'disagreement' | 'entropy' | 'red-team';
  /** The red team's weight β of ensemble spread, planner temperature τ, and share of each round. Default { beta: 1, tau: 0.1, share: 0.5 }; used with selector 'red-team'. */
  redTeam?: { beta: number; tau: number; share: number };
  /** Feedback source, e.g. 'synthetic', 'synthetic:mistake', 'synthetic:beta=1,eps=0.1'. Default 'synthetic'. */
  feedback: string;
  /** Share of labels held out for validation. Default 0.2. */
  heldOutShare: number;
  /** PPO iterations between query rounds. Default 5. */
  queryEvery: number;
  /** Random-policy episodes collected up front. Default 6. */
  initialEpisodes: number;
  /** Recent agent trajectories kept as the fragment pool. Default 48. */
  poolSize: number;
  /** Episodes of each alignment measurement. Default 4. */
  evalEpisodes: number;
  /** Measure alignment every this many PPO iterations. Default 10. */
  evalEvery: number;
  /** Pessimism: the agent's reward is mean − λ·(ensemble std), discouraging states the model is unsure about. Default 0. */
  uncertaintyPenalty: number;
  /** Record renderable frames with fragments (needed to show clips to people). Default false. */
  recordFrames: boolean;
  /**
   * Paced by the person: the agent pauses while more than this many asked queries are still
   * unanswered (the reward model keeps training on what it has), and a run with unanswered
   * queries at the end of its steps waits for them (or for `finish`). Default null — never
   * pause (synthetic teachers answer at once); 8 when feedback is 'human'.
   */
  maxOutstanding?: number | null;
  /**
   * The feedback store: null = SQLite at `<run dir>/feedback.sqlite` (the default); otherwise a
   * path or a `postgres://user@host:port/db?run=name` URL (no password: give it in PGPASSWORD
   * or ~/.pgpass), so many labeling servers on many machines can share one run's store.
   */
  store?: string | null;
  /** The task in one sentence, shown to labelers above the clips. Default null: the env's own (src/server/instructions.ts). */
  instructions?: string | null;
  /**
   * A module that registers the env when imported (the user's own env, src/envs/env-module.ts),
   * as an absolute path or a package name; resume and a labeling run's training thread import
   * it again. Default null (a built-in env; absent in older run configs).
   */
  envModule?: string | null;
  /**
   * Demonstration episodes added to the fragment pool for the whole run (src/loop/demonstration-source.ts),
   * e.g. { policy: 'acrobot-energy', episodes: 8 }. Default null (none; absent in older run configs).
   */
  demonstrations?: DemonstrationsConfig | null;
  /**
   * Unsupervised pre-exploration (Leike et al. 2018 §5.3; PEBBLE): agent steps spent before the
   * first query maximising a state-entropy reward (src/rewards/state-entropy.ts) instead of the
   * learned one; the warm-start clips then come from this agent instead of the random policy.
   * Part of `agentSteps`. Default 0 (random-policy warm start; absent in older run configs).
   */
  preExploreSteps?: number;
  /**
   * The kinds of question asked, taking turns query by query within the label budget
   * (src/loop/rating-queries.ts): 'preference' compares two clips, 'rating' rates one on 1…5,
   * 'demo' asks to play one episode (src/loop/demo-queries.ts; discrete action spaces only), 'goal'
   * to mark the frames of one clip that look like "done" (trained as the goal classifier term),
   * 'correction' to take over one agent clip at a step and play the rest (src/loop/correction-queries.ts;
   * discrete action spaces only; trained as corrected ≻ original). With synthetic feedback each
   * kind is answered by the default synthetic teacher of src/loop/synthetic-teachers.ts.
   * Default ['preference'] (absent in older run configs).
   */
  ask?: AskKind[];
  /** Steps of one demonstration ('demo' in `ask`): the episode is cut there (it may end sooner). Default null: 4 × fragmentLength. */
  demoSteps?: number | null;
  /** The synthetic rater's scale (hidden reward per step rated 1 and top, and its noise). Default: the env preset's; null when it has none (absent in older run configs). */
  rating?: RatingScale | null;
  /** The reward-model ensemble, complete (REWARD_MODEL_DEFAULTS ← preset ← user). */
  rewardModel: RewardModelOptions;
  /** Its trainer, complete (REWARD_TRAINER_DEFAULTS ← preset ← user). */
  rewardTrainer: RewardTrainerOptions;
  /** The agent, complete (PPO_DEFAULTS ← the env's PPO preset ← the loop preset ← user); seed and totalSteps filled in. */
  ppo: PpoConfig;
}

/** What a caller may set: any field, and any part of the nested option bags. */
export type RewardModelingOptions = Partial<Omit<RewardModelingConfig, 'rewardModel' | 'rewardTrainer' | 'ppo'>> & {
  envId: string;
  rewardModel?: Partial<RewardModelOptions>;
  rewardTrainer?: Partial<RewardTrainerOptions>;
  ppo?: Partial<PpoConfig>;
};

export const RM_DEFAULTS: Omit<RewardModelingConfig, 'envId' | 'agentSteps' | 'rewardModel' | 'rewardTrainer' | 'ppo'> = {
  kind: 'rewardlab-rm-config', version: 2, seed: 0, labels: 200, fragmentLength: 25, initialShare: 0.25, scheduleDecay: 0.25, candidateFactor: 10,
  selector: 'disagreement', feedback: 'synthetic', heldOutShare: 0.2, queryEvery: 5, initialEpisodes: 6, poolSize: 48, evalEpisodes: 4, evalEvery: 10,
  recordFrames: false, uncertaintyPenalty: 0, demonstrations: null, maxOutstanding: null, store: null, instructions: null, preExploreSteps: 0, ask: ['preference'], rating: null,
  redTeam: { beta: 1, tau: 0.1, share: 0.5 },
};

/** The query selectors a config may name. */
export const SELECTORS: RewardModelingConfig['selector'][] = ['uniform', 'disagreement', 'entropy', 'red-team'];

export function checkRmConfig(c: RewardModelingConfig): RewardModelingConfig {
  if (c.kind !== 'rewardlab-rm-config') throw new ConfigError('kind', c.kind, "must be 'rewardlab-rm-config'");
  if (c.version !== 2) throw new ConfigError('version', c.version, 'must be 2 (this config was written by an older RewardLab that stored only overrides; start a new run)');
  checkNumber('seed', c.seed, { min: 0, integer: true });
  checkNumber('labels', c.labels, { min: 2, integer: true });
  checkNumber('agentSteps', c.agentSteps, { min: 1, integer: true });
  checkNumber('fragmentLength', c.fragmentLength, { min: 1, integer: true });
  checkNumber('initialShare', c.initialShare, { min: 0, max: 1 });
  checkNumber('scheduleDecay', c.scheduleDecay, { min: 0, exclusiveMin: true });
  checkNumber('candidateFactor', c.candidateFactor, { min: 1, integer: true });
  checkNumber('heldOutShare', c.heldOutShare, { min: 0, max: 0.9 });
  checkNumber('queryEvery', c.queryEvery, { min: 1, integer: true });
  checkNumber('initialEpisodes', c.initialEpisodes, { min: 1, integer: true });
  checkNumber('poolSize', c.poolSize, { min: 2, integer: true });
  checkNumber('evalEpisodes', c.evalEpisodes, { min: 1, integer: true });
  checkNumber('evalEvery', c.evalEvery, { min: 1, integer: true });
  checkNumber('uncertaintyPenalty', c.uncertaintyPenalty, { min: 0 });
  if (c.store !== null && c.store !== undefined && (typeof c.store !== 'string' || c.store.trim() === '')) throw new ConfigError('store', c.store, 'must be null (SQLite in the run directory), a file path or a postgres:// URL');
  if (typeof c.store === 'string' && /^postgres(ql)?:\/\/[^/@]*:[^/@]*@/i.test(c.store)) throw new ConfigError('store', c.store.replace(/:[^:@/]*@/, ':***@'), 'must not contain a password (it would be written to config.json); give it in PGPASSWORD or ~/.pgpass');
  if (c.envModule !== null && c.envModule !== undefined && (typeof c.envModule !== 'string' || c.envModule.trim() === '')) throw new ConfigError('envModule', c.envModule, 'must be null or the path or package name of a module that registers the env');
  if (c.instructions !== null && c.instructions !== undefined && (typeof c.instructions !== 'string' || c.instructions.trim() === '' || c.instructions.length > 500)) throw new ConfigError('instructions', c.instructions, 'must be a sentence of 1–500 characters');
  if (c.maxOutstanding !== null && c.maxOutstanding !== undefined) checkNumber('maxOutstanding', c.maxOutstanding, { min: 0, max: 100_000, integer: true });
  checkDemonstrations(c.demonstrations, c.envId);
  if (c.preExploreSteps !== undefined) checkNumber('preExploreSteps', c.preExploreSteps, { min: 0, max: c.agentSteps, integer: true });
  if (c.ask !== undefined) checkAsk(c.ask, c.rating, c.feedback, c.envId);
  checkDemoSteps(c.demoSteps, c.fragmentLength);
  if (!SELECTORS.includes(c.selector)) throw new ConfigError('selector', c.selector, `must be one of ${SELECTORS.map((s) => `'${s}'`).join(', ')}`);
  if (c.redTeam !== undefined) {
    checkNumber('redTeam.beta', c.redTeam?.beta, { min: 0 });
    checkNumber('redTeam.tau', c.redTeam?.tau, { min: 0, exclusiveMin: true });
    checkNumber('redTeam.share', c.redTeam?.share, { min: 0, max: 1 });
  }
  return c;
}

/** Options without a required env id (presets, experiment cases, overrides). */
export type RewardModelingOverrides = Omit<RewardModelingOptions, 'envId'> & { envId?: string };
