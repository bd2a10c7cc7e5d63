import { describe, expect, it } from 'vitest';
import { Rng } from '../core/rng.js';
import { checkTermGradient } from './gradient-check.js';
import { goalTerm, type GoalExample } from './goal-loss.js';
import { MixedRewardTrainer } from './mixed-trainer.js';
import { RewardModel, concatBatches, fragmentBatch, type TransitionBatch } from './reward-model.js';

/** "Done" = inside the disc of radius 0.6 around (1, 1) in the first two coordinates. */
const isGoal = (o: Float32Array) => (o[0] - 1) ** 2 + (o[1] - 1) ** 2 < 0.36;
const state = (rng: Rng) => Float32Array.from({ length: 3 }, () => rng.normal());
const one = (o: Float32Array): TransitionBatch => fragmentBatch([o, o], [0]);

/** AUROC: the probability a random goal state scores above a random other one (ties ½). */
function auroc(pos: number[], neg: number[]): number {
  let s = 0;
  for (const p of pos) for (const n of neg) s += p > n ? 1 : p === n ? 0.5 : 0;
  return s / (pos.length * neg.length);
}

describe('goal examples as a classifier reward', () => {
  it('the goal term gradient matches finite differences against the reward model parameters', () => {
    const rng = new Rng(4);
    const model = new RewardModel(3, { kind: 'discrete', n: 2 }, { members: 1, hidden: [8], activation: 'tanh', useAction: false }, rng.fork());
    const items: GoalExample[] = [
      { id: 'g', states: fragmentBatch(Array.from({ length: 4 }, () => state(rng)), [0, 0, 0]), goal: true },
      { id: 'n', states: fragmentBatch(Array.from({ length: 9 }, () => state(rng)), [0, 0, 0, 0, 0, 0, 0, 0]), goal: false },
    ];
    // the classes weigh equally: ½ · mean over the 3 goal states + ½ · mean over the 8 others
    const z = Array.from(model.memberRaw(0, model.features(concatBatches(items.map((it) => it.states))), 11));
    const nll = (x: number, goal: boolean) => Math.log1p(Math.exp(goal ? -x : x));
    const expected = (z.slice(0, 3).reduce((s, x) => s + nll(x, true), 0) / 3 + z.slice(3).reduce((s, x) => s + nll(x, false), 0) / 8) / 2;
    expect(goalTerm(model, 0, items).loss).toBeCloseTo(expected, 5);
    const r = checkTermGradient(model, 0, () => goalTerm(model, 0, items), rng, { samples: 40 });
    expect(r.maxNumeric).toBeGreaterThan(1e-3);
    expect(r.maxRelativeError).toBeLessThan(2e-2);
  });

  it('marked goal states vs visited states separate goal from non-goal held-out states (AUROC ≥ 0.95); swapped labels do not', () => {
    const rng = new Rng(21);
    // the marker saw 600 visited states and marked the goal ones (about 8%): those are the positives, the rest the negatives
    const visited = Array.from({ length: 600 }, () => state(rng));
    const probe = Array.from({ length: 400 }, () => state(rng));
    const fit = (swap: boolean) => {
      const model = new RewardModel(3, { kind: 'discrete', n: 2 }, { members: 1, hidden: [32, 32], useAction: false }, new Rng(2));
      model.observe(visited);
      const items: GoalExample[] = visited.map((o, i) => ({ id: `s${i}`, states: one(o), goal: isGoal(o) !== swap }));
      new MixedRewardTrainer(model, { stepsPerRound: 800, batch: 64, learningRate: 3e-3 }).train({ goal: items }, new Rng(3));
      const score = probe.map((o) => model.predict(one(o)).mean[0]);
      return auroc(score.filter((_, i) => isGoal(probe[i])), score.filter((_, i) => !isGoal(probe[i])));
    };
    expect(visited.filter(isGoal).length).toBeGreaterThan(20);
    expect(fit(false)).toBeGreaterThanOrEqual(0.95);
    expect(fit(true)).toBeLessThan(0.5);
  });
});
