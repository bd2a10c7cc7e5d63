import { describe, expect, it } from 'vitest';
import { Rng } from '../core/rng.js';
import type { GoalExample } from './goal-loss.js';
import { MixedRewardTrainer, type MixedDataset } from './mixed-trainer.js';
import type { RatedSegment } from './rating-loss.js';
import { RewardModel, fragmentBatch, type TransitionBatch } from './reward-model.js';
import type { LabeledPair } from './reward-trainer.js';

const seg = (rng: Rng, n = 6): TransitionBatch => fragmentBatch(Array.from({ length: n + 1 }, () => Float32Array.from({ length: 2 }, () => rng.normal())), Array.from({ length: n }, () => rng.int(2)));
function dataset(rng: Rng): Required<MixedDataset> {
  const pair = (i: number, kind: string): LabeledPair => ({ id: `${kind}${i}`, left: seg(rng), right: seg(rng), target: rng.next() < 0.5 ? 1 : 0, heldOut: false });
  return {
    preference: Array.from({ length: 6 }, (_, i) => pair(i, 'p')),
    demonstration: Array.from({ length: 5 }, (_, i) => pair(i, 'd')),
    correction: Array.from({ length: 4 }, (_, i) => pair(i, 'c')),
    rating: Array.from({ length: 5 }, (_, i): RatedSegment => ({ id: `r${i}`, segment: seg(rng), rating: 1 + i })),
    goal: [{ id: 'g', states: seg(rng, 3), goal: true }, { id: 'n', states: seg(rng, 8), goal: false }] satisfies GoalExample[],
  };
}
const model = () => new RewardModel(2, { kind: 'discrete', n: 2 }, { members: 2, hidden: [8], activation: 'tanh' }, new Rng(1));

describe('mixed-dataset reward trainer', () => {
  it('the gradient of the weighted sum is the weighted sum of the per-kind gradients', () => {
    const data = dataset(new Rng(3));
    const weights = { preference: 0.5, demonstration: 2, correction: 1.5, rating: 0.25, goal: 3 };
    const m = model();
    const grads = (w: Partial<typeof weights>) => {
      const t = new MixedRewardTrainer(m, { weights: { preference: 0, demonstration: 0, correction: 0, rating: 0, goal: 0, ...w }, rewardL2: 0 });
      m.nets[0].zeroGrad();
      const dCut = new Float32Array(4);
      t.memberStep(0, data, dCut);
      return { net: Float64Array.from(m.nets[0].grads), dCut };
    };
    const all = grads(weights);
    const parts = (Object.keys(weights) as (keyof typeof weights)[]).map((k) => grads({ [k]: weights[k] }));
    for (let i = 0; i < all.net.length; i++) expect(all.net[i]).toBeCloseTo(parts.reduce((s, p) => s + p.net[i], 0), 5);
    for (let i = 0; i < 4; i++) expect(all.dCut[i]).toBeCloseTo(parts.reduce((s, p) => s + p.dCut[i], 0), 5);
    expect(parts.every((p) => p.net.some((g) => g !== 0))).toBe(true);
    // and a weight scales its term: weight w gives w × the weight-1 gradient
    for (const k of Object.keys(weights) as (keyof typeof weights)[]) {
      const unit = grads({ [k]: 1 });
      const part = parts[Object.keys(weights).indexOf(k)];
      for (let i = 0; i < part.net.length; i++) expect(part.net[i]).toBeCloseTo(weights[k] * unit.net[i], 5);
      for (let i = 0; i < 4; i++) expect(part.dCut[i]).toBeCloseTo(weights[k] * unit.dCut[i], 5);
    }
  });

  it('same seed, same model; a kind with weight 0 does not move it; stats count every kind', () => {
    const data = dataset(new Rng(4));
    const run = (weights = {}) => {
      const m = model();
      const stats = new MixedRewardTrainer(m, { weights, stepsPerRound: 20 }).train(data, new Rng(9));
      return { params: m.nets.map((n) => Array.from(n.params)), stats };
    };
    const a = run();
    expect(run().params).toEqual(a.params);
    expect(a.stats.steps).toBe(40);
    expect(a.stats.items).toEqual({ preference: 6, demonstration: 5, correction: 4, rating: 5, goal: 2 });
    expect(Object.values(a.stats.loss).every((l) => l !== null && l > 0)).toBe(true);
    const untouched = model().nets.map((n) => Array.from(n.params));
    const off = (() => {
      const m = model();
      new MixedRewardTrainer(m, { weights: { preference: 0, demonstration: 0, correction: 0, rating: 0, goal: 0 }, stepsPerRound: 20 }).train(data, new Rng(9));
      return m.nets.map((n) => Array.from(n.params));
    })();
    expect(off).toEqual(untouched);
    const onlyGoal = run({ preference: 0, demonstration: 0, correction: 0, rating: 0 }).stats.loss;
    expect(onlyGoal.preference).toBeNull();
    expect(onlyGoal.goal).not.toBeNull();
  });

  it('rejects bad weights and options, naming the field and the value', () => {
    expect(() => new MixedRewardTrainer(model(), { weights: { rating: -1 } })).toThrow(/feedback weight rating = -1/);
    expect(() => new MixedRewardTrainer(model(), { weights: { instruction: 1 } as never })).toThrow(/feedback weight instruction = 1.*not a trainable kind/);
    expect(() => new MixedRewardTrainer(model(), { batch: 0 })).toThrow(/mixed batch = 0/);
    const data = dataset(new Rng(5));
    expect(() => new MixedRewardTrainer(model()).train({ preference: [{ ...data.preference[0], heldOut: true }] }, new Rng(0))).toThrow(/heldOut/);
  });
});
