/**
 * The reward-modeling loop (Leike et al. 2018 §3.1, Fig. 1): the user trains a reward model
 * with feedback, the reward model rewards an RL agent, and both train at the same time.
 * A short orchestrator over injected roles (src/loop/roles.ts), each with a default:
 *   trajectory sources (random policy up front, demonstrations, then the agent's rollouts) →
 *   fragmenter → query selector → feedback source (async) → feedback store → reward trainer →
 *   agent (the `Agent` contract; PPO by default) rewarded by the standardised reward model.
 * Observers (`LoopObserver`) are told about rollouts, folded labels, reward-model rounds and
 * evaluations; nothing outside reaches into the loop's internals.
 */
import { join } from 'node:path';
import type { RewardFreeEnv } from '../core/env.js';
import type { Rng, RngState } from '../core/rng.js';
import { DataFormatError } from '../core/errors.js';
import { streamRng, streamSeed } from '../core/seed-streams.js';
import type { Scene } from '../core/scene.js';
import type { Action, Trajectory } from '../core/types.js';
import { make } from '../envs/registry.js';
import { hideReward, withReward } from '../wrappers/hide-reward.js';
import type { Agent, AgentIteration } from '../agents/agent.js';
import { RewardModel, fragmentBatch, type RewardModelMeta, type TransitionBatch } from '../rewards/reward-model.js';
import { trainRound } from '../rewards/train-round.js';
import { RewardTrainingThread, applyTrainingResult, canTrainInThread, trainingJob, type TrainingResult } from '../rewards/training-thread.js';
import { RewardTrainer, type LabeledPair, type RewardTrainingStats } from '../rewards/reward-trainer.js';
import type { QuerySelector } from '../preferences/query-selector.js';
import type { FeedbackSource } from '../preferences/feedback-source.js';
import type { FeedbackStore } from '../feedback/feedback-store.js';
import { SqliteFeedbackStore } from '../feedback/sqlite-store.js';
import { measureAlignment, type AlignmentReport } from '../analysis/alignment.js';
import { readBundle, writeBundle } from '../nn/bundle.js';
import { replaceCheckpoint } from '../runs/checkpoint-dir.js';
import { appendMetrics, readJson, truncateMetrics, writeJsonAtomic } from '../runs/run-dir.js';
import { checkRmConfig, type RewardModelingConfig } from './config.js';
import { decodePool, encodePool } from './trajectory-codec.js';
import type { LoopMetrics } from './metrics.js';
import { resolveRoles, type LoopObserver, type LoopRoles } from './roles.js';
import { AskRound } from './ask-round.js';
import { rolloutTrajectories } from '../core/rollout.js';
import { recordDemonstrations } from './demonstration-source.js';
import { preExplore } from './pre-explore.js';
import { StateEntropyReward } from '../rewards/state-entropy.js';
import type { KindedFeedbackSource } from '../preferences/kinded-feedback-source.js';

export type { LoopMetrics } from './metrics.js';
export type { LoopObserver, LoopRoles } from './roles.js';

/**
 * The loop's own part of a checkpoint (loop.json; the fragment pool is pool.json, the agent,
 * reward model and its trainer are bundles beside it). With it a resumed run continues
 * exactly: the same queries, the same dataset in the same order, the same random draws.
 */
export interface LoopState {
  kind: 'rewardlab-rm-loop';
  version: 2;
  rngs: { queries: RngState; training: RngState };
  /** Every query id this loop has asked, in order. */
  asked: string[];
  /** Store seqs of the answers folded into the dataset, in fold order (answers without a training target included). */
  folded: number[];
  /** Retractions processed (seq high-water): those answers are out of the dataset. */
  retractionUpto: number;
  queriesAsked: number;
  lastTraining: RewardTrainingStats | null;
  alignment: Omit<AlignmentReport, 'segments'> | null;
  /** Demo ≻ agent pairs of the last reward-model round (runs that ask for demonstrations; absent in older checkpoints). */
  demoPairs?: number;
}

/** What `runLoop` reports to: the loop's observer hooks. */
export type LoopHooks = LoopObserver;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Where a person-paced run stands: shown on the labeling page. */
export interface PacingState {
  /** The agent waits for answers. */
  paused: boolean;
  /** Answers still needed before the agent continues (0 when it runs). */
  answersNeeded: number;
  /** Asked and not answered yet. */
  outstanding: number;
}

