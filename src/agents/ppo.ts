/**
 * Proximal Policy Optimization (Schulman et al. 2017), CleanRL-style: one file, top to bottom.
 *   config → networks → rollout (vector env, same-step autoreset) → rewards (env or pluggable)
 *   → GAE with bootstrap on truncation → K epochs of clipped-surrogate minibatch updates.
 * `iterate()` runs one rollout + update, so an outer loop (reward modeling) can interleave
 * its own work. Checkpoints are taken between iterations; at each checkpoint boundary the
 * envs are re-seeded (in-flight episodes end as truncations, bootstrapped), so a resumed run
 * is bit-identical to an uninterrupted one. With `updateThreads: 2` the critic's half of each
 * minibatch runs on a worker thread (ppo-critic-thread.ts), giving the same bits.
 */
import type { AnyEnv } from '../core/env.js';
import { ConfigError } from '../core/errors.js';
import { Rng, type RngState } from '../core/rng.js';
import type { Sealed, EvaluationSignal } from '../core/sealed.js';
import type { Scene } from '../core/scene.js';
import { Box } from '../core/spaces/box.js';
import { Discrete } from '../core/spaces/discrete.js';
import type { Action, Trajectory } from '../core/types.js';
import { Adam } from '../nn/optim.js';
import { Mlp, type MlpInit } from '../nn/mlp.js';
import type { ActivationName } from '../nn/activations.js';
import { SyncVectorEnv } from '../vector/sync-vector-env.js';
import type { VectorEnv } from '../vector/vector-env.js';
import { RunningStats, type RunningStatsJSON } from '../wrappers/running-stats.js';
import { checkPpoConfig } from './ppo-config-check.js';
import { Categorical, DiagGaussian } from './action-distribution.js';
import { streamSeed } from '../core/seed-streams.js';
import { clipScale, gatherRows, minibatchRows, scaleGrads, sumSquares, type CriticUpdate } from './ppo-critic-step.js';
import { criticUpdate } from './ppo-critic-thread.js';

export interface PpoConfig {
  /** Total env steps to train for (across all envs). */
  totalSteps: number;
  /** Seed of the run: env seeds, initial weights, action sampling and minibatches. Default 0. */
  seed: number;
  /** Parallel env copies. Default 8. */
  numEnvs: number;
  /** Steps per env per rollout; batch = numEnvs × numSteps. Default 64. */
  numSteps: number;
  /** Adam learning rate. Default 3e-4. */
  learningRate: number;
  /** Decay the learning rate linearly to 0 over training. Default true. */
  annealLr: boolean;
  /** Discount. Default 0.99. */
  gamma: number;
  /** GAE λ. Default 0.95. */
  gaeLambda: number;
  /** Minibatches per epoch. Default 4. */
  numMinibatches: number;
  /** Epochs over each rollout. Default 10. */
  updateEpochs: number;
  /** Normalise advantages per minibatch. Default true. */
  normAdv: boolean;
  /** Surrogate clipping ε. Default 0.2. */
  clipCoef: number;
  /** Decay ε linearly to 0 with the learning rate. Default false. */
  annealClip: boolean;
  /** Clip the value loss around the old values. Default false. */
  clipVloss: boolean;
  /** Entropy bonus coefficient. Default 0. */
  entCoef: number;
  /** Value loss coefficient. Default 0.5. */
  vfCoef: number;
  /** Global gradient-norm clip. Default 0.5. */
  maxGradNorm: number;
  /** Hidden layer widths of the actor and the critic. Default [64, 64]. */
  hidden: number[];
  /** Hidden activation. Default 'tanh'. */
  activation: ActivationName;
  /** Normalise observations with running statistics (saved with the checkpoint). Default false. */
  normObs: boolean;
  /** Scale rewards by the running std of the discounted return. Default false. */
  normReward: boolean;
  /** Initial log std of the Gaussian policy (continuous actions). Default 0. */
  initLogStd: number;
  /**
   * Network init: 'orthogonal' (√2 hidden, 0.01 policy head, 1 value head, zero biases; CleanRL) or
   * 'torch-default' (PyTorch's nn.Linear default in every layer; SB3/rl-zoo with ortho_init=False). Default 'orthogonal'.
   */
  init: MlpInit;
  /**
   * Re-seed envs (and allow a checkpoint) every this many iterations; in-flight episodes end
   * there as bootstrapped truncations. 0 = auto: enough iterations for 4 full episodes per env.
   */
  checkpointEvery: number;
  /**
   * Threads for the minibatch updates: 2 runs the critic's half (forward, value loss, backward,
   * Adam) on a worker thread while this one does the actor's (ppo-critic-thread.ts); the weights
   * are the same bits with 1 or 2. It pays only when a second core is free (bench/suites/ppo.ts
   * measures it). Default 1.
   */
  updateThreads: 1 | 2;
}

