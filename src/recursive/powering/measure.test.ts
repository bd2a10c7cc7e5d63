import { describe, expect, it } from 'vitest';
import { runPowering } from './measure.js';

// Tolerance for the transient model: 100 trials × 64 inputs = 6,400 answers per level, so the
// binomial standard error is ≤ 0.0063; 0.02 is > 3 standard errors, plus O(1/n) coincidences.
const TOL = 0.02;

describe('the powering recursion (fixture, seed 0)', () => {
  it('with ε = 0 every level is exact and every verdict right', () => {
    for (const helper of ['transient', 'persistent', 'learned'] as const) {
      const r = runPowering({ helper, epsilon: 0, trials: 3, labelsPerLevel: 64 * 64 }, 0);
      for (const l of r.levels) {
        expect(l.error, `${helper} level ${l.level}`).toBe(0);
        expect(l.verdictAccuracy).toBe(1);
        expect(l.fullObservationAccuracy).toBe(1);
      }
    }
  });

  it('transient noise: measured error by level matches e_k = 1 − (1 − e_{k−1})²(1 − ε) within 0.02', () => {
    const r = runPowering({ helper: 'transient', epsilon: 0.05, trials: 100 }, 0);
    const errors = r.levels.map((l) => l.error);
    for (const l of r.levels) {
      expect(Math.abs(l.error - l.predicted), `level ${l.level}: ${l.error} vs ${l.predicted}`).toBeLessThan(TOL);
      expect(Math.abs(l.error - l.oneStep)).toBeLessThan(TOL);
    }
    // Errors compound: strictly increasing, level 3 above 0.45 with only 5% per-answer error.
    for (let k = 1; k < errors.length; k++) expect(errors[k]).toBeGreaterThan(errors[k - 1] + 0.05);
    expect(errors[3]).toBeGreaterThan(0.45);
  });

  it('fixed faulty tables: the user approves inherited errors (misled), transient noise it mostly catches', () => {
    const persistent = runPowering({ helper: 'persistent', epsilon: 0.05, trials: 100 }, 0);
    const transient = runPowering({ helper: 'transient', epsilon: 0.05, trials: 100 }, 0);
    for (const l of persistent.levels) {
      // Fixed tables: σ^(2^(k−1))(x) = x makes the two asks one, so the prediction is an upper bound (minus noise).
      expect(l.error).toBeLessThan(l.predicted + 0.01);
      expect(l.error).toBeGreaterThan(l.predicted - 0.04);
      expect(Math.abs(l.ownError - 0.05)).toBeLessThan(TOL);
    }
    // Re-computation through the same faulty A_{k−1}: the user approves ~95% at every level, right or not.
    expect(persistent.levels[3].approved).toBeGreaterThan(0.9);
    expect(persistent.levels[3].wrongApproved).toBeGreaterThan(0.8);
    expect(persistent.levels[3].verdictAccuracy).toBeLessThan(0.65);
    expect(transient.levels[3].wrongApproved).toBeLessThan(0.03);
    // The sandwich: unassisted (2 σ look-ups) ≤ assisted ≤ full observation (exact) at the top level.
    for (const r of [persistent, transient]) {
      const top = r.levels[3];
      expect(top.unassistedAccuracy).toBeLessThanOrEqual(top.verdictAccuracy);
      expect(top.fullObservationAccuracy).toBe(1);
    }
  });

  it('counts user effort exactly: 1 check per level-0 judgement, 2 above, 2^k for full observation', () => {
    const r = runPowering({ helper: 'transient', trials: 4, maxLevel: 3 }, 1);
    const per = 4 * 64;
    for (let k = 0; k <= 3; k++) {
      expect(r.effort.byPurpose[`judge-${k}`]).toEqual({ judgements: per, checks: per * (k === 0 ? 1 : 2) });
      expect(r.effort.byPurpose[`full-${k}`]).toEqual({ judgements: per, checks: per * 2 ** k });
      expect(r.effort.byPurpose[`unassisted-${k}`]).toEqual({ judgements: per, checks: k <= 1 ? per * 2 ** k : 0 });
    }
    // No training effort for the noise models, so the equal-effort user has the same 2 checks.
    for (let k = 0; k <= 3; k++) expect(r.effort.byPurpose[`equal-effort-${k}`]).toEqual(r.effort.byPurpose[`unassisted-${k}`]);
    expect(r.effort.total.judgements).toBe(4 * 4 * per);
  });

  it('is deterministic in the seed', () => {
    const a = runPowering({ helper: 'persistent', trials: 5 }, 11);
    expect(runPowering({ helper: 'persistent', trials: 5 }, 11)).toEqual(a);
    expect(runPowering({ helper: 'persistent', trials: 5 }, 12).levels[3].error).not.toBe(a.levels[3].error);
  });
});
