/**
 * A synthetic demonstrator of given quality: a scripted controller played on the reward-free env
 * with ε-noise (each step, with probability ε, a uniformly random action instead). ε = 0 is the
 * controller itself; ε = 1 is random play. `noiseSweep` records the same controller at several
 * noise levels — D-REX's automatically ranked demonstrations (Brown et al. 2020). The controller
 * reads observations only; the hidden reward stays sealed in the trajectories.
 */
import type { RewardFreeEnv } from '../core/env.js';
import { ConfigError, checkNumber } from '../core/errors.js';
import { streamRng } from '../core/seed-streams.js';
import { rolloutTrajectories } from '../core/rollout.js';
import type { Action, Trajectory } from '../core/types.js';

export type Controller = (observation: Float32Array) => Action;

export interface NoisyDemonstratorOptions {
  /** Probability of a random action per step (the demonstrator's quality: 0 = best). Default 0. */
  noise: number;
  /** Episodes to record. Default 1. */
  episodes: number;
  /** Seeds the resets (episode e resets with seed + e) and the noise stream. */
  seed: number;
  envId: string;
  /** Episode number of the first episode (keeps fragment ids apart from other sources). Default 0. */
  firstEpisode: number;
}

export function recordNoisyDemonstrations(env: RewardFreeEnv<Float32Array, Action>, controller: Controller, options: Partial<NoisyDemonstratorOptions> & { seed: number; envId: string }): Trajectory[] {
  const o = { noise: 0, episodes: 1, firstEpisode: 0, ...options };
  checkNumber('demonstrator noise', o.noise, { min: 0, max: 1 });
  checkNumber('demonstrator episodes', o.episodes, { min: 1, integer: true });
  const rng = streamRng(o.seed, `demonstrator/noise=${o.noise}`);
  const policy = (obs: Float32Array): Action => {
    const explore = rng.next() < o.noise; // drawn every step, so the stream does not depend on the actions
    const random = env.actionSpace.sample(rng);
    return explore ? random : controller(obs);
  };
  return rolloutTrajectories(env, { episodes: o.episodes, seed: o.seed, policy, envId: o.envId, firstEpisode: o.firstEpisode });
}

export interface NoiseSweepOptions {
  /** Noise levels ε, each in [0, 1]. Default D-REX's [0, 0.25, 0.5, 0.75, 1]. */
  levels: number[];
  /** Episodes per level. Default 2. */
  episodesPerLevel: number;
  seed: number;
  envId: string;
}

/** The controller at every noise level: the rollouts with their ε, for D-REX ranking. Level i's episodes are numbered from i·episodesPerLevel. */
export function noiseSweep(env: RewardFreeEnv<Float32Array, Action>, controller: Controller, options: Partial<NoiseSweepOptions> & { seed: number; envId: string }): { noise: number; trajectory: Trajectory }[] {
  const o = { levels: [0, 0.25, 0.5, 0.75, 1], episodesPerLevel: 2, ...options };
  if (!Array.isArray(o.levels) || o.levels.length < 2) throw new ConfigError('noise levels', o.levels, 'need at least two levels to rank');
  return o.levels.flatMap((noise, i) =>
    recordNoisyDemonstrations(env, controller, { noise, episodes: o.episodesPerLevel, seed: o.seed + i * o.episodesPerLevel, envId: o.envId, firstEpisode: i * o.episodesPerLevel }).map((trajectory) => ({ noise, trajectory })),
  );
}
