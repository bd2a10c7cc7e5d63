/** Truncates episodes after `maxEpisodeSteps` steps (truncated, not terminated: bootstrap the value). */
import type { Env, ResetOptions, ResetResult, StepResult } from '../core/env.js';
import { ConfigError, EnvStateError } from '../core/errors.js';
import { Wrapper } from './wrapper.js';

export class TimeLimit<O, A> extends Wrapper<O, A> {
  private elapsed = 0;
  private needsReset = true;
  constructor(
    env: Env<O, A>,
    readonly maxEpisodeSteps: number,
  ) {
    super(env);
    if (!Number.isInteger(maxEpisodeSteps) || maxEpisodeSteps <= 0) {
      throw new ConfigError('maxEpisodeSteps', maxEpisodeSteps, 'must be a positive integer');
    }
  }
  override reset(opts?: ResetOptions): ResetResult<O> {
    this.elapsed = 0;
    this.needsReset = false;
    return this.env.reset(opts);
  }
  override step(action: A): StepResult<O> {
    if (this.needsReset) throw new EnvStateError('step() called before reset() or after the episode ended (terminated or truncated); call reset() first');
    const r = this.env.step(action);
    this.elapsed++;
    if (this.elapsed >= this.maxEpisodeSteps && !r.terminated) r.truncated = true;
    if (r.terminated || r.truncated) this.needsReset = true;
    return r;
  }
  /** Steps taken in the current episode. */
  get elapsedSteps(): number {
    return this.elapsed;
  }
}
