/**
 * The critic's part of a PPO minibatch update, in one copy for both places it runs: in the
 * agent's thread (`updateThreads: 1`) and in the critic thread (`updateThreads: 2`,
 * ppo-critic-worker.ts). Per minibatch: `gradient` (forward on the minibatch observations, the
 * value loss, optionally clipped around the old values, and backward) returns the critic
 * gradient's sum of squares; the caller combines it with the actor's and the log std's into one
 * global clip scale (`clipScale`, a fixed order of per-part sums, so both thread counts clip by
 * the same bits); `step` applies the scale and takes the Adam step.
 */
import type { Adam, AdamState } from '../nn/optim.js';
import type { Mlp } from '../nn/mlp.js';

/** What the critic needs for one update() (sent once per update to the critic thread). */
export interface CriticJob {
  /** Normalised rollout observations (batch × obsDim), the returns and the old values (batch). */
  obs: Float32Array;
  returns: Float32Array;
  values: Float32Array;
  /** The minibatch row orders of every epoch, concatenated (epochs × batch). */
  orders: Int32Array;
  batch: number;
  /** Minibatch size. */
  size: number;
  obsDim: number;
  lr: number;
  clipCoef: number;
  clipVloss: boolean;
  vfCoef: number;
}

/** Rows of minibatch `n` (counted over all epochs) of a job. */
export function minibatchRows(job: Pick<CriticJob, 'orders' | 'batch' | 'size'>, n: number): Int32Array {
  const perEpoch = Math.floor(job.batch / job.size);
  const start = Math.floor(n / perEpoch) * job.batch + (n % perEpoch) * job.size;
  return job.orders.subarray(start, start + job.size);
}

/** Minibatches in a job (every epoch's full minibatches; a remainder is dropped). */
export function minibatchCount(job: Pick<CriticJob, 'orders' | 'batch' | 'size'>): number {
  return (job.orders.length / job.batch) * Math.floor(job.batch / job.size);
}

/** Copy rows `idx` of `src` (rows of `dim`) into `out`. */
export function gatherRows(src: Float32Array, idx: ArrayLike<number>, dim: number, out: Float32Array): Float32Array {
  for (let j = 0; j < idx.length; j++) out.set(src.subarray(idx[j] * dim, (idx[j] + 1) * dim), j * dim);
  return out;
}

export function sumSquares(g: Float32Array): number {
  let sq = 0;
  for (let i = 0; i < g.length; i++) sq += g[i] * g[i];
  return sq;
}

/**
 * The factor that brings the global gradient norm to at most maxNorm (1 if it already is), from
 * the per-part sums of squares in the order given (actor, critic, log std; like CleanRL's
 * clip_grad_norm_ over all parameters).
 */
export function clipScale(partSquares: readonly number[], maxNorm: number): number {
  let sq = 0;
  for (const s of partSquares) sq += s;
  const norm = Math.sqrt(sq);
  return norm <= maxNorm ? 1 : maxNorm / (norm + 1e-6);
}

export function scaleGrads(g: Float32Array, scale: number): void {
  if (scale === 1) return;
  for (let i = 0; i < g.length; i++) g[i] *= scale;
}

/** The critic's side of an update(), wherever it runs: `begin`, then per minibatch `gradient` and `step`, then `end` (Σ ½·(value error)²). */
export interface CriticUpdate {
  begin(job: CriticJob): void;
  /** The critic gradient's sum of squares for minibatch n (`mbObs`: its observations, gathered by the caller; a thread gathers its own). */
  gradient(n: number, mbObs: Float32Array | null): number;
  step(scale: number): void;
  end(): number;
  /** Elsewhere than the agent's thread: the critic's weights (into the agent's critic) and Adam state, for a checkpoint … */
  pull?(): AdamState;
  /** … the agent's critic weights and `adam` back after a restore … */
  push?(adam: AdamState): void;
  /** … and stopping it. */
  close?(): void;
}

/** The critic's side of the minibatch updates of one job, on a critic and its optimizer, in this thread. */
export class CriticStep implements CriticUpdate {
  private job: CriticJob | null = null;
  private mbObs = new Float32Array(0);
  private dValue = new Float32Array(0);
  /** Σ ½·(value error)² over the job's minibatches so far. */
  valueLossSum = 0;

  constructor(
    readonly critic: Mlp,
    readonly opt: Adam,
  ) {}

  begin(job: CriticJob): void {
    this.job = job;
    if (this.mbObs.length !== job.size * job.obsDim) this.mbObs = new Float32Array(job.size * job.obsDim);
    if (this.dValue.length !== job.size) this.dValue = new Float32Array(job.size);
    this.valueLossSum = 0;
  }

  /** Forward, value loss and backward on minibatch n (its observations already gathered in `mbObs`, or gathered here); the gradient's sum of squares. */
  gradient(n: number, mbObs: Float32Array | null = null): number {
    const job = this.job!;
    const { returns, values, clipCoef, size: M } = job;
    const idx = minibatchRows(job, n);
    const x = mbObs ?? gatherRows(job.obs, idx, job.obsDim, this.mbObs);
    const v = this.critic.forward(x, M);
    const dValue = this.dValue;
    let vSum = 0;
    for (let j = 0; j < M; j++) {
      const k = idx[j];
      let diff = v[j] - returns[k];
      if (job.clipVloss) {
        const vClipped = values[k] + Math.min(Math.max(v[j] - values[k], -clipCoef), clipCoef);
        const diffClipped = vClipped - returns[k];
        if (diffClipped * diffClipped > diff * diff) diff = Math.abs(v[j] - values[k]) < clipCoef ? diffClipped : 0;
      }
      vSum += 0.5 * diff * diff;
      dValue[j] = (job.vfCoef * diff) / M;
    }
    this.valueLossSum += vSum;
    this.critic.zeroGrad();
    this.critic.backward(dValue);
    return sumSquares(this.critic.grads);
  }

  /** Scale the gradient by the global clip factor and take the Adam step. */
  step(scale: number): void {
    scaleGrads(this.critic.grads, scale);
    this.opt.step(this.critic.params, this.critic.grads, this.job!.lr);
  }

  end(): number {
    this.job = null;
    return this.valueLossSum;
  }
}