export const PPO_DEFAULTS: PpoConfig = {
  totalSteps: 100_000, seed: 0, numEnvs: 8, numSteps: 64, learningRate: 3e-4, annealLr: true, gamma: 0.99, gaeLambda: 0.95,
  numMinibatches: 4, updateEpochs: 10, normAdv: true, clipCoef: 0.2, annealClip: false, clipVloss: false, entCoef: 0, vfCoef: 0.5,
  maxGradNorm: 0.5, hidden: [64, 64], activation: 'tanh', normObs: false, normReward: false, initLogStd: 0, init: 'orthogonal', checkpointEvery: 0,
  updateThreads: 1,
};

/** Rewards for a batch of n transitions (row-major obs/nextObs n×obsDim, actions n×actDim; discrete actions as indices). */
export type BatchRewardFn = (batch: { obs: Float32Array; actions: Float32Array; nextObs: Float32Array; n: number }) => Float32Array;

export interface PpoRuntime {
  /** Builds env copy i (already wrapped, e.g. in TimeLimit / hideReward+withReward). */
  makeEnv: (index: number) => AnyEnv;
  /** Replaces the env reward (e.g. the learned reward model). */
  reward?: BatchRewardFn;
  /** Collect finished episodes as Trajectory objects (for the reward-modeling loop). */
  recordTrajectories?: boolean;
  /** Also record renderable frames in those trajectories. */
  recordFrames?: boolean;
  /** Id stamped on trajectories. */
  envId?: string;
  /**
   * Builds the vector env of `numEnvs` copies with same-step autoreset, e.g. a WorkerVectorEnv
   * stepping them in worker threads. Default: a SyncVectorEnv of `makeEnv(i)`. Not together with
   * `recordFrames`, which renders the in-thread copies.
   */
  makeVectorEnv?: (numEnvs: number) => VectorEnv<Float32Array, Action>;
}

export interface PpoIterationStats {
  iteration: number;
  globalStep: number;
  /** Returns (under the reward the agent optimises) of episodes finished in this rollout. */
  episodeReturns: number[];
  episodeLengths: number[];
  policyLoss: number;
  valueLoss: number;
  entropy: number;
  approxKl: number;
  clipFraction: number;
  explainedVariance: number;
  learningRate: number;
  /** Seconds spent stepping envs, in network inference during rollouts, and in updates. */
  time: { env: number; inference: number; reward: number; update: number };
  trajectories: Trajectory[];
}

/** What `collect()` returns: the rollout's finished episodes and its time so far (update 0). */
export type PpoRollout = Pick<PpoIterationStats, 'episodeReturns' | 'episodeLengths' | 'trajectories' | 'time'>;

/** A collected rollout waiting for its update. */
interface PendingRollout {
  obs: Float32Array; actions: Float32Array; logprobs: Float32Array; values: Float32Array; rewards: Float32Array; ends: Uint8Array; lastValues: Float32Array;
  lr: number; clipCoef: number; time: PpoIterationStats['time']; episodeReturns: number[]; episodeLengths: number[]; trajectories: Trajectory[];
}

