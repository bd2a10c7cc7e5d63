/**
 * The MuJoCo loop presets resolve to Christiano et al.'s setting with the PPO-true row's agent:
 * per-task clip lengths as in rl-teacher, the label schedule with c = 2·10⁶ steps, and the plain
 * task's PPO settings and steps, both for the loop and for the PPO-true baseline of the same id.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { prepareEnv } from '../../envs/registry.js';
import { labelsDue } from '../../loop/label-schedule.js';
import { resolveConfig } from '../resolve-config.js';
import { MUJOCO_PPO_PRESETS } from './mujoco-presets.js';
import { ppoPreset } from './ppo-presets.js';

// rl-teacher's clip steps (fps × 1.5 s), written out here so the presets are checked against the spec, not themselves.
const CLIPS: Record<string, number> = {
  'FixedHorizonHopper-v5': 60, 'FixedHorizonWalker2d-v5': 45, 'Swimmer-v5': 60, 'HalfCheetah-v5': 30, 'FixedHorizonAnt-v5': 30,
  'Reacher-v5': 15, 'FixedHorizonInvertedPendulum-v5': 15, 'FixedHorizonInvertedDoublePendulum-v5': 15,
};

describe('MuJoCo loop presets', () => {
  beforeAll(async () => {
    await prepareEnv('Hopper-v5'); // resolveConfig makes the env once
  });

  it.each(Object.entries(CLIPS))('%s resolves to its clip length, Christiano\'s schedule and the PPO-true agent', (envId, clip) => {
    const c = resolveConfig({ envId, labels: 700 });
    expect(c.fragmentLength).toBe(clip);
    expect(c.agentSteps).toBe(1_000_000);
    expect(c.initialShare).toBe(0.25);
    expect(c.candidateFactor).toBe(10);
    expect(c.selector).toBe('disagreement');
    expect(c.rewardModel.members).toBe(3);
    expect(c.rewardTrainer.randomAnswerProb).toBe(0.1);
    // label rate ∝ c/(t + c), c = 2·10⁶: half-way, 175 + 525·ln(1.25)/ln(1.5) = 464 labels due
    expect(labelsDue(500_000, { budget: c.labels, initialShare: c.initialShare, totalSteps: c.agentSteps, decay: c.scheduleDecay })).toBe(464);
    // the loop's agent is the plain task's PPO preset, and so is the PPO-true baseline of this id
    const plain = envId.replace(/^FixedHorizon/, '');
    expect(c.ppo).toMatchObject({ ...MUJOCO_PPO_PRESETS[plain], totalSteps: 1_000_000 });
    expect(ppoPreset(envId)).toEqual(ppoPreset(plain));
  });

  it('caller options still win over the preset', () => {
    const c = resolveConfig({ envId: 'FixedHorizonHopper-v5', fragmentLength: 25, agentSteps: 100_000, ppo: { learningRate: 1e-3 } });
    expect(c.fragmentLength).toBe(25);
    expect(c.ppo.totalSteps).toBe(100_000);
    expect(c.ppo.learningRate).toBe(1e-3);
    expect(c.ppo.numSteps).toBe(2048);
  });
});
