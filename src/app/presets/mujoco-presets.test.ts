import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Ppo } from '../../agents/ppo.js';
import { evaluatePolicy } from '../../analysis/evaluate.js';
import { make, prepareEnv } from '../../envs/registry.js';
import { trainRl } from '../rl-run.js';
import { ppoPreset } from './ppo-presets.js';

describe('MuJoCo PPO presets', () => {
  it('`rewardlab rl --env Hopper-v5` trains with the Hopper preset (CleanRL settings), flags on top', async () => {
    await prepareEnv('Hopper-v5');
    const out = mkdtempSync(join(tmpdir(), 'rewardlab-hopper-preset-'));
    try {
      const r = trainRl({ envId: 'Hopper-v5', config: { totalSteps: 2048, seed: 3 }, out, evalEpisodes: 1 });
      expect(r.finished).toBe(true);
      const ppo = JSON.parse(readFileSync(join(out, 'config.json'), 'utf8')).ppo;
      expect(ppo).toMatchObject({ numEnvs: 1, numSteps: 2048, numMinibatches: 32, updateEpochs: 10, hidden: [64, 64], activation: 'tanh', normObs: true, normReward: true, gamma: 0.99, totalSteps: 2048, seed: 3 });
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
    expect(ppoPreset('Hopper-v5').totalSteps).toBe(1_000_000);
    expect(ppoPreset('FixedHorizonHopper-v5')).toEqual(ppoPreset('Hopper-v5')); // the loop's variant runs the PPO-true row's agent (mujoco-loop-presets.ts)
  }, 60_000);

  it('HalfCheetah-v5 trains with rl-zoo\'s settings: 256×256 ReLU, log std −2, 512-step rollouts, constant lr', async () => {
    await prepareEnv('HalfCheetah-v5');
    const ppo = new Ppo({ ...ppoPreset('HalfCheetah-v5'), totalSteps: 1024, seed: 0 }, { makeEnv: () => make('HalfCheetah-v5') });
    try {
      expect(ppo.actor.spec).toMatchObject({ sizes: [17, 256, 256, 6], activation: 'relu' });
      expect(ppo.critic.spec.sizes).toEqual([17, 256, 256, 1]);
      expect(Array.from(ppo.logStd)).toEqual(new Array(6).fill(-2));
      const first = ppo.iterate();
      const second = ppo.iterate();
      expect([first.globalStep, second.globalStep]).toEqual([512, 1024]);
      expect([first.learningRate, second.learningRate]).toEqual([2.0633e-5, 2.0633e-5]); // not annealed
    } finally {
      ppo.close();
    }
    expect(ppoPreset('HalfCheetah-v5')).toMatchObject({ gamma: 0.98, gaeLambda: 0.92, clipCoef: 0.1, updateEpochs: 20, numMinibatches: 8, init: 'torch-default', normObs: true, normReward: true, totalSteps: 1_000_000 });
  }, 60_000);

  it('InvertedPendulum-v5 with its preset balances for the whole 1000 steps after 40,960 steps (true reward)', async () => {
    // Measured (greedy, 5 episodes): seeds 0/1/2 at 1000 from 16k / 16k / 24k steps; ≈ 7 s each.
    await prepareEnv('InvertedPendulum-v5');
    const ppo = new Ppo({ ...ppoPreset('InvertedPendulum-v5'), totalSteps: 40_960, seed: 0 }, { makeEnv: () => make('InvertedPendulum-v5') });
    try {
      const before = evaluatePolicy(() => make('InvertedPendulum-v5'), (o) => ppo.act(o), 3);
      while (!ppo.done) ppo.iterate();
      const after = evaluatePolicy(() => make('InvertedPendulum-v5'), (o) => ppo.act(o), 10);
      expect(before.meanReturn).toBeLessThan(100);
      expect(after.meanReturn).toBe(1000);
    } finally {
      ppo.close();
    }
  }, 60_000);
});
