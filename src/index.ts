/**
 * RewardLab's public API. Users import from 'rewardlab' (this file) or the subpaths
 * 'rewardlab/envs', 'rewardlab/agents/ppo', 'rewardlab/feedback'.
 */
export { Rng, type RngState } from './core/rng.js';
export { Box, Discrete, type Space } from './core/spaces/index.js';
export type { Env, AnyEnv, RewardFreeEnv, ResetOptions, ResetResult, StepResult, RewardFreeStepResult, Info } from './core/env.js';
export type { Scene, ShapeScene, GridScene, Shape } from './core/scene.js';
export { seal, unseal, Sealed, type EvaluationSignal } from './core/sealed.js';
export type { Trajectory, Fragment, FragmentPair, PreferenceAnswer } from './core/types.js';
export { ConfigError, SpaceMismatchError, EnvStateError, UnknownEnvError, DataFormatError } from './core/errors.js';
export * from './envs/public.js';
export { sceneToSvg, episodeToSvg } from './render/svg.js';
