import { describe, expect, it } from 'vitest';
import { Rng } from '../core/rng.js';
import { RewardModel, type TransitionBatch } from './reward-model.js';

const batch = (xs: number[]): TransitionBatch => ({ obs: Float32Array.from(xs), nextObs: Float32Array.from(xs), actions: new Float32Array(xs.length), n: xs.length });

/** Per-member raw mean and std over a batch. */
function rawStats(m: RewardModel, b: TransitionBatch): { mu: number; sd: number }[] {
  const f = m.features(b);
  return m.nets.map((_, k) => {
    const r = m.memberRaw(k, f, b.n);
    const mu = r.reduce((s, v) => s + v, 0) / b.n;
    return { mu, sd: Math.sqrt(r.reduce((s, v) => s + (v - mu) ** 2, 0) / b.n) };
  });
}

describe('reward-model calibration momentum', () => {
  const make = (calibrationMomentum?: number) => {
    const m = new RewardModel(1, { kind: 'discrete', n: 2 }, { members: 2, hidden: [8], useAction: false, calibrationMomentum }, new Rng(3));
    m.observe([Float32Array.of(-2), Float32Array.of(2)]);
    return m;
  };
  const a = batch([-2, -1, 0, 1, 2]);
  const b = batch([3, 4, 5, 6, 9]);

  it('takes the first calibration whole, then moves (1 − momentum) of the way to each new one', () => {
    const m = make(0.75);
    m.calibrate(a);
    const sa = rawStats(m, a);
    m.nets.forEach((_, k) => {
      expect(m.shift[k]).toBeCloseTo(sa[k].mu, 6);
      expect(m.scale[k]).toBeCloseTo(sa[k].sd + 1e-6, 6);
    });
    m.calibrate(b);
    const sb = rawStats(m, b);
    m.nets.forEach((_, k) => {
      expect(m.shift[k]).toBeCloseTo(0.75 * sa[k].mu + 0.25 * sb[k].mu, 6);
      expect(m.scale[k]).toBeCloseTo(0.75 * (sa[k].sd + 1e-6) + 0.25 * (sb[k].sd + 1e-6), 6);
    });
  });

  it('without momentum each calibration replaces the last (the behaviour before the option)', () => {
    const m = make();
    m.calibrate(a);
    m.calibrate(b);
    const sb = rawStats(m, b);
    m.nets.forEach((_, k) => expect(m.shift[k]).toBeCloseTo(sb[k].mu, 6));
  });

  it('a loaded model continues the blend exactly (calibrations are in its meta; older metas count a moved calibration as one)', () => {
    const m = make(0.5);
    m.calibrate(a);
    const copy = make(0.5);
    copy.load(m.meta(), m.tensors());
    expect(copy.calibrations).toBe(1);
    m.calibrate(b);
    copy.calibrate(b);
    expect(copy.shift).toEqual(m.shift);
    const { calibrations: _c, ...legacy } = m.meta();
    const old = make(0.5);
    old.load(legacy, m.tensors());
    expect(old.calibrations).toBe(1);
    expect(() => make(1)).toThrow(/calibrationMomentum = 1/);
  });
});
