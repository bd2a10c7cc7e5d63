/**
 * The blocker classifier of Saunders et al. 2017: a small MLP over observation ⊕ one-hot
 * action that scores how likely the action is to be catastrophic, trained on the overseer's
 * labels (stopped = catastrophic, let through = safe). Class-balanced logistic loss (stops are
 * rare), inputs standardised by the training examples' statistics. `fit` splits the labelled
 * examples into train and validation and sets the threshold with the rule of
 * blocker-threshold.ts: no labelled catastrophe of either split passes.
 */
import { ConfigError } from '../core/errors.js';
import type { Rng } from '../core/rng.js';
import { Mlp } from '../nn/mlp.js';
import { Adam } from '../nn/optim.js';
import { blockerThreshold, thresholdRates, type BlockerThreshold, type ScoredSplit, type ThresholdRates } from './blocker-threshold.js';

/** One overseen step: was this action in this observation catastrophic? */
export interface BlockerExample {
  observation: Float32Array;
  action: number;
  catastrophe: boolean;
}

export interface BlockerClassifierOptions {
  /** Hidden layer widths. Default [64, 64]. */
  hidden: number[];
  /** Passes over the training examples. Default 60. */
  epochs: number;
  /** Examples per gradient step. Default 64. */
  batchSize: number;
  /** Adam learning rate. Default 3e-3. */
  learningRate: number;
  /** Share of the examples held out for validation (each class split alike). Default 0.2. */
  validationShare: number;
}

export const BLOCKER_CLASSIFIER_DEFAULTS: BlockerClassifierOptions = { hidden: [64, 64], epochs: 60, batchSize: 64, learningRate: 3e-3, validationShare: 0.2 };

export interface BlockerFit {
  threshold: BlockerThreshold;
  train: ThresholdRates;
  validation: ThresholdRates;
  /** Final mean training loss. */
  loss: number;
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

export class BlockerClassifier {
  readonly options: BlockerClassifierOptions;
  private readonly net: Mlp;
  private readonly mean: Float32Array;
  private readonly scale: Float32Array;
  /** Block at or above this score (set by `fit`). */
  threshold = Infinity;

  constructor(
    readonly obsDim: number,
    readonly numActions: number,
    rng: Rng,
    options: Partial<BlockerClassifierOptions> = {},
  ) {
    this.options = { ...BLOCKER_CLASSIFIER_DEFAULTS, ...options };
    const o = this.options;
    if (!(o.validationShare > 0 && o.validationShare < 1)) throw new ConfigError('blocker validationShare', o.validationShare, 'must be strictly between 0 and 1');
    if (!Number.isInteger(o.epochs) || o.epochs < 1) throw new ConfigError('blocker epochs', o.epochs, 'must be a positive integer');
    this.net = new Mlp({ sizes: [obsDim + numActions, ...o.hidden, 1], activation: 'tanh', outputGain: 0.01 }, rng);
    this.mean = new Float32Array(obsDim);
    this.scale = new Float32Array(obsDim).fill(1);
  }

  private encode(examples: readonly { observation: Float32Array; action: number }[]): Float32Array {
    const width = this.obsDim + this.numActions;
    const x = new Float32Array(examples.length * width);
    examples.forEach((e, k) => {
      if (e.observation.length !== this.obsDim) throw new ConfigError('blocker observation length', e.observation.length, `must be ${this.obsDim}`);
      if (!Number.isInteger(e.action) || e.action < 0 || e.action >= this.numActions) throw new ConfigError('blocker action', e.action, `must be an integer in [0, ${this.numActions - 1}]`);
      for (let j = 0; j < this.obsDim; j++) x[k * width + j] = (e.observation[j] - this.mean[j]) * this.scale[j];
      x[k * width + this.obsDim + e.action] = 1;
    });
    return x;
  }

  /** Catastrophe scores in (0, 1), one per (observation, action). */
  scores(pairs: readonly { observation: Float32Array; action: number }[]): number[] {
    if (!pairs.length) return [];
    const out = this.net.forward(this.encode(pairs), pairs.length);
    return Array.from(out, sigmoid);
  }

  score(observation: Float32Array, action: number): number {
    return this.scores([{ observation, action }])[0];
  }

