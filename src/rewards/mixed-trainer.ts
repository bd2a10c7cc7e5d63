/**
 * Trains the reward-model ensemble on a MIXED dataset: one loss term per feedback kind, summed
 * with the weights of `FeedbackWeights`, over one Adam optimiser per member (plus one for the
 * members' rating cut points). Each gradient step draws a minibatch of every non-empty kind
 * from the member's own stream (with replacement, so members differ as with bootstrapping).
 *
 * The preference-only `RewardTrainer` is untouched and stays the loop's default; this trainer is
 * an API option (the weights are not in the resolved run config yet).
 */
import { ConfigError, checkNumber } from '../core/errors.js';
import type { Rng } from '../core/rng.js';
import { Adam } from '../nn/optim.js';
import type { GoalExample } from './goal-loss.js';
import { goalTerm } from './goal-loss.js';
import { pairTerm } from './pair-term.js';
import { initialCutParams, ratingTerm, type RatedSegment } from './rating-loss.js';
import type { RewardModel } from './reward-model.js';
import type { LabeledPair } from './reward-trainer.js';
import type { TermGradient } from './segment-outputs.js';

/** The weight of each feedback kind's loss term. Default 1 for every kind (each term is a mean, so 1 means "as much as one preference batch"); 0 switches a kind off. */
export interface FeedbackWeights {
  /** Bradley–Terry on answered preference queries. */
  preference: number;
  /** Demonstration pairs: demo ≻ agent (Ibarz et al.) and T-REX / D-REX snippet pairs. */
  demonstration: number;
  /** Corrected ≻ original pairs. */
  correction: number;
  /** Ordered-logit loss on rated clips. */
  rating: number;
  /** Logistic success-detector loss on goal examples. */
  goal: number;
}

export const FEEDBACK_WEIGHT_DEFAULTS: FeedbackWeights = { preference: 1, demonstration: 1, correction: 1, rating: 1, goal: 1 };

export type MixedKind = keyof FeedbackWeights;
export const MIXED_KINDS: readonly MixedKind[] = ['preference', 'demonstration', 'correction', 'rating', 'goal'];

export interface MixedDataset {
  preference?: LabeledPair[];
  demonstration?: LabeledPair[];
  correction?: LabeledPair[];
  rating?: RatedSegment[];
  goal?: GoalExample[];
}

export interface MixedTrainerOptions {
  /** Loss weight per kind. Default `FEEDBACK_WEIGHT_DEFAULTS`. */
  weights: FeedbackWeights;
  /** Gradient steps per member per `train` call. Default 200. */
  stepsPerRound: number;
  /** Items of each kind per gradient step. Default 32. */
  batch: number;
  /** Adam learning rate (network and cut points). Default 1e-3. */
  learningRate: number;
  /** L2 penalty on the predicted per-step rewards of every term's rows. Default 1e-3. */
  rewardL2: number;
  /** Random-answer probability of the Bradley–Terry terms. Default 0.1. */
  randomAnswerProb: number;
  /** Rating levels (ratings are 1…ratingLevels). Default 5. */
  ratingLevels: number;
}

export const MIXED_TRAINER_DEFAULTS: MixedTrainerOptions = { weights: FEEDBACK_WEIGHT_DEFAULTS, stepsPerRound: 200, batch: 32, learningRate: 1e-3, rewardL2: 1e-3, randomAnswerProb: 0.1, ratingLevels: 5 };

export interface MixedTrainingStats {
  steps: number;
  /** Items per kind in the dataset. */
  items: Record<MixedKind, number>;
  /** Mean (unweighted) term loss per kind over the round's steps; null for kinds not trained. */
  loss: Record<MixedKind, number | null>;
}

export class MixedRewardTrainer {
  readonly options: MixedTrainerOptions;
  private readonly optimizers: Adam[];
  private readonly cutOptimizers: Adam[];
  /** Per member: the unconstrained rating cut-point parameters (see rating-loss.ts). */
  readonly cutParams: Float32Array[];

  constructor(
    readonly model: RewardModel,
    options: Partial<Omit<MixedTrainerOptions, 'weights'>> & { weights?: Partial<FeedbackWeights> } = {},
  ) {
    const weights = { ...FEEDBACK_WEIGHT_DEFAULTS, ...options.weights };
    const o: MixedTrainerOptions = { ...MIXED_TRAINER_DEFAULTS, ...options, weights };
    for (const k of Object.keys(weights)) {
      if (!MIXED_KINDS.includes(k as MixedKind)) throw new ConfigError(`feedback weight ${k}`, weights[k as MixedKind], `is not a trainable kind; use ${MIXED_KINDS.join(', ')}`);
      checkNumber(`feedback weight ${k}`, weights[k as MixedKind], { min: 0 });
    }
    checkNumber('mixed stepsPerRound', o.stepsPerRound, { min: 1, integer: true });
    checkNumber('mixed batch', o.batch, { min: 1, integer: true });
    checkNumber('mixed learningRate', o.learningRate, { min: 0, exclusiveMin: true });
    checkNumber('mixed rewardL2', o.rewardL2, { min: 0 });
    checkNumber('randomAnswerProb', o.randomAnswerProb, { min: 0, max: 1 });
    checkNumber('ratingLevels', o.ratingLevels, { min: 2, integer: true });
    this.options = o;
    this.optimizers = model.nets.map((net) => new Adam(net.params.length, { lr: o.learningRate }));
    this.cutParams = model.nets.map(() => initialCutParams(o.ratingLevels));
    this.cutOptimizers = this.cutParams.map((c) => new Adam(c.length, { lr: o.learningRate * 10 }));
  }

