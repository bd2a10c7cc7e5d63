/**
 * A reward model as verification targets, in raw units: the input transform of
 * `RewardModel.features` (standardise with the running mean/std and clip at ±10, or tanh of the
 * raw value; one-hot discrete actions; Box actions as-is; the next observation when used), the
 * member networks, and the output standardisation (r − shift) / scale, averaged for the ensemble
 * mean. Raw input layout: [obs | Box action | nextObs]; a discrete action is fixed per target.
 *
 * The model computes in float32 and these targets in float64, so values agree to about 1e-6
 * relative; proofs and counterexamples are about the float64 function (a witness also carries the
 * model's own float32 value, see verify-reward-model.ts).
 */
import { ConfigError } from '../core/errors.js';
import type { RewardModel } from '../rewards/reward-model.js';
import { fromMlp } from './network.js';
import type { InputLayout } from './spec.js';
import type { Feature, Target } from './target.js';

/** The raw layout of a model's verified function (bounds for omitted dims are added by the caller). */
export function rewardModelLayout(model: RewardModel): InputLayout {
  const o = model.options;
  const action: InputLayout['action'] = !o.useAction ? { kind: 'none' } : model.action.kind === 'discrete' ? { kind: 'discrete', n: model.action.n } : { kind: 'box', dim: model.action.dim };
  return { obsDim: model.obsDim, action, useNextObs: o.useNextObs };
}

function obsFeatures(model: RewardModel, offset: number): Feature[] {
  const squash = model.options.inputTransform === 'tanh';
  return Array.from({ length: model.obsDim }, (_, j) =>
    squash
      ? { source: offset + j, shift: 0, scale: 1, squash: 'tanh' as const }
      : { source: offset + j, shift: model.inputStats.mean[j], scale: 1 / Math.sqrt(model.inputStats.var[j] + 1e-8), squash: 'clip' as const, clip: 10 },
  );
}

/**
 * The function of one member (its standardised output) or of the ensemble mean (`member`
 * undefined), for a fixed discrete action when the model reads one.
 */
export function rewardTarget(model: RewardModel, member?: number, action?: number): Target {
  const layout = rewardModelLayout(model);
  const D = model.obsDim;
  const features: Feature[] = obsFeatures(model, 0);
  let rawDim = D;
  if (layout.action.kind === 'discrete') {
    const n = layout.action.n;
    if (action === undefined || !Number.isInteger(action) || action < 0 || action >= n) throw new ConfigError('action', action, `must be a discrete action 0…${n - 1} for this reward model`);
    for (let k = 0; k < n; k++) features.push({ constant: k === action ? 1 : 0 });
  } else if (layout.action.kind === 'box') {
    for (let k = 0; k < layout.action.dim; k++) features.push({ source: rawDim + k, shift: 0, scale: 1, squash: 'none' });
    rawDim += layout.action.dim;
  }
  if (layout.useNextObs) {
    features.push(...obsFeatures(model, rawDim));
    rawDim += D;
  }
  const K = model.nets.length;
  if (member !== undefined && !(Number.isInteger(member) && member >= 0 && member < K)) throw new ConfigError('member', member, `must be 0…${K - 1}`);
  const members = member === undefined ? Array.from({ length: K }, (_, m) => m) : [member];
  const w = 1 / members.length;
  return {
    rawDim,
    features,
    terms: members.map((m) => ({ net: fromMlp(model.nets[m]), c: Float64Array.of(w / model.scale[m]) })),
    offset: members.reduce((s, m) => s - (w * model.shift[m]) / model.scale[m], 0),
  };
}

/** A raw input split back into the model's own arguments. */
export function splitRawInput(model: RewardModel, x: ArrayLike<number>, action?: number): { obs: number[]; action: number | number[] | undefined; nextObs?: number[] } {
  const layout = rewardModelLayout(model);
  const D = model.obsDim;
  const A = layout.action.kind === 'box' ? layout.action.dim : 0;
  const xs = Array.from(x);
  return {
    obs: xs.slice(0, D),
    action: layout.action.kind === 'box' ? xs.slice(D, D + A) : action,
    ...(layout.useNextObs ? { nextObs: xs.slice(D + A, D + A + D) } : {}),
  };
}
