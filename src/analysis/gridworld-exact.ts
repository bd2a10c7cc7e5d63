/**
 * Exact reference values for the gridworld experiments (src/analysis/exact): the
 * reward-optimal policy (what a perfect proxy agent does) and the performance-optimal policy
 * (what the user wants), each with its visible return and hidden performance, and a learned
 * reward tabulated over every transition (its analysis: learned-reward.ts). Evaluation code: it
 * reads the sealed channel.
 */
import type { AnyEnv, StepResult } from '../core/env.js';
import { seal } from '../core/sealed.js';
import { make } from '../envs/registry.js';
import { enumerateStates, type TabularMdp } from './exact/enumerate.js';
import { policyReturn, rewardOf, valueIteration, type TabularReward } from './exact/value-iteration.js';
import type { TransitionBatch } from '../rewards/reward-model.js';
import { Wrapper } from '../wrappers/wrapper.js';

/** Visible return and hidden performance of one policy over the 100-step horizon. */
export interface PolicyValues {
  visible: number;
  performance: number;
}

export interface ExactReference {
  states: number;
  rewardOptimal: PolicyValues;
  performanceOptimal: PolicyValues;
}

/**
 * Absorbing steps of the fixed-horizon variants carry no evaluation signal of their own
 * (their reward, 0, is the whole story); give them one so the enumeration can read every step.
 */
class SealEveryStep<A> extends Wrapper<Float32Array, A> {
  override step(action: A): StepResult<Float32Array> {
    const r = this.env.step(action);
    return r.evaluation ? r : { ...r, evaluation: seal({ reward: r.reward, performance: r.reward }) };
  }
}

/** The enumerated MDP of a deterministic gridworld id (fixed-horizon variants included). */
export function enumerateGridworld(envId: string): TabularMdp {
  return enumerateStates(() => new SealEveryStep(make(envId) as never) as unknown as AnyEnv);
}

function values(mdp: TabularMdp, policy: (s: number, remaining: number) => number): PolicyValues {
  return { visible: policyReturn(mdp, policy, rewardOf(mdp, 'visible')), performance: policyReturn(mdp, policy, rewardOf(mdp, 'hidden')) };
}

export function exactReference(mdp: TabularMdp): ExactReference {
  const byReward = valueIteration(mdp, rewardOf(mdp, 'visible'));
  const byPerformance = valueIteration(mdp, rewardOf(mdp, 'hidden'));
  return { states: mdp.observations.length, rewardOptimal: values(mdp, byReward.act), performanceOptimal: values(mdp, byPerformance.act) };
}

/** The learned reward of every enumerated transition, in one batched call. */
export function tabulate(mdp: TabularMdp, reward: (batch: TransitionBatch) => Float32Array): TabularReward {
  const A = mdp.numActions;
  const D = mdp.observations[0].length;
  const rows: [number, number][] = [];
  mdp.transitions.forEach((ts, s) => ts.forEach((_t, a) => rows.push([s, a])));
  const batch: TransitionBatch = { obs: new Float32Array(rows.length * D), actions: new Float32Array(rows.length), nextObs: new Float32Array(rows.length * D), n: rows.length };
  rows.forEach(([s, a], k) => {
    batch.obs.set(mdp.observations[s], k * D);
    batch.actions[k] = a;
    batch.nextObs.set(mdp.observations[mdp.transitions[s][a].next], k * D);
  });
  const out = rows.length ? reward(batch) : new Float32Array(0);
  const table = new Float64Array(mdp.observations.length * A);
  rows.forEach(([s, a], k) => (table[s * A + a] = out[k]));
  return (s, a) => table[s * A + a];
}
