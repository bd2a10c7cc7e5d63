import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Info, StepResult } from '../core/env.js';
import { Box } from '../core/spaces/box.js';
import { Discrete } from '../core/spaces/discrete.js';
import '../envs/index.js';
import { BaseEnv } from '../envs/base-env.js';
import { make } from '../envs/registry.js';
import { evaluatePolicy } from '../analysis/evaluate.js';
import { TimeLimit } from '../wrappers/time-limit.js';
import { loadPpo, savePpo } from './ppo-checkpoint.js';
import { Ppo } from './ppo.js';
import { ppoPreset } from '../app/presets/ppo-presets.js';

/** Observation is always [0]; reward 1 every step; never terminates (only a TimeLimit truncates). */
class ConstantEnv extends BaseEnv<Float32Array, number> {
  readonly observationSpace = new Box(-1, 1, [1]);
  readonly actionSpace = new Discrete(2);
  readonly metadata = { renderModes: ['scene'] as const, renderFps: 10 };
  protected resetState(): { observation: Float32Array; info: Info } {
    return { observation: Float32Array.of(0), info: {} };
  }
  protected stepState(): StepResult<Float32Array> {
    return { observation: Float32Array.of(0), reward: 1, terminated: false, truncated: false, info: {} };
  }
  render() {
    return { kind: 'shapes' as const, width: 1, height: 1, shapes: [] };
  }
}

const cartpole = { makeEnv: () => make('CartPole-v1'), envId: 'CartPole-v1' };
/** Small rollouts for fast structural tests. */
const tiny = { numEnvs: 8, numSteps: 32, numMinibatches: 2, updateEpochs: 4 };