  blocks(observation: Float32Array, action: number): boolean {
    return this.score(observation, action) >= this.threshold;
  }

  /** The action with the lowest catastrophe score here (the safe action that replaces a blocked one). */
  safest(observation: Float32Array): number {
    const s = this.scores(Array.from({ length: this.numActions }, (_, action) => ({ observation, action })));
    return s.indexOf(Math.min(...s));
  }

  /** Train on the labelled examples (split into train / validation with `rng`) and set the threshold. */
  fit(examples: readonly BlockerExample[], rng: Rng): BlockerFit {
    if (!examples.length) throw new ConfigError('blocker examples', 0, 'must hold at least one labelled step');
    const split = (items: BlockerExample[]) => {
      const shuffled = rng.shuffle([...items]);
      const nVal = items.length > 1 ? Math.max(1, Math.round(items.length * this.options.validationShare)) : 0;
      return { val: shuffled.slice(0, nVal), train: shuffled.slice(nVal) };
    };
    const pos = split(examples.filter((e) => e.catastrophe));
    const neg = split(examples.filter((e) => !e.catastrophe));
    const train = [...pos.train, ...neg.train];
    const validation = [...pos.val, ...neg.val];
    this.standardise(train.length ? train : examples);
    const loss = this.train(train, rng);
    const scored = (items: BlockerExample[]): ScoredSplit => {
      const s = this.scores(items);
      return { catastrophes: s.filter((_, k) => items[k].catastrophe), safe: s.filter((_, k) => !items[k].catastrophe) };
    };
    const t = scored(train);
    const v = scored(validation);
    const threshold = blockerThreshold(t, v);
    this.threshold = threshold.threshold;
    return { threshold, train: thresholdRates(t, this.threshold), validation: thresholdRates(v, this.threshold), loss };
  }

  private standardise(examples: readonly BlockerExample[]): void {
    const d = this.obsDim;
    const sum = new Float64Array(d);
    const sq = new Float64Array(d);
    for (const e of examples) for (let j = 0; j < d; j++) {
      sum[j] += e.observation[j];
      sq[j] += e.observation[j] ** 2;
    }
    for (let j = 0; j < d; j++) {
      const m = sum[j] / examples.length;
      const sd = Math.sqrt(Math.max(0, sq[j] / examples.length - m * m));
      this.mean[j] = m;
      this.scale[j] = sd > 1e-6 ? 1 / sd : 1;
    }
  }

  /** Class-balanced logistic loss, Adam; returns the last epoch's mean loss. */
  private train(examples: readonly BlockerExample[], rng: Rng): number {
    if (!examples.length) return NaN;
    const nPos = examples.filter((e) => e.catastrophe).length;
    const nNeg = examples.length - nPos;
    const wPos = nPos ? examples.length / (2 * nPos) : 0;
    const wNeg = nNeg ? examples.length / (2 * nNeg) : 0;
    const adam = new Adam(this.net.params.length, { lr: this.options.learningRate });
    const x = this.encode(examples);
    const width = this.obsDim + this.numActions;
    let last = NaN;
    for (let epoch = 0; epoch < this.options.epochs; epoch++) {
      const order = rng.permutation(examples.length);
      let total = 0;
      for (let b = 0; b < order.length; b += this.options.batchSize) {
        const idx = order.slice(b, b + this.options.batchSize);
        const xb = new Float32Array(idx.length * width);
        idx.forEach((i, k) => xb.set(x.subarray(i * width, (i + 1) * width), k * width));
        const z = this.net.forward(xb, idx.length);
        const dz = new Float32Array(idx.length);
        idx.forEach((i, k) => {
          const y = examples[i].catastrophe ? 1 : 0;
          const w = y ? wPos : wNeg;
          const p = sigmoid(z[k]);
          total += w * -(y ? Math.log(Math.max(p, 1e-12)) : Math.log(Math.max(1 - p, 1e-12)));
          dz[k] = (w * (p - y)) / idx.length;
        });
        this.net.zeroGrad();
        this.net.backward(dz);
        adam.step(this.net.params, this.net.grads);
      }
      last = total / examples.length;
    }
    return last;
  }
}
