/**
 * Adam (Kingma & Ba 2015) over a flat parameter vector, and global gradient-norm clipping.
 * Stepping a resident network's whole `params` and `grads` (mlp-fused.ts) runs the update in
 * WebAssembly with the moments kept in that network's memory: the same f64 arithmetic and f32
 * stores as the loop below, so the same bits.
 */
import { ConfigError } from '../core/errors.js';
import { residentStore, type FusedStore } from './mlp-fused.js';

export interface AdamOptions {
  lr: number;
  beta1?: number;
  beta2?: number;
  eps?: number;
}

/** Optimizer state; m and v are saved as binary tensors in checkpoints (see nn/bundle.ts). */
export interface AdamState {
  t: number;
  m: Float32Array;
  v: Float32Array;
}

export class Adam {
  /** The moments while they live here (not in a network's memory). */
  private ownM: Float32Array;
  private ownV: Float32Array;
  /** The resident network whose memory holds the moments, if any. */
  private home: FusedStore | null = null;
  private t = 0;
  lr: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;

  constructor(
    readonly size: number,
    options: AdamOptions,
  ) {
    if (!(options.lr > 0) || !Number.isFinite(options.lr)) throw new ConfigError('learning rate', options.lr, 'must be a positive finite number');
    this.lr = options.lr;
    this.beta1 = options.beta1 ?? 0.9;
    this.beta2 = options.beta2 ?? 0.999;
    this.eps = options.eps ?? 1e-8;
    this.ownM = new Float32Array(size);
    this.ownV = new Float32Array(size);
  }

  private moments(): { m: Float32Array; v: Float32Array } {
    return this.home ? this.home.adamMoments() : { m: this.ownM, v: this.ownV };
  }

  /**
   * Move the moments into `store`'s memory (null: back into this object), keeping their values.
   * The network's one slot goes to the optimizer that steps it last: a previous owner (an
   * abandoned trainer's, say) takes its moments back first.
   */
  private moveTo(store: FusedStore | null): void {
    if (store === this.home) return;
    if (store?.adamOwner) store.adamOwner.releaseSlot();
    const { m, v } = this.moments();
    if (this.home) this.home.adamOwner = null;
    this.home = store;
    if (store) store.adamOwner = this;
    const to = this.moments();
    to.m.set(m);
    to.v.set(v);
  }

  /** Take the moments back out of a network's memory (another optimizer claims the slot). @internal */
  releaseSlot(): void {
    this.moveTo(null);
  }

  /** The resident network whose whole `params` and `grads` these are, if any. */
  private residentFor(params: Float32Array, grads: Float32Array): FusedStore | null {
    const store = residentStore(params);
    if (!store || store.params.byteOffset !== params.byteOffset || store.params.length !== params.length || params.length !== this.size) return null;
    if (store.grads.buffer !== grads.buffer || store.grads.byteOffset !== grads.byteOffset || store.grads.length !== grads.length) return null;
    return store;
  }

  /** params −= lr · m̂ / (√v̂ + eps) */
  step(params: Float32Array, grads: Float32Array, lr = this.lr): void {
    this.t++;
    const { beta1: b1, beta2: b2, eps } = this;
    const c1 = 1 - b1 ** this.t;
    const c2 = 1 - b2 ** this.t;
    const stepSize = lr / c1;
    const sqrtC2 = Math.sqrt(c2);
    const store = this.residentFor(params, grads);
    this.moveTo(store);
    if (store) {
      store.adam(b1, b2, stepSize, sqrtC2, eps);
      return;
    }
    const { m, v } = this.moments();
    for (let i = 0; i < params.length; i++) {
      const g = grads[i];
      m[i] = b1 * m[i] + (1 - b1) * g;
      v[i] = b2 * v[i] + (1 - b2) * g * g;
      params[i] -= (stepSize * m[i]) / (Math.sqrt(v[i]) / sqrtC2 + eps);
    }
  }

  /** The step count and the moments (current views; a resident network's memory may replace them). */
  state(): AdamState {
    return { t: this.t, ...this.moments() };
  }

  load(state: AdamState): void {
    if (state.m.length !== this.size) throw new ConfigError('adam state size', state.m.length, `must be ${this.size}`);
    this.t = state.t;
    const { m, v } = this.moments();
    m.set(state.m);
    v.set(state.v);
  }
}

/** Scale `grads` in place so their global L2 norm is at most maxNorm; returns the norm before clipping. */
export function clipGradNorm(grads: Float32Array, maxNorm: number): number {
  let sq = 0;
  for (let i = 0; i < grads.length; i++) sq += grads[i] * grads[i];
  const norm = Math.sqrt(sq);
  if (norm > maxNorm && norm > 0) {
    const s = maxNorm / (norm + 1e-6);
    for (let i = 0; i < grads.length; i++) grads[i] *= s;
  }
  return norm;
}
