/**
 * Turns a goal- or failure-terminated task into a fixed-horizon one (like the `seals`
 * variants): when the inner env terminates, the episode does not end; it enters ONE absorbing
 * state that pays `absorbingReward` every step until the TimeLimit truncates. Episode length
 * then says nothing about how well the agent did, so neither a preference learner nor a reward
 * model can pick the answer up from where episodes end.
 *
 * The observation gains a last "absorbed" coordinate (0 while the task runs, 1 after); in the
 * absorbing state every other coordinate is 0. All absorbing steps therefore look identical:
 * a learned reward has a single value for "after the end", and an agent cannot farm a
 * learned reward by choosing WHERE to fail (with frozen final observations, every failure
 * point is a different state the reward model may score differently, times hundreds of steps).
 * The step that ends the task still returns its real final observation.
 */
import type { Env, ResetOptions, ResetResult, StepResult } from '../core/env.js';
import type { Scene } from '../core/scene.js';
import { Box } from '../core/spaces/box.js';
import { ConfigError } from '../core/errors.js';
import { Wrapper } from './wrapper.js';

export class AbsorbTerminal<A> extends Wrapper<Float32Array, A> {
  private absorbed: { frame: Scene; info: StepResult<Float32Array>['info'] } | null = null;
  private readonly space: Box;
  constructor(
    env: Env<Float32Array, A>,
    /** Reward paid in every step of the absorbing state. */
    readonly absorbingReward = 0,
  ) {
    super(env);
    const inner = env.observationSpace;
    if (!(inner instanceof Box)) throw new ConfigError('AbsorbTerminal observation space', String(inner), 'must be a Box');
    this.space = new Box([...inner.low, 0].map((v, i) => (i < inner.flatDim ? Math.min(v, 0) : 0)), [...inner.high, 1].map((v, i) => (i < inner.flatDim ? Math.max(v, 0) : 1)));
  }
  override get observationSpace(): Box {
    return this.space;
  }
  private extend(obs: Float32Array, flag: number): Float32Array {
    const out = new Float32Array(obs.length + 1);
    if (flag === 0) out.set(obs);
    out[obs.length] = flag;
    return out;
  }
  override reset(opts?: ResetOptions): ResetResult<Float32Array> {
    this.absorbed = null;
    const r = this.env.reset(opts);
    return { ...r, observation: this.extend(r.observation, 0) };
  }
  override step(action: A): StepResult<Float32Array> {
    const dim = this.space.flatDim - 1;
    if (this.absorbed) {
      this.actionSpace.check(action, 'action');
      return { observation: this.extend(new Float32Array(dim), 1), reward: this.absorbingReward, terminated: false, truncated: false, info: { ...this.absorbed.info, absorbing: true } };
    }
    const r = this.env.step(action);
    if (r.terminated) {
      this.absorbed = { frame: this.env.render(), info: { ...r.info, reachedEnd: true } };
      return { ...r, observation: this.extend(r.observation, 0), terminated: false, info: { ...r.info, reachedEnd: true } };
    }
    return { ...r, observation: this.extend(r.observation, 0) };
  }
  override render(): Scene {
    return this.absorbed ? { ...this.absorbed.frame, ended: true } : this.env.render();
  }
}
