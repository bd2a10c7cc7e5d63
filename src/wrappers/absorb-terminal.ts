/**
 * Turns a goal-terminated task into a fixed-horizon one (like the `seals` variants):
 * when the inner env terminates, the episode does not end; instead it enters an absorbing
 * state that repeats the final observation and pays `absorbingReward` every step until the
 * TimeLimit truncates. Episode length then says nothing about how well the agent did, so a
 * preference or reward learner cannot pick the answer up from where episodes end.
 */
import type { Env, ResetOptions, ResetResult, StepResult } from '../core/env.js';
import { Wrapper } from './wrapper.js';

export class AbsorbTerminal<O, A> extends Wrapper<O, A> {
  private absorbed: StepResult<O> | null = null;
  constructor(
    env: Env<O, A>,
    /** Reward paid in every step of the absorbing state. */
    readonly absorbingReward = 0,
  ) {
    super(env);
  }
  override reset(opts?: ResetOptions): ResetResult<O> {
    this.absorbed = null;
    return this.env.reset(opts);
  }
  override step(action: A): StepResult<O> {
    if (this.absorbed) {
      this.actionSpace.check(action, 'action');
      return { ...this.absorbed, reward: this.absorbingReward, info: { ...this.absorbed.info, absorbing: true } };
    }
    const r = this.env.step(action);
    if (r.terminated) {
      this.absorbed = { ...r, terminated: false, info: { ...r.info, reachedGoal: true } };
      return this.absorbed;
    }
    return r;
  }
}
