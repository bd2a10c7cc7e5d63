import { describe, expect, it } from 'vitest';
import { Rng } from '../core/rng.js';
import { seal } from '../core/sealed.js';
import type { Fragment, FragmentPair, Trajectory } from '../core/types.js';
import { cutFragments, pairFragments } from './fragmenter.js';
import { disagreementSelector, entropySelector, makeQuerySelector, uniformSelector } from './query-selector.js';
import { SyntheticTeacher, parseTeacherSpec } from './synthetic-teacher.js';

function trajectory(episode: number, rewards: number[]): Trajectory {
  return {
    envId: 'Toy-v0', seed: 0, episode,
    observations: Array.from({ length: rewards.length + 1 }, (_, t) => Float32Array.of(t)),
    actions: rewards.map(() => 0),
    evaluation: rewards.map((r) => seal({ reward: r, performance: -r })),
    terminated: false, truncated: true,
  };
}

function fragment(id: string, rewards: number[]): Fragment {
  return { id, envId: 'Toy-v0', seed: 0, episode: 0, start: 0, end: rewards.length, observations: [], actions: [], evaluation: rewards.map((r) => seal({ reward: r, performance: -r })) };
}
const pair = (l: number[], r: number[], id = 'p'): FragmentPair => ({ id, left: fragment(`${id}L`, l), right: fragment(`${id}R`, r) });

describe('fragmenter', () => {
  it('cuts windows inside episodes, reproducibly, with provenance ids', () => {
    const trajs = [trajectory(0, Array(30).fill(1)), trajectory(1, Array(5).fill(1))];
    const a = cutFragments(trajs, 20, new Rng(1), { length: 10 });
    const b = cutFragments(trajs, 20, new Rng(1), { length: 10 });
    expect(a.map((f) => f.id)).toEqual(b.map((f) => f.id));
    for (const f of a) {
      expect(f.episode).toBe(0); // the 5-step episode is too short
      expect(f.end - f.start).toBe(10);
      expect(f.observations).toHaveLength(11);
      expect(f.observations[0][0]).toBe(f.start);
      expect(f.id).toBe(`Toy-v0/0/0/${f.start}`);
    }
    expect(() => cutFragments([trajectory(0, [1, 1])], 1, new Rng(0), { length: 5 })).toThrow(/fragment length = 5: is longer than every trajectory \(the longest has 2 steps\)/);
    const pairs = pairFragments(a, 5, new Rng(2));
    expect(pairs.every((p) => p.left.id !== p.right.id && p.id === `${p.left.id}|${p.right.id}`)).toBe(true);
  });
});

