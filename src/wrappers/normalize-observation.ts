/** Normalises Float32Array observations with running statistics (updated while `training`). */
import type { Env, ResetOptions, ResetResult, StepResult } from '../core/env.js';
import { Box } from '../core/spaces/box.js';
import type { Space } from '../core/spaces/space.js';
import { RunningStats } from './running-stats.js';
import { Wrapper } from './wrapper.js';

export class NormalizeObservation<A> extends Wrapper<Float32Array, A> {
  readonly stats: RunningStats;
  /** Set false at evaluation time to freeze the statistics. */
  training = true;
  private readonly space: Box;
  constructor(
    env: Env<Float32Array, A>,
    readonly clip = 10,
  ) {
    super(env);
    const dim = env.observationSpace.flatDim;
    this.stats = new RunningStats(dim);
    this.space = new Box(-clip, clip, [dim]);
  }
  override get observationSpace(): Space<Float32Array> {
    return this.space;
  }
  private transform(o: Float32Array): Float32Array {
    if (this.training) this.stats.update(o);
    return this.stats.normalize(o, new Float32Array(o.length), this.clip);
  }
  override reset(opts?: ResetOptions): ResetResult<Float32Array> {
    const r = this.env.reset(opts);
    return { ...r, observation: this.transform(r.observation) };
  }
  override step(action: A): StepResult<Float32Array> {
    const r = this.env.step(action);
    return { ...r, observation: this.transform(r.observation) };
  }
}
