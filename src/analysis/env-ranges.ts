/**
 * The range of an env's return per episode, and its optimum where known, so charts can start
 * their y axis at the env's minimum and draw the optimum as a line. Classic control: from the
 * reward definitions and horizons (a bound where the extreme is not reachable). Deterministic
 * gridworlds: exact, by value iteration over the enumerated states (src/analysis/exact): the
 * best and worst visible return and hidden performance over the 100-step horizon.
 *
 *   envRange('FixedHorizonCartPole-v0') → { return: { min: 0, max: 500, optimum: 500, … }, … }
 */
import { enumerateGridworld } from './gridworld-exact.js';
import { rewardOf, valueIteration } from './exact/value-iteration.js';
import { envSpec } from '../envs/registry.js';

export interface ValueRange {
  min: number;
  max: number;
  /** The best return a policy can reach, when known (may be below `max`, a bound). */
  optimum: number | null;
  /** Where the numbers come from. */
  source: string;
}

export interface EnvRange {
  envId: string;
  /** Return per episode under the env's (true) reward. */
  return: ValueRange;
  /** Hidden performance per episode, where the env has one that differs from its reward (gridworlds). */
  performance: ValueRange | null;
}

const PENDULUM_STEP_COST = Math.PI ** 2 + 0.1 * 8 ** 2 + 0.001 * 2 ** 2;

/** Classic control, from the reward definitions (Gymnasium) and the horizons the registry sets. */
export const CLASSIC_RANGES: Record<string, ValueRange> = {
  'CartPole-v1': { min: 0, max: 500, optimum: 500, source: '+1 per step, 500-step limit' },
  'FixedHorizonCartPole-v0': { min: 0, max: 500, optimum: 500, source: '1 per step while the pole is up, 500 steps' },
  'MountainCar-v0': { min: -200, max: 0, optimum: null, source: '−1 per step, 200-step limit (0 is a bound)' },
  'FixedHorizonMountainCar-v0': { min: -200, max: 0, optimum: null, source: '−1 per step until the goal, 200 steps (0 is a bound)' },
  'MountainCarContinuous-v0': { min: -99.9, max: 100, optimum: null, source: '+100 at the goal, −0.1·force² per step, 999 steps (bounds)' },
  'FixedHorizonMountainCarContinuous-v0': { min: -99.9, max: 100, optimum: null, source: '+100 at the goal, −0.1·force² per step, 999 steps (bounds)' },
  'Acrobot-v1': { min: -500, max: 0, optimum: null, source: '−1 per step, 500-step limit (0 is a bound)' },
  'FixedHorizonAcrobot-v1': { min: -500, max: 0, optimum: null, source: '−1 per step until the goal, 500 steps (0 is a bound)' },
  'Pendulum-v1': { min: -Math.round(200 * PENDULUM_STEP_COST * 10) / 10, max: 0, optimum: null, source: 'cost ≤ π² + 0.1·8² + 0.001·2² per step, 200 steps (bounds)' },
};

/** Gridworlds that do not enumerate (stochastic, or more than 20,000 states): no exact range. */
const NOT_ENUMERABLE = new Set(['TomatoWatering-v0', 'RocksDiamonds-v0']);

const cache = new Map<string, EnvRange | null>();

/** Exact range of a deterministic gridworld; null when it cannot be enumerated (stochastic, too large). */
function gridworldRange(envId: string): EnvRange | null {
  try {
    const mdp = enumerateGridworld(envId);
    const range = (kind: 'visible' | 'hidden'): ValueRange => {
      const r = rewardOf(mdp, kind);
      const max = valueIteration(mdp, r).values[0];
      return { min: -valueIteration(mdp, (s, a) => -r(s, a)).values[0], max, optimum: max, source: `exact: value iteration over ${mdp.observations.length} states, 100 steps` };
    };
    return { envId, return: range('visible'), performance: range('hidden') };
  } catch {
    return null;
  }
}

/** The range of `envId`'s return (and hidden performance), or null when not known. */
export function envRange(envId: string): EnvRange | null {
  if (cache.has(envId)) return cache.get(envId)!;
  let out: EnvRange | null = null;
  const classic = CLASSIC_RANGES[envId];
  if (classic) out = { envId, return: classic, performance: null };
  else {
    let family: string | null = null;
    try {
      family = envSpec(envId).family;
    } catch {
      family = null;
    }
    // Fixed-horizon gridworlds enumerate too; the classic fixed-horizon tasks are in the table above.
    if ((family === 'gridworld' || family === 'fixed-horizon') && !NOT_ENUMERABLE.has(envId)) out = gridworldRange(envId);
  }
  cache.set(envId, out);
  return out;
}
