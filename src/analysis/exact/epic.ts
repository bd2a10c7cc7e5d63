/**
 * EPIC distance (Gleave et al. 2021, arXiv 2006.13900), exact on an enumerated gridworld:
 * how far apart two rewards are *up to potential shaping and positive scaling*, without
 * training any policy. Formula (the project spec reference-numbers.md):
 *   m(x) = E_{A,S′}[R(x,A,S′)],  M = E_S[m(S)],
 *   C(R)(s,a,s′) = R(s,a,s′) + γ·m(s′) − m(s) − γ·M            (canonicalisation)
 *   D_EPIC(R_A, R_B) = sqrt((1 − ρ(C(R_A), C(R_B))) / 2)        (Pearson distance over coverage)
 * with S, S′ ~ D_S uniform over the reachable states and A ~ D_A uniform over the actions.
 *
 * Rewards on arbitrary triples. EPIC's canonicalisation evaluates R(x, a, s′) for every s′ in
 * D_S, not only for the successor the dynamics produce, so each reward must be defined on
 * every triple. Our choice, per kind of reward:
 * - The env's visible reward and hidden performance are functions of the state and the move:
 *   the game's update reads the board and the action, and the deterministic dynamics fix the
 *   successor. So we extend them as R(s,a,s′) = R(s, a, next(s,a)) for every s′ — the reward
 *   of the transition's effect. This invents no values (the table is exactly the game's), and
 *   every policy's return is unchanged.
 * - A learned reward is evaluated as what it is, a function of (obs_s, a[, obs_s′]): a model
 *   without next-observation features is a function of (s, a), like the env's; one with them is
 *   evaluated on the actual triple (obs_s, a, obs_s′). (Extending it by the effect instead
 *   would break EPIC's invariance to shaping terms γΦ(s′) − Φ(s) that such a model can hold.)
 * - Terminal states have no outgoing transitions; every reward we build pays 0 from them (the
 *   absorbing-state convention of the fixed-horizon envs: nothing is collected after the end).
 *   Functions given to `tripleReward` are used as they are, terminal rows included.
 * Coverage: the feasible transitions (s, a, next(s,a)) with s uniform over the reachable
 * non-terminal states and a uniform — the transitions an agent can actually make; the
 * canonicalisation distributions D_S and D_A are the uniform ones above (terminal states
 * included in D_S). γ defaults to 0.99, PPO's discount in the loop.
 * A reward whose canonical form is constant over the coverage (e.g. pure shaping) has no
 * Pearson correlation: the distance is NaN.
 */
import { ConfigError, checkNumber } from '../../core/errors.js';
import type { TransitionBatch } from '../../rewards/reward-model.js';
import type { TabularMdp } from './enumerate.js';
import type { TabularReward } from './value-iteration.js';

/** A reward over every triple of enumerated states: a (state, action) table, or a function of (s, a, s′). */
export type EpicReward =
  | { kind: 'state-action'; table: Float64Array }
  | { kind: 'triple'; at: (s: number, a: number, next: number) => number };

export interface EpicOptions {
  /** Discount of the canonicalisation (and of the shaping it removes). Default 0.99. */
  gamma: number;
}

export const EPIC_DEFAULTS: EpicOptions = { gamma: 0.99 };

/** Largest n·|A|·n table a next-observation learned reward may be evaluated on. */
const MAX_TRIPLES = 4_000_000;

/** A (state, action) reward table: R(s, a, ·) = reward(s, a) on non-terminal states, 0 from terminal ones. */
export function stateActionReward(mdp: TabularMdp, reward: TabularReward): EpicReward {
  const A = mdp.numActions;
  const table = new Float64Array(mdp.observations.length * A);
  for (let s = 0; s < mdp.observations.length; s++) {
    if (mdp.terminal[s]) continue;
    for (let a = 0; a < A; a++) table[s * A + a] = reward(s, a);
  }
  return { kind: 'state-action', table };
}

/** The env's visible reward or hidden performance, extended by the transition's effect. */
export function envReward(mdp: TabularMdp, which: 'visible' | 'hidden'): EpicReward {
  return stateActionReward(mdp, (s, a) => mdp.transitions[s][a][which]);
}

/** A reward given directly on triples (used as is, terminal rows included). */
export function tripleReward(at: (s: number, a: number, next: number) => number): EpicReward {
  return { kind: 'triple', at };
}

/** What a learned reward model offers EPIC: batched prediction, and whether it reads the next observation. */
export interface LearnedRewardLike {
  predict(batch: TransitionBatch): { mean: Float32Array };
  readonly options: { useNextObs: boolean };
}

