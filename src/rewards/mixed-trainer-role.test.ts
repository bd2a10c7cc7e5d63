import { describe, expect, it } from 'vitest';
import { Rng } from '../core/rng.js';
import { MixedTrainerRole } from './mixed-trainer-role.js';
import { RewardModel, fragmentBatch, type TransitionBatch } from './reward-model.js';
import { RewardTrainer, type LabeledPair } from './reward-trainer.js';

/** True reward: obs[0]. */
const seg = (rng: Rng, shift: number): TransitionBatch => fragmentBatch(Array.from({ length: 6 }, () => Float32Array.of(rng.normal() + shift, rng.normal())), [0, 0, 0, 0, 0]);
const ret = (b: TransitionBatch) => Array.from({ length: b.n }, (_, t) => b.obs[2 * t]).reduce((a, x) => a + x, 0);
function pairs(rng: Rng, n: number, heldOutEvery = 4): LabeledPair[] {
  return Array.from({ length: n }, (_, i) => {
    const left = seg(rng, rng.normal());
    const right = seg(rng, rng.normal());
    return { id: `p${i}`, left, right, target: ret(left) > ret(right) ? 1 : 0, heldOut: i % heldOutEvery === 0 };
  });
}
const model = () => new RewardModel(2, { kind: 'discrete', n: 2 }, { members: 2, hidden: [8], useAction: false }, new Rng(1));

describe('the mixed trainer in the loop’s reward-trainer role', () => {
  it('fits preferences plus the extra kinds, never the held-out labels, and scores held-out pairs', () => {
    const rng = new Rng(2);
    const labelled = pairs(rng, 80);
    const extra = pairs(rng, 60, 1e9); // e.g. demonstration pairs
    let calls = 0;
    const m = model();
    const role = new MixedTrainerRole(m, { maxStepsPerRound: 150, learningRate: 3e-3 }, { extra: () => (calls++, { demonstration: extra }) });
    const s = role.train(labelled, new Rng(3));
    expect(calls).toBe(1);
    expect(s).toMatchObject({ labels: 80, trainLabels: 60, heldOutLabels: 20, steps: 300, heldOutScored: 20 });
    expect(s.heldOutAccuracy!).toBeGreaterThanOrEqual(0.85);
    // the same round from a fresh trainer on the training labels only: the held-out pairs never enter
    const m2 = model();
    new MixedTrainerRole(m2, { maxStepsPerRound: 150, learningRate: 3e-3 }, { extra: () => ({ demonstration: extra }) }).train(labelled.filter((p) => !p.heldOut), new Rng(3));
    expect(m2.nets.map((n) => Array.from(n.params))).toEqual(m.nets.map((n) => Array.from(n.params)));
  });

  it('checkpoints its own optimiser state: save, load into a fresh role, train on → identical to training on without the break', () => {
    const rng = new Rng(4);
    const labelled = pairs(rng, 40);
    const ratings = labelled.slice(0, 10).map((p, i) => ({ id: `r${i}`, segment: p.left, rating: 1 + (i % 5) }));
    const make = (m: RewardModel) => new MixedTrainerRole(m, { maxStepsPerRound: 20 }, { extra: () => ({ rating: ratings }) });
    const mA = model();
    const a = make(mA);
    a.train(labelled, new Rng(5));
    const saved = a.state();
    const mB = model();
    mB.nets.forEach((n, i) => n.params.set(mA.nets[i].params));
    const b = make(mB);
    b.load(structuredClone(saved));
    a.train(labelled, new Rng(6));
    b.train(labelled, new Rng(6));
    expect(mB.nets.map((n) => Array.from(n.params))).toEqual(mA.nets.map((n) => Array.from(n.params)));
    expect(Array.from(b.mixed.cutParams[0])).toEqual(Array.from(a.mixed.cutParams[0]));
    expect(() => make(model()).load(new RewardTrainer(model()).state())).toThrow(/cut0/);
  });
});
