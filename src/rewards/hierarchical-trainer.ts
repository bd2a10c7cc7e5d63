/**
 * Hierarchical feedback (Leike et al. 2018 §5.4; issue 15 item 4): labels at two levels trained
 * into ONE reward.
 *
 * - subgoal level: pairs of short clips judged against a NAMED subgoal ("get the key": which clip
 *   makes more progress on the subgoal active in both clips);
 * - task level: pairs of whole episodes judged against the task.
 *
 * The choice: one reward-model ensemble, trained with a Bradley–Terry loss term per level, and
 * within the subgoal level one term per named subgoal, so a subgoal with few labels counts as
 * much as one with many. Loss per member and gradient step:
 *
 *   L = weights.task · BT(task batch) + Σ_g (weights.subgoal · w_g / G) · BT(batch of subgoal g)
 *
 * with G the number of subgoals that have labels and w_g = `subgoalWeights[g]` (default 1). The
 * combined reward is the model's own output; it needs no gate saying which subgoal is active at
 * act time because the model sees the state (in the gridworlds the board shows it). The rejected
 * alternative, one model per subgoal plus a task model, would need exactly such a gate (a learned
 * classifier of the active subgoal) and a choice of scale between the subgoal models; here the
 * task-level pairs set the scale across subgoals, the subgoal-level pairs the shape within them.
 */
import { ConfigError, checkNumber } from '../core/errors.js';
import type { Rng } from '../core/rng.js';
import { Adam } from '../nn/optim.js';
import { pairTerm } from './pair-term.js';
import { agrees, preferenceLoss } from './preference-model.js';
import type { RewardModel } from './reward-model.js';
import type { LabeledPair } from './reward-trainer.js';
import { segmentOutputs } from './segment-outputs.js';

/** The weight of each level's loss term. Default 1 each (each term is a mean over its batch); 0 switches a level off. */
export interface HierarchyWeights {
  /** Bradley–Terry on whole-episode pairs judged against the task. */
  task: number;
  /** Bradley–Terry on clip pairs judged against a named subgoal (split over the named subgoals). */
  subgoal: number;
}

export const HIERARCHY_WEIGHT_DEFAULTS: HierarchyWeights = { task: 1, subgoal: 1 };

export interface HierarchicalTrainerOptions {
  weights: HierarchyWeights;
  /** Multiplier of each named subgoal's term (names left out get 1). Default {}. */
  subgoalWeights: Record<string, number>;
  /** Gradient steps per member per `train` call. Default 150. */
  stepsPerRound: number;
  /** Pairs of each term per gradient step (drawn with replacement from the member's stream). Default 16. */
  batch: number;
  /** Adam learning rate. Default 1e-3. */
  learningRate: number;
  /** L2 penalty on the predicted per-step rewards of every term's rows. Default 1e-3. */
  rewardL2: number;
  /** Random-answer probability of the Bradley–Terry terms. Default 0.1. */
  randomAnswerProb: number;
}

export const HIERARCHICAL_TRAINER_DEFAULTS: HierarchicalTrainerOptions = { weights: HIERARCHY_WEIGHT_DEFAULTS, subgoalWeights: {}, stepsPerRound: 150, batch: 16, learningRate: 1e-3, rewardL2: 1e-3, randomAnswerProb: 0.1 };

/** Labels of both levels: subgoal-level pairs keyed by the subgoal's name, and task-level pairs. */
export interface HierarchicalDataset {
  subgoal: Record<string, LabeledPair[]>;
  task: LabeledPair[];
}

export interface HierarchicalTrainingStats {
  steps: number;
  /** Pairs per term: `task` and `subgoal:<name>`. */
  items: Record<string, number>;
  /** Mean (unweighted) term loss per term over the round's steps. */
  loss: Record<string, number>;
  /** Share of strict labels the ensemble mean gets right, per level (null without strict labels). */
  accuracy: { task: number | null; subgoal: number | null };
}

interface Term {
  name: string;
  pairs: LabeledPair[];
  weight: number;
}

export class HierarchicalRewardTrainer {
  readonly options: HierarchicalTrainerOptions;
  private readonly optimizers: Adam[];

