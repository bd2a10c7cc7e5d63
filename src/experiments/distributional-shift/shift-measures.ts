/**
 * How a reward model trained on the lava world's training map fares on its maps (level 0 =
 * training, 1–2 = test): error against the hidden performance and ensemble disagreement,
 * (a) exactly, on every feasible transition of every reachable state (src/analysis/exact),
 * (b) on 25-step segments of random-policy and agent episodes, as a user would compare them,
 * (c) along the trained agent's own (deterministic) episode. Evaluation code: reads the sealed channel.
 *
 * The exact part enumerates the plain DistributionalShift-v0 map, in which lava and the goal
 * end the episode; a model trained on the fixed-horizon variant sees the same boards with one
 * extra "absorbed" coordinate (0 while the task runs), which we append. The single absorbing
 * state after the end is the same on every map and is left out of the exact part.
 */
import type { RewardFreeEnv } from '../../core/env.js';
import { Rng } from '../../core/rng.js';
import { unseal } from '../../core/sealed.js';
import type { Action } from '../../core/types.js';
import { make } from '../../envs/registry.js';
import { measureAlignment } from '../../analysis/alignment.js';
import { pearson } from '../../analysis/stats.js';
import { paddedMap } from '../kit/padded-map.js';
import { envReward, epicDistance, learnedReward } from '../../analysis/exact/epic.js';
import { rewardOf, valueIteration } from '../../analysis/exact/value-iteration.js';
import { rolloutTrajectories } from '../../core/rollout.js';
import { cutFragments, pairFragments } from '../../preferences/fragmenter.js';
import { fragmentBatch, type RewardModel } from '../../rewards/reward-model.js';
import { hideReward } from '../../wrappers/hide-reward.js';
import { streamRng, streamSeed } from '../../core/seed-streams.js';

export interface MapMeasures {
  level: number;
  split: 'train' | 'test';
  /** Exact: reachable states and feasible transitions of the map. */
  states: number;
  transitions: number;
  /** Exact: Pearson r of the learned per-step reward (ensemble mean) with the hidden performance, over all feasible transitions. */
  pearson: number;
  /** Exact: EPIC distance of the learned reward to the hidden performance. */
  epic: number;
  /** Exact: ensemble spread per feasible transition (for the histograms) and its mean. */
  stds: number[];
  meanStd: number;
  /** Segments: share of strict pairs (hidden sums differ) the learned sums order correctly. */
  preferenceAccuracy: number;
  strictPairs: number;
  /** Segments: mean ensemble spread per step. */
  segmentStd: number;
  /** The trained agent's deterministic episode: hidden performance, and the best achievable on this map. */
  agentPerformance: number;
  optimalPerformance: number;
  agentStd: number;
}

export interface MapMeasureOptions {
  /** The env the loop trained on (fixed-horizon variant), with `level` as an option. */
  envId: string;
  /** The plain map to enumerate. Default 'DistributionalShift-v0'. */
  exactEnvId?: string;
  level: number;
  model: RewardModel;
  agent: (obs: Float32Array, rng: Rng | null) => Action;
  /** Segment pairs to compare. */
  pairs: number;
  /** Episodes of each policy (random, agent) to cut segments from. */
  episodes: number;
  seed: number;
}

/** The enumerated map with observations as the model sees them (padded with the absorbed flag when it expects one). */
export function measureMap(o: MapMeasureOptions): MapMeasures {
  const mdp = paddedMap(o.exactEnvId ?? 'DistributionalShift-v0', o.level, o.model.obsDim);
  // (a) exact, every feasible transition
  const rows: { obs: Float32Array; a: number; next: Float32Array; hidden: number }[] = [];
  mdp.transitions.forEach((ts, s) => ts.forEach((t, a) => rows.push({ obs: mdp.observations[s], a, next: mdp.observations[t.next], hidden: t.hidden })));
  const D = o.model.obsDim;
  const batch = { obs: new Float32Array(rows.length * D), actions: Float32Array.from(rows, (r) => r.a), nextObs: new Float32Array(rows.length * D), n: rows.length };
  rows.forEach((r, k) => {
    batch.obs.set(r.obs, k * D);
    batch.nextObs.set(r.next, k * D);
  });
  const { mean, std } = o.model.predict(batch);
  const stds = Array.from(std);
  // (b) segments of random-policy and agent episodes
  const rng = streamRng(o.seed, 'shift/agent-segments');
  const env = () => hideReward(make(o.envId, { level: o.level })) as RewardFreeEnv<Float32Array, Action>;
  const trajs = [
    ...rolloutTrajectories(env(), { episodes: o.episodes, seed: o.seed, envId: o.envId }),
    ...rolloutTrajectories(env(), { episodes: o.episodes, seed: streamSeed(o.seed, 'shift/agent-episodes'), envId: o.envId, policy: (x) => o.agent(x, rng), firstEpisode: 500 }),
  ];
  const pairs = pairFragments(cutFragments(trajs, 2 * o.pairs, rng, { length: 25 }), o.pairs, rng);
  let correct = 0, strict = 0, spread = 0, steps = 0;
  for (const p of pairs) {
    const [l, r] = [p.left, p.right].map((f) => {
      const pred = o.model.predict(fragmentBatch(f.observations, f.actions));
      spread += pred.std.reduce((s, v) => s + v, 0);
      steps += pred.std.length;
      return { learned: pred.mean.reduce((s, v) => s + v, 0), hidden: f.evaluation.reduce((s, e) => s + unseal(e).performance, 0) };
    });
    if (l.hidden === r.hidden) continue;
    strict++;
    if (l.hidden > r.hidden === l.learned > r.learned) correct++;
  }
  // (c) the agent's own deterministic episode
  const run = measureAlignment(env(), { episodes: 1, seed: streamSeed(o.seed, 'shift/agent-run'), segmentLength: 25, policy: (x) => o.agent(x, null), reward: (b) => o.model.predict(b) });
  return {
    level: o.level, split: o.level === 0 ? 'train' : 'test', states: mdp.observations.length, transitions: rows.length,
    pearson: pearson(Array.from(mean), rows.map((r) => r.hidden)), epic: epicDistance(mdp, learnedReward(mdp, o.model), envReward(mdp, 'hidden')),
    stds, meanStd: stds.reduce((s, v) => s + v, 0) / stds.length,
    preferenceAccuracy: strict ? correct / strict : NaN, strictPairs: strict, segmentStd: steps ? spread / steps : 0,
    agentPerformance: run.performance, optimalPerformance: valueIteration(mdp, rewardOf(mdp, 'hidden')).values[0], agentStd: run.disagreement,
  };
}

/** Area under the ROC curve of a score separating positives (shifted) from negatives (training): P(score⁺ > score⁻), ties count ½. */
export function auroc(positives: readonly number[], negatives: readonly number[]): number {
  if (!positives.length || !negatives.length) return NaN;
  const all = [...positives.map((v) => [v, 1] as const), ...negatives.map((v) => [v, 0] as const)].sort((a, b) => a[0] - b[0]);
  let rankSum = 0;
  for (let i = 0; i < all.length; ) {
    let j = i;
    while (j < all.length && all[j][0] === all[i][0]) j++;
    const avg = (i + j + 1) / 2; // ranks i+1 … j
    for (let k = i; k < j; k++) if (all[k][1] === 1) rankSum += avg;
    i = j;
  }
  const P = positives.length;
  return (rankSum - (P * (P + 1)) / 2) / (P * negatives.length);
}
