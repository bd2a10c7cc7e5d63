/**
 * Trains the reward-model ensemble on labelled fragment pairs. Each member sees its own
 * bootstrap resample of the training labels; held-out labels (chosen when each label
 * arrived) are never trained on and give the held-out preference accuracy. Optimiser state
 * persists across rounds, so each round warm-starts from the last.
 */
import { ConfigError, checkNumber } from '../core/errors.js';
import type { Rng } from '../core/rng.js';
import { Adam } from '../nn/optim.js';
import { agrees, preferenceLoss } from './preference-model.js';
import { concatBatches, type RewardModel, type TransitionBatch } from './reward-model.js';

export interface LabeledPair {
  id: string;
  left: TransitionBatch;
  right: TransitionBatch;
  /** 1 = left preferred, 0 = right, ½ = equal. */
  target: number;
  /** Held out for validation (never trained on). */
  heldOut: boolean;
}

export interface RewardTrainerOptions {
  /** Passes over the (bootstrapped) training labels per round. Default 8. */
  epochs: number;
  /** Cap on gradient steps per member per round (keeps late rounds cheap; warm starts carry over). Default 30. */
  maxStepsPerRound: number;
  /** Pairs per gradient step. Default 32. */
  batchPairs: number;
  /** Adam learning rate. Default 1e-3. */
  learningRate: number;
  /** L2 penalty on the predicted per-step rewards (keeps the scale in check). Default 1e-3. */
  rewardL2: number;
  /** Probability that an answer is random, in the Bradley–Terry model. Default 0.1. */
  randomAnswerProb: number;
  /** L2 penalty on the network weights (adds weightDecay·θ to the gradient). Default 0 (off). */
  weightDecay?: number;
}

export const REWARD_TRAINER_DEFAULTS: RewardTrainerOptions = { epochs: 8, maxStepsPerRound: 30, batchPairs: 32, learningRate: 1e-3, rewardL2: 1e-3, randomAnswerProb: 0.1 };

export interface RewardTrainingStats {
  labels: number;
  trainLabels: number;
  heldOutLabels: number;
  steps: number;
  loss: number;
  /** Share of strict (non-'equal') labels the ensemble mean predicts correctly. */
  trainAccuracy: number;
  heldOutAccuracy: number | null;
  heldOutLoss: number | null;
  /** The counts behind the accuracies (for exact confidence intervals): strict pairs scored and predicted right. Absent in metrics written before they were recorded. */
  trainScored?: number;
  trainCorrect?: number;
  heldOutScored?: number;
  heldOutCorrect?: number;
}

export class RewardTrainer {
  readonly options: RewardTrainerOptions;
  private readonly optimizers: Adam[];

  constructor(
    readonly model: RewardModel,
    options: Partial<RewardTrainerOptions> = {},
  ) {
    const o = { ...REWARD_TRAINER_DEFAULTS, ...options };
    checkNumber('reward epochs', o.epochs, { min: 1, integer: true });
    checkNumber('reward batchPairs', o.batchPairs, { min: 1, integer: true });
    checkNumber('reward maxStepsPerRound', o.maxStepsPerRound, { min: 1, integer: true });
    checkNumber('reward learningRate', o.learningRate, { min: 0, exclusiveMin: true });
    checkNumber('randomAnswerProb', o.randomAnswerProb, { min: 0, max: 1 });
    this.options = o;
    this.optimizers = model.nets.map((net) => new Adam(net.params.length, { lr: o.learningRate }));
  }

  /** The optimizers' state (steps, moments) per member, for checkpoints: tensors `m<i>` and `v<i>`. */
  state(): { steps: number[]; tensors: Record<string, Float32Array> } {
    const tensors: Record<string, Float32Array> = {};
    const steps = this.optimizers.map((opt, i) => {
      const st = opt.state();
      tensors[`m${i}`] = st.m;
      tensors[`v${i}`] = st.v;
      return st.t;
    });
    return { steps, tensors };
  }

  load(state: { steps: number[]; tensors: Record<string, Float32Array> }): void {
    if (state.steps.length !== this.optimizers.length) throw new ConfigError('reward trainer state members', state.steps.length, `must be ${this.optimizers.length}`);
    this.optimizers.forEach((opt, i) => opt.load({ t: state.steps[i], m: state.tensors[`m${i}`], v: state.tensors[`v${i}`] }));
  }

  /** Σ r̂ over each fragment of `pairs` for one member (raw outputs); also returns the row layout. */
  private segmentReturns(member: number, pairs: LabeledPair[]): { left: number[]; right: number[]; out: Float32Array; rows: number; offsets: number[] } {
    const { batch, offsets } = stackPairs(pairs);
    const out = this.model.memberRaw(member, this.model.features(batch), batch.n);
    const left: number[] = [];
    const right: number[] = [];
    for (let i = 0; i + 1 < offsets.length; i++) {
      let s = 0;
      for (let k = offsets[i]; k < offsets[i + 1]; k++) s += out[k];
      (i % 2 === 0 ? left : right).push(s);
    }
    return { left, right, out, rows: batch.n, offsets };
  }

