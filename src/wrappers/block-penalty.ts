/**
 * Carries the blocker's penalty to the agent's training reward when that reward is computed
 * in batch, away from the env (PPO replaces the env reward with the learned reward model's).
 * The `Blocker` wrapper records every blocked (observation, proposed action); after the
 * rollout, `take(batch)` returns the penalty of each transition of the batch that was blocked
 * (matched on the exact observation bytes and action) and forgets what it returned. The
 * agent's reward is then `learned − take(batch)`: a blocked action costs the agent the penalty
 * however the block was decided, even by a person (no decision is recomputed).
 */
import { ConfigError } from '../core/errors.js';

/** A batch of transitions as the agent holds it: row-major observations (n × obsDim) and discrete actions. */
export interface PenaltyBatch {
  obs: Float32Array;
  actions: Float32Array;
  n: number;
}

const keyOf = (obs: Float32Array, action: number) => `${action}|${Buffer.from(obs.buffer, obs.byteOffset, obs.byteLength).toString('base64')}`;

export class BlockPenaltyLedger {
  /** Key → penalties not yet taken (a blocked pair can recur within a rollout). */
  private readonly open = new Map<string, number[]>();
  private pending = 0;
  /** Blocks recorded and not matched by the last `take` (0 when the batches cover every blocked step). */
  unmatched = 0;

  record(observation: Float32Array, action: number, penalty: number): void {
    const key = keyOf(observation, action);
    const list = this.open.get(key);
    if (list) list.push(penalty);
    else this.open.set(key, [penalty]);
    this.pending++;
  }

  /** Blocks recorded since the last `take`. */
  get size(): number {
    return this.pending;
  }

  /** The penalty of each transition of `batch` that was blocked (0 elsewhere); clears the ledger. */
  take(batch: PenaltyBatch): Float32Array {
    const out = new Float32Array(batch.n);
    if (this.pending === 0) return out;
    if (batch.obs.length % batch.n !== 0 || batch.actions.length !== batch.n) {
      throw new ConfigError('penalty batch', `${batch.obs.length} observation values, ${batch.actions.length} actions, n = ${batch.n}`, 'must hold n observations of one size and n discrete actions');
    }
    const dim = batch.obs.length / batch.n;
    let matched = 0;
    for (let k = 0; k < batch.n; k++) {
      const list = this.open.get(keyOf(batch.obs.subarray(k * dim, (k + 1) * dim), batch.actions[k]));
      if (!list?.length) continue;
      out[k] = list.pop()!;
      matched++;
    }
    this.unmatched = this.pending - matched;
    this.open.clear();
    this.pending = 0;
    return out;
  }
}
