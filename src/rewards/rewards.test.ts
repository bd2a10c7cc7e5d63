import { describe, expect, it } from 'vitest';
import { Rng } from '../core/rng.js';
import { preferenceLoss } from './preference-model.js';
import { RewardModel, fragmentBatch } from './reward-model.js';
import { RewardTrainer, type LabeledPair } from './reward-trainer.js';

/** Random 3-d observations; the hidden reward is 1 when obs[0] > 0 and action 1 was taken. */
function makePairs(count: number, rng: Rng, length = 10): { pairs: LabeledPair[]; trueReturn: (b: LabeledPair['left']) => number } {
  const trueReward = (o: Float32Array, a: number) => (o[0] > 0 && a === 1 ? 1 : 0);
  const fragment = () => {
    const obs = Array.from({ length: length + 1 }, () => Float32Array.from({ length: 3 }, () => rng.normal()));
    const acts = Array.from({ length }, () => rng.int(2));
    return { batch: fragmentBatch(obs, acts), ret: acts.reduce((s: number, a, t) => s + trueReward(obs[t], a), 0) };
  };
  const pairs: LabeledPair[] = [];
  for (let i = 0; i < count; i++) {
    const l = fragment();
    const r = fragment();
    pairs.push({ id: `p${i}`, left: l.batch, right: r.batch, target: l.ret > r.ret ? 1 : l.ret < r.ret ? 0 : 0.5, heldOut: i % 5 === 0 });
  }
  const trueReturn = (b: LabeledPair['left']) => {
    let s = 0;
    for (let t = 0; t < b.n; t++) s += trueReward(b.obs.subarray(t * 3, t * 3 + 3), b.actions[t]);
    return s;
  };
  return { pairs, trueReturn };
}

describe('Bradley–Terry preference model', () => {
  it('loss gradient matches finite differences, with ties and the random-answer term', () => {
    for (const target of [1, 0, 0.5]) {
      for (const delta of [-3, -0.2, 0, 1.5]) {
        const h = 1e-5;
        const numeric = (preferenceLoss(delta + h, target).loss - preferenceLoss(delta - h, target).loss) / (2 * h);
        expect(preferenceLoss(delta, target).dDelta).toBeCloseTo(numeric, 5);
      }
    }
    // with 10% random answers the model can never be more than 95% sure
    expect(preferenceLoss(100, 1).p).toBeCloseTo(0.95, 6);
  });
});

describe('reward model ensemble', () => {
  it('learns a hidden reward from 250 oracle preferences: held-out accuracy ≥ 85%', () => {
    const rng = new Rng(7);
    const { pairs } = makePairs(250, rng);
    const model = new RewardModel(3, { kind: 'discrete', n: 2 }, { hidden: [32, 32] }, rng.fork());
    for (const p of pairs) model.observe([p.left.obs.subarray(0, 3), p.right.obs.subarray(0, 3)]);
    const trainer = new RewardTrainer(model, { epochs: 30, maxStepsPerRound: 1000 });
    const before = trainer.train(pairs.slice(0, 0), rng);
    expect(before.steps).toBe(0);
    const stats = trainer.train(pairs, rng);
    expect(stats.heldOutLabels).toBe(50);
    expect(stats.trainAccuracy).toBeGreaterThan(0.85);
    expect(stats.heldOutAccuracy!).toBeGreaterThanOrEqual(0.85);
  });

  it('predicted rewards correlate with the hidden reward, with ensemble spread reported', () => {
    const rng = new Rng(8);
    const { pairs } = makePairs(200, rng);
    const model = new RewardModel(3, { kind: 'discrete', n: 2 }, { hidden: [32, 32] }, rng.fork());
    new RewardTrainer(model, { epochs: 30, maxStepsPerRound: 1000 }).train(pairs, rng);
    const probe = makePairs(1, rng, 400).pairs[0].left;
    model.calibrate(probe);
    const { mean, std } = model.predict(probe);
    const truth = Array.from({ length: probe.n }, (_, t) => (probe.obs[t * 3] > 0 && probe.actions[t] === 1 ? 1 : 0));
    const avg = (xs: ArrayLike<number>) => Array.from(xs).reduce((a, b) => a + b, 0) / xs.length;
    const mt = avg(truth);
    const mp = avg(mean);
    let cov = 0, vt = 0, vp = 0;
    for (let t = 0; t < probe.n; t++) {
      cov += (truth[t] - mt) * (mean[t] - mp);
      vt += (truth[t] - mt) ** 2;
      vp += (mean[t] - mp) ** 2;
    }
    expect(cov / Math.sqrt(vt * vp)).toBeGreaterThan(0.7);
    // calibrated: standardised to mean ≈ 0, std ≈ 1 on the probe
    expect(Math.abs(mp)).toBeLessThan(0.05);
    expect(avg(std)).toBeGreaterThan(0);
  });

  it('rejects bad options naming the field and the value', () => {
    expect(() => new RewardModel(3, { kind: 'discrete', n: 2 }, { members: 0 }, new Rng(0))).toThrow(/members = 0/);
    expect(() => new RewardModel(3, { kind: 'discrete', n: 2 }, { activation: 'gelu' as never }, new Rng(0))).toThrow(/activation = "gelu"/);
  });
});