  /** Mean over members of P(left ≻ right) for each pair (standardisation does not change the order within a member). */
  predictPreferences(pairs: LabeledPair[]): Float64Array[] {
    if (pairs.length === 0) return this.model.nets.map(() => new Float64Array(0));
    return this.model.nets.map((_, m) => {
      const { left, right } = this.segmentReturns(m, pairs);
      return Float64Array.from(left, (l, i) => preferenceLoss((l - right[i]) / this.model.scale[m], 0.5, 0).p);
    });
  }

  private evaluate(pairs: LabeledPair[]): { accuracy: number; loss: number; scored: number; correct: number } {
    const perMember = this.model.nets.map((_, m) => this.segmentReturns(m, pairs));
    let correct = 0;
    let strict = 0;
    let loss = 0;
    pairs.forEach((pair, i) => {
      const delta = perMember.reduce((s, r) => s + (r.left[i] - r.right[i]), 0) / perMember.length;
      const l = preferenceLoss(delta, pair.target, this.options.randomAnswerProb);
      loss += l.loss;
      if (pair.target === 0.5) return; // accuracy is over strict preferences
      strict++;
      if (agrees(l.p, pair.target)) correct++;
    });
    return { accuracy: strict ? correct / strict : NaN, loss: loss / pairs.length, scored: strict, correct };
  }

  /** One training round on all labels so far. */
  train(pairs: LabeledPair[], rng: Rng): RewardTrainingStats {
    const train = pairs.filter((p) => !p.heldOut);
    const heldOut = pairs.filter((p) => p.heldOut);
    const o = this.options;
    let steps = 0;
    let lossSum = 0;
    let lossCount = 0;
    if (train.length > 0) {
      this.model.nets.forEach((net, m) => {
        const boot = Array.from({ length: train.length }, () => train[rng.int(train.length)]);
        let memberSteps = 0;
        for (let epoch = 0; epoch < o.epochs && memberSteps < o.maxStepsPerRound; epoch++) {
          rng.shuffle(boot);
          for (let start = 0; start < boot.length && memberSteps < o.maxStepsPerRound; start += o.batchPairs) {
            const batch = boot.slice(start, start + o.batchPairs);
            const { left, right, out, rows, offsets } = this.segmentReturns(m, batch); // the forward pass backward() uses
            const dOut = new Float32Array(rows);
            batch.forEach((pair, i) => {
              const l = preferenceLoss(left[i] - right[i], pair.target, o.randomAnswerProb);
              lossSum += l.loss;
              lossCount++;
              for (let k = offsets[2 * i]; k < offsets[2 * i + 1]; k++) dOut[k] += l.dDelta / batch.length;
              for (let k = offsets[2 * i + 1]; k < offsets[2 * i + 2]; k++) dOut[k] -= l.dDelta / batch.length;
            });
            for (let k = 0; k < rows; k++) dOut[k] += (2 * o.rewardL2 * out[k]) / rows;
            net.zeroGrad();
            net.backward(dOut);
            if (o.weightDecay) for (let k = 0; k < net.params.length; k++) net.grads[k] += o.weightDecay * net.params[k];
            this.optimizers[m].step(net.params, net.grads);
            steps++;
            memberSteps++;
          }
        }
      });
    }
    const trainEval = train.length ? this.evaluate(train) : { accuracy: NaN, loss: NaN, scored: 0, correct: 0 };
    const heldEval = heldOut.length ? this.evaluate(heldOut) : null;
    return {
      labels: pairs.length, trainLabels: train.length, heldOutLabels: heldOut.length, steps,
      loss: lossCount ? lossSum / lossCount : NaN, trainAccuracy: trainEval.accuracy,
      heldOutAccuracy: heldEval?.accuracy ?? null, heldOutLoss: heldEval?.loss ?? null,
      trainScored: trainEval.scored, trainCorrect: trainEval.correct, heldOutScored: heldEval?.scored ?? 0, heldOutCorrect: heldEval?.correct ?? 0,
    };
  }
}

/** All fragments of the pairs (left, right, left, right, …) as one batch, with row offsets. */
function stackPairs(pairs: LabeledPair[]): { batch: TransitionBatch; offsets: number[] } {
  const parts = pairs.flatMap((p) => [p.left, p.right]);
  const offsets = [0];
  for (const b of parts) offsets.push(offsets[offsets.length - 1] + b.n);
  return { batch: concatBatches(parts), offsets };
}
