/**
 * Reward-free envs: the learner sees observations and episode ends, never the reward.
 *
 * `hideReward(env)` moves the env's reward (and any hidden performance it already carried)
 * into the sealed evaluation channel. `withReward(rewardFree, fn)` plugs a reward function
 * (e.g. a learned reward model) back in as the reward the agent sees; the sealed channel
 * passes through untouched so evaluation can still measure true return.
 */
import type { Env, RewardFreeEnv, RewardFreeStepResult, StepResult } from '../core/env.js';
import { seal, unseal } from '../core/sealed.js';
import type { ResetOptions, ResetResult, EnvMetadata } from '../core/env.js';
import type { Scene } from '../core/scene.js';
import type { Space } from '../core/spaces/space.js';

/** What both adapters forward unchanged to the env they wrap. */
type Inner<O> = Pick<Env<O, unknown>, 'observationSpace' | 'metadata' | 'spec' | 'render' | 'close'> & { actionSpace: Space<unknown>; reset(opts?: ResetOptions): ResetResult<O> };

abstract class Forwarding<O, A> {
  spec?: { id: string; maxEpisodeSteps?: number };
  constructor(protected readonly inner: Inner<O>) {
    this.spec = inner.spec;
  }
  get observationSpace(): Space<O> {
    return this.inner.observationSpace;
  }
  get actionSpace(): Space<A> {
    return this.inner.actionSpace as Space<A>;
  }
  get metadata(): EnvMetadata {
    return this.inner.metadata;
  }
  reset(opts?: ResetOptions): ResetResult<O> {
    return this.inner.reset(opts);
  }
  render(): Scene {
    return this.inner.render();
  }
  close(): void {
    this.inner.close();
  }
}

class HiddenRewardEnv<O, A> extends Forwarding<O, A> implements RewardFreeEnv<O, A> {
  constructor(private readonly env: Env<O, A>) {
    super(env);
  }
  step(action: A): RewardFreeStepResult<O> {
    const r = this.env.step(action);
    const performance = r.evaluation ? unseal(r.evaluation).performance : r.reward;
    return {
      observation: r.observation,
      terminated: r.terminated,
      truncated: r.truncated,
      info: r.info,
      evaluation: seal({ reward: r.reward, performance }),
    };
  }
}

export function hideReward<O, A>(env: Env<O, A>): RewardFreeEnv<O, A> {
  return new HiddenRewardEnv(env);
}

/** A reward over one transition, as a learned reward model provides it. */
export type TransitionReward<O, A> = (observation: O, action: A, nextObservation: O) => number;

class RewardedEnv<O, A> extends Forwarding<O, A> implements Env<O, A> {
  private last: O | undefined;
  constructor(
    private readonly env: RewardFreeEnv<O, A>,
    private readonly reward: TransitionReward<O, A>,
  ) {
    super(env);
  }
  override reset(opts?: ResetOptions): ResetResult<O> {
    const r = this.env.reset(opts);
    this.last = r.observation;
    return r;
  }
  step(action: A): StepResult<O> {
    const r = this.env.step(action);
    const reward = this.reward(this.last as O, action, r.observation);
    this.last = r.observation;
    return { ...r, reward };
  }
}

export function withReward<O, A>(env: RewardFreeEnv<O, A>, reward: TransitionReward<O, A>): Env<O, A> {
  return new RewardedEnv(env, reward);
}
