/**
 * The hand-perturbed element of the plan-approval experiment: wind. With probability `slip`
 * each action is replaced by a uniform random one before it reaches the env, from a seeded
 * stream; the exact model the agent plans on does not know, so the world sometimes departs
 * from an approved plan.
 */
import type { AnyEnv, StepResult } from '../../core/env.js';
import { ConfigError } from '../../core/errors.js';
import type { Rng } from '../../core/rng.js';
import type { Discrete } from '../../core/spaces/discrete.js';
import { Wrapper } from '../../wrappers/wrapper.js';

export class Slip extends Wrapper<Float32Array, number> {
  constructor(
    env: AnyEnv,
    private readonly slip: number,
    private readonly rng: Rng,
  ) {
    super(env as never);
    if (!(slip >= 0 && slip <= 1)) throw new ConfigError('slip', slip, 'must be in [0, 1]');
  }

  override step(action: number): StepResult<Float32Array> {
    const n = (this.env.actionSpace as unknown as Discrete).n;
    return this.env.step(this.slip > 0 && this.rng.next() < this.slip ? this.rng.int(n) : action);
  }
}
