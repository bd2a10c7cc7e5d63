import { describe, expect, it } from 'vitest';
import { Rng } from '../core/rng.js';
import { seal } from '../core/sealed.js';
import type { Fragment, FragmentPair } from '../core/types.js';
import { disagreementSelector, indistinguishable, uniformSelector } from './query-selector.js';

/** A clip whose observation at step t is obs(t) (the absorbing state: the same vector at every step). */
function clip(id: string, obs: (t: number) => number[], steps = 5): Fragment {
  return {
    id, envId: 'Toy-v0', seed: 0, episode: 0, start: 0, end: steps,
    observations: Array.from({ length: steps + 1 }, (_, t) => Float32Array.from(obs(t))),
    actions: Array.from({ length: steps }, (_, t) => t % 2),
    evaluation: Array.from({ length: steps }, () => seal({ reward: 0, performance: 0 })),
  };
}
const absorbed = (id: string) => clip(id, () => [0, 0, 1]);
const moving = (id: string, x: number) => clip(id, (t) => [x + t, 0, 0]);

describe('query selection never spends a label on a pair no one can tell apart', () => {
  it('two clips in the absorbing state (same observations, different actions) are indistinguishable; a moving clip is not', () => {
    expect(indistinguishable({ id: 'a|b', left: absorbed('a'), right: absorbed('b') })).toBe(true);
    expect(indistinguishable({ id: 'a|m', left: absorbed('a'), right: moving('m', 0) })).toBe(false);
    expect(indistinguishable({ id: 'm|n', left: moving('m', 0), right: moving('n', 1) })).toBe(false);
  });

  it('uniform and disagreement selection drop such pairs, returning fewer than asked when no others exist', () => {
    const dead = Array.from({ length: 8 }, (_, i): FragmentPair => ({ id: `d${i}`, left: absorbed(`x${i}`), right: absorbed(`y${i}`) }));
    const live: FragmentPair[] = [{ id: 'l0', left: moving('m', 0), right: absorbed('z') }, { id: 'l1', left: moving('n', 3), right: moving('o', 1) }];
    const candidates = [...dead, ...live];
    expect(uniformSelector.select(candidates, 5, new Rng(1)).map((p) => p.id).sort()).toEqual(['l0', 'l1']);
    // the predictor sees only distinguishable pairs; the absorbing pairs would have the largest disagreement here
    const seen: string[][] = [];
    const predict = (pairs: FragmentPair[]) => {
      seen.push(pairs.map((p) => p.id));
      return [Float64Array.from(pairs, (_, i) => (i === 0 ? 0.9 : 0.5)), Float64Array.from(pairs, (_, i) => (i === 0 ? 0.1 : 0.5))];
    };
    expect(disagreementSelector.select(candidates, 1, new Rng(1), predict).map((p) => p.id)).toEqual(['l0']);
    expect(seen).toEqual([['l0', 'l1']]);
  });
});
