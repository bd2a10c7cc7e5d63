/**
 * The learned reward: an ensemble of K MLPs over features of (observation, action[, next
 * observation]). Uncertainty is a first-class output: every prediction returns the ensemble
 * mean AND spread. Each member's output is standardised separately (mean 0, std 1 over the
 * states it was last calibrated on), then averaged (Christiano et al. 2017).
 * Learner code: it never sees the true reward (lint forbids `unseal` here).
 */
import { ConfigError, checkNumber, show } from '../core/errors.js';
import type { Rng } from '../core/rng.js';
import type { Action } from '../core/types.js';
import { ACTIVATIONS, type ActivationName } from '../nn/activations.js';
import { Mlp } from '../nn/mlp.js';
import { RunningStats, type RunningStatsJSON } from '../wrappers/running-stats.js';

export interface RewardModelOptions {
  /** Ensemble size K. Default 3. */
  members: number;
  /** Hidden widths. Default [64, 64]. */
  hidden: number[];
  /** Hidden activation. Default 'leaky-relu'. */
  activation: ActivationName;
  /** Include the action in the features. Default true. */
  useAction: boolean;
  /** Include the next observation. Default false. */
  useNextObs: boolean;
  /** Bound each step's raw output with tanh (an inductive bias against runaway rewards). Default false. */
  bounded: boolean;
  /**
   * How observations enter the network. 'standardize': running mean/std (clipped at ±10).
   * 'tanh': tanh(obs) of the raw values — bounded features, so states far outside the labelled
   * data (a spinning pole, a car off the map) all look alike and cannot be extrapolated into
   * huge rewards, while the region near 0 keeps full resolution. Default 'standardize'.
   */
  inputTransform: 'standardize' | 'tanh';
  /**
   * Stability of the output standardisation across rounds: each calibration moves every member's
   * shift and scale this share of the way back towards their previous values (0 = take the new
   * measurement whole; the first calibration is always taken whole). The loop recalibrates after
   * every reward-model round on a fresh sample of labelled segments, so without it the agent's
   * reward jitters from round to round by the sample alone. Default 0 (absent in older configs).
   */
  calibrationMomentum?: number;
}

export const REWARD_MODEL_DEFAULTS: RewardModelOptions = { members: 3, hidden: [64, 64], activation: 'leaky-relu', useAction: true, useNextObs: false, bounded: false, inputTransform: 'standardize', calibrationMomentum: 0 };

/** How actions enter the features: one-hot for Discrete(n), as-is for Box(dim). */
export type ActionEncoding = { kind: 'discrete'; n: number } | { kind: 'box'; dim: number };

export interface RewardModelMeta {
  options: RewardModelOptions;
  obsDim: number;
  action: ActionEncoding;
  inputStats: RunningStatsJSON;
  /** Per-member output standardisation: r_norm = (r − shift) / scale. */
  shift: number[];
  scale: number[];
  /** Calibrations so far (absent in older bundles: 1 when shift/scale differ from the initial 0/1). */
  calibrations?: number;
}

export interface TransitionBatch {
  obs: Float32Array;
  actions: Float32Array;
  nextObs: Float32Array;
  n: number;
}

export function checkRewardModelOptions(o: RewardModelOptions): RewardModelOptions {
  checkNumber('members', o.members, { min: 1, max: 32, integer: true });
  if (!Array.isArray(o.hidden) || o.hidden.some((h) => !Number.isInteger(h) || h <= 0)) throw new ConfigError('hidden', o.hidden, 'must be a list of positive integer widths');
  if (o.calibrationMomentum !== undefined) checkNumber('calibrationMomentum', o.calibrationMomentum, { min: 0, max: 0.99 });
  if (o.inputTransform !== 'standardize' && o.inputTransform !== 'tanh') throw new ConfigError('inputTransform', o.inputTransform, "must be 'standardize' or 'tanh'");
  if (!ACTIVATIONS.includes(o.activation)) throw new ConfigError('activation', o.activation, `is not a known activation; use one of ${ACTIVATIONS.map(show).join(', ')}`);
  return o;
}

export class RewardModel {
  readonly options: RewardModelOptions;
  readonly nets: Mlp[];
  readonly featureDim: number;
  readonly inputStats: RunningStats;
  shift: number[];
  scale: number[];
  /** Calibrations so far (the first is taken whole under calibrationMomentum). */
  calibrations = 0;
  private feat = new Float32Array(0);

  constructor(
    readonly obsDim: number,
    readonly action: ActionEncoding,
    options: Partial<RewardModelOptions>,
    rng: Rng,
  ) {
    this.options = checkRewardModelOptions({ ...REWARD_MODEL_DEFAULTS, ...options });
    const o = this.options;
    const actDim = !o.useAction ? 0 : action.kind === 'discrete' ? action.n : action.dim;
    this.featureDim = obsDim + actDim + (o.useNextObs ? obsDim : 0);
    this.nets = Array.from({ length: o.members }, () =>
      new Mlp({ sizes: [this.featureDim, ...o.hidden, 1], activation: o.activation, outputActivation: o.bounded ? 'tanh' : 'identity', hiddenGain: Math.SQRT2, outputGain: 1 }, rng.fork()),
    );
    this.inputStats = new RunningStats(obsDim);
    this.shift = new Array(o.members).fill(0);
    this.scale = new Array(o.members).fill(1);
  }

  /** Fold observations into the input normaliser (call with every fragment added to the dataset). */
  observe(observations: readonly Float32Array[]): void {
    for (const o of observations) this.inputStats.update(o);
  }

