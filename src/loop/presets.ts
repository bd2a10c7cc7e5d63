/**
 * Per-env defaults for the reward-modeling loop, measured on this machine (see bench/suites/loop.ts).
 * FixedHorizonCartPole: 150k agent steps (the agent needs ~60k on the true reward, more on a
 * reward that is still being learned) and a query round every iteration (iterations are
 * 4096 steps there).
 */
import type { RewardModelingConfig } from './config.js';

export const RM_PRESETS: Record<string, Partial<RewardModelingConfig>> = {
  'FixedHorizonCartPole-v0': { queryEvery: 1, agentSteps: 150_000 },
};

export function rmPreset(envId: string): Partial<RewardModelingConfig> {
  return RM_PRESETS[envId] ?? {};
}
