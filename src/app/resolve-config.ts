/**
 * One resolved config for a reward-modeling run: built-in defaults → the env's presets →
 * the caller's options, merged once and validated once (errors name the field and value).
 * The result is complete — every field of the agent, reward model and trainer is present —
 * and is what a run writes to config.json; resume reads that file and nothing else.
 */
import { make } from '../envs/registry.js';
import '../envs/index.js';
import { PPO_DEFAULTS } from '../agents/ppo.js';
import { checkPpoConfig } from '../agents/ppo-config-check.js';
import { REWARD_MODEL_DEFAULTS, checkRewardModelOptions } from '../rewards/reward-model.js';
import { REWARD_TRAINER_DEFAULTS } from '../rewards/reward-trainer.js';
import { RM_DEFAULTS, checkRmConfig, type RewardModelingConfig, type RewardModelingOptions } from '../loop/config.js';
import { streamSeed } from '../core/seed-streams.js';
import { ppoPreset } from './presets/ppo-presets.js';
import { rmPreset } from './presets/rm-presets.js';

export function resolveConfig(options: RewardModelingOptions): RewardModelingConfig {
  make(options.envId); // unknown ids fail here with the list of known ones
  const preset = rmPreset(options.envId);
  const agentSteps = options.agentSteps ?? preset.agentSteps ?? ppoPreset(options.envId).totalSteps ?? 100_000;
  const seed = options.seed ?? RM_DEFAULTS.seed;
  const config: RewardModelingConfig = {
    ...RM_DEFAULTS, ...preset, ...options, kind: RM_DEFAULTS.kind, version: RM_DEFAULTS.version, seed, agentSteps,
    maxOutstanding: options.maxOutstanding !== undefined ? options.maxOutstanding : options.feedback === 'human' ? 8 : (preset.maxOutstanding ?? RM_DEFAULTS.maxOutstanding),
    rewardModel: { ...REWARD_MODEL_DEFAULTS, ...preset.rewardModel, ...options.rewardModel },
    rewardTrainer: { ...REWARD_TRAINER_DEFAULTS, ...preset.rewardTrainer, ...options.rewardTrainer },
    ppo: { ...PPO_DEFAULTS, ...ppoPreset(options.envId), ...preset.ppo, ...options.ppo, seed: streamSeed(seed, 'agent'), totalSteps: agentSteps },
  };
  checkRewardModelOptions(config.rewardModel);
  checkPpoConfig({ ...config.ppo });
  return checkRmConfig(config);
}