export class RewardModelingLoop {
  /** Candidate sampling and query selection (stream `queries`). */
  private readonly queryRng: Rng;
  /** Reward-model rounds: bootstrap, shuffles, calibration sample (stream `reward-training`). */
  private readonly trainingRng: Rng;
  readonly model: RewardModel;
  readonly trainer: RewardTrainer;
  /** Where reward-model rounds run while the agent updates (null: here, after the update). */
  private readonly thread: RewardTrainingThread | null;
  readonly agent: Agent;
  readonly store: FeedbackStore;
  readonly feedback: FeedbackSource;
  private readonly selector: (name: RewardModelingConfig['selector']) => QuerySelector;
  private readonly observers: LoopObserver[];
  private pool: Trajectory[] = [];
  /** Demonstration episodes (config.demonstrations): always in the fragment pool, never evicted. */
  readonly demonstrations: Trajectory[];
  /** What was asked and what was folded (ask-round.ts). */
  private readonly round: AskRound;
  /** The reward-model round being trained, and how many demo ≻ agent pairs it got. */
  private trainingRound = 0;
  private lastDemoPairs = 0;
  private lastTraining: RewardTrainingStats | null = null;
  private readonly started = performance.now();
  private readonly time = { env: 0, inference: 0, agentUpdate: 0, rewardModel: 0, feedback: 0 };
  private alignment: Omit<AlignmentReport, 'segments'> | null = null;
  private frames: Scene[] | null = null;
  private finishRequested = false;
  /** The last round, evaluation and checkpoint after a finish request have run (see finalWait). */
  private finalized = false;
  private pausedNow = false;
  /** Who rates clips (config.ask includes 'rating'). */
  private readonly rater: KindedFeedbackSource | null;
  /** During pre-exploration: the reward the agent gets instead of the learned one. */
  private explorer: StateEntropyReward | null = null;
  /** While paused: how many unanswered queries the agent may run ahead with (0 in the wait at the end). */
  private allowedNow = 0;

  /**
   * A loop over `roles`, opening the default store (SQLite at `<dir>/feedback.sqlite`) when
   * none is given. `config` must be resolved (src/app/resolve-config.ts).
   */
  static async open(config: RewardModelingConfig, dir: string, roles: LoopRoles): Promise<RewardModelingLoop> {
    const store = roles.store ?? (await SqliteFeedbackStore.open(join(dir, 'feedback.sqlite')));
    return new RewardModelingLoop(config, dir, { ...roles, store });
  }

  /** `config` must be resolved (src/app/resolve-config.ts); `roles` replace any default role; the store is opened by the caller (or use `open`). */
  constructor(
    readonly config: RewardModelingConfig,
    readonly dir: string,
    roles: LoopRoles & { store: FeedbackStore },
  ) {
    checkRmConfig(config);
    this.queryRng = streamRng(config.seed, 'queries');
    this.trainingRng = streamRng(config.seed, 'reward-training');
    const modelRng = streamRng(config.seed, 'reward-model');
    const r = resolveRoles(config, roles, {
      probe: this.rewardFreeEnv(), modelRng, ratings: () => this.round.rated, demoPairs: () => this.demoPairs(), goals: () => this.round.goalExamples, corrections: () => this.round.correctionPairs,
      runtime: { makeEnv: () => this.agentEnv(), reward: (batch) => this.learnedReward(batch), recordTrajectories: true, recordFrames: config.recordFrames, envId: config.envId },
    });
    this.model = r.model;
    this.trainer = r.trainer;
    this.thread = roles.trainingThread !== false && canTrainInThread(r.trainer, r.model) ? new RewardTrainingThread() : null;
    this.agent = r.agent;
    this.store = r.store;
    this.feedback = r.feedback;
    this.rater = r.rater;
    this.selector = r.querySelector;
    this.observers = r.observers;
    this.round = new AskRound({ config, store: r.store, feedback: r.feedback, rater: r.rater, selector: r.querySelector, trainer: r.trainer, model: r.model, queryRng: this.queryRng, policy: (o) => this.agent.act(o, true), log: (t) => this.log(t) });
    const demos = config.demonstrations;
    this.demonstrations = demos ? recordDemonstrations(this.rewardFreeEnv(), demos, { seed: streamSeed(config.seed, 'demonstrations'), envId: config.envId, recordFrames: config.recordFrames }) : [];
  }

