/** Adam (Kingma & Ba 2015) over a flat parameter vector, and global gradient-norm clipping. */
import { ConfigError } from '../core/errors.js';

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
  private m: Float32Array;
  private v: Float32Array;
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
    this.m = new Float32Array(size);
    this.v = new Float32Array(size);
  }

  /** params −= lr · m̂ / (√v̂ + eps) */
  step(params: Float32Array, grads: Float32Array, lr = this.lr): void {
    this.t++;
    const { beta1: b1, beta2: b2, eps, m, v } = this;
    const c1 = 1 - b1 ** this.t;
    const c2 = 1 - b2 ** this.t;
    const stepSize = lr / c1;
    const sqrtC2 = Math.sqrt(c2);
    for (let i = 0; i < params.length; i++) {
      const g = grads[i];
      m[i] = b1 * m[i] + (1 - b1) * g;
      v[i] = b2 * v[i] + (1 - b2) * g * g;
      params[i] -= (stepSize * m[i]) / (Math.sqrt(v[i]) / sqrtC2 + eps);
    }
  }

  state(): AdamState {
    return { t: this.t, m: this.m, v: this.v };
  }

  load(state: AdamState): void {
    if (state.m.length !== this.size) throw new ConfigError('adam state size', state.m.length, `must be ${this.size}`);
    this.t = state.t;
    this.m.set(state.m);
    this.v.set(state.v);
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
