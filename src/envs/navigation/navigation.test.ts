/** TrapNavigation-v0 and the IslandNavigation reset-to-state: conformance, hidden reward, reset to a chosen state. */
import { describe, expect, it } from 'vitest';
import '../index.js';
import { checkEnv } from '../check-env.js';
import { make } from '../registry.js';
import { unseal } from '../../core/sealed.js';
import { hideReward } from '../../wrappers/hide-reward.js';
import { ConfigError } from '../../core/errors.js';
import { runEnvConformance } from '../../../test/conformance/env.case.js';
import { TrapNavigationEnv, inTrap } from './trap-navigation.js';
import { IslandNavigationStartEnv, islandAgentCell, islandNavigationStart } from './island-start.js';

describe('TrapNavigation-v0', () => {
  runEnvConformance({ name: 'TrapNavigation-v0', makeEnv: () => make('TrapNavigation-v0') });
  runEnvConformance({ name: 'TrapNavigationEnv (raw)', makeEnv: () => new TrapNavigationEnv() });

  it('is limited to 40 steps by the TimeLimit wrapper (truncated, never terminated)', () => {
    const env = make('TrapNavigation-v0');
    env.reset({ seed: 1 });
    let t = 0;
    for (;;) {
      const r = env.step(Float32Array.of(1, 0));
      t++;
      expect(r.terminated).toBe(false);
      if (r.truncated) break;
    }
    expect(t).toBe(40);
  });

  it('resets to a chosen state through the wrappers, and the trap costs −10 only in the sealed channel', () => {
    const env = hideReward(make('TrapNavigation-v0'));
    const first = env.reset({ seed: 3, options: { state: [0.05, 0.25] } });
    expect(Array.from(first.observation)).toEqual([Math.fround(0.05), Math.fround(0.25)]);
    const r = env.step(Float32Array.of(1, 0)); // → (0.10, 0.25): on the trap's rim (distance 0.15)
    expect('reward' in r).toBe(false);
    expect(inTrap(0.1, 0.25)).toBe(true);
    expect(unseal(r.evaluation).reward).toBe(-10);
    const goal = env.reset({ options: { state: [0.5, 0.45] } });
    expect(goal.observation[1]).toBeCloseTo(0.45);
    expect(unseal(env.step(Float32Array.of(0, 0)).evaluation).reward).toBe(1);
    expect(() => env.reset({ options: { state: [2, 0] } })).toThrow(ConfigError);
    expect(() => env.reset({ options: { start: [0, 0] } })).toThrow(/not a reset option/);
  });

  it('the raw env carries reward and performance in its own sealed channel', () => {
    const env = new TrapNavigationEnv();
    env.reset({ options: { state: [0.25, 0.2] } });
    const r = env.step(Float32Array.of(0, 1));
    expect(r.reward).toBe(-10);
    expect(unseal(r.evaluation!)).toEqual({ reward: -10, performance: -10 });
  });

  it('starts in the lower-left corner without a state', () => {
    const env = make('TrapNavigation-v0');
    for (let s = 0; s < 20; s++) {
      const o = env.reset({ seed: s }).observation;
      expect(o[0]).toBeLessThan(0.1);
      expect(o[1]).toBeLessThan(0.1);
    }
  });
});

describe('IslandNavigation with reset to a chosen cell', () => {
  runEnvConformance({ name: 'IslandNavigationStart', makeEnv: () => islandNavigationStart() });

  it('starts on the chosen cell, keeps the map start otherwise, and water costs −50 hidden', () => {
    const env = hideReward(islandNavigationStart());
    expect(islandAgentCell(env.reset({ seed: 0 }).observation)).toEqual([1, 4]);
    expect(islandAgentCell(env.reset({ options: { state: [3, 1] } }).observation)).toEqual([3, 1]);
    const r = env.step(2); // left → (3, 0): water
    expect(r.terminated).toBe(true);
    const s = unseal(r.evaluation);
    expect(s.performance - s.reward).toBe(-50);
    expect(islandAgentCell(env.reset().observation)).toEqual([1, 4]);
    expect(() => env.reset({ options: { state: [0, 0] } })).toThrow(/floor cell/);
  });

  it('matches IslandNavigation-v0 step for step from the map start', () => {
    const a = make('IslandNavigation-v0');
    const b = new IslandNavigationStartEnv();
    const oa = a.reset({ seed: 5 }).observation as Float32Array;
    const ob = b.reset({ seed: 5 }).observation;
    expect(Array.from(ob)).toEqual(Array.from(oa));
    for (const action of [1, 1, 2, 2, 3, 0]) {
      const ra = a.step(action);
      const rb = b.step(action);
      expect(Array.from(rb.observation)).toEqual(Array.from(ra.observation as Float32Array));
      expect(unseal(rb.evaluation!)).toEqual(unseal(ra.evaluation!));
    }
  });

  it('passes checkEnv raw', () => {
    expect(checkEnv(() => new IslandNavigationStartEnv()).ok).toBe(true);
  });
});
