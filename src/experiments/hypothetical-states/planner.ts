/**
 * The agent of this study: model-predictive control by random shooting on the LEARNED reward,
 * as ReQueST's agent plans with its learned reward (there through a learned dynamics model;
 * here the simulator stands in for the dynamics model, reset to the agent's current state).
 * Each step: `sequences` random action sequences of `horizon` steps are played in the
 * simulator from the current state, scored by the reward model's ensemble-mean predicted
 * return (a sequence that ends early keeps its last state's reward for the remaining steps,
 * the absorbing state made explicit) plus `terminalWeight` times the reward of its last state
 * (the value of staying there afterwards), and the first action of the best one is taken.
 * The agent learns only through the reward model; it never sees the env's reward.
 */
import type { RewardFreeEnv } from '../../core/env.js';
import type { Rng } from '../../core/rng.js';
import type { Action } from '../../core/types.js';

/** Predicted reward of arriving in each of `observations` (ensemble mean, one number each). */
export type ArrivalReward = (observations: readonly Float32Array[]) => Float64Array;

export interface ShootingPlannerOptions {
  sequences: number;
  horizon: number;
  /** Weight of the last state's reward added to a sequence's value: the agent's estimate of staying there afterwards (a terminal value). Default 0. */
  terminalWeight?: number;
  /** Draws one candidate action sequence of `horizon` actions; default uniform random actions per step. */
  sampleSequence?(rng: Rng, horizon: number): Action[];
}

export class ShootingPlanner {
  constructor(
    private readonly simulator: RewardFreeEnv<Float32Array, Action>,
    private readonly reward: ArrivalReward,
    private readonly options: ShootingPlannerOptions,
  ) {}

  /** The first action of the best random sequence from `state`. */
  act(state: number[], rng: Rng): Action {
    return this.plan(state, rng)[0];
  }

  /** The best random action sequence from `state`. */
  plan(state: number[], rng: Rng): Action[] {
    const { sequences, horizon } = this.options;
    const firsts: Action[][] = [];
    const arrivals: Float32Array[][] = [];
    for (let s = 0; s < sequences; s++) {
      this.simulator.reset({ options: { state } });
      const seen: Float32Array[] = [];
      const plan = this.options.sampleSequence ? this.options.sampleSequence(rng, horizon) : Array.from({ length: horizon }, () => this.simulator.actionSpace.sample(rng) as Action);
      firsts.push(plan);
      for (let t = 0; t < horizon; t++) {
        const a = plan[t];
        const r = this.simulator.step(a);
        seen.push(r.observation);
        if (r.terminated || r.truncated) break;
      }
      arrivals.push(seen);
    }
    const flat = arrivals.flat();
    const rewards = this.reward(flat);
    let best = 0;
    let bestValue = -Infinity;
    let k = 0;
    arrivals.forEach((seen, s) => {
      let v = 0;
      for (let t = 0; t < seen.length; t++) v += rewards[k + t];
      v += (horizon - seen.length + (this.options.terminalWeight ?? 0)) * rewards[k + seen.length - 1];
      k += seen.length;
      if (v > bestValue) {
        bestValue = v;
        best = s;
      }
    });
    return firsts[best];
  }
}
