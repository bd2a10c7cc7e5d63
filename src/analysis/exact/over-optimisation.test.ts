import { describe, expect, it } from 'vitest';
import '../../envs/index.js';
import { make } from '../../envs/registry.js';
import { Rng } from '../../core/rng.js';
import type { TabularMdp } from './enumerate.js';
import { enumerateStates } from './enumerate.js';
import { rewardOf, valueIteration } from './value-iteration.js';
import { bestOfN, bestOfNCurve, empiricalTurnover, enumerateEpisodes, klCurve, logTaus, sampleEpisodes, softValueIteration, tableReward, type EpisodeOutcome } from './over-optimisation.js';
import { fitGao, gaoValue } from './over-optimisation-fit.js';

/**
 * A one-state MDP that loops on itself: a bandit played `horizon` times. Five actions: three
 * neutral (learned 0, true 0), one good (learned 1, true 1) and one EXPLOIT the learned reward
 * rates highest (learned 1.2) that is bad (true −0.5). Learned and true return are positively
 * correlated under the uniform policy, so light pressure helps and heavy pressure hurts.
 */
const LEARNED = [0, 0, 0, 1, 1.2];
const TRUE = [0, 0, 0, 1, -0.5];
function bandit(learned = LEARNED, truth = TRUE): TabularMdp {
  const A = learned.length;
  return {
    observations: [new Float32Array([1])], boards: [['A']], terminal: [false], numActions: A, frontier: 0,
    transitions: [learned.map((l, a) => ({ next: 0, visible: l, hidden: truth[a], terminated: false }))],
  };
}
const rewards = (mdp: TabularMdp) => ({ learned: rewardOf(mdp, 'visible'), true: rewardOf(mdp, 'hidden') });

/** Closed form for the bandit: π = softmax(L/τ) at every step, so returns and KL are H times one step's. */
function banditClosedForm(tau: number, horizon: number) {
  const w = LEARNED.map((l) => Math.exp(l / tau));
  const z = w.reduce((a, b) => a + b, 0);
  const pi = w.map((x) => x / z);
  return {
    true: horizon * pi.reduce((s, p, a) => s + p * TRUE[a], 0),
    learned: horizon * pi.reduce((s, p, a) => s + p * LEARNED[a], 0),
    kl: horizon * pi.reduce((s, p) => s + p * Math.log(p * LEARNED.length), 0),
  };
}

/** A 4-cell corridor: left / right / stay; the rightmost cell pays 1 per step spent entering or staying there. */
function corridor(): TabularMdp {
  const n = 4;
  const transitions = Array.from({ length: n }, (_, s) => [Math.max(0, s - 1), Math.min(n - 1, s + 1), s].map((next) => ({ next, visible: next === n - 1 ? 1 : 0, hidden: next === n - 1 ? 1 : 0, terminated: false })));
  return { observations: Array.from({ length: n }, (_, s) => Float32Array.from({ length: n }, (_v, k) => (k === s ? 1 : 0))), boards: [], terminal: Array(n).fill(false), numActions: 3, frontier: 0, transitions };
}

