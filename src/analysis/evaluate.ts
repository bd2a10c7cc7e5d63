/**
 * Evaluation: run a policy for whole episodes and measure the TRUE return (the env's own
 * reward) and the hidden performance. This is evaluation code, so it may read the sealed
 * channel; learners never call it for learning signals.
 */
import type { AnyEnv } from '../core/env.js';
import { unseal } from '../core/sealed.js';
import type { Action } from '../core/types.js';

export type Policy = (observation: Float32Array) => Action;

export interface EvaluationResult {
  episodes: number;
  /** True (hidden) return per episode. */
  returns: number[];
  /** Hidden performance per episode (equals the return where the env has no separate one). */
  performances: number[];
  lengths: number[];
  meanReturn: number;
  meanPerformance: number;
}

/** Runs `episodes` episodes with seeds seed, seed+1, …; the env must end episodes (TimeLimit). */
export function evaluatePolicy(makeEnv: () => AnyEnv, policy: Policy, episodes = 10, seed = 1_000_000): EvaluationResult {
  const env = makeEnv();
  const returns: number[] = [];
  const performances: number[] = [];
  const lengths: number[] = [];
  for (let e = 0; e < episodes; e++) {
    let obs = env.reset({ seed: seed + e }).observation as Float32Array;
    let ret = 0;
    let perf = 0;
    let len = 0;
    for (;;) {
      const r = env.step(policy(obs));
      const signal = r.evaluation ? unseal(r.evaluation) : { reward: r.reward, performance: r.reward };
      ret += signal.reward;
      perf += signal.performance;
      len++;
      obs = r.observation as Float32Array;
      if (r.terminated || r.truncated) break;
      if (len > 1_000_000) throw new Error(`evaluatePolicy: episode ${e} ran for a million steps without ending; wrap the env in a TimeLimit`);
    }
    returns.push(ret);
    performances.push(perf);
    lengths.push(len);
  }
  env.close();
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  return { episodes, returns, performances, lengths, meanReturn: mean(returns), meanPerformance: mean(performances) };
}
