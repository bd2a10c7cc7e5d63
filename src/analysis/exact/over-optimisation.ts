/**
 * Over-optimisation curves on an enumerated gridworld, exact (Gao et al. 2022, "Scaling laws for
 * reward model overoptimization"; Leike et al. 2018 §5.8): how the TRUE return of a policy moves
 * as optimisation pressure on a LEARNED reward grows, measured from a base policy π0 (default:
 * uniform over the actions) and plotted against d = sqrt(KL(π ‖ π0)) over whole episodes.
 *
 * Two ways to apply pressure:
 * - best-of-n: draw n episodes from π0, keep the one the learned reward scores highest. Its
 *   expected true return is an order statistic of the base distribution of episode outcomes
 *   (weight, learned return, true return), computed exactly: with the outcomes grouped by
 *   learned return in ascending order and F_g the base mass up to group g, the best of n i.i.d.
 *   draws lands in group g with probability F_g^n − F_{g−1}^n and, ties broken at random, is
 *   then distributed inside the group as π0 is. The outcomes are either every episode of π0
 *   (`enumerateEpisodes`, exact, for small horizons) or K sampled episodes (`sampleEpisodes`;
 *   the order statistics are then exact for the empirical distribution, the plug-in estimate).
 *   KL is the exact KL of the best-of-n distribution from the base one, Σ_g Q_g log(Q_g / P_g)
 *   (Gao's log n − (n−1)/n is its no-ties limit; both are reported).
 * - KL-regularised planning: the policy maximising E[Σ r_learned] − τ·KL(π ‖ π0) over the
 *   horizon, by soft value iteration V_h(s) = τ log Σ_a π0(a|s) exp(Q_h(s,a)/τ), π_h(a|s) ∝
 *   π0(a|s) exp(Q_h(s,a)/τ) (deterministic transitions, non-stationary policy). It is evaluated
 *   exactly by pushing the state distribution forward: expected learned and true returns and the
 *   episode KL Σ_t E_{s_t}[KL(π_t(·|s_t) ‖ π0(·|s_t))]. Pressure grows as τ falls (τ → ∞ is π0,
 *   τ → 0 the learned reward's optimal policy).
 * Gao's functional forms are fitted to the curves in over-optimisation-fit.ts.
 */
import { ConfigError, checkNumber } from '../../core/errors.js';
import type { Rng } from '../../core/rng.js';
import type { TabularMdp } from './enumerate.js';
import type { TabularReward } from './value-iteration.js';

/** π0(·|s): the base policy's action probabilities in state s (stationary). */
export type BasePolicy = (s: number) => ArrayLike<number>;

/** The uniform policy over the MDP's actions. */
export function uniformBase(mdp: TabularMdp): BasePolicy {
  const p = new Float64Array(mdp.numActions).fill(1 / mdp.numActions);
  return () => p;
}

/** The two rewards a curve compares: the one optimised (learned) and the one that counts (true). */
export interface CurveRewards {
  learned: TabularReward;
  true: TabularReward;
}

/** One episode outcome of the base distribution (or a group of equal ones). */
export interface EpisodeOutcome {
  /** Probability mass under π0 (weights sum to 1). */
  weight: number;
  learned: number;
  true: number;
}

export interface EpisodeOptions {
  /** Episode length. Default 100 (the gridworlds' time limit). */
  horizon?: number;
  /** Start state. Default 0 (the reset state). */
  start?: number;
  /** π0. Default uniform. */
  base?: BasePolicy;
}

/** Every episode of π0 from `start` (depth-first over its action choices); throws when there are more than `maxEpisodes`. */
export function enumerateEpisodes(mdp: TabularMdp, rewards: CurveRewards, o: EpisodeOptions & { maxEpisodes?: number } = {}): EpisodeOutcome[] {
  const horizon = checkNumber('horizon', o.horizon ?? 100, { min: 1, integer: true });
  const maxEpisodes = o.maxEpisodes ?? 1_000_000;
  const base = o.base ?? uniformBase(mdp);
  const out: EpisodeOutcome[] = [];
  const visit = (s: number, t: number, weight: number, learned: number, truth: number): void => {
    if (t === horizon || mdp.terminal[s]) {
      if (out.length >= maxEpisodes) throw new ConfigError('maxEpisodes', maxEpisodes, `is exceeded by π0's episodes over horizon ${horizon}; shorten the horizon or use sampleEpisodes`);
      out.push({ weight, learned, true: truth });
      return;
    }
    const p = base(s);
    for (let a = 0; a < mdp.numActions; a++) {
      if (!(p[a] > 0)) continue;
      const tr = mdp.transitions[s][a];
      const l = learned + rewards.learned(s, a);
      const r = truth + rewards.true(s, a);
      if (tr.terminated) {
        if (out.length >= maxEpisodes) throw new ConfigError('maxEpisodes', maxEpisodes, `is exceeded by π0's episodes over horizon ${horizon}; shorten the horizon or use sampleEpisodes`);
        out.push({ weight: weight * p[a], learned: l, true: r });
      } else visit(tr.next, t + 1, weight * p[a], l, r);
    }
  };
  visit(o.start ?? 0, 0, 1, 0, 0);
  return out;
}

