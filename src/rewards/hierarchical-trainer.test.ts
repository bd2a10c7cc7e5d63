import { describe, expect, it } from 'vitest';
import { Rng } from '../core/rng.js';
import { HierarchicalRewardTrainer, type HierarchicalDataset } from './hierarchical-trainer.js';
import { RewardModel, fragmentBatch, type TransitionBatch } from './reward-model.js';
import type { LabeledPair } from './reward-trainer.js';

const N = 6;
const onehot = (s: number) => Float32Array.from({ length: N }, (_, i) => (i === s ? 1 : 0));
/** A clip that sits in state s for `n` steps. */
const clip = (s: number, n = 3): TransitionBatch => fragmentBatch(Array.from({ length: n + 1 }, () => onehot(s)), Array.from({ length: n }, () => 0));
const prefer = (id: string, better: number, worse: number, flip = false): LabeledPair => (flip ? { id, left: clip(worse), right: clip(better), target: 0, heldOut: false } : { id, left: clip(better), right: clip(worse), target: 1, heldOut: false });
const model = () => new RewardModel(N, { kind: 'discrete', n: 1 }, { members: 2, hidden: [8], useAction: false }, new Rng(1));
const rewards = (m: RewardModel) => Array.from(m.predict(fragmentBatch(Array.from({ length: N + 1 }, (_, s) => onehot(Math.min(s, N - 1))), Array(N).fill(0))).mean.slice(0, N));
// fragmentBatch reads a transition's reward off its first observation (useNextObs false): row s is state s

describe('hierarchical reward trainer', () => {
  it('subgoal pairs order the states within each subgoal, task pairs order the subgoals: together one reward orders all six states', () => {
    const data: HierarchicalDataset = {
      subgoal: {
        first: [prefer('a01', 1, 0), prefer('a12', 2, 1, true), prefer('a02', 2, 0)],
        second: [prefer('b34', 4, 3), prefer('b45', 5, 4, true), prefer('b35', 5, 3)],
      },
      task: [prefer('t23', 3, 2), prefer('t05', 5, 0, true)],
    };
    const m = model();
    const stats = new HierarchicalRewardTrainer(m, { stepsPerRound: 300, learningRate: 1e-2 }).train(data, new Rng(2));
    const r = rewards(m);
    for (let s = 0; s + 1 < N; s++) expect(r[s + 1]).toBeGreaterThan(r[s]);
    expect(stats.accuracy).toEqual({ task: 1, subgoal: 1 });
    expect(stats.items).toEqual({ task: 2, 'subgoal:first': 3, 'subgoal:second': 3 });
    expect(stats.steps).toBe(600);
    expect(Object.keys(stats.loss).sort()).toEqual(['subgoal:first', 'subgoal:second', 'task']);
  });

  it('the level weights decide between conflicting levels, and a named subgoal\'s weight outweighs a subgoal with ten times its labels', () => {
    const conflict: HierarchicalDataset = { subgoal: { g: [prefer('s', 1, 0)] }, task: [prefer('t', 0, 1)] };
    const order = (data: HierarchicalDataset, o: ConstructorParameters<typeof HierarchicalRewardTrainer>[1]) => {
      const m = model();
      new HierarchicalRewardTrainer(m, { stepsPerRound: 200, learningRate: 1e-2, ...o }).train(data, new Rng(3));
      const r = rewards(m);
      return r[1] - r[0];
    };
    expect(order(conflict, { weights: { task: 1, subgoal: 0 } })).toBeLessThan(0);
    expect(order(conflict, { weights: { task: 0, subgoal: 1 } })).toBeGreaterThan(0);
    expect(order(conflict, { weights: { task: 4, subgoal: 1 } })).toBeLessThan(0);
    expect(order(conflict, { weights: { task: 0.25, subgoal: 1 } })).toBeGreaterThan(0);
    const many = Array.from({ length: 20 }, (_, i) => prefer(`m${i}`, 1, 0));
    const split: HierarchicalDataset = { subgoal: { many, few: [prefer('f0', 0, 1), prefer('f1', 0, 1)] }, task: [] };
    expect(order(split, { subgoalWeights: { few: 3 } })).toBeLessThan(0);
    expect(order(split, { subgoalWeights: { many: 3 } })).toBeGreaterThan(0);
  });

  it('same seed, same model; bad options name the field', () => {
    const data: HierarchicalDataset = { subgoal: { g: [prefer('s', 1, 0)] }, task: [prefer('t', 2, 1)] };
    const run = () => { const m = model(); new HierarchicalRewardTrainer(m, { stepsPerRound: 10 }).train(data, new Rng(4)); return m.nets.map((n) => Array.from(n.params)); };
    expect(run()).toEqual(run());
    expect(() => new HierarchicalRewardTrainer(model(), { weights: { task: -1 } })).toThrow(/hierarchy weight task/);
    expect(() => new HierarchicalRewardTrainer(model(), { weights: { flat: 1 } as never })).toThrow(/hierarchy weight flat/);
    expect(() => new HierarchicalRewardTrainer(model(), { subgoalWeights: { key: Number.NaN } })).toThrow(/subgoal weight 'key'/);
    expect(() => new HierarchicalRewardTrainer(model()).train({ subgoal: {}, task: [{ ...prefer('h', 1, 0), heldOut: true }] }, new Rng(0))).toThrow(/heldOut/);
  });
});
