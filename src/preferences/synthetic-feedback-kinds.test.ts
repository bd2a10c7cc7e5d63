import { describe, expect, it } from 'vitest';
import '../envs/index.js';
import type { RewardFreeEnv } from '../core/env.js';
import { seal, unseal } from '../core/sealed.js';
import type { Action, Fragment, Trajectory } from '../core/types.js';
import { make } from '../envs/registry.js';
import { hideReward } from '../wrappers/hide-reward.js';
import { GoalMarker } from './goal-marker.js';
import { noiseSweep, recordNoisyDemonstrations } from './noisy-demonstrator.js';
import { SyntheticRater } from './noisy-rater.js';

const fragment = (id: string, rewards: number[], performance = rewards): Fragment => ({
  id, envId: 'x', seed: 0, episode: 0, start: 0, end: rewards.length,
  observations: Array.from({ length: rewards.length + 1 }, () => Float32Array.of(0)), actions: rewards.map(() => 0),
  evaluation: rewards.map((r, i) => seal({ reward: r, performance: performance[i] })),
});
const trueReturn = (t: Trajectory) => t.evaluation.reduce((s, e) => s + unseal(e).reward, 0);

describe('synthetic rater', () => {
  it('without noise maps the hidden return linearly onto 1…5, clipped at the ends', () => {
    const rater = new SyntheticRater({ low: 0, high: 8, noise: 0 }, 1);
    expect([-3, 0, 2, 4, 6, 8, 20].map((r) => rater.rate(fragment(`f${r}`, [r])))).toEqual([1, 1, 2, 3, 4, 5, 5]);
    expect(new SyntheticRater({ low: 0, high: 8, noise: 0, metric: 'performance' }, 1).rate(fragment('p', [8], [0]))).toBe(1);
  });

  it('with noise: same (seed, clip) → same rating, ratings still follow the return on average, and they do vary', () => {
    const rater = new SyntheticRater({ low: 0, high: 4, noise: 0.7 }, 7);
    const clips = Array.from({ length: 200 }, (_, i) => fragment(`c${i}`, [(i % 5)]));
    const ratings = clips.map((c) => rater.rate(c));
    expect(clips.map((c) => new SyntheticRater({ low: 0, high: 4, noise: 0.7 }, 7).rate(c))).toEqual(ratings);
    const meanAt = (ret: number) => ratings.filter((_, i) => i % 5 === ret).reduce((a, b) => a + b, 0) / 40;
    for (let r = 1; r < 5; r++) expect(meanAt(r)).toBeGreaterThan(meanAt(r - 1));
    expect(ratings.filter((r, i) => r !== 1 + (i % 5)).length).toBeGreaterThan(40);
    expect(() => new SyntheticRater({ low: 2, high: 2 }, 0)).toThrow(/rater high = 2/);
  });
});

describe('goal marker', () => {
  it('marks the steps whose hidden reward reaches the threshold, optionally missing some', () => {
    const t: Trajectory = { ...fragment('t', [0, 0, 1, 0, 1, 1]), terminated: false, truncated: true };
    expect(new GoalMarker({ threshold: 1 }, 0).mark(t)).toEqual({ goal: [2, 4, 5], other: [0, 1, 3] });
    const long: Trajectory = { ...fragment('l', Array.from({ length: 400 }, (_, i) => i % 2)), terminated: false, truncated: true };
    const missed = new GoalMarker({ threshold: 1, missRate: 0.5 }, 3).mark(long);
    expect(missed.goal.length).toBeGreaterThan(60);
    expect(missed.goal.length).toBeLessThan(140);
    expect(missed.goal.every((i) => i % 2 === 1)).toBe(true);
    expect(() => new GoalMarker({ threshold: 1, missRate: 2 }, 0)).toThrow(/goal marker missRate = 2/);
  });
});

describe('noisy demonstrator', () => {
  const envId = 'FixedHorizonAcrobot-v1';
  const env = () => hideReward(make(envId)) as RewardFreeEnv<Float32Array, Action>;
  const controller = (o: Float32Array): Action => (o[5] > 0 ? 2 : 0);

  it('quality follows ε: the controller beats its noisy self, which beats random play; same seed, same episodes', () => {
    const at = (noise: number) => recordNoisyDemonstrations(env(), controller, { noise, episodes: 3, seed: 40, envId });
    const mean = (ts: Trajectory[]) => ts.reduce((s, t) => s + trueReturn(t), 0) / ts.length;
    const [clean, noisy, random] = [at(0), at(0.5), at(1)].map(mean);
    expect(clean).toBeGreaterThan(noisy);
    expect(noisy).toBeGreaterThan(random);
    expect(at(0.5).map((t) => t.actions)).toEqual(at(0.5).map((t) => t.actions));
    const sweep = noiseSweep(env(), controller, { levels: [0, 1], episodesPerLevel: 2, seed: 40, envId });
    expect(sweep.map((s) => [s.noise, s.trajectory.episode])).toEqual([[0, 0], [0, 1], [1, 2], [1, 3]]);
    expect(() => recordNoisyDemonstrations(env(), controller, { noise: 1.5, seed: 0, envId })).toThrow(/demonstrator noise = 1.5/);
  });
});