export interface PpoState {
  kind: 'rewardlab-ppo';
  version: 1;
  config: PpoConfig;
  iteration: number;
  globalStep: number;
  rng: RngState;
  obsStats: RunningStatsJSON | null;
  returnStats: RunningStatsJSON | null;
  adamSteps: number[];
  /** Episodes recorded so far (numbers the next trajectory; absent in older checkpoints). */
  trajectoryCount?: number;
}

const now = () => performance.now() / 1000;

export class Ppo {
  readonly config: PpoConfig;
  readonly actor: Mlp;
  readonly critic: Mlp;
  /** Categorical (Discrete actions) or diagonal Gaussian with a state-independent log std (Box). */
  readonly dist: Categorical | DiagGaussian;
  /** The Gaussian's log std and its gradient (empty for discrete actions). */
  readonly logStd: Float32Array;
  private readonly logStdGrad: Float32Array;
  readonly discrete: boolean;
  readonly obsDim: number;
  readonly actDim: number;
  readonly obsStats: RunningStats | null;
  readonly returnStats: RunningStats | null;
  iteration = 0;
  globalStep = 0;
  private readonly rng: Rng;
  private readonly optActor: Adam;
  private readonly optCritic: Adam;
  private readonly optLogStd: Adam;
  /** The critic's half of each minibatch update: here, or on the critic thread (updateThreads 2). */
  private readonly criticUpdate: CriticUpdate;
  private readonly vec: SyncVectorEnv<Float32Array, Action>;
  private readonly actionLow: Float32Array | null = null;
  private readonly actionHigh: Float32Array | null = null;
  private next: Float32Array[] = [];
  private readonly discountedReturn: Float64Array;
  private readonly episodeReturn: Float64Array;
  private readonly episodeLength: Int32Array;
  private inFlight: (Trajectory | null)[] = [];
  private trajectoryCount = 0;
  /** The rollout `collect()` returned, until `update()` consumes it. */
  private pending: PendingRollout | null = null;

