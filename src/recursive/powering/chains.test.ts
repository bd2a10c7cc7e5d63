import { describe, expect, it } from 'vitest';
import { Rng } from '../../core/rng.js';
import { brokenSteps, chainCritic, chainOf } from './chains.js';
import { persistentHelpers, truthPowers } from './ladder.js';
import { runPowering } from './measure.js';

describe('chains: the helper shows its work, a critic points at a broken step', () => {
  it('a chain has 2^k + 1 elements, starts at x, ends at the answer; exact tables give σ-steps only', () => {
    const rng = new Rng(2);
    const sigma = rng.permutation(32);
    const tables = truthPowers(sigma, 3);
    for (let k = 0; k <= 3; k++) {
      const chain = chainOf(tables, k, 5);
      expect(chain.length).toBe(2 ** k + 1);
      expect(chain[0]).toBe(5);
      expect(chain.at(-1)).toBe(tables[k][5]);
      expect(brokenSteps(sigma, chain)).toEqual([]);
    }
  });

  it('every wrong answer of faulty tables has a broken step, so a perfect critic always finds one', () => {
    const rng = new Rng(4);
    for (let t = 0; t < 20; t++) {
      const sigma = rng.permutation(64);
      const truth = truthPowers(sigma, 3);
      const hs = persistentHelpers(sigma, 3, 0.1, rng);
      const tables = hs.map((h) => sigma.map((_, x) => h(x)));
      const critic = chainCritic(sigma, 0, rng);
      for (let k = 0; k <= 3; k++) {
        for (let x = 0; x < 64; x++) {
          const chain = chainOf(tables, k, x);
          if (tables[k][x] !== truth[k][x]) {
            expect(brokenSteps(sigma, chain).length).toBeGreaterThan(0);
            expect(brokenSteps(sigma, chain)).toContain(critic(chain)[0]);
          }
        }
      }
    }
  });

  it('pointer verification is sound and, unlike re-computation, is not misled as levels grow', () => {
    const r = runPowering({ helper: 'persistent', epsilon: 0.05, trials: 60 }, 0);
    for (const l of r.levels) {
      expect(l.pointerFalseFlaws).toBe(0);
      expect(l.pointerRightRejected).toBeLessThan(0.02);
      // The critic errs with ε = 0.05: about that share of wrong answers slips through, at every level.
      if (l.level > 0) expect(l.pointerWrongApproved).toBeLessThan(0.1);
    }
    expect(r.levels[3].wrongApproved).toBeGreaterThan(0.8);
    expect(r.levels[3].pointerVerdictAccuracy).toBeGreaterThan(r.levels[3].verdictAccuracy + 0.3);
    // One σ look-up per judgement (half the re-computation's two asks).
    expect(r.effort.byPurpose['verify-3']).toEqual({ judgements: 60 * 64, checks: 60 * 64 });
    const t = runPowering({ helper: 'transient', trials: 2 }, 0);
    expect(Number.isNaN(t.levels[1].pointerWrongApproved)).toBe(true);
  });
});
