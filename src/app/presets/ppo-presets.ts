/**
 * Tuned PPO settings per env (starting from the rl-baselines3-zoo hyperparameters, adjusted
 * for our speed/sample trade-off). `rewardlab rl` and the loop start from these; flags override.
 */
import type { PpoConfig } from '../../agents/ppo.js';
import { MUJOCO_PPO_PRESETS } from './mujoco-presets.js';
import { MUJOCO_LOOP_PPO_PRESETS } from './mujoco-loop-presets.js';

/**
 * Whole 500-step episodes per rollout (8 × 512 steps), 16 minibatches × 10 epochs. Measured on
 * CartPole-v1: evaluation ≥ 475 after 20–25k steps (≈ 5–6 s), 500 at 100k (≈ 22 s), seeds 0–2;
 * the rl-zoo settings (8 × 32 steps, 20 epochs) need ≈ 2× the compute for the same curve.
 * Fixed-horizon CartPole needs whole episodes too: early on they are mostly absorbing steps.
 */
const CARTPOLE: Partial<PpoConfig> = {
  numEnvs: 8, numSteps: 512, numMinibatches: 16, updateEpochs: 10, learningRate: 1e-3, annealLr: true,
  gamma: 0.99, gaeLambda: 0.95, hidden: [64, 64], entCoef: 0,
};

export const PPO_PRESETS: Record<string, Partial<PpoConfig>> = {
  'CartPole-v1': { ...CARTPOLE, totalSteps: 100_000 },
  'FixedHorizonCartPole-v0': { ...CARTPOLE, totalSteps: 100_000 },
  'Acrobot-v1': { numEnvs: 16, numSteps: 256, numMinibatches: 8, updateEpochs: 4, learningRate: 1e-3, gamma: 0.99, gaeLambda: 0.94, entCoef: 0, normObs: true, totalSteps: 200_000 },
  'FixedHorizonAcrobot-v1': { numEnvs: 16, numSteps: 256, numMinibatches: 8, updateEpochs: 4, learningRate: 1e-3, gamma: 0.99, gaeLambda: 0.94, entCoef: 0, normObs: true, totalSteps: 200_000 },
  'Pendulum-v1': { numEnvs: 4, numSteps: 1024, numMinibatches: 64, updateEpochs: 10, learningRate: 1e-3, gamma: 0.9, gaeLambda: 0.95, clipCoef: 0.2, entCoef: 0, initLogStd: -0.5, normObs: false, totalSteps: 200_000 },
  'MountainCarContinuous-v0': { numEnvs: 1, numSteps: 8, numMinibatches: 1, updateEpochs: 10, learningRate: 7.77e-5, gamma: 0.9999, gaeLambda: 0.9, normObs: true, initLogStd: -3.29, totalSteps: 20_000 },
  ...MUJOCO_PPO_PRESETS,
  ...MUJOCO_LOOP_PPO_PRESETS, // FixedHorizon MuJoCo ids: the plain task's settings (src/app/presets/mujoco-loop-presets.ts)
};

export function ppoPreset(envId: string): Partial<PpoConfig> {
  return PPO_PRESETS[envId] ?? {};
}
