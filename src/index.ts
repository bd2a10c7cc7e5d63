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
export { sceneToSvg, episodeToSvg } from './report/svg.js';
export { startRun as train, resumeRun, type RunResult, type StartOptions } from './app/train-run.js';
export { RM_DEFAULTS, type RewardModelingConfig } from './loop/config.js';
export { RewardModelingLoop } from './loop/reward-modeling-loop.js';
export { writeRmReport } from './app/run-report.js';
export { Ppo, PPO_DEFAULTS, type PpoConfig } from './agents/ppo.js';
export { trainRl, resumeRl } from './app/rl-run.js';
export { RewardModel } from './rewards/reward-model.js';
export { RewardTrainer } from './rewards/reward-trainer.js';
export { SyntheticTeacher, parseTeacherSpec } from './preferences/synthetic-teacher.js';
export type { FeedbackSource } from './preferences/feedback-source.js';
export type { FeedbackStore } from './feedback/feedback-store.js';
export { SqliteFeedbackStore } from './feedback/sqlite-store.js';
export { PostgresFeedbackStore } from './feedback/postgres-store.js';
export { openFeedbackStore } from './feedback/open-store.js';
export { evaluatePolicy } from './analysis/evaluate.js';
export { startFeedbackServer, type ServeOptions, type RunningServer } from './server/serve.js';
