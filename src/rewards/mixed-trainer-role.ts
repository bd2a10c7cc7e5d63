/**
 * The mixed-dataset trainer in the loop's reward-trainer role. The loop hands every round its
 * folded preference pairs (`train(pairs, rng)`, as to the Bradley–Terry `RewardTrainer`); the other
 * kinds come from `extra()`, which the caller keeps current (e.g. demonstration pairs rebuilt
 * from the agent's latest rollouts through a loop observer). Training labels and the extra data
 * are fitted together in one `MixedRewardTrainer` round; held-out preferences are scored as the
 * base trainer scores them. Checkpoints carry the mixed trainer's optimiser state.
 *
 * The preference-only default is untouched: a run gets this trainer only when a caller injects it.
 */
import type { Rng } from '../core/rng.js';
import { agrees, preferenceLoss } from './preference-model.js';
import { MixedRewardTrainer, type FeedbackWeights, type MixedDataset, type MixedTrainerOptions } from './mixed-trainer.js';
import type { RewardModel } from './reward-model.js';
import { RewardTrainer, type LabeledPair, type RewardTrainerOptions, type RewardTrainingStats } from './reward-trainer.js';
import { segmentOutputs } from './segment-outputs.js';

export interface MixedTrainerRoleOptions {
  /** The non-preference kinds for the coming round. Called once per round. */
  extra: () => Omit<MixedDataset, 'preference'>;
  /** Options of the mixed trainer. Defaults: the base trainer's learning rate, reward L2, random-answer probability and batch (`batchPairs`), `stepsPerRound` = `maxStepsPerRound`. */
  mixed?: Partial<Omit<MixedTrainerOptions, 'weights'>> & { weights?: Partial<FeedbackWeights> };
}

export class MixedTrainerRole extends RewardTrainer {
  readonly mixed: MixedRewardTrainer;
  /** What it was built with (a training thread rebuilds the same role from them). */
  readonly roleOptions: { trainer: Partial<RewardTrainerOptions>; mixed: MixedTrainerRoleOptions['mixed'] };
  /** The non-preference kinds for the coming round (call once per round, as `train` does). */
  readonly extra: MixedTrainerRoleOptions['extra'];

  constructor(model: RewardModel, trainerOptions: Partial<RewardTrainerOptions>, o: MixedTrainerRoleOptions) {
    super(model, trainerOptions);
    this.roleOptions = { trainer: trainerOptions, mixed: o.mixed };
    const b = this.options;
    this.mixed = new MixedRewardTrainer(model, { learningRate: b.learningRate, rewardL2: b.rewardL2, randomAnswerProb: b.randomAnswerProb, batch: b.batchPairs, stepsPerRound: b.maxStepsPerRound, ...o.mixed });
    this.extra = o.extra;
  }

  override state(): { steps: number[]; tensors: Record<string, Float32Array> } {
    return this.mixed.state();
  }

  override load(state: { steps: number[]; tensors: Record<string, Float32Array> }): void {
    this.mixed.load(state);
  }

  override train(pairs: LabeledPair[], rng: Rng): RewardTrainingStats {
    const train = pairs.filter((p) => !p.heldOut);
    const heldOut = pairs.filter((p) => p.heldOut);
    const s = this.mixed.train({ ...this.extra(), preference: train }, rng);
    const t = this.score(train);
    const h = heldOut.length ? this.score(heldOut) : null;
    return {
      labels: pairs.length, trainLabels: train.length, heldOutLabels: heldOut.length, steps: s.steps,
      loss: s.loss.preference ?? NaN, trainAccuracy: t.accuracy, heldOutAccuracy: h?.accuracy ?? null, heldOutLoss: h?.loss ?? null,
      trainScored: t.scored, trainCorrect: t.correct, heldOutScored: h?.scored ?? 0, heldOutCorrect: h?.correct ?? 0,
    };
  }

  /** Accuracy and loss of the ensemble's mean return difference, as `RewardTrainer` scores pairs. */
  private score(pairs: readonly LabeledPair[]): { accuracy: number; loss: number; scored: number; correct: number } {
    if (pairs.length === 0) return { accuracy: NaN, loss: NaN, scored: 0, correct: 0 };
    const sums = this.model.nets.map((_, m) => segmentOutputs(this.model, m, pairs.flatMap((p) => [p.left, p.right])).sums);
    let loss = 0;
    let scored = 0;
    let correct = 0;
    pairs.forEach((pair, i) => {
      const delta = sums.reduce((acc, s) => acc + (s[2 * i] - s[2 * i + 1]), 0) / sums.length;
      const l = preferenceLoss(delta, pair.target, this.options.randomAnswerProb);
      loss += l.loss / pairs.length;
      if (pair.target === 0.5) return;
      scored++;
      if (agrees(l.p, pair.target)) correct++;
    });
    return { accuracy: scored ? correct / scored : NaN, loss, scored, correct };
  }
}
