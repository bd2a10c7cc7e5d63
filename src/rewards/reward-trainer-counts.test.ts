import { describe, expect, it } from 'vitest';
import { Rng } from '../core/rng.js';
import { RewardModel, fragmentBatch } from './reward-model.js';
import { RewardTrainer, type LabeledPair } from './reward-trainer.js';

/** The counts behind the accuracies (for exact intervals, issue 17 item 4): strict pairs scored and predicted right. */
describe('reward trainer counts', () => {
  it('scores strict pairs only and counts the right ones: a pair and its mirror with the same answer are one right, one wrong', () => {
    const rng = new Rng(11);
    const fragment = () => fragmentBatch(Array.from({ length: 6 }, () => Float32Array.from({ length: 3 }, () => rng.normal())), Array.from({ length: 5 }, () => rng.int(2)));
    const pairs: LabeledPair[] = [];
    for (let i = 0; i < 6; i++) {
      const a = fragment();
      const b = fragment();
      pairs.push({ id: `h${i}`, left: a, right: b, target: 1, heldOut: true }, { id: `m${i}`, left: b, right: a, target: 1, heldOut: true });
    }
    for (let i = 0; i < 2; i++) pairs.push({ id: `t${i}`, left: fragment(), right: fragment(), target: 0.5, heldOut: true }); // ties: held out, not scored
    for (let i = 0; i < 5; i++) pairs.push({ id: `x${i}`, left: fragment(), right: fragment(), target: i % 2, heldOut: false });
    pairs.push({ id: 'xt', left: fragment(), right: fragment(), target: 0.5, heldOut: false });
    const model = new RewardModel(3, { kind: 'discrete', n: 2 }, { hidden: [8] }, rng.fork());
    const stats = new RewardTrainer(model).train(pairs, rng);
    expect(stats).toMatchObject({ heldOutLabels: 14, heldOutScored: 12, heldOutCorrect: 6, heldOutAccuracy: 0.5, trainLabels: 6, trainScored: 5 });
    expect(stats.trainCorrect! / stats.trainScored!).toBeCloseTo(stats.trainAccuracy, 12);
  });
});
