/**
 * Unsupervised pre-exploration reward (Leike et al. 2018 §5.3; PEBBLE, Lee et al. 2021): a
 * particle estimate of the state entropy. Each transition is rewarded by how far its next
 * state lies from its k-th nearest neighbour among the batch's next states,
 * r = log(1 + ‖s′ − s′₍ₖ₎‖), divided by a running estimate of the reward's standard deviation
 * so its scale stays put while the agent spreads out. No reward model and no feedback: the
 * agent learns to visit states unlike the ones it already visits, so the first queries compare
 * clips that differ (on FixedHorizonCartPole: upright poles, not the absorbing state).
 */
import { checkNumber } from '../core/errors.js';
import type { TransitionBatch } from './reward-model.js';

export interface StateEntropyOptions {
  /** Which neighbour's distance estimates the density (PEBBLE uses k = 5). Default 5. */
  k: number;
}

export const DEFAULT_STATE_ENTROPY: StateEntropyOptions = { k: 5 };

export class StateEntropyReward {
  private readonly k: number;
  /** Running moments of the raw reward (Welford), for the scale. */
  private count = 0;
  private mean = 0;
  private m2 = 0;

  constructor(options: Partial<StateEntropyOptions> = {}) {
    const o = { ...DEFAULT_STATE_ENTROPY, ...options };
    checkNumber('preExplore.k', o.k, { min: 1, max: 1000, integer: true });
    this.k = o.k;
  }

  /** The exploration reward of each transition of `batch` (next states compared within the batch). */
  reward(batch: TransitionBatch): Float32Array {
    const n = batch.n;
    const out = new Float32Array(n);
    if (n === 0) return out;
    const d = batch.nextObs.length / n;
    const x = batch.nextObs;
    const k = Math.min(this.k, n - 1);
    const nearest = new Float64Array(Math.max(k, 1)); // the k smallest squared distances, ascending
    for (let i = 0; i < n; i++) {
      if (k === 0) break;
      nearest.fill(Infinity);
      for (let j = 0; j < n; j++) {
        if (j === i) continue;
        let s = 0;
        for (let c = 0; c < d; c++) {
          const v = x[i * d + c] - x[j * d + c];
          s += v * v;
        }
        if (s >= nearest[k - 1]) continue;
        let p = k - 1;
        while (p > 0 && nearest[p - 1] > s) {
          nearest[p] = nearest[p - 1];
          p--;
        }
        nearest[p] = s;
      }
      out[i] = Math.log(1 + Math.sqrt(nearest[k - 1]));
    }
    for (let i = 0; i < n; i++) {
      this.count++;
      const delta = out[i] - this.mean;
      this.mean += delta / this.count;
      this.m2 += delta * (out[i] - this.mean);
    }
    const std = Math.sqrt(this.m2 / this.count);
    if (std > 1e-8) for (let i = 0; i < n; i++) out[i] /= std;
    return out;
  }
}