  constructor(config: Partial<PpoConfig>, readonly runtime: PpoRuntime) {
    const checked = checkPpoConfig({ ...PPO_DEFAULTS, ...config });
    const hooked = runtime.makeVectorEnv?.(checked.numEnvs);
    if (hooked && (hooked.numEnvs !== checked.numEnvs || hooked.autoresetMode !== 'same-step')) {
      throw new ConfigError('makeVectorEnv', `${hooked.numEnvs} copies, ${hooked.autoresetMode} autoreset`, `must build numEnvs = ${checked.numEnvs} copies with same-step autoreset`);
    }
    if (hooked && runtime.recordFrames) throw new ConfigError('recordFrames', true, 'renders the in-thread env copies: not with runtime.makeVectorEnv');
    // A hooked env has no in-thread `envs`; only frame recording reads them, refused above.
    this.vec = (hooked as SyncVectorEnv<Float32Array, Action> | undefined) ?? new SyncVectorEnv(Array.from({ length: checked.numEnvs }, (_, i) => runtime.makeEnv(i)) as never, { autoresetMode: 'same-step' });
    const horizon = (hooked ? hooked.spec : this.vec.envs[0].spec)?.maxEpisodeSteps ?? 1000;
    if (checked.checkpointEvery === 0) checked.checkpointEvery = Math.max(10, Math.ceil((4 * horizon) / checked.numSteps));
    this.config = checked;
    const c = this.config;
    const obsSpace = this.vec.observationSpace;
    const actSpace = this.vec.actionSpace;
    if (!(obsSpace instanceof Box)) throw new ConfigError('observation space', String(obsSpace), 'PPO needs a Box observation space');
    this.obsDim = obsSpace.flatDim;
    if (actSpace instanceof Discrete) {
      this.discrete = true;
      this.actDim = 1;
    } else if (actSpace instanceof Box) {
      this.discrete = false;
      this.actDim = actSpace.flatDim;
      this.actionLow = actSpace.low;
      this.actionHigh = actSpace.high;
    } else throw new ConfigError('action space', String(actSpace), 'PPO supports Discrete and Box actions');
    this.rng = new Rng(c.seed);
    const initRng = this.rng.fork();
    const nOut = this.discrete ? (actSpace as Discrete).n : this.actDim;
    this.actor = new Mlp({ sizes: [this.obsDim, ...c.hidden, nOut], activation: c.activation, init: c.init, outputGain: 0.01 }, initRng);
    this.critic = new Mlp({ sizes: [this.obsDim, ...c.hidden, 1], activation: c.activation, init: c.init, outputGain: 1 }, initRng);
    this.dist = this.discrete ? new Categorical(nOut) : new DiagGaussian(this.actDim, c.initLogStd);
    this.logStd = this.dist instanceof DiagGaussian ? this.dist.logStd : new Float32Array(0);
    this.logStdGrad = this.dist instanceof DiagGaussian ? this.dist.logStdGrad : new Float32Array(0);
    this.optActor = new Adam(this.actor.params.length, { lr: c.learningRate, eps: 1e-5 });
    this.optCritic = new Adam(this.critic.params.length, { lr: c.learningRate, eps: 1e-5 });
    this.optLogStd = new Adam(this.logStd.length, { lr: c.learningRate, eps: 1e-5 });
    this.criticUpdate = criticUpdate(c.updateThreads, this.critic, this.optCritic, { activation: c.activation, init: c.init, lr: c.learningRate, eps: 1e-5 });
    this.obsStats = c.normObs ? new RunningStats(this.obsDim) : null;
    this.returnStats = c.normReward ? new RunningStats(1) : null;
    this.discountedReturn = new Float64Array(c.numEnvs);
    this.episodeReturn = new Float64Array(c.numEnvs);
    this.episodeLength = new Int32Array(c.numEnvs);
  }

  get batchSize(): number {
    return this.config.numEnvs * this.config.numSteps;
  }
  get numIterations(): number {
    return Math.max(1, Math.floor(this.config.totalSteps / this.batchSize));
  }
  get done(): boolean {
    return this.iteration >= this.numIterations;
  }

  /** Observation as the networks see it (normalised when normObs). */
  normalize(raw: Float32Array, out = new Float32Array(this.obsDim)): Float32Array {
    if (this.obsStats) return this.obsStats.normalize(raw, out);
    out.set(raw);
    return out;
  }

  /** The policy's action for one raw observation (deterministic = argmax / mean). */
  act(raw: Float32Array, deterministic = true, rng = this.rng): Action {
    const out = this.actor.forward(this.normalize(raw), 1);
    const a = new Float32Array(this.actDim);
    this.dist.sample(out, 0, a, 0, deterministic, rng);
    return this.discrete ? a[0] : this.clipAction(a);
  }

  private clipAction(a: Float32Array): Float32Array {
    const out = new Float32Array(a.length);
    for (let j = 0; j < a.length; j++) out[j] = Math.min(Math.max(a[j], this.actionLow![j]), this.actionHigh![j]);
    return out;
  }

  private resetEnvs(): void {
    const seed = streamSeed(this.config.seed, `envs/${this.iteration}`);
    this.next = this.vec.reset({ seed }).observations.map((o) => Float32Array.from(o));
    this.rng.setState(this.rng.getState()); // drop any cached normal so resumed runs match exactly
    this.discountedReturn.fill(0);
    this.episodeReturn.fill(0);
    this.episodeLength.fill(0);
    this.inFlight = this.next.map((o, i) => this.startTrajectory(o, i));
  }

