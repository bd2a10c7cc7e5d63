/**
 * The reward-model ensemble as a function a person can take apart: the per-member standardised
 * reward of a batch of transitions, and the ensemble mean as a `DifferentiableFunction` of one
 * step's observation (and next observation, when the model reads it) with the action held
 * fixed — what integrated gradients (attribution.ts) needs. The gradient goes through the
 * model's own feature transform (running standardisation clipped at ±10, or tanh) and every
 * member's MLP (`Mlp.inputGradient`), scaled by that member's output standardisation.
 */
import { ConfigError } from '../core/errors.js';
import type { Box } from '../core/spaces/box.js';
import type { RewardModel, TransitionBatch } from '../rewards/reward-model.js';
import { integratedGradients, type Attribution, type DifferentiableFunction, type IntegratedGradientsOptions } from './attribution.js';

/** Each member's standardised reward (r − shift) / scale per transition, one array per member. */
export function memberRewards(model: RewardModel, batch: TransitionBatch): Float64Array[] {
  const f = model.features(batch);
  return model.nets.map((_, m) => Float64Array.from(model.memberRaw(m, f, batch.n), (r) => (r - model.shift[m]) / model.scale[m]));
}

/** How many input coordinates a step has for attribution: the observation, and the next one when the model reads it. */
export function stepInputDim(model: RewardModel): number {
  return model.obsDim * (model.options.useNextObs ? 2 : 1);
}

/** Names of a step's input coordinates: the observation's, then "next …" for the next observation. */
export function stepInputLabels(model: RewardModel, obsLabels: readonly string[]): string[] {
  return model.options.useNextObs ? [...obsLabels, ...obsLabels.map((l) => `next ${l}`)] : [...obsLabels];
}

/** One step's attribution input: [obs] or [obs, next obs]. */
export function stepInputs(model: RewardModel, batch: TransitionBatch): Float32Array {
  const D = model.obsDim;
  if (!model.options.useNextObs) return batch.obs.slice(0, batch.n * D);
  const x = new Float32Array(batch.n * 2 * D);
  for (let t = 0; t < batch.n; t++) {
    x.set(batch.obs.subarray(t * D, (t + 1) * D), t * 2 * D);
    x.set(batch.nextObs.subarray(t * D, (t + 1) * D), t * 2 * D + D);
  }
  return x;
}

/**
 * Where attributions start from. 'dataset-mean': the mean of every observation the model has
 * folded into its input normaliser (the labelled clips' states; the point its standardised
 * features call 0). 'space-centre': the middle of the observation box (needs finite bounds).
 * 'visited-mean': the mean of observations the caller passes (e.g. the states a report shows).
 */
export type BaselineKind = 'dataset-mean' | 'space-centre' | 'visited-mean';

export function rewardBaseline(model: RewardModel, kind: BaselineKind, space?: Box, visited: readonly Float32Array[] = []): Float32Array {
  let obs: Float32Array;
  if (kind === 'dataset-mean') {
    if (model.inputStats.count < 1) throw new ConfigError('baseline', kind, 'needs a reward model that has observed data (its input normaliser is empty)');
    obs = Float32Array.from(model.inputStats.mean);
  } else if (kind === 'space-centre') {
    if (!space || space.flatDim !== model.obsDim) throw new ConfigError('baseline', kind, `needs the ${model.obsDim}-dimensional observation box`);
    const bad = Array.from(space.low).findIndex((lo, j) => !(Math.abs(lo) < 1e30 && Math.abs(space.high[j]) < 1e30));
    if (bad >= 0) throw new ConfigError('baseline', kind, `needs finite bounds; observation dimension ${bad} spans [${space.low[bad]}, ${space.high[bad]}] (use 'dataset-mean')`);
    obs = Float32Array.from(space.low, (lo, j) => (lo + space.high[j]) / 2);
  } else if (kind === 'visited-mean') {
    if (visited.length === 0) throw new ConfigError('baseline', kind, 'needs at least one visited observation');
    obs = new Float32Array(model.obsDim);
    for (const v of visited) for (let j = 0; j < obs.length; j++) obs[j] += v[j] / visited.length;
  } else throw new ConfigError('baseline', kind, "must be 'dataset-mean', 'space-centre' or 'visited-mean'");
  if (!model.options.useNextObs) return obs;
  const both = new Float32Array(2 * obs.length);
  both.set(obs);
  both.set(obs, obs.length);
  return both;
}