  /** Features of n transitions into a reusable buffer (n × featureDim). */
  features(batch: TransitionBatch): Float32Array {
    const { n } = batch;
    const F = this.featureDim;
    const D = this.obsDim;
    if (this.feat.length < n * F) this.feat = new Float32Array(n * F);
    const out = this.feat;
    const squash = this.options.inputTransform === 'tanh';
    const mean = squash ? new Float64Array(D) : this.inputStats.mean;
    const inv = squash ? new Array<number>(D).fill(1) : Array.from(this.inputStats.var, (v) => 1 / Math.sqrt(v + 1e-8));
    const f = squash ? Math.tanh : (x: number) => Math.max(-10, Math.min(10, x));
    const actDim = this.action.kind === 'discrete' ? 1 : this.action.dim;
    for (let k = 0; k < n; k++) {
      let c = k * F;
      for (let j = 0; j < D; j++) out[c++] = f((batch.obs[k * D + j] - mean[j]) * inv[j]);
      if (this.options.useAction) {
        if (this.action.kind === 'discrete') {
          for (let j = 0; j < this.action.n; j++) out[c + j] = 0;
          out[c + batch.actions[k]] = 1;
          c += this.action.n;
        } else for (let j = 0; j < actDim; j++) out[c++] = batch.actions[k * actDim + j];
      }
      if (this.options.useNextObs) for (let j = 0; j < D; j++) out[c++] = f((batch.nextObs[k * D + j] - mean[j]) * inv[j]);
    }
    return out.subarray(0, n * F);
  }

  /** Raw (unstandardised) output of one member for n feature rows. */
  memberRaw(member: number, features: Float32Array, n: number): Float32Array {
    return this.nets[member].forward(features, n);
  }

  /** Standardised reward per transition: ensemble mean and spread (std across members). */
  predict(batch: TransitionBatch): { mean: Float32Array; std: Float32Array } {
    const f = this.features(batch);
    const { n } = batch;
    const K = this.nets.length;
    const mean = new Float32Array(n);
    const sq = new Float32Array(n);
    for (let m = 0; m < K; m++) {
      const r = this.memberRaw(m, f, n);
      for (let k = 0; k < n; k++) {
        const v = (r[k] - this.shift[m]) / this.scale[m];
        mean[k] += v / K;
        sq[k] += (v * v) / K;
      }
    }
    const std = Float32Array.from(mean, (m, k) => Math.sqrt(Math.max(0, sq[k] - m * m)));
    return { mean, std };
  }

  /** Re-standardise each member over a sample of transitions (e.g. the latest rollout), blended by calibrationMomentum. */
  calibrate(batch: TransitionBatch): void {
    const f = this.features(batch);
    const keep = this.calibrations > 0 ? (this.options.calibrationMomentum ?? 0) : 0;
    this.calibrations++;
    for (let m = 0; m < this.nets.length; m++) {
      const r = this.memberRaw(m, f, batch.n);
      let s = 0;
      for (let k = 0; k < batch.n; k++) s += r[k];
      const mu = s / batch.n;
      let v = 0;
      for (let k = 0; k < batch.n; k++) v += (r[k] - mu) ** 2;
      this.shift[m] = keep * this.shift[m] + (1 - keep) * mu;
      this.scale[m] = keep * this.scale[m] + (1 - keep) * (Math.sqrt(v / batch.n) + 1e-6);
    }
  }

  meta(): RewardModelMeta {
    return { options: this.options, obsDim: this.obsDim, action: this.action, inputStats: this.inputStats.toJSON(), shift: [...this.shift], scale: [...this.scale], calibrations: this.calibrations };
  }

  tensors(): Record<string, Float32Array> {
    return Object.fromEntries(this.nets.map((net, m) => [`member${m}`, net.params]));
  }

  load(meta: RewardModelMeta, tensors: Record<string, Float32Array>): void {
    this.nets.forEach((net, m) => net.params.set(tensors[`member${m}`]));
    this.inputStats.load(meta.inputStats);
    this.shift = [...meta.shift];
    this.scale = [...meta.scale];
    this.calibrations = meta.calibrations ?? (this.shift.some((v) => v !== 0) || this.scale.some((v) => v !== 1) ? 1 : 0);
  }
}

/** Flatten a fragment's transitions into a batch (discrete actions as indices). */
export function fragmentBatch(observations: readonly Float32Array[], actions: readonly Action[]): TransitionBatch {
  const n = actions.length;
  const D = observations[0].length;
  const actDim = typeof actions[0] === 'number' ? 1 : (actions[0] as Float32Array).length;
  const obs = new Float32Array(n * D);
  const nextObs = new Float32Array(n * D);
  const acts = new Float32Array(n * actDim);
  for (let t = 0; t < n; t++) {
    obs.set(observations[t], t * D);
    nextObs.set(observations[t + 1], t * D);
    const a = actions[t];
    if (typeof a === 'number') acts[t] = a;
    else acts.set(a, t * actDim);
  }
  return { obs, actions: acts, nextObs, n };
}

/** Several transition batches as one (row order kept). */
export function concatBatches(parts: readonly TransitionBatch[]): TransitionBatch {
  const rows = parts.reduce((s, b) => s + b.n, 0);
  const D = parts[0].obs.length / parts[0].n;
  const A = parts[0].actions.length / parts[0].n;
  const out: TransitionBatch = { obs: new Float32Array(rows * D), actions: new Float32Array(rows * A), nextObs: new Float32Array(rows * D), n: rows };
  let off = 0;
  for (const b of parts) {
    out.obs.set(b.obs, off * D);
    out.nextObs.set(b.nextObs, off * D);
    out.actions.set(b.actions, off * A);
    off += b.n;
  }
  return out;
}