describe('PPO', () => {
  it('learns CartPole well beyond a random policy in 25k steps', () => {
    const ppo = new Ppo({ ...ppoPreset('CartPole-v1'), totalSteps: 25_000, seed: 1 }, cartpole);
    const random = evaluatePolicy(() => make('CartPole-v1'), () => 0, 5);
    while (!ppo.done) ppo.iterate();
    const trained = evaluatePolicy(() => make('CartPole-v1'), (o) => ppo.act(o), 5);
    expect(random.meanReturn).toBeLessThan(50);
    expect(trained.meanReturn).toBeGreaterThan(150);
  });

  it('bootstraps the value on truncation: V → 1/(1−γ), not the mean remaining return', () => {
    const ppo = new Ppo(
      { totalSteps: 16_000, numEnvs: 4, numSteps: 50, gamma: 0.9, learningRate: 3e-3, numMinibatches: 2, updateEpochs: 10, checkpointEvery: 1000 },
      { makeEnv: () => new TimeLimit(new ConstantEnv(), 20) },
    );
    while (!ppo.done) ppo.iterate();
    const v = ppo.critic.forward(Float32Array.of(0), 1)[0];
    // treating truncation as termination would give ≈ 6.05 here
    expect(v).toBeGreaterThan(9);
    expect(v).toBeLessThan(11);
  });

  it('same seed gives bit-identical weights; a different seed does not', () => {
    const run = (seed: number) => {
      const ppo = new Ppo({ ...tiny, totalSteps: 768, seed }, cartpole);
      while (!ppo.done) ppo.iterate();
      return Array.from(ppo.actor.params);
    };
    const a = run(3);
    expect(run(3)).toEqual(a);
    expect(run(4)).not.toEqual(a);
  });

  it('a run resumed from a checkpoint continues exactly like an uninterrupted one', () => {
    const cfg = { ...tiny, totalSteps: 256 * 6, checkpointEvery: 2, seed: 5 };
    const full = new Ppo(cfg, cartpole);
    const fullReturns: number[][] = [];
    while (!full.done) fullReturns.push(full.iterate().episodeReturns);
    const part = new Ppo(cfg, cartpole);
    const partReturns: number[][] = [];
    for (let i = 0; i < 4; i++) partReturns.push(part.iterate().episodeReturns);
    const dir = mkdtempSync(join(tmpdir(), 'rl-ppo-'));
    savePpo(dir, part);
    const resumed = loadPpo(dir, cartpole);
    expect(resumed.iteration).toBe(4);
    while (!resumed.done) partReturns.push(resumed.iterate().episodeReturns);
    expect(partReturns).toEqual(fullReturns);
    expect(Array.from(resumed.actor.params)).toEqual(Array.from(full.actor.params));
    expect(Array.from(resumed.critic.params)).toEqual(Array.from(full.critic.params));
  });

  it('trains a Gaussian policy on Pendulum (continuous actions) with finite losses', () => {
    const ppo = new Ppo({ ...ppoPreset('Pendulum-v1'), numEnvs: 2, numSteps: 200, numMinibatches: 4, totalSteps: 800 }, { makeEnv: () => make('Pendulum-v1') });
    const before = Array.from(ppo.logStd);
    const s = ppo.iterate();
    expect(Number.isFinite(s.policyLoss) && Number.isFinite(s.valueLoss)).toBe(true);
    expect(Array.from(ppo.logStd)).not.toEqual(before);
    const a = ppo.act(new Float32Array(3)) as Float32Array;
    expect(a).toBeInstanceOf(Float32Array);
    expect(Math.abs(a[0])).toBeLessThanOrEqual(2);
  });

  it('uses a pluggable reward instead of the env reward', () => {
    let calls = 0;
    const ppo = new Ppo({ ...tiny, totalSteps: 256 }, {
      ...cartpole,
      reward: ({ n, actions }) => {
        calls++;
        return Float32Array.from({ length: n }, (_, k) => (actions[k] === 1 ? 1 : 0));
      },
    });
    ppo.iterate();
    expect(calls).toBe(1);
  });

  it("init 'torch-default' builds both networks with PyTorch's Linear init; the default keeps the orthogonal weights bit for bit", () => {
    const cfg = { numEnvs: 4, numSteps: 32, numMinibatches: 2, updateEpochs: 2, totalSteps: 256, seed: 7 };
    const torch = new Ppo({ ...cfg, init: 'torch-default', hidden: [256, 256] }, { makeEnv: () => make('Pendulum-v1') });
    for (const net of [torch.actor, torch.critic]) {
      const head = net.weights[2];
      const bound = 1 / 16; // fan_in 256: the head is not shrunk to a 0.01 gain
      expect(head.every((w) => Math.abs(w) <= bound)).toBe(true);
      expect(head.reduce((m, w) => Math.max(m, Math.abs(w)), 0)).toBeGreaterThan(0.5 * bound);
      expect(net.biases.every((b) => b.some((v) => v !== 0))).toBe(true);
    }
    // The default path: these weights after one short CartPole run were recorded before the init
    // option existed (same numbers from the commit before it).
    const ppo = new Ppo(cfg, cartpole);
    expect(ppo.actor.biases.every((b) => b.every((v) => v === 0))).toBe(true);
    while (!ppo.done) ppo.iterate();
    expect(Array.from(ppo.actor.params.slice(0, 3))).toEqual([-0.43095865845680237, 0.09562632441520691, 0.3478972017765045]);
  });

  it('rejects bad config values naming the field and the value', () => {
    expect(() => new Ppo({ learningRate: -1 }, cartpole)).toThrow(/learningRate = -1/);
    expect(() => new Ppo({ numEnvs: 2, numSteps: 4, numMinibatches: 8 }, cartpole)).toThrow(/numMinibatches = 8: gives minibatches of fewer than 2 samples/);
    expect(() => new Ppo({ activation: 'swish' as never }, cartpole)).toThrow(/activation = "swish"/);
    expect(() => new Ppo({ hidden: [64, -1] }, cartpole)).toThrow(/hidden = \[64,-1\]/);
    expect(() => new Ppo({ init: 'xavier' as never }, cartpole)).toThrow(/init = "xavier": is not a known init/);
  });
});
