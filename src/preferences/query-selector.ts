/**
 * Which pairs to ask about. Uniform; ensemble disagreement (variance across members of the
 * predicted P(left ≻ right), Christiano et al. 2017); entropy of the mean prediction.
 * Disagreement and entropy need the reward model's per-member predictions.
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

export const uniformSelector: QuerySelector = {
  name: 'uniform',
  select(candidates, count, rng) {
    return rng.shuffle([...candidates]).slice(0, count);
  },
};

function topByScore(name: string, score: (members: Float64Array[], i: number) => number): QuerySelector {
  return {
    name,
    select(candidates, count, rng, predict) {
      if (!predict) throw new ConfigError('query selector', name, 'needs the reward model\'s predictions (no predictor was given)');
      if (candidates.length <= count) return [...candidates];
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
