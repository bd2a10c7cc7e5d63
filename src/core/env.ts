/**
 * The environment contract (Gymnasium's, with named fields):
 *   reset({ seed, options }) → { observation, info }
 *   step(action)             → { observation, reward, terminated, truncated, info }
 * `terminated` means the MDP reached a terminal state (value 0 afterwards);
 * `truncated` means the episode was cut short (time limit) and the value must be
 * bootstrapped. Time limits live in the TimeLimit wrapper, not in the env.
 */
import type { Scene } from './scene.js';
import type { EvaluationSignal, Sealed } from './sealed.js';
import type { Space } from './spaces/space.js';

/** Info is plain JSON-serialisable data. */
export type Info = Record<string, unknown>;

export interface ResetOptions {
  /** Seeds the env's own Rng. Pass once; later resets continue the same stream. */
  seed?: number;
  /** Env-specific options (documented in each env's header). */
  options?: Record<string, unknown>;
}

export interface ResetResult<O> {
  observation: O;
  info: Info;
}

export interface StepResult<O> {
  observation: O;
  reward: number;
  terminated: boolean;
  truncated: boolean;
  info: Info;
  /**
   * The evaluation channel: true reward and hidden performance, sealed (see core/sealed.ts).
   * Envs with a hidden performance function (safety gridworlds) always set it; wrappers that
   * replace the reward (learned reward, reward-free) carry it through unchanged.
   */
  evaluation?: Sealed<EvaluationSignal>;
}

/** A step of a reward-free env: the learner sees no reward at all, only the sealed channel. */
export interface RewardFreeStepResult<O> {
  observation: O;
  terminated: boolean;
  truncated: boolean;
  info: Info;
  evaluation: Sealed<EvaluationSignal>;
}

export interface EnvMetadata {
  renderModes: readonly ('scene' | 'ansi')[];
  /** Frames per second that a person should see a clip at. */
  renderFps: number;
}

export interface Env<O = unknown, A = unknown> {
  readonly observationSpace: Space<O>;
  readonly actionSpace: Space<A>;
  readonly metadata: EnvMetadata;
  /** Registry id when made through `make`, e.g. `CartPole-v1`. */
  spec?: { id: string; maxEpisodeSteps?: number };
  reset(opts?: ResetOptions): ResetResult<O>;
  step(action: A): StepResult<O>;
  /** A serialisable picture of the current state (see core/scene.ts). */
  render(): Scene;
  close(): void;
}

/** Any env, for code that handles envs generically. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyEnv = Env<any, any>;

/** An env whose reward is hidden from the learner (see wrappers/hide-reward.ts). */
export interface RewardFreeEnv<O = unknown, A = unknown> {
  readonly observationSpace: Space<O>;
  readonly actionSpace: Space<A>;
  readonly metadata: EnvMetadata;
  spec?: { id: string; maxEpisodeSteps?: number };
  reset(opts?: ResetOptions): ResetResult<O>;
  step(action: A): RewardFreeStepResult<O>;
  render(): Scene;
  close(): void;
}
