import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { prepareEnv } from '../../envs/registry.js';
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
    expect(ppoPreset('FixedHorizonHopper-v5')).toEqual({}); // the loop's variants choose their own agent settings
  }, 60_000);
});