  /** The latest alignment measurement (true vs learned return of the current agent). */
  get lastAlignment(): Omit<AlignmentReport, 'segments'> | null {
    return this.alignment;
  }

  /** Frames of the agent's latest recorded episode (when frames are recorded). */
  get latestFrames(): Scene[] | null {
    return this.frames;
  }

  /** The latest reward-model round's statistics. */
  get lastRewardTraining(): RewardTrainingStats | null {
    return this.lastTraining;
  }

  /** Labels in the dataset so far (answered pairs with a preference, and ratings). */
  get labels(): number {
    return this.round.dataset.length + this.round.rated.length + this.round.demonstrationRecords + this.round.goalRecords + this.round.correctionPairs.length;
  }

  private emit<K extends keyof LoopObserver>(hook: K, ...args: Parameters<NonNullable<LoopObserver[K]>>): void {
    for (const o of this.observers) (o[hook] as ((...a: unknown[]) => void) | undefined)?.call(o, ...args);
  }

  /** The agent's env: reward-free, with a zero placeholder reward (PPO gets the learned one in batch). */
  private agentEnv() {
    return withReward(hideReward(make(this.config.envId)), () => 0);
  }

  private rewardFreeEnv(): RewardFreeEnv<Float32Array, Action> {
    return hideReward(make(this.config.envId)) as RewardFreeEnv<Float32Array, Action>;
  }

  /** The learned reward the agent optimises: standardised ensemble mean − λ·spread (λ = uncertaintyPenalty). */
  learnedReward(batch: TransitionBatch): Float32Array {
    if (this.explorer) return this.explorer.reward(batch);
    const { mean, std } = this.model.predict(batch);
    const lambda = this.config.uncertaintyPenalty;
    if (lambda > 0) for (let k = 0; k < batch.n; k++) mean[k] -= lambda * std[k];
    return mean;
  }

  /** Ask for labels until `labelsDue` is met at `globalStep` (ask-round.ts); answers arrive async. */
  private async askQueries(globalStep = this.agent.globalStep): Promise<void> {
    const t0 = performance.now();
    await this.round.ask(globalStep, this.pool, this.demonstrations);
    this.time.feedback += (performance.now() - t0) / 1000;
  }

  /** Fold the answers that have arrived (ask-round.ts); returns how many were added or removed. */
  private async foldAnswers(round: number): Promise<number> {
    const { added, removed } = await this.round.fold(round);
    if (added > 0 || removed > 0) this.emit('onLabelsFolded', { round, added, labels: this.labels });
    return added + removed;
  }

  /** Synthetic teachers answer at once: wait until their answers are durable, so every run folds the same answers at the same round whatever the store's latency. */
  private settleImmediateAnswers(): Promise<void> {
    return this.round.settleImmediateAnswers();
  }

  /** The demonstration term's pairs for the round being trained (ask-round.ts), remembered for the metrics line. */
  private demoPairs(): LabeledPair[] {
    const pairs = this.round.demonstrationPairs(this.pool, this.trainingRound);
    this.lastDemoPairs = pairs.length;
    return pairs;
  }

  /** Standardised over with the labelled segments: the folded demonstrations, goal-marked states and corrections (none unless those are asked for). */
  private calibrationSegments(): TransitionBatch[] {
    return [...this.round.demonstrations.map((t) => fragmentBatch(t.observations, t.actions)), ...this.round.goalExamples.map((g) => g.states), ...this.round.correctionPairs.flatMap((p) => [p.left, p.right])];
  }

  /** A reward-model round here, on every folded label (train-round.ts: train, then re-standardise). */
  private trainRewardModel(round: number): void {
    const t0 = performance.now();
    this.trainingRound = round;
    this.lastTraining = trainRound(this.model, this.trainer, this.round.dataset, this.round.rated, this.trainingRng, this.calibrationSegments());
    this.time.rewardModel += (performance.now() - t0) / 1000;
    this.emit('onRewardModelTrained', { round, stats: this.lastTraining });
  }

  /** The same round on the training thread: started now, the model and trainer unchanged until `endThreadRound`. */
  private startThreadRound(thread: RewardTrainingThread, round: number): { t0: number; result: Promise<TrainingResult> } {
    this.trainingRound = round;
    return { t0: performance.now(), result: thread.run(trainingJob(this.model, this.trainer, this.round.dataset, this.round.rated, this.trainingRng, this.calibrationSegments())) };
  }

