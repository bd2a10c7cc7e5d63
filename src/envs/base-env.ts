/**
 * Shared plumbing for raw envs: the seeded Rng, reset/step ordering, action validation.
 * Subclasses implement `resetState` and `stepState` and never see an invalid action.
 */
import type { Env, EnvMetadata, Info, ResetOptions, ResetResult, StepResult } from '../core/env.js';
import { EnvStateError } from '../core/errors.js';
import { Rng } from '../core/rng.js';
import type { Scene } from '../core/scene.js';
import type { Space } from '../core/spaces/space.js';

export abstract class BaseEnv<O, A> implements Env<O, A> {
  abstract readonly observationSpace: Space<O>;
  abstract readonly actionSpace: Space<A>;
  abstract readonly metadata: EnvMetadata;
  spec?: { id: string; maxEpisodeSteps?: number };
  /** The env's own generator: seeded by reset({seed}); an unseeded first reset uses seed 0. */
  protected rng = new Rng(0);
  private phase: 'new' | 'running' | 'done' = 'new';

  reset(opts: ResetOptions = {}): ResetResult<O> {
    if (opts.seed !== undefined) this.rng = new Rng(opts.seed);
    const r = this.resetState(opts.options ?? {});
    this.phase = 'running';
    return r;
  }

  step(action: A): StepResult<O> {
    if (this.phase === 'new') throw new EnvStateError(`${this.constructor.name}.step() called before reset(); call reset() first`);
    if (this.phase === 'done') throw new EnvStateError(`${this.constructor.name}.step() called after the episode terminated; call reset() first`);
    const checked = this.actionSpace.check(action, 'action');
    const r = this.stepState(checked);
    if (r.terminated) this.phase = 'done';
    return r;
  }

  /** Whether reset() has been called and the episode has not terminated. */
  get running(): boolean {
    return this.phase === 'running';
  }

  protected abstract resetState(options: Record<string, unknown>): { observation: O; info: Info };
  protected abstract stepState(action: A): StepResult<O>;
  abstract render(): Scene;
  close(): void {}
}
