/**
 * Tuned PPO settings per env (starting from the rl-baselines3-zoo hyperparameters, adjusted
 * for our speed/sample trade-off). `rewardlab rl` and the loop start from these; flags override.
 */
import type { PpoConfig } from './ppo.js';

const CARTPOLE: Partial<PpoConfig> = {
  numEnvs: 8, numSteps: 32, numMinibatches: 1, updateEpochs: 20, learningRate: 1e-3, annealLr: true, annealClip: true,
  gamma: 0.98, gaeLambda: 0.8, hidden: [64, 64], entCoef: 0,
};

export const PPO_PRESETS: Record<string, Partial<PpoConfig>> = {
  'CartPole-v1': { ...CARTPOLE, totalSteps: 100_000 },
  // Episodes are always 500 steps and mostly absorbing early on: whole episodes per rollout.
  'FixedHorizonCartPole-v0': { numEnvs: 8, numSteps: 512, numMinibatches: 16, updateEpochs: 10, learningRate: 1e-3, gamma: 0.99, gaeLambda: 0.95, totalSteps: 100_000 },
  'Acrobot-v1': { numEnvs: 16, numSteps: 256, numMinibatches: 8, updateEpochs: 4, learningRate: 1e-3, gamma: 0.99, gaeLambda: 0.94, entCoef: 0, normObs: true, totalSteps: 200_000 },
  'FixedHorizonAcrobot-v1': { numEnvs: 16, numSteps: 256, numMinibatches: 8, updateEpochs: 4, learningRate: 1e-3, gamma: 0.99, gaeLambda: 0.94, entCoef: 0, normObs: true, totalSteps: 200_000 },
  'Pendulum-v1': { numEnvs: 4, numSteps: 1024, numMinibatches: 64, updateEpochs: 10, learningRate: 1e-3, gamma: 0.9, gaeLambda: 0.95, clipCoef: 0.2, entCoef: 0, initLogStd: -0.5, normObs: false, totalSteps: 200_000 },
  'MountainCarContinuous-v0': { numEnvs: 1, numSteps: 8, numMinibatches: 1, updateEpochs: 10, learningRate: 7.77e-5, gamma: 0.9999, gaeLambda: 0.9, normObs: true, initLogStd: -3.29, totalSteps: 20_000 },
};

export function ppoPreset(envId: string): Partial<PpoConfig> {
  return PPO_PRESETS[envId] ?? {};
}
