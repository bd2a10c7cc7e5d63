import { describe, expect, it } from 'vitest';
import { ChainEnv } from '../../test/fixtures/chain-env.js';
import { SyncVectorEnv } from './sync-vector-env.js';

describe('SyncVectorEnv', () => {
  it("'same-step' resets a finished copy at once and keeps its final observation", () => {
    const venv = new SyncVectorEnv([new ChainEnv(3), new ChainEnv(9)]);
    venv.reset({ seed: 0 });
    const r = venv.step([1, 1]);
    expect(r.terminated[0]).toBe(true);
    expect(r.finalObservations[0]![0]).toBe(2);
    expect(r.observations[0][0]).toBeLessThan(2);
    expect(r.finalObservations[1]).toBeUndefined();
  });
  it("'next-step' returns the final observation, then resets on the next call", () => {
    const venv = new SyncVectorEnv([new ChainEnv(3)], { autoresetMode: 'next-step' });
    venv.reset({ seed: 0 });
    const end = venv.step([1]);
    expect(end.terminated[0]).toBe(true);
    expect(end.observations[0][0]).toBe(2);
    const next = venv.step([1]);
    expect(next.terminated[0]).toBe(false);
    expect(next.rewards[0]).toBe(0);
    expect(next.observations[0][0]).toBeLessThan(2);
  });
  it('rejects a wrong number of actions and an unknown mode', () => {
    const venv = new SyncVectorEnv([new ChainEnv(), new ChainEnv()]);
    venv.reset({ seed: 0 });
    expect(() => venv.step([1])).toThrow(/actions.length = 1/);
    expect(() => new SyncVectorEnv([new ChainEnv()], { autoresetMode: 'never' as never })).toThrow(/autoresetMode = "never"/);
  });
});