describe('synthetic teachers (B-Pref)', () => {
  it('the oracle prefers the higher hidden return; equal and skip thresholds apply', async () => {
    const t = new SyntheticTeacher({}, new Rng(0));
    expect((await t.ask(pair([1, 1], [0, 1]))).answer).toBe('left');
    expect((await t.ask(pair([0, 0], [0, 1]))).answer).toBe('right');
    expect((await t.ask(pair([1, 0], [0, 1]))).answer).toBe('equal');
    const eq = new SyntheticTeacher({ equalThreshold: 1 }, new Rng(0));
    expect(eq.decide(pair([2, 0], [1, 0]))).toBe('equal');
    const skip = new SyntheticTeacher({ skipThreshold: 0.5 }, new Rng(0));
    expect(skip.decide(pair([0.1, 0], [0.2, 0]))).toBe('skip');
    const perf = new SyntheticTeacher({ metric: 'performance' }, new Rng(0));
    expect(perf.decide(pair([1, 1], [0, 1]))).toBe('right');
  });

  it('mistake teacher flips about ε of its answers; Boltzmann teacher matches σ(βΔ)', () => {
    const n = 4000;
    const mistake = new SyntheticTeacher({ epsilon: 0.1 }, new Rng(3));
    const flips = Array.from({ length: n }, (_, i) => mistake.decide(pair([1], [0], `q${i}`))).filter((a) => a === 'right').length;
    expect(Math.abs(flips / n - 0.1)).toBeLessThan(3 * Math.sqrt((0.1 * 0.9) / n));
    const stoc = new SyntheticTeacher({ beta: 1 }, new Rng(4));
    const lefts = Array.from({ length: n }, (_, i) => stoc.decide(pair([1], [0], `q${i}`))).filter((a) => a === 'left').length;
    const p = 1 / (1 + Math.exp(-1));
    expect(Math.abs(lefts / n - p)).toBeLessThan(3 * Math.sqrt((p * (1 - p)) / n));
  });

  it('the myopic teacher weighs late steps more', () => {
    const t = new SyntheticTeacher({ gamma: 0.5 }, new Rng(0));
    expect(t.decide(pair([0, 0, 1], [1.5, 0, 0]))).toBe('left');
    expect(new SyntheticTeacher({}, new Rng(0)).decide(pair([0, 0, 1], [1.5, 0, 0]))).toBe('right');
  });

  it('answers depend on the query, not on what was asked before (a resumed run gets the same answers)', () => {
    const a = new SyntheticTeacher({ beta: 1, epsilon: 0.2 }, 5);
    const b = new SyntheticTeacher({ beta: 1, epsilon: 0.2 }, 5);
    const ids = Array.from({ length: 40 }, (_, i) => `p${i}`);
    const forward = ids.map((id) => a.decide(pair([0.5], [0], id)));
    const backward = [...ids].reverse().map((id) => b.decide(pair([0.5], [0], id))).reverse();
    expect(backward).toEqual(forward);
    expect(new Set(forward).size).toBeGreaterThan(1); // still noisy across queries
  });

  it('delayed answers arrive out of order but are the same answers', async () => {
    const pairs = Array.from({ length: 12 }, (_, i) => pair([i % 3], [1], `p${i}`));
    const fast = new SyntheticTeacher({ beta: 1 }, new Rng(9));
    const slow = new SyntheticTeacher({ beta: 1, delayMs: 20 }, new Rng(9));
    const expected = await Promise.all(pairs.map((p) => fast.ask(p)));
    const arrivals: string[] = [];
    const got = await Promise.all(pairs.map((p) => slow.ask(p).then((a) => (arrivals.push(a.pairId), a))));
    expect(got.map((a) => a.answer)).toEqual(expected.map((a) => a.answer));
    expect(arrivals).not.toEqual(pairs.map((p) => p.id));
  });

  it('parses teacher specs and names bad keys and values', () => {
    expect(parseTeacherSpec('synthetic')).toEqual({});
    expect(parseTeacherSpec('synthetic:mistake')).toEqual({ epsilon: 0.1 });
    expect(parseTeacherSpec('synthetic:beta=1,eps=0.2,metric=performance')).toEqual({ beta: 1, epsilon: 0.2, metric: 'performance' });
    expect(() => parseTeacherSpec('synthetic:foo=1')).toThrow(/feedback option foo = "1": is not a teacher option; valid keys: beta/);
    expect(() => parseTeacherSpec('synthetic:eps=2')).toThrow(/feedback option eps = 2: must be in \[0, 1\]/);
    expect(() => parseTeacherSpec('synthetic:clever')).toThrow(/feedback teacher = "clever": is not a known teacher/);
  });
});

describe('query selectors', () => {
  const candidates = Array.from({ length: 6 }, (_, i) => pair([i], [0], `c${i}`));
  // member predictions: disagreement largest on c4, then c1; entropy largest where the mean is ½ (c2)
  const predict = () => [Float64Array.of(0.5, 0.9, 0.5, 0.6, 1.0, 0.7), Float64Array.of(0.5, 0.3, 0.5, 0.6, 0.0, 0.7)];
  it('disagreement picks the pairs with the highest variance across members', () => {
    expect(disagreementSelector.select(candidates, 2, new Rng(0), predict).map((p) => p.id)).toEqual(['c4', 'c1']);
  });
  it('entropy picks the pairs whose mean prediction is closest to ½', () => {
    const picked = entropySelector.select(candidates, 3, new Rng(0), predict).map((p) => p.id).sort();
    expect(picked).toEqual(['c0', 'c2', 'c4']);
  });
  it('uniform is reproducible under a seed; model-based selectors need a predictor; unknown names fail', () => {
    expect(uniformSelector.select(candidates, 3, new Rng(5)).map((p) => p.id)).toEqual(uniformSelector.select(candidates, 3, new Rng(5)).map((p) => p.id));
    expect(() => disagreementSelector.select(candidates, 2, new Rng(0))).toThrow(/needs the reward model's predictions/);
    expect(() => makeQuerySelector('k-center')).toThrow(/selector = "k-center": must be one of uniform, disagreement, entropy/);
  });
});