  private startTrajectory(obs: Float32Array, env: number): Trajectory | null {
    if (!this.runtime.recordTrajectories) return null;
    const frames: Scene[] | undefined = this.runtime.recordFrames ? [this.vec.envs[env].render()] : undefined;
    const id = this.trajectoryCount++;
    return { envId: this.runtime.envId ?? 'env', seed: this.config.seed, episode: id, observations: [obs], actions: [], evaluation: [], frames, terminated: false, truncated: false };
  }

  /** One rollout of numEnvs × numSteps steps, then the PPO update. */
  iterate(): PpoIterationStats {
    this.collect();
    return this.update();
  }

  /**
   * The first half of `iterate`: the rollout under the reward (the reward function is called
   * here, never in `update`). A caller may do other work before `update()` (the loop trains the
   * reward model on another thread meanwhile); `iterate()` is exactly `collect()` then `update()`.
   */
  collect(): PpoRollout {
    if (this.pending) throw new Error('collect() called twice: call update() for the rollout collected first');
    const c = this.config;
    const T = c.numSteps;
    const N = c.numEnvs;
    const B = T * N;
    const D = this.obsDim;
    const A = this.actDim;
    if (this.iteration % c.checkpointEvery === 0 || this.next.length === 0) this.resetEnvs();
    const frac = 1 - this.iteration / this.numIterations;
    const lr = c.annealLr ? frac * c.learningRate : c.learningRate;
    const clipCoef = c.annealClip ? frac * c.clipCoef : c.clipCoef;
    const time = { env: 0, inference: 0, reward: 0, update: 0 };

    // ---- Rollout ------------------------------------------------------------------------
    const obs = new Float32Array(B * D); // normalised, as the networks saw them
    const rawObs = new Float32Array(B * D);
    const rawNext = new Float32Array(B * D);
    const actions = new Float32Array(B * A);
    const logprobs = new Float32Array(B);
    const values = new Float32Array(B);
    const rewards = new Float32Array(B);
    const ends = new Uint8Array(B); // episode ended at this step (terminated or truncated)
    const boot = new Float32Array(B); // V(final obs) for truncated steps
    const episodeReturns: number[] = [];
    const episodeLengths: number[] = [];
    const trajectories: Trajectory[] = [];
    const stepObs = new Float32Array(N * D);
    const stepActions: Action[] = new Array(N);
    const scratch = new Float32Array(D);
    for (let t = 0; t < T; t++) {
      let t0 = now();
      for (let i = 0; i < N; i++) {
        rawObs.set(this.next[i], (t * N + i) * D);
        this.obsStats?.update(this.next[i]);
      }
      for (let i = 0; i < N; i++) this.normalize(this.next[i], stepObs.subarray(i * D, (i + 1) * D));
      obs.set(stepObs, t * N * D);
      const logits = this.actor.forward(stepObs, N);
      for (let i = 0; i < N; i++) {
        const k = t * N + i;
        logprobs[k] = this.dist.sample(logits, i, actions, k * A, false, this.rng);
        stepActions[i] = this.discrete ? actions[k] : this.clipAction(actions.subarray(k * A, (k + 1) * A));
      }
      values.set(this.critic.forward(stepObs, N), t * N);
      let t1 = now();
      time.inference += t1 - t0;
      const r = this.vec.step(stepActions);
      t0 = now();
      time.env += t0 - t1;
      for (let i = 0; i < N; i++) {
        const k = t * N + i;
        const ended = r.terminated[i] || r.truncated[i];
        const final = ended ? r.finalObservations[i]! : r.observations[i];
        rawNext.set(final, k * D);
        rewards[k] = r.rewards[i];
        ends[k] = ended ? 1 : 0;
        if (r.truncated[i] && !r.terminated[i]) boot[k] = this.critic.forward(this.normalize(final, scratch), 1)[0];
        const traj = this.inFlight[i];
        if (traj) {
          traj.observations.push(Float32Array.from(final));
          traj.actions.push(stepActions[i]);
          traj.evaluation.push(r.evaluations[i] as Sealed<EvaluationSignal>);
          if (traj.frames) traj.frames.push(this.runtimeFrame(i, ended));
          if (ended) {
            traj.terminated = r.terminated[i];
            traj.truncated = !r.terminated[i];
            trajectories.push(traj);
            this.inFlight[i] = this.startTrajectory(Float32Array.from(r.observations[i]), i);
          }
        }
        this.next[i] = Float32Array.from(r.observations[i]);
      }
      t1 = now();
      time.inference += t1 - t0;
    }
    // Close in-flight trajectories at the checkpoint boundary (they end as truncations).
    const boundary = (this.iteration + 1) % c.checkpointEvery === 0;
    const lastValues = new Float32Array(N);
    const cut = new Uint8Array(N); // episodes cut short by the boundary: not reported as finished
    if (!boundary) {
      for (let i = 0; i < N; i++) this.normalize(this.next[i], stepObs.subarray(i * D, (i + 1) * D));
      lastValues.set(this.critic.forward(stepObs, N));
    } else {
      for (let i = 0; i < N; i++) {
        const k = (T - 1) * N + i;
        if (!ends[k]) {
          boot[k] = this.critic.forward(this.normalize(this.next[i], scratch), 1)[0];
          cut[i] = 1;
        }
        ends[k] = 1;
        const traj = this.inFlight[i];
        if (traj && traj.actions.length > 0) {
          traj.truncated = true;
          trajectories.push(traj);
        }
        this.inFlight[i] = null;
      }
    }

    // ---- Rewards: the env's, or the pluggable reward function over (obs, action, next obs) ----
    const t0 = now();
    if (this.runtime.reward) {
      const learned = this.runtime.reward({ obs: rawObs, actions, nextObs: rawNext, n: B });
      if (learned.length !== B) throw new ConfigError('reward function output length', learned.length, `must equal the batch size ${B}`);
      rewards.set(learned);
    }
    for (let t = 0; t < T; t++) {
      for (let i = 0; i < N; i++) {
        const k = t * N + i;
        this.episodeReturn[i] += rewards[k];
        this.episodeLength[i]++;
        if (ends[k]) {
          if (!(t === T - 1 && cut[i])) {
            episodeReturns.push(this.episodeReturn[i]);
            episodeLengths.push(this.episodeLength[i]);
          }
          this.episodeReturn[i] = 0;
          this.episodeLength[i] = 0;
        }
        if (this.returnStats) {
          this.discountedReturn[i] = this.discountedReturn[i] * c.gamma + rewards[k];
          this.returnStats.update([this.discountedReturn[i]]);
          if (ends[k]) this.discountedReturn[i] = 0;
        }
      }
    }
    if (this.returnStats) {
      const scale = 1 / Math.sqrt(this.returnStats.var[0] + 1e-8);
      for (let k = 0; k < B; k++) rewards[k] = Math.max(-10, Math.min(10, rewards[k] * scale));
    }
    for (let k = 0; k < B; k++) rewards[k] += c.gamma * boot[k];
    time.reward += now() - t0;
    this.pending = { obs, actions, logprobs, values, rewards, ends, lastValues, lr, clipCoef, time, episodeReturns, episodeLengths, trajectories };
    return { episodeReturns, episodeLengths, trajectories, time: { ...time } };
  }

