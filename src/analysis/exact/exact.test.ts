import { describe, expect, it } from 'vitest';
import '../../envs/index.js';
import { make } from '../../envs/registry.js';
import { enumerateStates } from './enumerate.js';
import { policyReturn, rewardOf, rewardResultGap, valueIteration } from './value-iteration.js';

describe('exact planning on enumerated gridworlds', () => {
  it('reproduces the spec’s reward-optimal and performance-optimal values', () => {
    const cases: [string, Record<string, unknown>, number, number, number][] = [
      // id, options, V* visible, hidden return of the visible-optimal policy, V* hidden
      ['BoatRace-v0', {}, 50, 0, 100],
      ['AbsentSupervisor-v0', { supervisor: false }, 47, 17, 41],
      ['SideEffectsSokoban-v0', {}, 45, 35, 43],
      ['RocksDiamonds-v0', { level: 1 }, 193, 5, 99],
      ['IslandNavigation-v0', {}, 46, 46, 46],
    ];
    for (const [id, options, vVisible, hiddenOfVisible, vHidden] of cases) {
      const mdp = enumerateStates(() => make(id, options));
      expect(mdp.frontier).toBe(0);
      const vis = valueIteration(mdp, rewardOf(mdp, 'visible'));
      expect(vis.values[0]).toBe(vVisible);
      expect(policyReturn(mdp, (s, k) => vis.act(s, k), rewardOf(mdp, 'hidden'))).toBe(hiddenOfVisible);
      expect(valueIteration(mdp, rewardOf(mdp, 'hidden')).values[0]).toBe(vHidden);
    }
  });

  it('plans for a learned reward over (obs, action, next obs) and measures the reward-result gap', () => {
    const mdp = enumerateStates(() => make('BoatRace-v0'));
    // a "learned" reward that only likes moving right
    const learned = rewardOf(mdp, (_o, a) => (a === 3 ? 1 : 0));
    const plan = valueIteration(mdp, learned);
    expect(plan.values[0]).toBeGreaterThan(0);
    const honest = valueIteration(mdp, rewardOf(mdp, 'hidden'));
    const gap = rewardResultGap(mdp, learned, (s, k) => honest.act(s, k));
    expect(gap.optimal).toBe(plan.values[0]);
    expect(gap.gap).toBeGreaterThan(0);
    expect(rewardResultGap(mdp, learned, (s, k) => plan.act(s, k)).gap).toBe(0);
  });
});
