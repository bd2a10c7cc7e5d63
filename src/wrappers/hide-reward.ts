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

class HiddenRewardEnv<O, A> implements RewardFreeEnv<O, A> {
  spec?: { id: string; maxEpisodeSteps?: number };
  constructor(private readonly inner: Env<O, A>) {
    this.spec = inner.spec;
  }
  get observationSpace(): Space<O> {
    return this.inner.observationSpace;
  }
  get actionSpace(): Space<A> {
    return this.inner.actionSpace;
  }
  get metadata(): EnvMetadata {
    return this.inner.metadata;
  }
  reset(opts?: ResetOptions): ResetResult<O> {
    return this.inner.reset(opts);
  }
  step(action: A): RewardFreeStepResult<O> {
    const r = this.inner.step(action);
    const performance = r.evaluation ? unseal(r.evaluation).performance : r.reward;
    return {
      observation: r.observation,
      terminated: r.terminated,
      truncated: r.truncated,
      info: r.info,
      evaluation: seal({ reward: r.reward, performance }),
    };
  }
  render(): Scene {
    return this.inner.render();
  }
  close(): void {
    this.inner.close();
  }
}

export function hideReward<O, A>(env: Env<O, A>): RewardFreeEnv<O, A> {
  return new HiddenRewardEnv(env);
}

/** A reward over one transition, as a learned reward model provides it. */
export type TransitionReward<O, A> = (observation: O, action: A, nextObservation: O) => number;

class RewardedEnv<O, A> implements Env<O, A> {
  spec?: { id: string; maxEpisodeSteps?: number };
  private last: O | undefined;
  constructor(
    private readonly inner: RewardFreeEnv<O, A>,
    private readonly reward: TransitionReward<O, A>,
  ) {
    this.spec = inner.spec;
  }
  get observationSpace(): Space<O> {
    return this.inner.observationSpace;
  }
  get actionSpace(): Space<A> {
    return this.inner.actionSpace;
  }
  get metadata(): EnvMetadata {
    return this.inner.metadata;
  }
  reset(opts?: ResetOptions): ResetResult<O> {
    const r = this.inner.reset(opts);
    this.last = r.observation;
    return r;
  }
  step(action: A): StepResult<O> {
    const r = this.inner.step(action);
    const reward = this.reward(this.last as O, action, r.observation);
    this.last = r.observation;
    return { ...r, reward };
  }
  render(): Scene {
    return this.inner.render();
  }
  close(): void {
    this.inner.close();
  }
}

export function withReward<O, A>(env: RewardFreeEnv<O, A>, reward: TransitionReward<O, A>): Env<O, A> {
  return new RewardedEnv(env, reward);
}