  private async endThreadRound(round: number, started: { t0: number; result: Promise<TrainingResult> }): Promise<void> {
    this.lastTraining = applyTrainingResult(await started.result, this.model, this.trainer, this.trainingRng);
    this.time.rewardModel += (performance.now() - started.t0) / 1000; // overlaps the agent's update
    this.emit('onRewardModelTrained', { round, stats: this.lastTraining });
  }

  /** Before RL: random-policy segments, the initial share of labels, the first reward model. */
  async warmStart(): Promise<void> {
    this.pool = (this.config.preExploreSteps ?? 0) > 0
      ? this.preExplore(this.config.preExploreSteps!)
      : rolloutTrajectories(this.rewardFreeEnv(), { episodes: this.config.initialEpisodes, seed: streamSeed(this.config.seed, 'warm-start'), envId: this.config.envId, recordFrames: this.config.recordFrames, firstEpisode: 1_000_000 });
    await this.askQueries();
    // Synthetic users answer at once; people answer while the agent already trains (RL never waits).
    if (!this.feedback.storesAnswers) await this.round.settleAll();
    this.emit('onWarmStart', { trajectories: this.pool });
    if ((await this.foldAnswers(0)) > 0) this.trainRewardModel(0);
  }

  /** Pre-exploration (config.preExploreSteps): the agent on the state-entropy reward; its latest episodes are the warm-start pool. */
  private preExplore(steps: number): Trajectory[] {
    this.explorer = new StateEntropyReward();
    try {
      return preExplore(this.agent, { steps, poolSize: this.config.poolSize, minLength: this.config.fragmentLength, onIteration: (iteration) => this.emit('onRollout', { iteration }), log: (t) => this.emit('onLog', t) });
    } finally {
      this.explorer = null;
    }
  }

  /** One agent iteration, plus a query round and reward-model training when due. */
  /** Ask the run to end: the agent stops at the next iteration boundary, waiting for answers ends. */
  requestFinish(): void {
    this.finishRequested = true;
  }

  /** Paced by the person (config.maxOutstanding): is the agent waiting for answers? */
  get pacing(): PacingState {
    const max = this.pausedNow ? this.allowedNow : this.config.maxOutstanding;
    const outstanding = this.round.pending;
    const needed = max === null || max === undefined ? 0 : Math.max(0, outstanding - max);
    return { paused: this.pausedNow, answersNeeded: needed, outstanding };
  }

  /** While more queries are unanswered than allowed: fold what arrives, keep training the reward model on it. */
  private async waitForAnswers(round: number, allowed: number): Promise<void> {
    if (this.round.pending <= allowed || this.finishRequested) return;
    this.pausedNow = true;
    this.allowedNow = allowed;
    this.log(`waiting for answers: ${this.round.pending - allowed} more needed before the agent continues`);
    try {
      while (this.round.pending > allowed && !this.finishRequested) {
        await sleep(50);
        if ((await this.foldAnswers(round)) > 0) this.trainRewardModel(round);
      }
    } finally {
      this.pausedNow = false;
    }
  }

  async step(): Promise<LoopMetrics> {
    const max = this.config.maxOutstanding;
    if (max !== null && max !== undefined) await this.waitForAnswers(this.agent.iteration, max);
    // A finish request ends the run at the next step, with the same last round, evaluation and
    // checkpoint as a spent budget (the report, the certificate and a resume read that checkpoint).
    if (this.finishRequested) return this.finalWait(false);
    if (this.agent.done) return this.finalWait(true);
    if (this.thread && this.agent.collect && this.agent.finishIteration) return this.overlappedStep(this.thread);
    const stats = this.agent.iterate();
    this.emit('onRollout', { iteration: stats });
    this.takeRollout(stats);
    if (stats.iteration % this.config.queryEvery === 0 && this.pool.length > 0) await this.askQueries();
    await this.settleImmediateAnswers(); // let answers that are ready arrive
    if ((await this.foldAnswers(stats.iteration)) > 0) this.trainRewardModel(stats.iteration);
    return this.endStep(stats);
  }

