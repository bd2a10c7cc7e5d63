/**
 * What a vector env offers a learner, whichever thread its copies live in: SyncVectorEnv (in
 * this thread) and WorkerVectorEnv (in worker threads) both satisfy it, step for step the same.
 * PPO takes one through `PpoRuntime.makeVectorEnv`.
 */
import type { Info } from '../core/env.js';
import type { Space } from '../core/spaces/space.js';
import type { Scene } from '../core/scene.js';
import type { AutoresetMode, VectorStepResult } from './sync-vector-env.js';

export interface VectorEnv<O, A> {
  readonly numEnvs: number;
  readonly autoresetMode: AutoresetMode;
  readonly observationSpace: Space<O>;
  readonly actionSpace: Space<A>;
  /** Registry id and episode limit of the copies, when known. */
  readonly spec?: { id: string; maxEpisodeSteps?: number };
  reset(opts?: { seed?: number; options?: Record<string, unknown> }): { observations: O[]; infos: Info[] };
  step(actions: readonly A[]): VectorStepResult<O>;
  render(index: number): Scene;
  close(): void | Promise<void>;
}
