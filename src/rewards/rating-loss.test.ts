import { describe, expect, it } from 'vitest';
import { Rng } from '../core/rng.js';
import { spearman } from '../analysis/stats.js';
import { checkTermGradient } from './gradient-check.js';
import { MixedRewardTrainer } from './mixed-trainer.js';
import { cutPoints, initialCutParams, ordinalLoss, ratingTerm, type RatedSegment } from './rating-loss.js';
import { RewardModel, fragmentBatch, type TransitionBatch } from './reward-model.js';

const W = [1, -0.5, 0.25];
/** A clip of `length` random 3-d states; its true return is Σ w·s. */
function clip(rng: Rng, length = 5): { batch: TransitionBatch; ret: number } {
  const obs = Array.from({ length: length + 1 }, () => Float32Array.from({ length: 3 }, () => rng.normal()));
  const ret = obs.slice(0, length).reduce((s, o) => s + W[0] * o[0] + W[1] * o[1] + W[2] * o[2], 0);
  return { batch: fragmentBatch(obs, Array.from({ length }, () => 0)), ret };
}
const predictedReturn = (model: RewardModel, b: TransitionBatch) => Array.from(model.predict(b).mean).reduce((a, x) => a + x, 0);

describe('ordered-logit rating loss', () => {
  it('gradients for the summed reward and the cut points match finite differences', () => {
    const params = Float32Array.from([-0.7, 0.2, -1.1, 0.9]);
    expect(cutPoints(params).every((c, k, cs) => k === 0 || c > cs[k - 1])).toBe(true);
    for (const rating of [1, 2, 3, 4, 5]) {
      for (const R of [-3, -0.4, 0.3, 2.5]) {
        const l = ordinalLoss(R, rating, params);
        const h = 1e-6;
        expect(l.dR).toBeCloseTo((ordinalLoss(R + h, rating, params).loss - ordinalLoss(R - h, rating, params).loss) / (2 * h), 5);
        for (let k = 0; k < params.length; k++) {
          const up = Float64Array.from(params); up[k] += h;
          const down = Float64Array.from(params); down[k] -= h;
          expect(l.dParams[k]).toBeCloseTo((ordinalLoss(R, rating, up).loss - ordinalLoss(R, rating, down).loss) / (2 * h), 5);
        }
      }
    }
  });

  it('the rating term gradient matches finite differences against the reward model parameters', () => {
    const rng = new Rng(3);
    const model = new RewardModel(3, { kind: 'discrete', n: 2 }, { members: 1, hidden: [8], activation: 'tanh', useAction: false }, rng.fork());
    const items: RatedSegment[] = Array.from({ length: 12 }, (_, i) => ({ id: `c${i}`, segment: clip(rng).batch, rating: 1 + (i % 5) }));
    const cuts = initialCutParams(5);
    const r = checkTermGradient(model, 0, () => ratingTerm(model, 0, items, cuts), rng, { samples: 40 });
    expect(r.maxNumeric).toBeGreaterThan(1e-3);
    expect(r.maxRelativeError).toBeLessThan(2e-2);
  });

  it('ratings that are a monotone function of a linear reward recover its ordering on held-out clips (Spearman ≥ 0.9); reversed ratings learn the reverse', () => {
    const rng = new Rng(11);
    const train = Array.from({ length: 300 }, () => clip(rng));
    const heldOut = Array.from({ length: 100 }, () => clip(rng));
    // the rater's scale is monotone but far from linear: quintiles of exp(return)
    const cuts = train.map((c) => Math.exp(c.ret)).sort((a, b) => a - b);
    const rate = (ret: number) => 1 + [0.2, 0.4, 0.6, 0.8].filter((q) => Math.exp(ret) > cuts[Math.floor(q * cuts.length)]).length;
    const fit = (flip: boolean) => {
      const model = new RewardModel(3, { kind: 'discrete', n: 2 }, { members: 1, hidden: [16], useAction: false }, new Rng(5));
      for (const c of train) model.observe([c.batch.obs.subarray(0, 3)]);
      const items = train.map((c, i) => ({ id: `r${i}`, segment: c.batch, rating: flip ? 6 - rate(c.ret) : rate(c.ret) }));
      const trainer = new MixedRewardTrainer(model, { stepsPerRound: 600, learningRate: 3e-3 });
      const stats = trainer.train({ rating: items }, new Rng(6));
      expect(stats.loss.rating).not.toBeNull();
      return spearman(heldOut.map((c) => predictedReturn(model, c.batch)), heldOut.map((c) => c.ret));
    };
    expect(fit(false)).toBeGreaterThanOrEqual(0.9);
    expect(fit(true)).toBeLessThan(-0.9);
  });

  it('rejects a rating off the scale, naming it', () => {
    const rng = new Rng(0);
    const model = new RewardModel(3, { kind: 'discrete', n: 2 }, { members: 1, hidden: [4], useAction: false }, rng);
    expect(() => ratingTerm(model, 0, [{ id: 'x', segment: clip(rng).batch, rating: 6 }], initialCutParams(5))).toThrow(/rated segment x rating = 6/);
    expect(() => initialCutParams(1)).toThrow(/ratingLevels = 1/);
  });
});