/** `count` episodes of π0 drawn with `rng`, each of weight 1/count (the empirical base distribution). */
export function sampleEpisodes(mdp: TabularMdp, rewards: CurveRewards, count: number, rng: Rng, o: EpisodeOptions = {}): EpisodeOutcome[] {
  checkNumber('count', count, { min: 1, integer: true });
  const horizon = checkNumber('horizon', o.horizon ?? 100, { min: 1, integer: true });
  const base = o.base ?? uniformBase(mdp);
  const out: EpisodeOutcome[] = [];
  for (let k = 0; k < count; k++) {
    let s = o.start ?? 0;
    let learned = 0;
    let truth = 0;
    for (let t = 0; t < horizon && !mdp.terminal[s]; t++) {
      const a = draw(base(s), rng);
      learned += rewards.learned(s, a);
      truth += rewards.true(s, a);
      const tr = mdp.transitions[s][a];
      if (tr.terminated) break;
      s = tr.next;
    }
    out.push({ weight: 1 / count, learned, true: truth });
  }
  return out;
}

function draw(p: ArrayLike<number>, rng: Rng): number {
  let u = rng.next();
  for (let a = 0; a < p.length; a++) if ((u -= p[a]) < 0) return a;
  for (let a = p.length - 1; a >= 0; a--) if (p[a] > 0) return a;
  return 0;
}

/** One point of a curve: pressure, KL from π0, d = sqrt(KL), and the expected returns. */
export interface CurvePoint {
  /** n (best-of-n) or 1/τ (KL-regularised planning). */
  pressure: number;
  kl: number;
  d: number;
  learned: number;
  true: number;
}

export interface BestOfNPoint extends CurvePoint {
  n: number;
  /** Gao et al.'s analytic KL of best-of-n without ties: log n − (n − 1)/n. */
  klAnalytic: number;
}

/** Outcomes grouped by learned return (ascending), with their mass and mass-weighted means. */
function groups(outcomes: readonly EpisodeOutcome[]): { learned: number; mass: number; true: number }[] {
  const total = outcomes.reduce((s, o) => s + o.weight, 0);
  if (!(total > 0)) throw new ConfigError('outcomes', outcomes.length, 'must carry positive total weight');
  const sorted = [...outcomes].sort((a, b) => a.learned - b.learned);
  const out: { learned: number; mass: number; true: number }[] = [];
  for (const o of sorted) {
    const last = out[out.length - 1];
    if (last && last.learned === o.learned) {
      last.true += o.weight * o.true;
      last.mass += o.weight;
    } else out.push({ learned: o.learned, mass: o.weight, true: o.weight * o.true });
  }
  for (const g of out) {
    g.true /= g.mass;
    g.mass /= total;
  }
  return out;
}

/** Expected learned and true return of the best of n i.i.d. draws from the outcome distribution, and its KL from it. */
export function bestOfN(outcomes: readonly EpisodeOutcome[], n: number): BestOfNPoint {
  checkNumber('n', n, { min: 1, integer: true });
  const gs = groups(outcomes);
  let below = 0;
  let learned = 0;
  let truth = 0;
  let kl = 0;
  for (const g of gs) {
    const upto = Math.min(1, below + g.mass);
    const q = upto ** n - below ** n; // P(the best lands in this group)
    below = upto;
    if (!(q > 0)) continue;
    learned += q * g.learned;
    truth += q * g.true;
    kl += q * Math.log(q / g.mass);
  }
  kl = Math.max(0, kl);
  return { n, pressure: n, kl, d: Math.sqrt(kl), learned, true: truth, klAnalytic: Math.log(n) - (n - 1) / n };
}

export function bestOfNCurve(outcomes: readonly EpisodeOutcome[], ns: readonly number[]): BestOfNPoint[] {
  return ns.map((n) => bestOfN(outcomes, n));
}

/** A non-stationary stochastic policy: action probabilities in state s with `remaining` steps to go. */
export type StochasticPolicy = (s: number, remaining: number) => Float64Array;

export interface SoftPlan {
  /** values[s]: the soft value (learned return − τ·KL) over the full horizon from s. */
  values: Float64Array;
  policy: StochasticPolicy;
}