/**
 * The ensemble-mean standardised reward as a function of one step's input (stepInputs), with
 * the step's action fixed (a discrete index, or the action vector of a Box action space).
 */
export function rewardFunction(model: RewardModel, action: number | ArrayLike<number>): DifferentiableFunction {
  const D = model.obsDim;
  const next = model.options.useNextObs;
  const dim = stepInputDim(model);
  const actDim = model.action.kind === 'discrete' ? 1 : model.action.dim;
  const act = typeof action === 'number' ? [action] : Array.from(action);
  if (act.length !== actDim) throw new ConfigError('action', act, `must have ${actDim} value(s) for this reward model`);
  const squash = model.options.inputTransform === 'tanh';
  const mean = squash ? new Float64Array(D) : model.inputStats.mean;
  const inv = squash ? new Float64Array(D).fill(1) : Float64Array.from(model.inputStats.var, (v) => 1 / Math.sqrt(v + 1e-8));
  /** d feature / d raw coordinate for the model's transform (clip at ±10, or tanh). */
  const slope = (x: number, j: number) => {
    const z = (x - mean[j]) * inv[j];
    return squash ? (1 - Math.tanh(z) ** 2) * inv[j] : Math.abs(z) < 10 ? inv[j] : 0;
  };
  const actionFeatureDim = model.options.useAction ? (model.action.kind === 'discrete' ? model.action.n : actDim) : 0;
  return {
    dim,
    evaluate(x, n) {
      const batch: TransitionBatch = { obs: new Float32Array(n * D), nextObs: new Float32Array(n * D), actions: new Float32Array(n * actDim), n };
      for (let i = 0; i < n; i++) {
        batch.obs.set(x.subarray(i * dim, i * dim + D), i * D);
        if (next) batch.nextObs.set(x.subarray(i * dim + D, i * dim + 2 * D), i * D);
        for (let a = 0; a < actDim; a++) batch.actions[i * actDim + a] = act[a];
      }
      const features = model.features(batch).slice();
      const F = model.featureDim;
      const K = model.nets.length;
      const value = new Float64Array(n);
      const gradient = new Float64Array(n * dim);
      for (let m = 0; m < K; m++) {
        const w = 1 / (K * model.scale[m]);
        const raw = model.memberRaw(m, features, n);
        for (let i = 0; i < n; i++) value[i] += (raw[i] - model.shift[m]) * w;
        const g = model.nets[m].inputGradient(features, n);
        for (let i = 0; i < n; i++) {
          for (let j = 0; j < D; j++) gradient[i * dim + j] += w * g[i * F + j];
          if (next) for (let j = 0; j < D; j++) gradient[i * dim + D + j] += w * g[i * F + D + actionFeatureDim + j];
        }
      }
      for (let i = 0; i < n; i++) for (let j = 0; j < dim; j++) gradient[i * dim + j] *= slope(x[i * dim + j], j % D);
      return { value, gradient };
    },
  };
}

/**
 * Integrated gradients of the ensemble-mean reward for every step of a batch (e.g. one
 * episode), each against `baseline` with its own action held fixed; in step order.
 */
export function rewardAttributions(model: RewardModel, batch: TransitionBatch, baseline: ArrayLike<number>, options: Partial<IntegratedGradientsOptions> = {}): Attribution[] {
  const dim = stepInputDim(model);
  const x = stepInputs(model, batch);
  const actDim = batch.actions.length / batch.n;
  const groups = new Map<string, number[]>(); // steps that share an action share one function
  for (let t = 0; t < batch.n; t++) {
    const key = Array.from(batch.actions.subarray(t * actDim, (t + 1) * actDim)).join(',');
    const g = groups.get(key);
    if (g) g.push(t);
    else groups.set(key, [t]);
  }
  const out = new Array<Attribution>(batch.n);
  for (const steps of groups.values()) {
    const t0 = steps[0];
    const action = model.action.kind === 'discrete' ? batch.actions[t0] : batch.actions.subarray(t0 * actDim, (t0 + 1) * actDim);
    const inputs = new Float32Array(steps.length * dim);
    steps.forEach((t, i) => inputs.set(x.subarray(t * dim, (t + 1) * dim), i * dim));
    integratedGradients(rewardFunction(model, action), inputs, baseline, options).forEach((a, i) => (out[steps[i]] = a));
  }
  return out;
}
