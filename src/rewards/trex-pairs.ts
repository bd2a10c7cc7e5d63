/**
 * Ranked demonstrations without any preference labels.
 *
 * T-REX (Brown et al. 2019): demonstrations come with a ranking (higher `rank` = better). Training
 * pairs are random sub-trajectories ("snippets") of equal length from two demonstrations of
 * different rank, labelled better ≻ worse, and fitted with the ordinary Bradley–Terry term. As in
 * the paper, the better demo's snippet starts no earlier than the worse one's (when lengths
 * allow), so a snippet from late in a good demo is not compared with an earlier, easier part.
 *
 * D-REX (Brown et al. 2020): when only one demonstration quality exists, roll the demonstrator
 * out with ε-greedy noise at several levels and rank the rollouts by ε (less noise = better);
 * `noiseRankedDemos` turns such rollouts into T-REX's ranked demonstrations.
 */
import { ConfigError } from '../core/errors.js';
import type { Rng } from '../core/rng.js';
import type { TransitionBatch } from './reward-model.js';
import type { LabeledPair } from './reward-trainer.js';

export interface RankedDemo {
  id: string;
  demo: TransitionBatch;
  /** Higher is better; equal ranks are never paired. */
  rank: number;
}

export interface TrexPairsOptions {
  /** Snippet pairs to draw. Default 200. */
  count: number;
  /** Steps per snippet. Default 25 (capped by the shorter demo of a pair). */
  length: number;
}

export const TREX_PAIRS_DEFAULTS: TrexPairsOptions = { count: 200, length: 25 };

/** Rows [start, start + n) of a batch. */
export function sliceBatch(b: TransitionBatch, start: number, n: number): TransitionBatch {
  const D = b.obs.length / b.n;
  const A = b.actions.length / b.n;
  return { obs: b.obs.slice(start * D, (start + n) * D), nextObs: b.nextObs.slice(start * D, (start + n) * D), actions: b.actions.slice(start * A, (start + n) * A), n };
}

export function trexPairs(demos: readonly RankedDemo[], rng: Rng, options: Partial<TrexPairsOptions> = {}): LabeledPair[] {
  const o = { ...TREX_PAIRS_DEFAULTS, ...options };
  if (!Number.isInteger(o.count) || o.count < 1) throw new ConfigError('trex count', o.count, 'must be a positive integer');
  if (!Number.isInteger(o.length) || o.length < 1) throw new ConfigError('trex length', o.length, 'must be a positive integer');
  for (const d of demos) if (!Number.isFinite(d.rank)) throw new ConfigError(`ranked demo ${d.id} rank`, d.rank, 'must be a finite number');
  if (new Set(demos.map((d) => d.rank)).size < 2) throw new ConfigError('ranked demos', demos.length, 'need at least two different ranks');
  const out: LabeledPair[] = [];
  for (let tries = 0; out.length < o.count && tries < o.count * 20; tries++) {
    const a = demos[rng.int(demos.length)];
    const b = demos[rng.int(demos.length)];
    if (a.rank === b.rank) continue;
    const [worse, better] = a.rank < b.rank ? [a, b] : [b, a];
    const L = Math.min(o.length, worse.demo.n, better.demo.n);
    const sw = rng.int(worse.demo.n - L + 1);
    const lastB = better.demo.n - L;
    const sb = Math.min(sw, lastB) + rng.int(lastB - Math.min(sw, lastB) + 1);
    const left = sliceBatch(a === better ? better.demo : worse.demo, a === better ? sb : sw, L);
    const right = sliceBatch(a === better ? worse.demo : better.demo, a === better ? sw : sb, L);
    out.push({ id: `trex/${a.id}@${a === better ? sb : sw}|${b.id}@${a === better ? sw : sb}`, left, right, target: a === better ? 1 : 0, heldOut: false });
  }
  return out;
}

/** A rollout of the demonstrator with noise level ε (probability of a random action). */
export interface NoisyRollout {
  id: string;
  demo: TransitionBatch;
  noise: number;
}

/** D-REX: rank rollouts by their injected noise (less noise = higher rank). */
export function noiseRankedDemos(rollouts: readonly NoisyRollout[]): RankedDemo[] {
  return rollouts.map((r) => {
    if (!(r.noise >= 0 && r.noise <= 1)) throw new ConfigError(`noisy rollout ${r.id} noise`, r.noise, 'must be in [0, 1]');
    return { id: r.id, demo: r.demo, rank: -r.noise };
  });
}