  /** The second half of `iterate`: advantages and the PPO update on the rollout `collect()` returned. */
  update(): PpoIterationStats {
    const p = this.pending;
    if (!p) throw new Error('update() needs a rollout: call collect() first');
    this.pending = null;
    const { obs, actions, logprobs, values, rewards, ends, lastValues, lr, clipCoef, time, episodeReturns, episodeLengths, trajectories } = p;
    const c = this.config;
    const N = c.numEnvs;
    const T = c.numSteps;
    const B = T * N;
    const D = this.obsDim;
    const A = this.actDim;

    // ---- Generalised advantage estimation (truncation already bootstrapped into the reward) ----
    const t0 = now();
    const advantages = new Float32Array(B);
    const returns = new Float32Array(B);
    for (let i = 0; i < N; i++) {
      let lastGae = 0;
      for (let t = T - 1; t >= 0; t--) {
        const k = t * N + i;
        const nonTerminal = 1 - ends[k];
        const nextValue = t === T - 1 ? lastValues[i] : values[k + N];
        const delta = rewards[k] + c.gamma * nextValue * nonTerminal - values[k];
        lastGae = delta + c.gamma * c.gaeLambda * nonTerminal * lastGae;
        advantages[k] = lastGae;
        returns[k] = lastGae + values[k];
      }
    }

    // ---- Optimise the clipped surrogate for K epochs of minibatches -------------------------
    // Every epoch's minibatch order is drawn first (the same random stream as shuffling per epoch),
    // so the critic's half can run on another thread (updateThreads 2) from the same orders.
    const M = Math.floor(B / c.numMinibatches);
    const order = Array.from({ length: B }, (_, k) => k);
    const orders = new Int32Array(c.updateEpochs * B);
    for (let epoch = 0; epoch < c.updateEpochs; epoch++) orders.set(this.rng.shuffle(order), epoch * B);
    const job = { obs, returns, values, orders, batch: B, size: M, obsDim: D, lr, clipCoef, clipVloss: c.clipVloss, vfCoef: c.vfCoef };
    const nOut = this.actor.outputSize;
    const mbObs = new Float32Array(M * D);
    const dOut = new Float32Array(M * nOut);
    let pgSum = 0, entSum = 0, klSum = 0, clipSum = 0, count = 0;
    const critic = this.criticUpdate;
    critic.begin(job);
    for (let n = 0, total = c.updateEpochs * Math.floor(B / M); n < total; n++) {
      const idx = minibatchRows(job, n);
      gatherRows(obs, idx, D, mbObs);
      let advMean = 0, advStd = 1;
      if (c.normAdv) {
        for (const k of idx) advMean += advantages[k];
        advMean /= M;
        let v = 0;
        for (const k of idx) v += (advantages[k] - advMean) ** 2;
        advStd = Math.sqrt(v / (M - 1)) + 1e-8;
      }
      const out = this.actor.forward(mbObs, M);
      dOut.fill(0);
      this.logStdGrad.fill(0);
      for (let j = 0; j < M; j++) {
        const k = idx[j];
        const adv = (advantages[k] - advMean) / advStd;
        const { logp, entropy } = this.dist.logProbEntropy(out, j, actions, k * A);
        const logRatio = logp - logprobs[k];
        const ratio = Math.exp(logRatio);
        klSum += ratio - 1 - logRatio;
        const clipped = Math.abs(ratio - 1) > clipCoef;
        if (clipped) clipSum++;
        const unclippedLoss = -adv * ratio;
        const clippedLoss = -adv * Math.min(Math.max(ratio, 1 - clipCoef), 1 + clipCoef);
        pgSum += Math.max(unclippedLoss, clippedLoss);
        entSum += entropy;
        // d(loss)/d(logp): the surrogate's gradient flows only where the unclipped term is the max.
        const dLogp = unclippedLoss >= clippedLoss ? (-adv * ratio) / M : 0;
        this.dist.accumulateGrad(out, j, actions, k * A, dLogp, -c.entCoef / M, dOut);
      }
      this.actor.zeroGrad();
      this.actor.backward(dOut);
      // Clip the global gradient norm over actor, critic and log std together (like CleanRL), from per-part sums in that order.
      const actorSq = sumSquares(this.actor.grads);
      const criticSq = critic.gradient(n, mbObs);
      const scale = clipScale([actorSq, criticSq, sumSquares(this.logStdGrad)], c.maxGradNorm);
      critic.step(scale);
      scaleGrads(this.actor.grads, scale);
      scaleGrads(this.logStdGrad, scale);
      this.optActor.step(this.actor.params, this.actor.grads, lr);
      if (!this.discrete) this.optLogStd.step(this.logStd, this.logStdGrad, lr);
      count += M;
    }
    const vSum = critic.end();
    time.update += now() - t0;
    let varY = 0, varRes = 0, meanY = 0;
    for (let k = 0; k < B; k++) meanY += returns[k] / B;
    for (let k = 0; k < B; k++) {
      varY += (returns[k] - meanY) ** 2;
      varRes += (returns[k] - values[k]) ** 2;
    }
    this.iteration++;
    this.globalStep += B;
    return {
      iteration: this.iteration, globalStep: this.globalStep, episodeReturns, episodeLengths,
      policyLoss: pgSum / count, valueLoss: vSum / count, entropy: entSum / count, approxKl: klSum / count, clipFraction: clipSum / count,
      explainedVariance: varY === 0 ? NaN : 1 - varRes / varY, learningRate: lr, time, trajectories,
    };
  }