describe('KL-regularised planning, exact', () => {
  it('matches the bandit closed form, and true return turns over where the closed form says', () => {
    const mdp = bandit();
    const H = 10;
    const taus = logTaus(20, 0.02, 60);
    const curve = klCurve(mdp, rewards(mdp), taus, { horizon: H });
    curve.forEach((p, i) => {
      const c = banditClosedForm(taus[i], H);
      expect(p.true).toBeCloseTo(c.true, 9);
      expect(p.learned).toBeCloseTo(c.learned, 9);
      expect(p.kl).toBeCloseTo(c.kl, 9);
    });
    // the closed form's argmax over the same grid: the curve turns over there, strictly inside the sweep
    const closed = taus.map((t) => banditClosedForm(t, H).true);
    const argmax = closed.indexOf(Math.max(...closed));
    expect(argmax).toBeGreaterThan(0);
    expect(argmax).toBeLessThan(taus.length - 1);
    const turn = empiricalTurnover(curve);
    expect(turn.index).toBe(argmax);
    expect(turn.turnsOver).toBe(true);
    // heavy pressure ends on the exploit: true return → H·(−0.5), learned → H·1.2
    expect(curve[curve.length - 1].true).toBeCloseTo(-0.5 * H, 2);
    expect(curve[curve.length - 1].learned).toBeCloseTo(1.2 * H, 2);
  });

  it('when learned = true, true return and KL only grow with pressure, up to the optimal value', () => {
    const mdp = corridor();
    const curve = klCurve(mdp, { learned: rewardOf(mdp, 'hidden'), true: rewardOf(mdp, 'hidden') }, logTaus(50, 0.005, 30), { horizon: 12 });
    for (let i = 1; i < curve.length; i++) {
      expect(curve[i].true).toBeGreaterThanOrEqual(curve[i - 1].true - 1e-9);
      expect(curve[i].kl).toBeGreaterThanOrEqual(curve[i - 1].kl - 1e-9);
    }
    expect(empiricalTurnover(curve).turnsOver).toBe(false);
    // from cell 0 the optimum enters the last cell at step 3 and stays: 12 − 2 = 10
    expect(curve[curve.length - 1].true).toBeCloseTo(valueIteration(mdp, rewardOf(mdp, 'hidden'), 12).values[0], 6);
    expect(curve[curve.length - 1].true).toBeCloseTo(10, 6);
  });

  it('on a real gridworld with learned = true: monotone, from the uniform policy to the exact optimum', () => {
    const mdp = enumerateStates(() => make('IslandNavigation-v0'));
    const hidden = rewardOf(mdp, 'hidden');
    const curve = klCurve(mdp, { learned: hidden, true: hidden }, logTaus(1000, 0.01, 12));
    for (let i = 1; i < curve.length; i++) expect(curve[i].true).toBeGreaterThanOrEqual(curve[i - 1].true - 1e-7);
    expect(curve[curve.length - 1].true).toBeCloseTo(valueIteration(mdp, hidden).values[0], 2);
    // τ = 1000: nearly the uniform policy, whose sampled mean agrees
    const uniform = sampleEpisodes(mdp, { learned: hidden, true: hidden }, 4000, new Rng(5));
    const mean = uniform.reduce((s, o) => s + o.weight * o.true, 0);
    expect(Math.abs(curve[0].true - mean)).toBeLessThan(3);
    expect(curve[0].kl).toBeLessThan(0.05);
  });

  it('soft value = learned return − τ·KL of its own policy', () => {
    const mdp = corridor();
    const tau = 0.7;
    const plan = softValueIteration(mdp, rewardOf(mdp, 'visible'), tau, { horizon: 8 });
    const [p] = klCurve(mdp, rewards(mdp), [tau], { horizon: 8 });
    expect(plan.values[0]).toBeCloseTo(p.learned - tau * p.kl, 9);
  });
});

