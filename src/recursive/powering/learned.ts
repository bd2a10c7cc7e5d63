/**
 * Powering helpers learned by reward modeling, level by level (the "learned" helper model of
 * ladder.ts). For level k the agent A_k proposes an answer to "σ^(2^k)(x)?"; the limited user
 * rates it (approve = 1 / reject = 0) by re-computation through the already-learned A_{k−1}
 * (recomputeVerdict: 2 checks, 1 at level 0); a tabular reward model r̂(x, a) fits those ratings
 * (unrated answers keep the prior 0.5); the agent is greedy on r̂ (ties broken in a seeded random
 * order per x, so an unrated answer is tried before a rejected one). Ratings go round-robin to the
 * inputs the agent has not yet got approved, until `labelsPerLevel` ratings are spent.
 *
 * A permutation has no structure to generalise over, so each input must be found by trial: the
 * level's own error ε̂_k (disagreement with the user's target) is set by the label budget, and
 * everything A_{k−1} got wrong is learned faithfully — the user approved it.
 */
import type { Rng } from '../../core/rng.js';
import type { LimitedUser } from '../limited-user.js';
import { poweringLookups, recomputeVerdict, type Helper, type PoweringLookups } from './ladder.js';

/** Tabular reward model over (input, answer): the mean of the user's ratings, prior 0.5. */
export class TabularRewardModel {
  private readonly sum: Float64Array;
  private readonly count: Uint32Array;

  constructor(readonly n: number) {
    this.sum = new Float64Array(n * n);
    this.count = new Uint32Array(n * n);
  }

  fit(x: number, a: number, rating: number): void {
    this.sum[x * this.n + a] += rating;
    this.count[x * this.n + a]++;
  }

  predict(x: number, a: number): number {
    const c = this.count[x * this.n + a];
    return c ? this.sum[x * this.n + a] / c : 0.5;
  }
}

/** The greedy agent on a reward model: argmax over answers, ties in a fixed random order per x. */
export function greedyPolicy(rm: TabularRewardModel, order: readonly (readonly number[])[]): Helper {
  return (x) => {
    let best = order[x][0];
    let bestR = -Infinity;
    for (const a of order[x]) {
      const r = rm.predict(x, a);
      if (r > bestR) [best, bestR] = [a, r];
    }
    return best;
  };
}

export interface LearnedLevel {
  helper: Helper;
  /** Ratings the user spent on this level. */
  labels: number;
  /** Inputs whose answer the user approved during training. */
  approvedInputs: number;
}

/** Learn A_0 … A_maxLevel in order; the user's training judgements go to purpose `train-k`. */
export function learnHelpers(sigma: readonly number[], maxLevel: number, labelsPerLevel: number, user: LimitedUser<PoweringLookups>, rng: Rng): LearnedLevel[] {
  const n = sigma.length;
  const levels: LearnedLevel[] = [];
  for (let k = 0; k <= maxLevel; k++) {
    user.setLookups(poweringLookups(sigma, levels.map((l) => l.helper)));
    const rm = new TabularRewardModel(n);
    const policy = greedyPolicy(rm, Array.from({ length: n }, () => rng.permutation(n)));
    const approved = new Array<boolean>(n).fill(false);
    let labels = 0;
    let open = n;
    while (labels < labelsPerLevel && open > 0) {
      for (let x = 0; x < n && labels < labelsPerLevel; x++) {
        if (approved[x]) continue;
        const a = policy(x);
        const ok = user.judge(`train-${k}`, (check) => recomputeVerdict(check, k, x, a));
        rm.fit(x, a, ok ? 1 : 0);
        labels++;
        if (ok) {
          approved[x] = true;
          open--;
        }
      }
    }
    // Freeze the trained agent: a table, so asking it twice about x gives one answer.
    const table = Array.from({ length: n }, (_, x) => policy(x));
    levels.push({ helper: (x) => table[x], labels, approvedInputs: n - open });
  }
  return levels;
}