/** Soft (KL-regularised) value iteration on `reward` with coefficient τ > 0 from π0. */
export function softValueIteration(mdp: TabularMdp, reward: TabularReward, tau: number, o: { horizon?: number; base?: BasePolicy } = {}): SoftPlan {
  checkNumber('tau', tau, { min: 0, exclusiveMin: true });
  const horizon = checkNumber('horizon', o.horizon ?? 100, { min: 1, integer: true });
  const base = o.base ?? uniformBase(mdp);
  const n = mdp.observations.length;
  const A = mdp.numActions;
  let v = new Float64Array(n);
  const policies: Float64Array[] = []; // policies[h − 1][s·A + a]: h steps to go
  const q = new Float64Array(A);
  for (let h = 0; h < horizon; h++) {
    const next = new Float64Array(n);
    const pol = new Float64Array(n * A);
    for (let s = 0; s < n; s++) {
      if (mdp.terminal[s]) continue;
      const p = base(s);
      let m = -Infinity;
      for (let a = 0; a < A; a++) {
        const t = mdp.transitions[s][a];
        q[a] = p[a] > 0 ? (reward(s, a) + (t.terminated ? 0 : v[t.next])) / tau : -Infinity;
        if (q[a] > m) m = q[a];
      }
      let z = 0;
      for (let a = 0; a < A; a++) {
        const w = p[a] > 0 ? p[a] * Math.exp(q[a] - m) : 0;
        pol[s * A + a] = w;
        z += w;
      }
      for (let a = 0; a < A; a++) pol[s * A + a] /= z;
      next[s] = tau * (m + Math.log(z));
    }
    policies.push(pol);
    v = next;
  }
  return { values: v, policy: (s, remaining) => policies[Math.max(1, Math.min(horizon, remaining)) - 1].subarray(s * A, (s + 1) * A) };
}

/** Exact expected returns of a stochastic policy under several rewards, and its episode KL from π0. */
export function evaluatePolicy(mdp: TabularMdp, policy: StochasticPolicy, rewards: readonly TabularReward[], o: EpisodeOptions = {}): { returns: number[]; kl: number } {
  const horizon = checkNumber('horizon', o.horizon ?? 100, { min: 1, integer: true });
  const base = o.base ?? uniformBase(mdp);
  const n = mdp.observations.length;
  const A = mdp.numActions;
  let mu = new Float64Array(n);
  mu[o.start ?? 0] = 1;
  const returns = rewards.map(() => 0);
  let kl = 0;
  for (let t = 0; t < horizon; t++) {
    const next = new Float64Array(n);
    for (let s = 0; s < n; s++) {
      if (!(mu[s] > 0) || mdp.terminal[s]) continue;
      const pi = policy(s, horizon - t);
      const p0 = base(s);
      for (let a = 0; a < A; a++) {
        const w = mu[s] * pi[a];
        if (!(w > 0)) continue;
        kl += w * Math.log(pi[a] / p0[a]);
        rewards.forEach((r, k) => (returns[k] += w * r(s, a)));
        const tr = mdp.transitions[s][a];
        if (!tr.terminated) next[tr.next] += w;
      }
    }
    mu = next;
  }
  return { returns, kl: Math.max(0, kl) };
}

export interface KlPoint extends CurvePoint {
  tau: number;
}

/** The KL-regularised planning curve: one exact point per τ (pressure 1/τ). */
export function klCurve(mdp: TabularMdp, rewards: CurveRewards, taus: readonly number[], o: EpisodeOptions = {}): KlPoint[] {
  if (o.start !== undefined && o.start !== 0) throw new ConfigError('start', o.start, 'must be 0 (soft plans start from the reset state)');
  return taus.map((tau) => {
    const plan = softValueIteration(mdp, rewards.learned, tau, o);
    const { returns, kl } = evaluatePolicy(mdp, plan.policy, [rewards.learned, rewards.true], o);
    return { tau, pressure: 1 / tau, kl, d: Math.sqrt(kl), learned: returns[0], true: returns[1] };
  });
}

/** τ from `hi` down to `lo`, log-spaced (`count` values): pressure grows along the list. */
export function logTaus(hi: number, lo: number, count: number): number[] {
  checkNumber('count', count, { min: 2, integer: true });
  if (!(hi > lo && lo > 0)) throw new ConfigError('taus', [hi, lo], 'must satisfy hi > lo > 0');
  return Array.from({ length: count }, (_, i) => hi * (lo / hi) ** (i / (count - 1)));
}

/** The curve's own turnover: the point of highest true return, and whether true return falls after it. */
export interface EmpiricalTurnover {
  /** Index of the point with the highest true return. */
  index: number;
  pressure: number;
  d: number;
  peakTrue: number;
  /** True return at the highest pressure measured. */
  finalTrue: number;
  /** The curve falls by more than `tolerance` after the peak. */
  turnsOver: boolean;
}

export function empiricalTurnover(points: readonly CurvePoint[], tolerance = 1e-9): EmpiricalTurnover {
  if (!points.length) throw new ConfigError('points', 0, 'must hold at least one curve point');
  let index = 0;
  points.forEach((p, i) => void (p.true > points[index].true + tolerance && (index = i)));
  const peak = points[index];
  const finalTrue = points[points.length - 1].true;
  return { index, pressure: peak.pressure, d: peak.d, peakTrue: peak.true, finalTrue, turnsOver: finalTrue < peak.true - tolerance };
}

/** A per-transition reward table (s·A + a) as a TabularReward. */
export function tableReward(mdp: TabularMdp, table: ArrayLike<number>): TabularReward {
  const A = mdp.numActions;
  return (s, a) => table[s * A + a];
}