describe('best-of-n, exact order statistics', () => {
  it('matches the closed form for a rare exploit and turns over at the predicted n', () => {
    // 60% neutral, 35% good, 5% an exploit the learned reward rates highest
    const outcomes: EpisodeOutcome[] = [{ weight: 0.6, learned: 0, true: 0 }, { weight: 0.35, learned: 1, true: 1 }, { weight: 0.05, learned: 2, true: -3 }];
    const ns = Array.from({ length: 30 }, (_, i) => i + 1);
    const curve = bestOfNCurve(outcomes, ns);
    const closed = ns.map((n) => 0.95 ** n - 0.6 ** n - 3 * (1 - 0.95 ** n));
    curve.forEach((p, i) => expect(p.true).toBeCloseTo(closed[i], 12));
    const turn = empiricalTurnover(curve);
    expect(turn.pressure).toBe(ns[closed.indexOf(Math.max(...closed))]);
    expect(turn.pressure).toBe(2);
    expect(turn.turnsOver).toBe(true);
    // KL over the three groups, by hand at n = 2: Q = (0.36, 0.5425, 0.0975)
    const q = [0.36, 0.9025 - 0.36, 1 - 0.9025];
    const p = [0.6, 0.35, 0.05];
    expect(curve[1].kl).toBeCloseTo(q.reduce((s, x, i) => s + x * Math.log(x / p[i]), 0), 12);
    expect(curve[0].kl).toBeCloseTo(0, 12);
  });

  it('agrees with brute force over every n-tuple of enumerated episodes (ties broken at random)', () => {
    const mdp = bandit([0, 0, 1, 1, 2], [0, 1, 1, 0, -2]); // ties in learned return with different true returns
    const episodes = enumerateEpisodes(mdp, rewards(mdp), { horizon: 2 });
    expect(episodes).toHaveLength(25);
    for (const n of [1, 2, 3]) {
      // brute force: every ordered n-tuple of paths (each 1/25^n); the best learned wins, ties split evenly
      const mass = new Float64Array(episodes.length);
      const tuple = Array(n).fill(0);
      for (let k = 0; k < 25 ** n; k++) {
        let r = k;
        for (let j = 0; j < n; j++) {
          tuple[j] = r % 25;
          r = Math.floor(r / 25);
        }
        const best = Math.max(...tuple.map((i) => episodes[i].learned));
        const winners = tuple.filter((i) => episodes[i].learned === best);
        for (const i of winners) mass[i] += 1 / 25 ** n / winners.length;
      }
      const expectedTrue = episodes.reduce((s, e, i) => s + mass[i] * e.true, 0);
      const kl = episodes.reduce((s, e, i) => s + (mass[i] > 0 ? mass[i] * Math.log(mass[i] / e.weight) : 0), 0);
      const point = bestOfN(episodes, n);
      expect(point.true).toBeCloseTo(expectedTrue, 12);
      expect(point.kl).toBeCloseTo(kl, 12);
    }
  });

  it('when learned = true, expected true return only grows with n', () => {
    const mdp = corridor();
    const hidden = rewardOf(mdp, 'hidden');
    const curve = bestOfNCurve(enumerateEpisodes(mdp, { learned: hidden, true: hidden }, { horizon: 6 }), [1, 2, 4, 8, 16, 64, 256, 4096]);
    for (let i = 1; i < curve.length; i++) expect(curve[i].true).toBeGreaterThan(curve[i - 1].true);
    expect(empiricalTurnover(curve).turnsOver).toBe(false);
  });

  it('refuses to enumerate more episodes than allowed', () => {
    const mdp = corridor();
    expect(() => enumerateEpisodes(mdp, rewards(mdp), { horizon: 8, maxEpisodes: 100 })).toThrow(/maxEpisodes/);
    expect(() => bestOfN([{ weight: 1, learned: 0, true: 0 }], 0)).toThrow(/n/);
  });

  it('tableReward reads s·A + a', () => {
    const mdp = corridor();
    expect(tableReward(mdp, [0, 1, 2, 3, 4, 5])(1, 2)).toBe(5);
  });
});

describe("Gao et al.'s functional forms", () => {
  const ds = Array.from({ length: 25 }, (_, i) => 0.1 + 0.2 * i);
  it('best-of-n: recovers α, β and the turnover α/(2β) from synthetic data', () => {
    const fit = fitGao('best-of-n', ds.map((d) => ({ d, r: d * (2 - 0.5 * d) + 0.01 * Math.sin(7 * d) })));
    expect(fit.alpha).toBeCloseTo(2, 1);
    expect(fit.beta).toBeCloseTo(0.5, 1);
    expect(Math.abs(fit.turnoverD! - 2)).toBeLessThan(0.05);
    expect(fit.peak!).toBeCloseTo(gaoValue(fit, fit.turnoverD!), 12);
    const exact = fitGao('best-of-n', ds.map((d) => ({ d, r: d * (2 - 0.5 * d) })));
    expect(exact.alpha).toBeCloseTo(2, 10);
    expect(exact.beta).toBeCloseTo(0.5, 10);
    expect(exact.rmse).toBeLessThan(1e-10);
  });

  it('KL form: recovers α, β and the turnover exp(α/β − 1)', () => {
    const fit = fitGao('kl', [{ d: 0, r: 0 }, ...ds.map((d) => ({ d, r: d * (1 - 0.4 * Math.log(d)) }))]);
    expect(fit.alpha).toBeCloseTo(1, 10);
    expect(fit.beta).toBeCloseTo(0.4, 10);
    expect(fit.turnoverD!).toBeCloseTo(Math.exp(1.5), 8);
    expect(fit.points).toBe(ds.length); // d = 0 carries nothing
  });

  it('a curve that never falls has no turnover', () => {
    const fit = fitGao('best-of-n', ds.map((d) => ({ d, r: d + 0.2 * d * d })));
    expect(fit.beta).toBeLessThan(0);
    expect(fit.turnoverD).toBeNull();
    expect(() => fitGao('kl', [{ d: 1, r: 1 }])).toThrow(/points/);
  });
});
