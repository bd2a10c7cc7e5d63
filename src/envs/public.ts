/** 'rewardlab/envs': the env registry, every registered env, wrappers and the checker. */
import './index.js';

export { make, prepareEnv, register, registeredEnvs, envSpec, type EnvSpec, type MakeOptions } from './registry.js';
export { loadMujoco } from './mujoco/runtime.js';
export { BaseEnv } from './base-env.js';
export { checkEnv, type CheckEnvReport, type CheckResult } from './check-env.js';
export { recordEpisode, type RecordedEpisode } from './random-episode.js';
export * from '../wrappers/index.js';
export { SyncVectorEnv, type AutoresetMode, type VectorStepResult } from '../vector/sync-vector-env.js';
export { WorkerVectorEnv } from '../vector/worker-vector-env.js';
export type { WorkerVectorEnvOptions } from '../vector/worker-boot.js';