/** A learned reward (ensemble mean) on the enumerated states, from (obs_s, a[, obs_s′]); 0 from terminal states. */
export function learnedReward(mdp: TabularMdp, model: LearnedRewardLike): EpicReward {
  const n = mdp.observations.length;
  const A = mdp.numActions;
  const D = mdp.observations[0].length;
  const live = [...Array(n).keys()].filter((s) => !mdp.terminal[s]);
  if (!model.options.useNextObs) {
    const batch = batchOf(live.length * A, D);
    live.forEach((s, i) => {
      for (let a = 0; a < A; a++) fill(batch, i * A + a, mdp.observations[s], a, mdp.observations[s]);
    });
    const mean = model.predict(batch).mean;
    const table = new Float64Array(n * A);
    live.forEach((s, i) => {
      for (let a = 0; a < A; a++) table[s * A + a] = mean[i * A + a];
    });
    return { kind: 'state-action', table };
  }
  if (n * A * n > MAX_TRIPLES) throw new ConfigError('states', n, `× ${A} actions × ${n} next states exceeds ${MAX_TRIPLES} triples for a next-observation reward; pin more options to shrink the gridworld`);
  const full = new Float64Array(n * A * n);
  const rows = A * n;
  const batch = batchOf(rows, D);
  for (const s of live) {
    for (let a = 0; a < A; a++) for (let t = 0; t < n; t++) fill(batch, a * n + t, mdp.observations[s], a, mdp.observations[t]);
    full.set(model.predict(batch).mean.subarray(0, rows), s * rows);
  }
  return { kind: 'triple', at: (s, a, t) => full[(s * A + a) * n + t] };
}

function batchOf(n: number, D: number): TransitionBatch {
  return { obs: new Float32Array(n * D), actions: new Float32Array(n), nextObs: new Float32Array(n * D), n };
}

function fill(b: TransitionBatch, row: number, obs: Float32Array, a: number, next: Float32Array): void {
  const D = obs.length;
  b.obs.set(obs, row * D);
  b.actions[row] = a;
  b.nextObs.set(next, row * D);
}

/** The coverage transitions: every feasible (s, a, next(s,a)) out of a non-terminal state, in (s, a) order. */
export function coverage(mdp: TabularMdp): { s: Int32Array; a: Int32Array; next: Int32Array } {
  const s: number[] = [];
  const a: number[] = [];
  const next: number[] = [];
  mdp.transitions.forEach((row, i) => {
    if (mdp.terminal[i]) return;
    row.forEach((t, k) => {
      s.push(i);
      a.push(k);
      next.push(t.next);
    });
  });
  return { s: Int32Array.from(s), a: Int32Array.from(a), next: Int32Array.from(next) };
}

/** C(R) on the coverage transitions. */
export function canonicalize(mdp: TabularMdp, reward: EpicReward, o: Partial<EpicOptions> = {}): Float64Array {
  const { gamma } = { ...EPIC_DEFAULTS, ...o };
  checkNumber('gamma', gamma, { min: 0, max: 1 });
  const n = mdp.observations.length;
  const A = mdp.numActions;
  const at = reward.kind === 'state-action' ? (s: number, a: number) => reward.table[s * A + a] : reward.at;
  const m = new Float64Array(n); // m(x) = E_{A,S′} R(x, A, S′)
  for (let x = 0; x < n; x++) {
    let sum = 0;
    if (reward.kind === 'state-action') for (let a = 0; a < A; a++) sum += reward.table[x * A + a] * n;
    else for (let a = 0; a < A; a++) for (let t = 0; t < n; t++) sum += reward.at(x, a, t);
    m[x] = sum / (A * n);
  }
  const M = m.reduce((p, v) => p + v, 0) / n;
  const cov = coverage(mdp);
  return Float64Array.from(cov.s, (s, k) => at(s, cov.a[k], cov.next[k]) + gamma * m[cov.next[k]] - m[s] - gamma * M);
}

/** Pearson distance sqrt((1 − ρ)/2), ρ clipped to [−1, 1]; NaN when either side is constant. */
export function pearsonDistance(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = x.length;
  if (n !== y.length || n === 0) throw new ConfigError('coverage', n, `must be the same non-empty length on both sides (got ${n} and ${y.length})`);
  let mx = 0, my = 0;
  for (let k = 0; k < n; k++) {
    mx += x[k] / n;
    my += y[k] / n;
  }
  let sxy = 0, sxx = 0, syy = 0;
  for (let k = 0; k < n; k++) {
    const dx = x[k] - mx;
    const dy = y[k] - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  // a relative tolerance: canonicalising pure shaping leaves float noise, not a signal
  if (!(sxx > 1e-18 * n * (1 + mx * mx)) || !(syy > 1e-18 * n * (1 + my * my))) return NaN;
  const rho = Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
  return Math.sqrt((1 - rho) / 2);
}

/** D_EPIC(R_A, R_B) on the enumerated gridworld: 0 equivalent, ≈ 0.707 unrelated, 1 opposite. */
export function epicDistance(mdp: TabularMdp, a: EpicReward, b: EpicReward, o: Partial<EpicOptions> = {}): number {
  return pearsonDistance(canonicalize(mdp, a, o), canonicalize(mdp, b, o));
}
