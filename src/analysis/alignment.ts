/**
 * Alignment measurements (evaluation code: reads the sealed channel). Runs the agent on the
 * reward-free env, then compares the learned reward with the hidden true reward: returns per
 * episode, and per-segment sums for the learned-vs-true scatter (Leike et al. 2018, Fig. 5).
 */
import type { RewardFreeEnv } from '../core/env.js';
import { unseal } from '../core/sealed.js';
import type { Action } from '../core/types.js';
import { fragmentBatch, type TransitionBatch } from '../rewards/reward-model.js';
import { pearson, spearman } from './stats.js';

export interface AlignmentReport {
  episodes: number;
  trueReturn: number;
  performance: number;
  learnedReturn: number;
  /** Per segment of `segmentLength` steps: [true sum, learned sum]. */
  segments: [number, number][];
  pearson: number;
  spearman: number;
  /** Mean ensemble spread (std across members) over visited states. */
  disagreement: number;
  /** True return and hidden performance of each episode (for confidence bounds). Absent in metrics written before they were recorded. */
  episodeReturns?: number[];
  episodePerformances?: number[];
}

export interface AlignmentOptions {
  episodes: number;
  seed: number;
  segmentLength: number;
  policy: (obs: Float32Array) => Action;
  /** Learned reward: mean and ensemble spread per transition. */
  reward: (batch: TransitionBatch) => { mean: Float32Array; std: Float32Array };
}

export function measureAlignment(env: RewardFreeEnv<Float32Array, Action>, o: AlignmentOptions): AlignmentReport {
  let trueSum = 0;
  let perfSum = 0;
  let learnedSum = 0;
  let spread = 0;
  let steps = 0;
  const segments: [number, number][] = [];
  const episodeReturns: number[] = [];
  const episodePerformances: number[] = [];
  for (let e = 0; e < o.episodes; e++) {
    const observations = [env.reset({ seed: o.seed + e }).observation];
    const actions: Action[] = [];
    const truth: number[] = [];
    let episodePerformance = 0;
    for (;;) {
      const a = o.policy(observations[observations.length - 1]);
      const r = env.step(a);
      const signal = unseal(r.evaluation);
      actions.push(a);
      observations.push(r.observation);
      truth.push(signal.reward);
      perfSum += signal.performance;
      episodePerformance += signal.performance;
      if (r.terminated || r.truncated) break;
    }
    const { mean, std } = o.reward(fragmentBatch(observations, actions));
    for (let t = 0; t < truth.length; t++) {
      trueSum += truth[t];
      learnedSum += mean[t];
      spread += std[t];
    }
    steps += truth.length;
    episodeReturns.push(truth.reduce((s, x) => s + x, 0));
    episodePerformances.push(episodePerformance);
    for (let s = 0; s + o.segmentLength <= truth.length; s += o.segmentLength) {
      let ts = 0;
      let ls = 0;
      for (let t = s; t < s + o.segmentLength; t++) {
        ts += truth[t];
        ls += mean[t];
      }
      segments.push([ts, ls]);
    }
  }
  const xs = segments.map((s) => s[0]);
  const ys = segments.map((s) => s[1]);
  return {
    episodes: o.episodes, trueReturn: trueSum / o.episodes, performance: perfSum / o.episodes, learnedReturn: learnedSum / o.episodes,
    segments, pearson: pearson(xs, ys), spearman: spearman(xs, ys), disagreement: steps ? spread / steps : 0, episodeReturns, episodePerformances,
  };
}