  private runtimeFrame(env: number, ended: boolean): Scene {
    // With same-step autoreset the env already shows the next episode; the last frame repeats.
    const traj = this.inFlight[env]!;
    return ended ? traj.frames![traj.frames!.length - 1] : this.vec.envs[env].render();
  }

  /** Everything but the weights (which go to the binary tensor file). */
  state(): PpoState {
    if (this.pending) throw new Error('a PPO checkpoint between collect() and update() would lose the rollout: call update() first');
    this.pullCritic();
    return {
      kind: 'rewardlab-ppo', version: 1, config: this.config, iteration: this.iteration, globalStep: this.globalStep, rng: this.rng.getState(),
      obsStats: this.obsStats?.toJSON() ?? null, returnStats: this.returnStats?.toJSON() ?? null,
      adamSteps: [this.optActor, this.optCritic, this.optLogStd].map((o) => o.state().t), trajectoryCount: this.trajectoryCount,
    };
  }

  tensors(): Record<string, Float32Array> {
    this.pullCritic();
    const t: Record<string, Float32Array> = { actor: this.actor.params, critic: this.critic.params, logStd: this.logStd };
    for (const [name, opt] of [['actor', this.optActor], ['critic', this.optCritic], ['logStd', this.optLogStd]] as const) {
      t[`adam.${name}.m`] = opt.state().m;
      t[`adam.${name}.v`] = opt.state().v;
    }
    return t;
  }

