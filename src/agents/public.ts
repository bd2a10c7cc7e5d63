/** 'rewardlab/agents/ppo': the PPO agent, its config and defaults, checkpoints, and PPO runs on an env's own reward. */
export { Ppo, PPO_DEFAULTS, type PpoConfig, type PpoRuntime, type PpoIterationStats, type PpoState, type BatchRewardFn } from './ppo.js';
export { savePpo, loadPpo } from './ppo-checkpoint.js';
export { trainRl, resumeRl, type RlRunOptions, type RlRunConfig, type RlRunResult, type RlHooks } from '../app/rl-run.js';
