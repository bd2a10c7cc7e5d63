import { describe, expect, it } from 'vitest';
import { Rng } from '../core/rng.js';
import { applyTemperature, brierScore, calibrationMetrics, expectedCalibrationError, fitTemperature, negativeLogLikelihood, reliabilityBins } from './calibration.js';

const logit = (q: number) => Math.log(q / (1 - q));
const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/** n predictions q ~ U(0.02, 0.98) with outcomes y ~ Bernoulli(q); `shown` maps the true q to what the predictor says. */
function synthetic(n: number, seed: number, shown: (q: number) => number): { p: number[]; y: number[] } {
  const rng = new Rng(seed);
  const p: number[] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const q = rng.uniform(0.02, 0.98);
    p.push(shown(q));
    y.push(rng.next() < q ? 1 : 0);
  }
  return { p, y };
}

describe('calibration metrics', () => {
  // p = [0.9, 0.8, 0.3, 0.1], y = [1, 0, 0, 0]
  const p = [0.9, 0.8, 0.3, 0.1];
  const y = [1, 0, 0, 0];

  it('hand-computed 4-point example: NLL, Brier, ECE with 2 and 10 bins', () => {
    // NLL = −(ln .9 + ln .2 + ln .7 + ln .9) / 4
    expect(negativeLogLikelihood(p, y)).toBeCloseTo((-Math.log(0.9) - Math.log(0.2) - Math.log(0.7) - Math.log(0.9)) / 4, 12);
    expect(negativeLogLikelihood(p, y)).toBeCloseTo(0.544208, 5);
    // Brier = (.01 + .64 + .09 + .01) / 4
    expect(brierScore(p, y)).toBeCloseTo(0.1875, 12);
    // 2 bins: [0, .5): mean p .2, rate 0 → .2; [.5, 1]: mean p .85, rate .5 → .35; each weighs ½
    expect(expectedCalibrationError(p, y, 2)).toBeCloseTo(0.275, 12);
    // 10 bins: one point per bin, ECE = mean |y − p| = (.1 + .8 + .3 + .1) / 4
    expect(expectedCalibrationError(p, y, 10)).toBeCloseTo(0.325, 12);
    const bins = reliabilityBins(p, y, 2);
    expect(bins.map((b) => b.count)).toEqual([2, 2]);
    expect(bins[1].meanPredicted).toBeCloseTo(0.85, 12);
    expect(bins[1].observedRate).toBe(0.5);
    expect(calibrationMetrics(p, y, 2)).toMatchObject({ n: 4, ece: expect.closeTo(0.275, 12), brier: expect.closeTo(0.1875, 12) });
  });

  it('p = 1 lands in the last bin, empty bins are NaN and do not count', () => {
    const bins = reliabilityBins([1, 1], [1, 1], 4);
    expect(bins.map((b) => b.count)).toEqual([0, 0, 0, 2]);
    expect(Number.isNaN(bins[0].meanPredicted)).toBe(true);
    expect(expectedCalibrationError([1, 1], [1, 1], 4)).toBe(0);
  });

  it('refuses mismatched lengths and values outside [0, 1]', () => {
    expect(() => brierScore([0.5], [1, 0])).toThrow(/same length/);
    expect(() => negativeLogLikelihood([1.5], [1])).toThrow(/probability/);
    expect(() => applyTemperature([0.5], 0)).toThrow(/positive/);
  });

  it('perfectly calibrated synthetic predictions: ECE ≈ 0 and the fitted temperature ≈ 1', () => {
    const { p: q, y: o } = synthetic(20_000, 1, (v) => v);
    expect(expectedCalibrationError(q, o)).toBeLessThan(0.015);
    const fit = fitTemperature(q, o);
    expect(Math.abs(fit.temperature - 1)).toBeLessThan(0.08);
  });

  it('overconfident predictions (logits ×3): T ≈ 3 > 1, and scaling lowers NLL and ECE', () => {
    const { p: q, y: o } = synthetic(20_000, 2, (v) => sigmoid(3 * logit(v)));
    const fit = fitTemperature(q, o);
    expect(fit.temperature).toBeGreaterThan(2.6);
    expect(fit.temperature).toBeLessThan(3.4);
    expect(fit.nllAfter).toBeLessThan(fit.nllBefore);
    expect(fit.nllBefore).toBeCloseTo(negativeLogLikelihood(q, o), 12);
    const scaled = applyTemperature(q, fit.temperature);
    expect(expectedCalibrationError(scaled, o)).toBeLessThan(expectedCalibrationError(q, o) / 3);
  });

  it('underconfident predictions (logits ×½): T < 1', () => {
    const { p: q, y: o } = synthetic(20_000, 3, (v) => sigmoid(0.5 * logit(v)));
    const fit = fitTemperature(q, o);
    expect(fit.temperature).toBeGreaterThan(0.4);
    expect(fit.temperature).toBeLessThan(0.6);
  });

  it('applyTemperature: T = 1 is the identity, T > 1 moves towards ½; uninformative predictions keep T = 1', () => {
    const s = applyTemperature(p, 1);
    p.forEach((v, i) => expect(s[i]).toBeCloseTo(v, 10));
    expect(applyTemperature([0.9], 2)[0]).toBeCloseTo(sigmoid(logit(0.9) / 2), 12);
    expect(fitTemperature([0.5, 0.5], [1, 0]).temperature).toBe(1);
  });
});
