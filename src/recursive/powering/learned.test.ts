import { describe, expect, it } from 'vitest';
import { Rng } from '../../core/rng.js';
import { LimitedUser } from '../limited-user.js';
import { poweringLookups, truthPowers, type PoweringLookups } from './ladder.js';
import { greedyPolicy, learnHelpers, TabularRewardModel } from './learned.js';
import { runPowering } from './measure.js';

describe('powering helpers learned by reward modeling', () => {
  it('the greedy agent prefers approved answers, then unrated ones (prior 0.5), then rejected ones', () => {
    const rm = new TabularRewardModel(3);
    const policy = greedyPolicy(rm, [[2, 0, 1], [0, 1, 2], [1, 2, 0]]);
    expect(policy(0)).toBe(2);
    rm.fit(0, 2, 0);
    expect(policy(0)).toBe(0);
    rm.fit(0, 1, 1);
    expect(policy(0)).toBe(1);
    expect(rm.predict(1, 1)).toBe(0.5);
  });

  it('level 0 with enough ratings learns σ exactly, spending one σ check per rating', () => {
    const rng = new Rng(0);
    const sigma = rng.permutation(16);
    const user = new LimitedUser<PoweringLookups>(poweringLookups(sigma, []), { budget: 2 });
    const [l0, l1] = learnHelpers(sigma, 1, 16 * 16, user, rng);
    expect(sigma.map((_, x) => l0.helper(x))).toEqual(sigma);
    expect(sigma.map((_, x) => l1.helper(x))).toEqual(truthPowers(sigma, 1)[1]);
    expect(l0.approvedInputs).toBe(16);
    expect(user.effort().byPurpose['train-0']).toEqual({ judgements: l0.labels, checks: l0.labels });
    expect(user.effort().byPurpose['train-1']).toEqual({ judgements: l1.labels, checks: 2 * l1.labels });
    expect(user.log.every((r) => (r.purpose === 'train-0' ? r.lookup === 'sigma' : r.lookup === 'ask' && r.args[0] === 0))).toBe(true);
  });

  it('a label budget leaves some inputs unlearned (ε emerges), and inherited errors are learned faithfully', () => {
    const r = runPowering({ helper: 'learned', trials: 20, labelsPerLevel: 1500 }, 0);
    const [l0, l1, , l3] = r.levels;
    expect(l0.trainingLabels).toBe(1500);
    expect(l0.error).toBeGreaterThan(0.2);
    expect(l0.error).toBe(l0.ownError);
    // The user re-computes through the learned A_{k−1}: it approved what it trained, wrong or not.
    expect(l1.wrongApproved).toBeGreaterThan(0.3);
    expect(l3.error).toBeGreaterThan(l1.error);
    // ε varies a lot across permutations (how many inputs the budget reaches), so the recursion
    // holds per permutation: the pooled formula overshoots (Jensen), the per-trial one does not.
    for (const l of r.levels) expect(Math.abs(l.error - l.oneStepPerTrial), `level ${l.level}`).toBeLessThan(0.03);
    expect(l3.oneStep).toBeGreaterThan(l3.error);
    expect(r.effort.byPurpose['train-1']).toEqual({ judgements: 20 * 1500, checks: 2 * 20 * 1500 });
    // Equal effort: the checks spent training A_0 … A_{k−1} (1500 + 3000 + …) per rating of level k, given back as σ look-ups.
    expect(r.levels.map((l) => l.equalEffortBudget)).toEqual([2, 3, 5, 7]);
    expect(r.levels[2].equalEffortAccuracy).toBe(1); // 4 look-ups fit in 5
    expect(l3.equalEffortAccuracy).toBeCloseTo(1 - l3.error, 12); // 8 do not fit in 7: it approves everything
  });
});
