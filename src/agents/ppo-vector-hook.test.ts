import { describe, expect, it } from 'vitest';
import type { Action } from '../core/types.js';
import { make } from '../envs/public.js';
import { SyncVectorEnv } from '../vector/sync-vector-env.js';
import { WorkerVectorEnv } from '../vector/worker-vector-env.js';
import { Ppo, type PpoConfig } from './ppo.js';

const registry = new URL('../envs/public.js', import.meta.url);
const config: Partial<PpoConfig> = { numEnvs: 4, numSteps: 128, numMinibatches: 4, updateEpochs: 2, totalSteps: 3 * 512, seed: 11 };

function train(ppo: Ppo) {
  const returns: number[] = [];
  try {
    while (!ppo.done) returns.push(...ppo.iterate().episodeReturns);
    return { returns, actor: Array.from(ppo.actor.params), critic: Array.from(ppo.critic.params) };
  } finally {
    ppo.close();
  }
}

describe('PpoRuntime.makeVectorEnv', () => {
  it('builds the copies when given (CartPole-v1 in 2 worker threads): same returns and final weights as the in-thread default', () => {
    let made = 0;
    const asked: number[] = [];
    const inThread = train(new Ppo(config, { makeEnv: () => make('CartPole-v1') }));
    const hooked = train(new Ppo(config, {
      makeEnv: () => (made++, make('CartPole-v1')),
      makeVectorEnv: (numEnvs) => (asked.push(numEnvs), WorkerVectorEnv.createSync<Float32Array, Action>({ envId: 'CartPole-v1', registry, numEnvs, workers: 2 })),
    }));
    expect(asked).toEqual([4]);
    expect(made).toBe(0); // the copies live in the workers only
    expect(inThread.returns.length).toBeGreaterThan(20);
    expect(hooked).toEqual(inThread);
  }, 30_000);

  it('refuses a vector env of the wrong size or autoreset mode, and frame recording', () => {
    const copies = (n: number, autoresetMode: 'same-step' | 'next-step' = 'same-step') => () => new SyncVectorEnv<Float32Array, Action>(Array.from({ length: n }, () => make('CartPole-v1') as never), { autoresetMode });
    const makeEnv = () => make('CartPole-v1');
    expect(() => new Ppo(config, { makeEnv, makeVectorEnv: copies(3) })).toThrow('makeVectorEnv = "3 copies, same-step autoreset": must build numEnvs = 4 copies');
    expect(() => new Ppo(config, { makeEnv, makeVectorEnv: copies(4, 'next-step') })).toThrow('makeVectorEnv = "4 copies, next-step autoreset"');
    expect(() => new Ppo(config, { makeEnv, makeVectorEnv: copies(4), recordFrames: true, recordTrajectories: true })).toThrow('recordFrames = true');
  });
});
