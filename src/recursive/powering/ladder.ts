/**
 * Testbed 2 of recursive reward modeling: the permutation-powering ladder (a fixture: it runs in
 * seconds and tests the recursion machinery). σ is a seeded random permutation of n = 64
 * elements; the helper A_k of level k answers σ^(2^k)(x). The limited user can only look up
 * σ(x) (1 check) or ask the level below, A_{k−1}, about an element (1 check each); to judge an
 * answer of level k ≥ 1 it asks A_{k−1} twice — y = A_{k−1}(x), z = A_{k−1}(y) — and approves the
 * answer iff it equals z. That is re-computation, not verification: whatever A_{k−1} gets wrong
 * the user gets wrong too, and it has no way to notice.
 *
 * Helper models (each answer of each level wrong with probability ε, an error = a uniformly
 * random *other* element):
 *  - transient:  a fresh coin per answer; A_k(x) = noise(A_{k−1}(A_{k−1}(x))), recursively;
 *  - persistent: a fixed faulty table per level (systematic mistakes), built the same way;
 *  - learned:    each A_k learned by reward modeling from the user's verdicts (learned.ts); its
 *                ε is not set but emerges from the label budget.
 * Prediction: e_0 = ε, e_k ≈ 1 − (1 − e_{k−1})²(1 − ε). It ignores coincidences of order 1/n and,
 * for fixed tables, the x with σ^(2^(k−1))(x) = x (the two sub-answers are then one).
 */
import { ConfigError } from '../../core/errors.js';
import type { Rng } from '../../core/rng.js';
import type { Check } from '../limited-user.js';

export type HelperModel = 'transient' | 'persistent' | 'learned';

export interface PoweringConfig {
  /** Elements of the permutation. */
  n: number;
  /** Highest level K: helpers A_0 … A_K are built (A_K answers σ^(2^K)). */
  maxLevel: number;
  /** Per-answer error rate ε of each level's helper (transient and persistent models). */
  epsilon: number;
  helper: HelperModel;
  /** Random permutations per seed (each one a trial). */
  trials: number;
  /** Learned model: the user's ratings spent training each level's helper. */
  labelsPerLevel: number;
}

export const POWERING_DEFAULTS: PoweringConfig = { n: 64, maxLevel: 3, epsilon: 0.05, helper: 'transient', trials: 200, labelsPerLevel: 2000 };

export function resolvePoweringConfig(over: Partial<PoweringConfig> = {}): PoweringConfig {
  const c = { ...POWERING_DEFAULTS, ...over };
  const int = (field: keyof PoweringConfig, min: number, max = Infinity) => {
    const v = c[field] as number;
    if (!Number.isInteger(v) || v < min || v > max) throw new ConfigError(field, v, `must be an integer in [${min}, ${max === Infinity ? '∞' : max}]`);
  };
  int('n', 2, 4096);
  int('maxLevel', 0, 10);
  int('trials', 1);
  int('labelsPerLevel', 0);
  if (!(c.epsilon >= 0 && c.epsilon <= 1)) throw new ConfigError('epsilon', c.epsilon, 'must be a probability in [0, 1]');
  if (!['transient', 'persistent', 'learned'].includes(c.helper)) throw new ConfigError('helper', c.helper, "must be 'transient', 'persistent' or 'learned'");
  return c;
}

/** A helper of one level: an element in, its claimed σ^(2^k) out. */
export type Helper = (x: number) => number;

/** σ^(2^k) as a table, for k = 0 … maxLevel (measurement only: the hidden truth). */
export function truthPowers(sigma: readonly number[], maxLevel: number): number[][] {
  const out = [[...sigma]];
  for (let k = 1; k <= maxLevel; k++) out.push(out[k - 1].map((y) => out[k - 1][y]));
  return out;
}

/** Predicted error by level from ε alone: e_0 = ε, e_k = 1 − (1 − e_{k−1})²(1 − ε). */
export function predictedErrors(epsilon: number, maxLevel: number): number[] {
  const e = [epsilon];
  for (let k = 1; k <= maxLevel; k++) e.push(oneStepPrediction(e[k - 1], epsilon));
  return e;
}

/** The recursion's one step: level k's error from level k−1's error and level k's own ε. */
export function oneStepPrediction(ePrev: number, epsilon: number): number {
  return 1 - (1 - ePrev) ** 2 * (1 - epsilon);
}

/** With probability ε, replace an answer by a uniformly random other element. */
export function noisy(rng: Rng, n: number, epsilon: number): (answer: number) => number {
  return (a) => (epsilon > 0 && rng.bernoulli(epsilon) ? (a + 1 + rng.int(n - 1)) % n : a);
}

/** Transient model: every call re-computes through the levels below with fresh noise. */
export function transientHelpers(sigma: readonly number[], maxLevel: number, epsilon: number, rng: Rng): Helper[] {
  const noise = noisy(rng, sigma.length, epsilon);
  const helpers: Helper[] = [(x) => noise(sigma[x])];
  for (let k = 1; k <= maxLevel; k++) {
    const below = helpers[k - 1];
    helpers.push((x) => noise(below(below(x))));
  }
  return helpers;
}

/** Persistent model: each level a fixed table, A_k[x] = noise(A_{k−1}[A_{k−1}[x]]) drawn once. */
export function persistentHelpers(sigma: readonly number[], maxLevel: number, epsilon: number, rng: Rng): Helper[] {
  const noise = noisy(rng, sigma.length, epsilon);
  const tables = [sigma.map((y) => noise(y))];
  for (let k = 1; k <= maxLevel; k++) tables.push(tables[k - 1].map((y) => noise(tables[k - 1][y])));
  return tables.map((t) => (x: number) => t[x]);
}

/** The user's look-ups: σ itself, and asking a helper of some level about an element. */
export type PoweringLookups = {
  sigma: (x: number) => number;
  ask: (level: number, x: number) => number;
};

export function poweringLookups(sigma: readonly number[], helpers: readonly Helper[]): PoweringLookups {
  return {
    sigma: (x: number) => sigma[x],
    ask: (level: number, x: number) => {
      const h = helpers[level];
      if (!h) throw new ConfigError('level', level, `has no helper (levels 0..${helpers.length - 1})`);
      return h(x);
    },
  };
}

/** Checks a judgement of level k needs: σ once at level 0, A_{k−1} twice above. */
export const JUDGE_BUDGET = 2;

/**
 * The assisted user's verdict on `answer` to "σ^(2^k)(x)?": at level 0 it looks σ(x) up; above,
 * it re-computes through A_{k−1} (two asks) and approves iff the answer matches.
 */
export function recomputeVerdict(check: Check<PoweringLookups>, level: number, x: number, answer: number): boolean {
  if (level === 0) return check('sigma', x) === answer;
  return check('ask', level - 1, check('ask', level - 1, x)) === answer;
}

/** The unassisted user with b σ look-ups: exact when 2^k ≤ b, otherwise it cannot tell and approves. */
export function unassistedVerdict(check: Check<PoweringLookups>, level: number, x: number, answer: number, budget: number): boolean {
  const steps = 2 ** level;
  if (steps > budget) return true;
  let y = x;
  for (let s = 0; s < steps; s++) y = check('sigma', y);
  return y === answer;
}
