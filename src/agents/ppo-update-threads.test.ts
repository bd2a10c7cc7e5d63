import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import '../envs/index.js';
import { make } from '../envs/registry.js';
import { Rng } from '../core/rng.js';
import { Adam } from '../nn/optim.js';
import { Mlp } from '../nn/mlp.js';
import { loadPpo, savePpo } from './ppo-checkpoint.js';
import { CriticThread } from './ppo-critic-thread.js';
import { Ppo, type PpoConfig } from './ppo.js';

const bits = (a: Float32Array) => Array.from(new Uint32Array(a.slice().buffer));
const weights = (p: Ppo) => ({ actor: bits(p.actor.params), critic: bits(p.critic.params), logStd: bits(p.logStd) });
const runtime = (envId: string) => ({ makeEnv: () => make(envId), envId });

/** maxGradNorm small enough that the global clip scales most minibatches (so a thread skipping it shows). */
const CARTPOLE: Partial<PpoConfig> = { numEnvs: 4, numSteps: 64, numMinibatches: 4, updateEpochs: 3, totalSteps: 4 * 256, maxGradNorm: 0.1, seed: 3 };
const PENDULUM: Partial<PpoConfig> = { numEnvs: 2, numSteps: 128, numMinibatches: 4, updateEpochs: 3, totalSteps: 4 * 256, maxGradNorm: 0.1, clipVloss: true, normObs: true, seed: 4 };

function train(envId: string, config: Partial<PpoConfig>, updateThreads: 1 | 2) {
  const ppo = new Ppo({ ...config, updateThreads }, runtime(envId));
  const losses: number[] = [];
  try {
    while (!ppo.done) {
      const s = ppo.iterate();
      losses.push(s.valueLoss, s.policyLoss);
    }
    return { ...weights(ppo), losses };
  } finally {
    ppo.close();
  }
}

describe('PPO updateThreads', () => {
  for (const [envId, config] of [['CartPole-v1', CARTPOLE], ['Pendulum-v1', PENDULUM]] as const) {
    it(`gives bit-identical actor, critic and log-std weights with 1 and 2 threads on ${envId}`, () => {
      const one = train(envId, config, 1);
      const two = train(envId, config, 2);
      expect(two.actor).toEqual(one.actor);
      expect(two.critic).toEqual(one.critic);
      expect(two.logStd).toEqual(one.logStd);
      expect(two.losses).toEqual(one.losses);
      expect(train(envId, { ...config, seed: 9 }, 2).critic).not.toEqual(one.critic); // the comparison can fail
    });
  }

  it('a 2-thread run checkpointed midway and restored into a fresh agent continues like the uninterrupted run', () => {
    const config = { ...PENDULUM, totalSteps: 6 * 256, checkpointEvery: 2, updateThreads: 2 as const };
    const full = new Ppo(config, runtime('Pendulum-v1'));
    while (!full.done) full.iterate();
    const expected = weights(full);
    full.close();
    const part = new Ppo(config, runtime('Pendulum-v1'));
    for (let i = 0; i < 4; i++) part.iterate();
    const dir = mkdtempSync(join(tmpdir(), 'rl-ppo-threads-'));
    try {
      savePpo(dir, part);
      part.close();
      const resumed = loadPpo(dir, runtime('Pendulum-v1'));
      expect(resumed.config.updateThreads).toBe(2);
      while (!resumed.done) resumed.iterate();
      expect(weights(resumed)).toEqual(expected);
      resumed.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses an updateThreads other than 1 or 2, naming the field and the value', () => {
    expect(() => new Ppo({ updateThreads: 3 as never }, runtime('CartPole-v1'))).toThrow(/updateThreads.*3.*must be 1.*or 2/);
    expect(() => new Ppo({ updateThreads: '2' as never }, runtime('CartPole-v1'))).toThrow(/updateThreads/);
  });

  it("reports the critic thread's errors to the caller", () => {
    const critic = new Mlp({ sizes: [4, 8, 1] }, new Rng(0));
    // The worker builds a smaller critic than the weights it is sent: its load fails there.
    const thread = new CriticThread(critic, { critic: { sizes: [2, 8, 1], activation: 'tanh', init: 'orthogonal' }, adam: { lr: 1e-3, eps: 1e-5 } }, new Adam(critic.params.length, { lr: 1e-3 }).state());
    try {
      expect(() => thread.pull()).toThrow(/PPO critic thread: .*(offset|length|bounds)/i);
      expect(() => thread.pull()).toThrow(/PPO critic thread: .*(offset|length|bounds)/i); // and again, not a hang
    } finally {
      thread.close();
    }
  });
});
