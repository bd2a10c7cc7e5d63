/**
 * Per-env defaults for the reward-modeling loop, measured on this machine (see bench/suites/loop.ts).
 * FixedHorizonCartPole: once the pole falls, the observation grows without bound (the pole
 * spins, the cart drifts); standardised inputs would then squeeze the upright region into a
 * sliver and let the model extrapolate wild rewards for spinning states. Bounded tanh features
 * fix both (with them the agent balances; without, it learns to drop the pole).
 */
import type { RewardModelingConfig } from './config.js';

export const RM_PRESETS: Record<string, Partial<RewardModelingConfig>> = {
  'FixedHorizonCartPole-v0': { rewardModel: { inputTransform: 'tanh' }, queryEvery: 10 },
};

export function rmPreset(envId: string): Partial<RewardModelingConfig> {
  return RM_PRESETS[envId] ?? {};
}
