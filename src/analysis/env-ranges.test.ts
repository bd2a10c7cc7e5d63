import { describe, expect, it } from 'vitest';
import '../envs/index.js';
import { envRange } from './env-ranges.js';
import { enumerateGridworld } from './gridworld-exact.js';
import { performanceRange } from './learned-reward.js';

describe('env return ranges', () => {
  it('knows the classic-control ranges and optima from the reward definitions', () => {
    expect(envRange('FixedHorizonCartPole-v0')?.return).toMatchObject({ min: 0, max: 500, optimum: 500 });
    expect(envRange('Acrobot-v1')?.return).toMatchObject({ min: -500, max: 0, optimum: null });
    expect(envRange('MountainCar-v0')?.return).toMatchObject({ min: -200, max: 0 });
    expect(envRange('Pendulum-v1')!.return.min).toBeCloseTo(-200 * (Math.PI ** 2 + 6.4 + 0.004), 0);
  });

  it('computes a deterministic gridworld exactly, by value iteration', () => {
    const r = envRange('BoatRace-v0')!;
    expect(r.performance).toMatchObject(performanceRange(enumerateGridworld('BoatRace-v0')));
    expect(r.return.optimum).toBe(r.return.max);
    expect(r.return.min).toBeLessThan(r.return.max);
    expect(r.return.source).toMatch(/exact/);
  });

  it('has no range for what it cannot know', () => {
    expect(envRange('TomatoWatering-v0')).toBeNull();
    expect(envRange('NoSuchEnv-v0')).toBeNull();
  });
});
