/** Base class for wrappers: forwards everything to the inner env; subclasses override what they change. */
import type { Env, EnvMetadata, ResetOptions, ResetResult, StepResult } from '../core/env.js';
import type { Scene } from '../core/scene.js';
import type { Space } from '../core/spaces/space.js';

export class Wrapper<O = unknown, A = unknown> implements Env<O, A> {
  spec?: { id: string; maxEpisodeSteps?: number };
  constructor(readonly env: Env<O, A>) {
    this.spec = env.spec;
  }
  get observationSpace(): Space<O> {
    return this.env.observationSpace;
  }
  get actionSpace(): Space<A> {
    return this.env.actionSpace;
  }
  get metadata(): EnvMetadata {
    return this.env.metadata;
  }
  /** The innermost env. */
  get unwrapped(): Env<O, A> {
    return unwrapEnv(this.env);
  }
  reset(opts?: ResetOptions): ResetResult<O> {
    return this.env.reset(opts);
  }
  step(action: A): StepResult<O> {
    return this.env.step(action);
  }
  render(): Scene {
    return this.env.render();
  }
  close(): void {
    this.env.close();
  }
}

/** The innermost env under any stack of wrappers (the env itself when it is not wrapped). */
export function unwrapEnv<E>(env: E): E {
  let e: unknown = env;
  while (e instanceof Wrapper) e = e.env;
  return e as E;
}