  constructor(
    readonly model: RewardModel,
    options: Partial<Omit<HierarchicalTrainerOptions, 'weights'>> & { weights?: Partial<HierarchyWeights> } = {},
  ) {
    const weights = { ...HIERARCHY_WEIGHT_DEFAULTS, ...options.weights };
    const o: HierarchicalTrainerOptions = { ...HIERARCHICAL_TRAINER_DEFAULTS, ...options, weights };
    for (const k of Object.keys(weights)) {
      if (!(k in HIERARCHY_WEIGHT_DEFAULTS)) throw new ConfigError(`hierarchy weight ${k}`, weights[k as keyof HierarchyWeights], "is not a level; use 'task' or 'subgoal'");
      checkNumber(`hierarchy weight ${k}`, weights[k as keyof HierarchyWeights], { min: 0 });
    }
    for (const [g, w] of Object.entries(o.subgoalWeights)) checkNumber(`subgoal weight '${g}'`, w, { min: 0 });
    checkNumber('hierarchical stepsPerRound', o.stepsPerRound, { min: 1, integer: true });
    checkNumber('hierarchical batch', o.batch, { min: 1, integer: true });
    checkNumber('hierarchical learningRate', o.learningRate, { min: 0, exclusiveMin: true });
    checkNumber('hierarchical rewardL2', o.rewardL2, { min: 0 });
    checkNumber('randomAnswerProb', o.randomAnswerProb, { min: 0, max: 1 });
    this.options = o;
    this.optimizers = model.nets.map((net) => new Adam(net.params.length, { lr: o.learningRate }));
  }

  /** The weighted terms of a dataset (empty and zero-weight terms left out). */
  terms(data: HierarchicalDataset): Term[] {
    const o = this.options;
    const named = Object.entries(data.subgoal).filter(([, pairs]) => pairs.length > 0);
    const out: Term[] = [];
    if (data.task.length > 0 && o.weights.task > 0) out.push({ name: 'task', pairs: data.task, weight: o.weights.task });
    for (const [g, pairs] of named) {
      const w = (o.weights.subgoal * (o.subgoalWeights[g] ?? 1)) / named.length;
      if (w > 0) out.push({ name: `subgoal:${g}`, pairs, weight: w });
    }
    return out;
  }

  /** One training round on all labels so far. */
  train(data: HierarchicalDataset, rng: Rng): HierarchicalTrainingStats {
    const o = this.options;
    for (const p of [...data.task, ...Object.values(data.subgoal).flat()]) {
      if (p.heldOut) throw new ConfigError(`pair ${p.id} heldOut`, true, 'held-out labels must be left out of the hierarchical dataset');
    }
    const terms = this.terms(data);
    const sums: Record<string, number> = {};
    let steps = 0;
    if (terms.length > 0) {
      this.model.nets.forEach((net, m) => {
        const mrng = rng.fork();
        for (let s = 0; s < o.stepsPerRound; s++) {
          net.zeroGrad();
          for (const term of terms) {
            const batch = Array.from({ length: Math.min(o.batch, term.pairs.length) }, () => term.pairs[mrng.int(term.pairs.length)]);
            const t = pairTerm(this.model, m, batch, o.randomAnswerProb);
            sums[term.name] = (sums[term.name] ?? 0) + t.loss;
            const rows = t.dOut.length;
            for (let k = 0; k < rows; k++) t.dOut[k] = term.weight * (t.dOut[k] + (2 * o.rewardL2 * t.out[k]) / rows);
            net.backward(t.dOut);
          }
          this.optimizers[m].step(net.params, net.grads);
          steps++;
        }
      });
    }
    const perTermSteps = this.model.nets.length * o.stepsPerRound;
    return {
      steps,
      items: { task: data.task.length, ...Object.fromEntries(Object.entries(data.subgoal).map(([g, p]) => [`subgoal:${g}`, p.length])) },
      loss: Object.fromEntries(Object.entries(sums).map(([k, v]) => [k, v / perTermSteps])),
      accuracy: { task: this.accuracy(data.task), subgoal: this.accuracy(Object.values(data.subgoal).flat()) },
    };
  }

  /** Share of strict pairs whose preferred side the ensemble mean scores higher (null without strict pairs). */
  accuracy(pairs: readonly LabeledPair[]): number | null {
    const strict = pairs.filter((p) => p.target !== 0.5);
    if (strict.length === 0) return null;
    const segments = strict.flatMap((p) => [p.left, p.right]);
    const delta = new Float64Array(strict.length);
    this.model.nets.forEach((_, m) => {
      const { sums } = segmentOutputs(this.model, m, segments);
      for (let i = 0; i < strict.length; i++) delta[i] += (sums[2 * i] - sums[2 * i + 1]) / this.model.scale[m] / this.model.nets.length;
    });
    return strict.filter((p, i) => agrees(preferenceLoss(delta[i], 0.5, 0).p, p.target)).length / strict.length;
  }
}
