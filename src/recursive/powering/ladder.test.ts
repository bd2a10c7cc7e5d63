import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../core/errors.js';
import { Rng } from '../../core/rng.js';
import { LimitedUser } from '../limited-user.js';
import { oneStepPrediction, persistentHelpers, poweringLookups, predictedErrors, recomputeVerdict, resolvePoweringConfig, transientHelpers, truthPowers, unassistedVerdict, type PoweringLookups } from './ladder.js';

const sigma = [1, 2, 0, 4, 3]; // cycles (0 1 2)(3 4)

describe('powering ladder pieces', () => {
  it('truthPowers are σ^(2^k)', () => {
    const t = truthPowers(sigma, 2);
    expect(t[0]).toEqual(sigma);
    expect(t[1]).toEqual([2, 0, 1, 3, 4]); // σ²
    expect(t[2]).toEqual([1, 2, 0, 3, 4]); // σ⁴ = σ on the 3-cycle, identity on the 2-cycle
  });

  it('predicted errors follow e_k = 1 − (1 − e_{k−1})²(1 − ε)', () => {
    expect(predictedErrors(0, 3)).toEqual([0, 0, 0, 0]);
    const e = predictedErrors(0.05, 3);
    expect(e[0]).toBe(0.05);
    expect(e[1]).toBeCloseTo(1 - 0.95 ** 3, 12);
    expect(e[3]).toBeCloseTo(1 - 0.95 ** 15, 12);
    expect(oneStepPrediction(0.5, 0)).toBe(0.75);
  });

  it('with ε = 0 both noise models are exact at every level; with ε = 1 level 0 is always wrong', () => {
    const rng = new Rng(3);
    const s = rng.permutation(64);
    const truth = truthPowers(s, 3);
    for (const hs of [transientHelpers(s, 3, 0, rng), persistentHelpers(s, 3, 0, rng)]) for (let k = 0; k <= 3; k++) expect(s.map((_, x) => hs[k](x))).toEqual(truth[k]);
    const bad = transientHelpers(s, 0, 1, rng)[0];
    for (let x = 0; x < 64; x++) expect(bad(x)).not.toBe(s[x]);
  });

  it('the assisted user re-computes with two asks of the level below (one σ look-up at level 0)', () => {
    const helpers = persistentHelpers(sigma, 2, 0, new Rng(0));
    const user = new LimitedUser<PoweringLookups>(poweringLookups(sigma, helpers), { budget: 2 });
    expect(user.judge('judge-0', (c) => recomputeVerdict(c, 0, 0, 1))).toBe(true);
    expect(user.judge('judge-2', (c) => recomputeVerdict(c, 2, 3, 3))).toBe(true);
    expect(user.judge('judge-2', (c) => recomputeVerdict(c, 2, 3, 4))).toBe(false);
    expect(user.log.filter((r) => r.purpose === 'judge-2').map((r) => [r.lookup, ...r.args])).toEqual([['ask', 1, 3], ['ask', 1, 3], ['ask', 1, 3], ['ask', 1, 3]]);
    expect(user.effort().byPurpose).toEqual({ 'judge-0': { judgements: 1, checks: 1 }, 'judge-2': { judgements: 2, checks: 4 } });
  });

  it('re-computation inherits the helper below: a faulty A_{k−1} makes the user approve a wrong answer', () => {
    const wrong = [(x: number) => sigma[x], (x: number) => (x === 0 ? 4 : [2, 0, 1, 3, 4][x])];
    const user = new LimitedUser<PoweringLookups>(poweringLookups(sigma, wrong), { budget: 2 });
    // σ⁴(0) = 1, but A_1(0) = 4 and A_1(4) = 4, so the user approves 4 and rejects the truth.
    expect(user.judge('judge-2', (c) => recomputeVerdict(c, 2, 0, 4))).toBe(true);
    expect(user.judge('judge-2', (c) => recomputeVerdict(c, 2, 0, 1))).toBe(false);
  });

  it('the unassisted user is exact when 2^k fits its budget and approves blindly otherwise', () => {
    const user = new LimitedUser<PoweringLookups>(poweringLookups(sigma, []), { budget: 2 });
    expect(user.judge('u', (c) => unassistedVerdict(c, 1, 0, 2, 2))).toBe(true);
    expect(user.judge('u', (c) => unassistedVerdict(c, 1, 0, 1, 2))).toBe(false);
    expect(user.judge('u', (c) => unassistedVerdict(c, 2, 0, 4, 2))).toBe(true); // cannot tell: approves a wrong answer
    expect(user.judge('full', (c) => unassistedVerdict(c, 2, 0, 4, 4), 4)).toBe(false);
    expect(user.effort().byPurpose.full.checks).toBe(4);
  });

  it('rejects bad config and unknown levels with a ConfigError naming the field', () => {
    expect(() => resolvePoweringConfig({ epsilon: 1.5 })).toThrow(/epsilon = 1.5/);
    expect(() => resolvePoweringConfig({ n: 1 })).toThrow(ConfigError);
    expect(() => resolvePoweringConfig({ helper: 'oracle' as 'learned' })).toThrow(/helper = "oracle"/);
    expect(() => resolvePoweringConfig({ trials: 0 })).toThrow(/trials = 0/);
    expect(() => poweringLookups(sigma, []).ask(0, 1)).toThrow(/level = 0: has no helper/);
  });
});
