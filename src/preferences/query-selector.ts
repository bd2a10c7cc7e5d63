/**
 * Which pairs to ask about. Uniform; ensemble disagreement (variance across members of the
 * predicted P(left ≻ right), Christiano et al. 2017); entropy of the mean prediction.
 * Disagreement and entropy need the reward model's per-member predictions.
 *
 * Every selector first drops pairs nobody can tell apart: the two clips show the same
 * observations step for step (e.g. both in a fixed-horizon env's absorbing state after the
 * episode's end, where every step looks alike and the action changes nothing). Their answer
 * is 'equal' whatever the true reward is and teaches the model nothing. On
 * FixedHorizonCartPole, random-policy clips are ≈ 95% absorbing steps: without the filter
 * all 50 warm-start labels of a 200-label run went to such pairs on some seeds.
 * When fewer distinguishable pairs than asked for exist, fewer are returned (the loop asks
 * for the rest in a later round).
 */
import { ConfigError } from '../core/errors.js';
import type { Rng } from '../core/rng.js';
import type { FragmentPair } from '../core/types.js';

/** One array per ensemble member: P(left ≻ right) per pair. */
export type PreferencePredictor = (pairs: FragmentPair[]) => Float64Array[];

export interface QuerySelector {
  readonly name: string;
  select(candidates: FragmentPair[], count: number, rng: Rng, predict?: PreferencePredictor): FragmentPair[];
}

/** The two clips show the same observations at every step (no one can tell them apart); false for clips without observations. */
export function indistinguishable(pair: FragmentPair): boolean {
  const a = pair.left.observations;
  const b = pair.right.observations;
  if (a.length === 0 || a.length !== b.length) return false;
  for (let t = 0; t < a.length; t++) {
    const x = a[t];
    const y = b[t];
    if (x.length !== y.length) return false;
    for (let j = 0; j < x.length; j++) if (x[j] !== y[j]) return false;
  }
  return true;
}

const distinguishable = (candidates: FragmentPair[]) => candidates.filter((p) => !indistinguishable(p));

export const uniformSelector: QuerySelector = {
  name: 'uniform',
  select(candidates, count, rng) {
    return rng.shuffle(distinguishable(candidates)).slice(0, count);
  },
};

function topByScore(name: string, score: (members: Float64Array[], i: number) => number): QuerySelector {
  return {
    name,
    select(all, count, rng, predict) {
      if (!predict) throw new ConfigError('query selector', name, 'needs the reward model\'s predictions (no predictor was given)');
      const candidates = distinguishable(all);
      if (candidates.length <= count) return candidates;
      const members = predict(candidates);
      // break ties randomly (but reproducibly) by a shuffled order
      const order = rng.permutation(candidates.length);
      return order
        .map((i) => ({ i, s: score(members, i) }))
        .sort((a, b) => b.s - a.s)
        .slice(0, count)
        .map(({ i }) => candidates[i]);
    },
  };
}

const meanAt = (members: Float64Array[], i: number) => members.reduce((s, m) => s + m[i], 0) / members.length;

export const disagreementSelector = topByScore('disagreement', (members, i) => {
  const mu = meanAt(members, i);
  return members.reduce((s, m) => s + (m[i] - mu) ** 2, 0) / members.length;
});

export const entropySelector = topByScore('entropy', (members, i) => {
  const p = Math.min(Math.max(meanAt(members, i), 1e-9), 1 - 1e-9);
  return -(p * Math.log(p) + (1 - p) * Math.log(1 - p));
});

const SELECTORS: Record<string, QuerySelector> = { uniform: uniformSelector, disagreement: disagreementSelector, entropy: entropySelector };

export function makeQuerySelector(name: string): QuerySelector {
  const s = SELECTORS[name];
  if (!s) throw new ConfigError('selector', name, `must be one of ${Object.keys(SELECTORS).join(', ')}`);
  return s;
}
