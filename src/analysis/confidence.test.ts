import { describe, expect, it } from 'vitest';
import { ConfigError } from '../core/errors.js';
import { betaQuantile, clopperPearson, clopperPearsonLower, clopperPearsonUpper, empiricalBernsteinLower, hoeffdingLower, labelsNeeded, regularizedBeta, returnLowerBound } from './confidence.js';

describe('confidence bounds', () => {
  it('regularised incomplete beta matches closed forms', () => {
    // I_x(1, b) = 1 − (1 − x)^b; I_x(a, 1) = x^a; I_0.5(2, 3) = 11/16.
    expect(regularizedBeta(0.3, 1, 4)).toBeCloseTo(1 - 0.7 ** 4, 12);
    expect(regularizedBeta(0.3, 5, 1)).toBeCloseTo(0.3 ** 5, 12);
    expect(regularizedBeta(0.5, 2, 3)).toBeCloseTo(11 / 16, 12);
    expect(betaQuantile(0.6875, 2, 3)).toBeCloseTo(0.5, 10);
  });

  it('Clopper–Pearson equals its closed forms at the edges and the textbook interval inside', () => {
    // k = 0: upper = 1 − (α/2)^(1/n); k = n: lower = (α/2)^(1/n).
    const zero = clopperPearson(0, 10);
    expect(zero.lower).toBe(0);
    expect(zero.upper).toBeCloseTo(1 - 0.025 ** (1 / 10), 9);
    const all = clopperPearson(20, 20);
    expect(all.lower).toBeCloseTo(0.025 ** (1 / 20), 9);
    expect(all.upper).toBe(1);
    // 5 of 10 at 95%: [0.187086, 0.812914] (e.g. R's binom.test).
    const half = clopperPearson(5, 10);
    expect(half.lower).toBeCloseTo(0.187086, 5);
    expect(half.upper).toBeCloseTo(0.812914, 5);
    expect(half.estimate).toBe(0.5);
    // One-sided bounds: 0 misses in n → upper = 1 − (1 − c)^(1/n) (the "rule of three" ≈ 3/n).
    expect(clopperPearsonUpper(0, 300)).toBeCloseTo(1 - 0.05 ** (1 / 300), 9);
    expect(clopperPearsonLower(300, 300)).toBeCloseTo(0.05 ** (1 / 300), 9);
  });

  it('the interval covers the truth at least as often as it says (exact, so conservative)', () => {
    // Exact coverage for p = 0.3, n = 25: sum the binomial pmf over the k whose interval contains p.
    const n = 25;
    const p = 0.3;
    let coverage = 0;
    let logChoose = 0;
    for (let k = 0; k <= n; k++) {
      if (k > 0) logChoose += Math.log((n - k + 1) / k);
      const pmf = Math.exp(logChoose + k * Math.log(p) + (n - k) * Math.log(1 - p));
      const ci = clopperPearson(k, n, 0.9);
      if (ci.lower <= p && p <= ci.upper) coverage += pmf;
    }
    expect(coverage).toBeGreaterThanOrEqual(0.9);
  });

  it('labelsNeeded is the smallest n whose bound reaches the target', () => {
    const n = labelsNeeded({ accuracy: 0.9, targetLower: 0.8 })!;
    expect(n).toBeGreaterThan(10);
    expect(clopperPearsonLower(Math.floor(0.9 * n + 1e-9), n)).toBeGreaterThanOrEqual(0.8);
    for (let m = 1; m < n; m++) expect(clopperPearsonLower(Math.floor(0.9 * m + 1e-9), m)).toBeLessThan(0.8);
    expect(labelsNeeded({ accuracy: 0.9, targetLower: 0.8999, max: 1000 })).toBeNull();
  });

  it('Hoeffding and empirical Bernstein give valid, ordered lower bounds', () => {
    const values = Array.from({ length: 100 }, (_, i) => 400 + (i % 10));
    const h = hoeffdingLower(values, 0, 500);
    expect(h.estimate).toBeCloseTo(404.5, 9);
    expect(h.lower).toBeCloseTo(404.5 - 500 * Math.sqrt(Math.log(20) / 200), 9);
    const b = empiricalBernsteinLower(values, 0, 500);
    // Returns that barely vary: Bernstein is far tighter than Hoeffding.
    expect(b.lower).toBeGreaterThan(h.lower);
    expect(b.lower).toBeLessThan(404.5);
    const best = returnLowerBound(values, 0, 500);
    expect(best.lower).toBeLessThanOrEqual(b.lower);
    expect(best.confidence).toBe(0.95);
    // Spread-out returns: Hoeffding wins.
    const wide = Array.from({ length: 20 }, (_, i) => (i % 2 ? 0 : 500));
    expect(hoeffdingLower(wide, 0, 500).lower).toBeGreaterThan(empiricalBernsteinLower(wide, 0, 500).lower);
  });

  it('bad input names the field and the value', () => {
    expect(() => clopperPearson(11, 10)).toThrow(ConfigError);
    expect(() => clopperPearson(11, 10)).toThrow(/k.*11/);
    expect(() => clopperPearson(1, 10, 1.5)).toThrow(/confidence.*1\.5/);
    expect(() => hoeffdingLower([1, 600], 0, 500)).toThrow(/values\[1\].*600/);
  });
});