  /**
   * The same step on both cores: the rollout, the asking and folding, then the agent's update
   * here while the reward-model round runs on the training thread. Nothing in the update reads
   * the reward model and nothing in the round reads the agent, so the run is the same bit for
   * bit; observers are told the same things in the same order (the rollout once its update is
   * done, so after the asking here).
   */
  private async overlappedStep(thread: RewardTrainingThread): Promise<LoopMetrics> {
    const rollout = this.agent.collect!();
    this.takeRollout(rollout);
    if (rollout.iteration % this.config.queryEvery === 0 && this.pool.length > 0) await this.askQueries(rollout.globalStep);
    await this.settleImmediateAnswers();
    const { added, removed } = await this.round.fold(rollout.iteration);
    const round = added + removed > 0 ? this.startThreadRound(thread, rollout.iteration) : null;
    const stats = this.agent.finishIteration!();
    this.emit('onRollout', { iteration: stats });
    this.time.agentUpdate += stats.time.update;
    if (added + removed > 0) this.emit('onLabelsFolded', { round: stats.iteration, added, labels: this.labels });
    if (round) await this.endThreadRound(stats.iteration, round);
    return this.endStep(stats);
  }

  /** The rollout's episodes into the fragment pool; its times. */
  private takeRollout(stats: AgentIteration): void {
    this.time.env += stats.time.env;
    this.time.inference += stats.time.inference + stats.time.reward;
    this.time.agentUpdate += stats.time.update;
    this.pool.push(...stats.trajectories.filter((t) => t.actions.length >= this.config.fragmentLength));
    const withFrames = stats.trajectories.filter((t) => t.frames?.length);
    if (withFrames.length) this.frames = withFrames[withFrames.length - 1].frames!;
    this.pool.splice(0, Math.max(0, this.pool.length - this.config.poolSize));
  }

  /** Evaluation when due, the metrics line, a checkpoint when due. */
  private endStep(stats: AgentIteration): LoopMetrics {
    const alignment = stats.iteration % this.config.evalEvery === 0 || this.agent.done ? this.evaluate(stats.iteration) : null;
    const learned = stats.episodeReturns;
    const m = this.metricsLine(stats.iteration, stats.globalStep, alignment, learned.length ? learned.reduce((a, b) => a + b, 0) / learned.length : null);
    if (stats.iteration % this.agent.checkpointEvery === 0 || this.agent.done) this.checkpoint();
    return m;
  }

  /** Measure the current agent's true vs learned return (the sealed channel, for evaluation only). */
  private evaluate(iteration: number): Omit<AlignmentReport, 'segments'> {
    const alignment = measureAlignment(this.rewardFreeEnv(), {
      episodes: this.config.evalEpisodes, seed: streamSeed(this.config.seed, 'evaluation'), segmentLength: this.config.fragmentLength,
      policy: (o) => this.agent.act(o, true), reward: (b) => this.model.predict(b),
    });
    this.alignment = (({ segments: _s, ...rest }) => rest)(alignment);
    this.emit('onEvaluation', { iteration, alignment });
    return this.alignment;
  }

  /** Write (and tell observers) the metrics line of this iteration. */
  private metricsLine(iteration: number, globalStep: number, alignment: Omit<AlignmentReport, 'segments'> | null, agentLearnedReturn: number | null): LoopMetrics {
    const m: LoopMetrics = {
      iteration, globalStep, labels: this.labels, queries: this.round.queriesAsked, pendingQueries: this.round.pending,
      rewardModel: this.lastTraining, alignment, agentLearnedReturn,
      ...((this.config.ask ?? []).includes('demo') ? { demonstrations: { folded: this.round.demonstrationRecords, pairs: this.lastDemoPairs } } : {}),
      ...((this.config.ask ?? []).includes('goal') ? { goals: { folded: this.round.goalRecords, examples: this.round.goalExamples.length } } : {}),
      ...((this.config.ask ?? []).includes('correction') ? { corrections: { folded: this.round.correctionPairs.length } } : {}),
      wallSeconds: (performance.now() - this.started) / 1000, time: { ...this.time },
    };
    appendMetrics(this.dir, { ...m });
    this.emit('onMetrics', m);
    return m;
  }

