import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PPO_DEFAULTS } from '../agents/ppo.js';
import { streamSeed } from '../core/seed-streams.js';
import { REWARD_MODEL_DEFAULTS } from '../rewards/reward-model.js';
import { REWARD_TRAINER_DEFAULTS } from '../rewards/reward-trainer.js';
import { RM_PRESETS } from './presets/rm-presets.js';
import { resolveConfig } from './resolve-config.js';
import { resumeRun, startRun } from './train-run.js';

describe('one resolved config', () => {
  it('is complete: every field of the agent, reward model and trainer, the agent seed a named stream', () => {
    const c = resolveConfig({ envId: 'FixedHorizonCartPole-v0', seed: 7, rewardTrainer: { epochs: 3 } });
    expect(Object.keys(c.ppo).sort()).toEqual(Object.keys(PPO_DEFAULTS).sort());
    expect(Object.keys(c.rewardModel).sort()).toEqual(Object.keys(REWARD_MODEL_DEFAULTS).sort());
    expect(Object.keys(c.rewardTrainer).sort()).toEqual(Object.keys(REWARD_TRAINER_DEFAULTS).sort());
    expect(c.rewardTrainer.epochs).toBe(3);
    expect(c.ppo.seed).toBe(streamSeed(7, 'agent'));
    expect(c.ppo.totalSteps).toBe(c.agentSteps);
    expect(c.uncertaintyPenalty).toBe(0.5); // from the env preset
    expect(c.maxOutstanding).toBeNull(); // synthetic runs never pause
    expect(resolveConfig({ envId: 'FixedHorizonCartPole-v0', feedback: 'human' }).maxOutstanding).toBe(8);
  });

  it('names the field and the value of a bad option', () => {
    expect(() => resolveConfig({ envId: 'FixedHorizonCartPole-v0', labels: 1 })).toThrow(/labels.*1/);
    expect(() => resolveConfig({ envId: 'FixedHorizonCartPole-v0', ppo: { learningRate: -1 } })).toThrow(/learningRate.*-1/);
    expect(() => resolveConfig({ envId: 'FixedHorizonCartPole-v0', instructions: '' })).toThrow(/instructions/);
    expect(() => resolveConfig({ envId: 'FixedHorizonCartPole-v0', store: 'postgres://me:secret@db/x' })).toThrow(/store.*\*\*\*.*password/);
    expect(() => resolveConfig({ envId: 'NoSuchEnv-v0' })).toThrow(/NoSuchEnv-v0/);
  });

  it('is written whole to config.json, and a preset edit cannot change an existing run', async () => {
    const root = mkdtempSync(join(tmpdir(), 'rl-config-'));
    const out = join(root, 'run');
    const options = { envId: 'FixedHorizonCartPole-v0', seed: 1, labels: 10, agentSteps: 3 * 4096, ppo: { checkpointEvery: 1 } } as const;
    const reference = await startRun(options, { out: join(root, 'reference') });
    const metrics = (dir: string) => readFileSync(join(dir, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => { const m = JSON.parse(l); delete m.wallSeconds; delete m.time; return m; });
    await startRun(options, { out, stopAfterIterations: 1 });
    const written = JSON.parse(readFileSync(join(out, 'config.json'), 'utf8'));
    expect(written).toEqual(JSON.parse(JSON.stringify(resolveConfig(options))));
    const preset = RM_PRESETS['FixedHorizonCartPole-v0'];
    const saved = { ...preset };
    try {
      preset.uncertaintyPenalty = 3; // someone edits the preset after the run started
      preset.rewardTrainer = { epochs: 1 };
      const r = await resumeRun(out);
      expect(r.finished).toBe(true);
      expect(r.trueReturn).toBe(reference.trueReturn);
      expect(metrics(out)).toEqual(metrics(join(root, 'reference'))); // the resumed run ran on its own config.json
      expect(JSON.parse(readFileSync(join(out, 'config.json'), 'utf8'))).toEqual(written);
      expect(resolveConfig(options).uncertaintyPenalty).toBe(3); // a new run would see the edit
    } finally {
      for (const k of Object.keys(preset)) delete (preset as Record<string, unknown>)[k];
      Object.assign(preset, saved);
    }
  });
});