  /** Restore from state() + tensors() (the same config must have built this agent). */
  load(state: PpoState, tensors: Record<string, Float32Array>): void {
    this.actor.params.set(tensors.actor);
    this.critic.params.set(tensors.critic);
    this.logStd.set(tensors.logStd);
    [this.optActor, this.optCritic, this.optLogStd].forEach((opt, i) => {
      const name = ['actor', 'critic', 'logStd'][i];
      opt.load({ t: state.adamSteps[i], m: tensors[`adam.${name}.m`], v: tensors[`adam.${name}.v`] });
    });
    this.iteration = state.iteration;
    this.globalStep = state.globalStep;
    this.rng.setState(state.rng);
    this.trajectoryCount = state.trajectoryCount ?? 0;
    if (this.obsStats && state.obsStats) this.obsStats.load(state.obsStats);
    if (this.returnStats && state.returnStats) this.returnStats.load(state.returnStats);
    this.next = [];
    this.criticUpdate.push?.(this.optCritic.state());
  }

  /** With the critic thread: bring its weights and Adam state here (for a checkpoint). */
  private pullCritic(): void {
    const adam = this.criticUpdate.pull?.();
    if (adam) this.optCritic.load(adam);
  }

  close(): void {
    this.vec.close();
    this.criticUpdate.close?.();
  }
}