  checkpoint(): void {
    replaceCheckpoint(this.dir, (d) => {
      this.agent.save(d);
      writeBundle<RewardModelMeta>(join(d, 'reward-model'), { kind: 'rewardlab-reward-model', version: 1, meta: this.model.meta(), tensors: this.model.tensors() });
      const trainer = this.trainer.state();
      writeBundle<{ steps: number[] }>(join(d, 'reward-trainer'), { kind: 'rewardlab-reward-trainer', version: 1, meta: { steps: trainer.steps }, tensors: trainer.tensors });
      writeJsonAtomic(join(d, 'pool.json'), encodePool(this.pool));
      const state: LoopState = {
        kind: 'rewardlab-rm-loop', version: 2, rngs: { queries: this.queryRng.getState(), training: this.trainingRng.getState() },
        ...this.round.state(), lastTraining: this.lastTraining, alignment: this.alignment,
        ...((this.config.ask ?? []).includes('demo') ? { demoPairs: this.lastDemoPairs } : {}),
      };
      writeJsonAtomic(join(d, 'loop.json'), state);
    });
  }

  /**
   * Continue from a checkpoint exactly: agent, reward model, trainer, random streams, the
   * fragment pool, and the dataset as it was then (the answers folded by then, in order —
   * answers stored after the checkpoint are folded again when their round comes).
   */
  async restore(checkpointDir: string): Promise<void> {
    this.agent.restore(checkpointDir);
    const rm = readBundle<RewardModelMeta>(join(checkpointDir, 'reward-model'), { kind: 'rewardlab-reward-model', version: 1 });
    this.model.load(rm.meta, rm.tensors);
    const trainer = readBundle<{ steps: number[] }>(join(checkpointDir, 'reward-trainer'), { kind: 'rewardlab-reward-trainer', version: 1 });
    this.trainer.load({ steps: trainer.meta.steps, tensors: trainer.tensors });
    this.pool = decodePool(readJson(join(checkpointDir, 'pool.json'), 'fragment pool'), join(checkpointDir, 'pool.json'));
    const state = readJson<LoopState>(join(checkpointDir, 'loop.json'), 'loop state');
    if (state.kind !== 'rewardlab-rm-loop' || state.version !== 2) throw new DataFormatError(`${join(checkpointDir, 'loop.json')}: loop state version ${JSON.stringify(state.version)}; this RewardLab resumes version 2 (start a new run)`);
    this.queryRng.setState(state.rngs.queries);
    this.trainingRng.setState(state.rngs.training);
    this.lastTraining = state.lastTraining;
    this.alignment = state.alignment;
    this.lastDemoPairs = state.demoPairs ?? 0;
    await this.round.restore(state, join(checkpointDir, 'loop.json'));
    truncateMetrics(this.dir, this.agent.iteration);
  }

  /** The step budget is spent and (in a person-paced run) every asked query is answered, or finish was requested. */
  get done(): boolean {
    if (this.finishRequested) return this.finalized;
    if (!this.agent.done) return false;
    const max = this.config.maxOutstanding;
    return max === null || max === undefined || this.round.pending === 0 || this.finishRequested;
  }

  /**
   * After the last agent iteration of a person-paced run (wait for the outstanding answers) or a
   * finish request (take the answers there are): a last round, evaluation and checkpoint.
   */
  private async finalWait(waitForAnswers: boolean): Promise<LoopMetrics> {
    if (waitForAnswers) await this.waitForAnswers(this.agent.iteration, 0);
    if ((await this.foldAnswers(this.agent.iteration)) > 0) this.trainRewardModel(this.agent.iteration);
    const alignment = this.evaluate(this.agent.iteration);
    const m = this.metricsLine(this.agent.iteration, this.agent.globalStep, alignment, null);
    this.checkpoint();
    this.finalized = true;
    return m;
  }

  private log(text: string): void {
    this.emit('onLog', text);
  }

  async close(): Promise<void> {
    this.agent.close();
    await this.thread?.close();
    this.feedback.close?.();
    this.rater?.close?.();
    await this.store.close();
  }
}

/** Runs (or resumes) a loop to the end (or for `stopAfterIterations` more iterations). Observers are passed to the loop's constructor. */
export async function runLoop(loop: RewardModelingLoop, stopAfterIterations?: number): Promise<LoopMetrics | null> {
  let last: LoopMetrics | null = null;
  let ran = 0;
  while (!loop.done && (stopAfterIterations === undefined || ran < stopAfterIterations)) {
    last = await loop.step();
    ran++;
  }
  return last;
}