  /** Optimiser state for checkpoints: per member, the network's Adam (`m<i>`, `v<i>`, steps), the cut points (`cut<i>`) and their Adam (`cm<i>`, `cv<i>`, `ct<i>` = its step count). */
  state(): { steps: number[]; tensors: Record<string, Float32Array> } {
    const tensors: Record<string, Float32Array> = {};
    const steps = this.optimizers.map((opt, i) => {
      const st = opt.state();
      const ct = this.cutOptimizers[i].state();
      Object.assign(tensors, { [`m${i}`]: st.m, [`v${i}`]: st.v, [`cut${i}`]: this.cutParams[i], [`cm${i}`]: ct.m, [`cv${i}`]: ct.v, [`ct${i}`]: Float32Array.of(ct.t) });
      return st.t;
    });
    return { steps, tensors };
  }

  load(state: { steps: number[]; tensors: Record<string, Float32Array> }): void {
    if (state.steps.length !== this.optimizers.length) throw new ConfigError('mixed trainer state members', state.steps.length, `must be ${this.optimizers.length}`);
    this.optimizers.forEach((opt, i) => {
      const t = state.tensors;
      if (!t[`cut${i}`] || t[`cut${i}`].length !== this.cutParams[i].length) throw new ConfigError(`mixed trainer state cut${i}`, t[`cut${i}`]?.length ?? null, `must hold ${this.cutParams[i].length} cut-point parameters`);
      opt.load({ t: state.steps[i], m: t[`m${i}`], v: t[`v${i}`] });
      this.cutParams[i].set(t[`cut${i}`]);
      this.cutOptimizers[i].load({ t: t[`ct${i}`][0], m: t[`cm${i}`], v: t[`cv${i}`] });
    });
  }

  /** One member's weighted loss over one minibatch of each kind; accumulates into the member's grads (call zeroGrad first) and `dCut`. */
  memberStep(member: number, batches: MixedDataset, dCut: Float32Array): Record<MixedKind, number | null> {
    const o = this.options;
    const net = this.model.nets[member];
    const losses: Record<MixedKind, number | null> = { preference: null, demonstration: null, correction: null, rating: null, goal: null };
    for (const kind of MIXED_KINDS) {
      const items = batches[kind];
      const w = o.weights[kind];
      if (!items || items.length === 0 || w === 0) continue;
      let term: TermGradient;
      if (kind === 'rating') {
        const r = ratingTerm(this.model, member, items as RatedSegment[], this.cutParams[member]);
        for (let k = 0; k < dCut.length; k++) dCut[k] += w * r.dCutParams[k];
        term = r;
      } else if (kind === 'goal') term = goalTerm(this.model, member, items as GoalExample[]);
      else term = pairTerm(this.model, member, items as LabeledPair[], o.randomAnswerProb);
      losses[kind] = term.loss;
      const out = term.out;
      const rows = term.dOut.length;
      for (let k = 0; k < rows; k++) term.dOut[k] = w * (term.dOut[k] + (2 * o.rewardL2 * out[k]) / rows);
      net.backward(term.dOut);
    }
    return losses;
  }

  /** One training round on the whole dataset. */
  train(data: MixedDataset, rng: Rng): MixedTrainingStats {
    const o = this.options;
    const items = Object.fromEntries(MIXED_KINDS.map((k) => [k, data[k]?.length ?? 0])) as Record<MixedKind, number>;
    for (const it of data.preference ?? []) if (it.heldOut) throw new ConfigError(`preference ${it.id} heldOut`, true, 'held-out labels must be left out of the mixed dataset');
    const sums: Record<MixedKind, number> = { preference: 0, demonstration: 0, correction: 0, rating: 0, goal: 0 };
    const counts: Record<MixedKind, number> = { preference: 0, demonstration: 0, correction: 0, rating: 0, goal: 0 };
    let steps = 0;
    if (MIXED_KINDS.some((k) => items[k] > 0 && o.weights[k] > 0)) {
      this.model.nets.forEach((net, m) => {
        const mrng = rng.fork();
        for (let s = 0; s < o.stepsPerRound; s++) {
          const batches: MixedDataset = {};
          for (const kind of MIXED_KINDS) {
            const all = data[kind] as unknown[] | undefined;
            if (!all || all.length === 0) continue;
            (batches as Record<string, unknown[]>)[kind] = Array.from({ length: Math.min(o.batch, all.length) }, () => all[mrng.int(all.length)]);
          }
          net.zeroGrad();
          const dCut = new Float32Array(this.cutParams[m].length);
          const losses = this.memberStep(m, batches, dCut);
          for (const k of MIXED_KINDS) if (losses[k] !== null) { sums[k] += losses[k]!; counts[k]++; }
          this.optimizers[m].step(net.params, net.grads);
          if (losses.rating !== null) this.cutOptimizers[m].step(this.cutParams[m], dCut);
          steps++;
        }
      });
    }
    const loss = Object.fromEntries(MIXED_KINDS.map((k) => [k, counts[k] ? sums[k] / counts[k] : null])) as Record<MixedKind, number | null>;
    return { steps, items, loss };
  }
}
