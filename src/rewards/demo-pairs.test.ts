import { describe, expect, it } from 'vitest';
import { Rng } from '../core/rng.js';
import { checkTermGradient } from './gradient-check.js';
import { correctionPairs } from './correction-pairs.js';
import { demoPreferencePairs } from './demo-pairs.js';
import { MixedRewardTrainer } from './mixed-trainer.js';
import { pairTerm } from './pair-term.js';
import { RewardModel, fragmentBatch, type TransitionBatch } from './reward-model.js';

/** A 1-d task: the true reward is the action taken (1 good, 0 bad); states are noise. */
function segment(rng: Rng, goodShare: number, length = 10): TransitionBatch {
  const obs = Array.from({ length: length + 1 }, () => Float32Array.of(rng.normal()));
  return fragmentBatch(obs, Array.from({ length }, () => (rng.next() < goodShare ? 1 : 0)));
}
const share = (b: TransitionBatch) => Array.from(b.actions).reduce((a, x) => a + x, 0) / b.n;
const predictedReturn = (model: RewardModel, b: TransitionBatch) => Array.from(model.predict(b).mean).reduce((a, x) => a + x, 0);

describe('demonstrations and corrections as preferences', () => {
  it('demo ≻ agent pairs put the demonstration left with target 1; the term gradient matches finite differences', () => {
    const rng = new Rng(2);
    const demos = Array.from({ length: 5 }, (_, i) => ({ id: `d${i}`, segment: segment(rng, 0.9) }));
    const agent = Array.from({ length: 7 }, (_, i) => ({ id: `a${i}`, segment: segment(rng, 0.3) }));
    const pairs = demoPreferencePairs(demos, agent, rng, { count: 12 });
    expect(pairs).toHaveLength(12);
    for (const p of pairs) {
      expect(p.target).toBe(1);
      expect(p.id.startsWith(`demo/d`)).toBe(true);
    }
    const model = new RewardModel(1, { kind: 'discrete', n: 2 }, { members: 1, hidden: [8], activation: 'tanh' }, rng.fork());
    const r = checkTermGradient(model, 0, () => pairTerm(model, 0, pairs), rng, { samples: 40 });
    expect(r.maxNumeric).toBeGreaterThan(1e-3);
    expect(r.maxRelativeError).toBeLessThan(2e-2);
    expect(() => demoPreferencePairs(demos, [], rng)).toThrow(/agent segments = 0/);
  });

  it('corrections alone teach which action is right: held-out segments with more good actions score higher', () => {
    const rng = new Rng(9);
    // the user took over and replaced bad actions by good ones, from the same states
    const corrections = Array.from({ length: 60 }, (_, i) => {
      const original = segment(rng, 0.3);
      const corrected = { ...original, actions: original.actions.map((a) => (a === 0 && rng.next() < 0.7 ? 1 : a)) };
      return { id: `c${i}`, original, corrected };
    });
    const pairs = correctionPairs(corrections);
    expect(pairs.every((p) => p.left === corrections[Number(p.id.slice(12))].corrected && p.target === 1)).toBe(true);
    const fit = (swap: boolean) => {
      const model = new RewardModel(1, { kind: 'discrete', n: 2 }, { members: 1, hidden: [8] }, new Rng(4));
      new MixedRewardTrainer(model, { stepsPerRound: 300, learningRate: 3e-3 }).train({ correction: swap ? pairs.map((p) => ({ ...p, target: 0 })) : pairs }, new Rng(5));
      const probe = Array.from({ length: 40 }, (_, i) => segment(rng, i / 40));
      const order = probe.map((b) => predictedReturn(model, b));
      let concordant = 0;
      let total = 0;
      for (let i = 0; i < probe.length; i++) for (let j = 0; j < probe.length; j++) if (share(probe[i]) > share(probe[j])) { total++; if (order[i] > order[j]) concordant++; }
      return concordant / total;
    };
    expect(fit(false)).toBeGreaterThan(0.95);
    expect(fit(true)).toBeLessThan(0.05);
    expect(() => correctionPairs([{ id: 'x', original: segment(rng, 0.5, 4), corrected: segment(rng, 0.5, 5) }])).toThrow(/correction x corrected length = 5/);
  });
});
