/**
 * A multilayer perceptron over row-major Float32Array batches, with explicit backward.
 * All parameters live in ONE flat Float32Array (`params`) with per-layer views, and all
 * gradients in a matching `grads`, so optimizers, gradient clipping, ensembles and
 * checkpoints treat a network as one vector. Layer l maps `sizes[l]` → `sizes[l+1]`:
 * y = f(x·Wᵀ + b) with W stored [out × in] (PyTorch's layout), so every product is the
 * kernel's contiguous-row form C = A·Bᵀ.
 */
import { ConfigError, show } from '../core/errors.js';
import type { Rng } from '../core/rng.js';
import { ACTIVATIONS, activate, activateBackward, type ActivationName } from './activations.js';
import type { Kernels } from './kernels.js';
import { defaultKernels } from './default-kernels.js';

export interface MlpOptions {
  /** Layer widths including input and output, e.g. [4, 64, 64, 2]. */
  sizes: number[];
  /** Hidden activation. Default 'tanh'. */
  activation?: ActivationName;
  /** Output activation. Default 'identity'. */
  outputActivation?: ActivationName;
  /** Orthogonal init gain for hidden layers (default √2) and the output layer (default 1). */
  hiddenGain?: number;
  outputGain?: number;
}

export interface MlpSpec {
  sizes: number[];
  activation: ActivationName;
  outputActivation: ActivationName;
}

/** Fill `w` (rows × cols, row-major) with a scaled random orthogonal matrix (Saxe et al. 2014). */
export function orthogonalInit(w: Float32Array, rows: number, cols: number, gain: number, rng: Rng): void {
  const transpose = rows < cols; // orthonormalise the longer dimension's vectors
  const n = transpose ? rows : cols; // number of vectors
  const d = transpose ? cols : rows; // vector length
  const v = Array.from({ length: n }, () => Float64Array.from({ length: d }, () => rng.normal()));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) {
      let dot = 0;
      for (let t = 0; t < d; t++) dot += v[i][t] * v[j][t];
      for (let t = 0; t < d; t++) v[i][t] -= dot * v[j][t];
    }
    let norm = 0;
    for (let t = 0; t < d; t++) norm += v[i][t] * v[i][t];
    norm = Math.sqrt(norm) || 1;
    for (let t = 0; t < d; t++) v[i][t] /= norm;
  }
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) w[r * cols + c] = gain * (transpose ? v[r][c] : v[c][r]);
}

export class Mlp {
  readonly spec: MlpSpec;
  readonly params: Float32Array;
  readonly grads: Float32Array;
  readonly weights: Float32Array[] = [];
  readonly biases: Float32Array[] = [];
  private readonly gradW: Float32Array[] = [];
  private readonly gradB: Float32Array[] = [];
  /** Post-activation outputs per layer (index 0 = the input batch) for the last forward(). */
  private acts: Float32Array[] = [];
  private deltas: Float32Array[] = [];
  /** Scratch for transposes in backward(). */
  private scratchA = new Float32Array(0);
  private scratchB = new Float32Array(0);
  private capacity = 0;
  private lastBatch = 0;
  kernels: Kernels = defaultKernels;

  constructor(options: MlpOptions, rng: Rng) {
    const { sizes } = options;
    if (!Array.isArray(sizes) || sizes.length < 2 || sizes.some((s) => !Number.isInteger(s) || s <= 0)) {
      throw new ConfigError('Mlp.sizes', sizes, 'must list at least two positive integer layer widths, e.g. [4, 64, 64, 2]');
    }
    const activation = options.activation ?? 'tanh';
    const outputActivation = options.outputActivation ?? 'identity';
    for (const [field, a] of [['activation', activation], ['outputActivation', outputActivation]] as const) {
      if (!ACTIVATIONS.includes(a)) throw new ConfigError(`Mlp.${field}`, a, `is not a known activation; use one of ${ACTIVATIONS.map(show).join(', ')}`);
    }
    this.spec = { sizes: [...sizes], activation, outputActivation };
    let total = 0;
    for (let l = 0; l + 1 < sizes.length; l++) total += sizes[l] * sizes[l + 1] + sizes[l + 1];
    this.params = new Float32Array(total);
    this.grads = new Float32Array(total);
    let off = 0;
    for (let l = 0; l + 1 < sizes.length; l++) {
      const nw = sizes[l] * sizes[l + 1];
      this.weights.push(this.params.subarray(off, off + nw));
      this.gradW.push(this.grads.subarray(off, off + nw));
      off += nw;
      this.biases.push(this.params.subarray(off, off + sizes[l + 1]));
      this.gradB.push(this.grads.subarray(off, off + sizes[l + 1]));
      off += sizes[l + 1];
    }
    const last = this.weights.length - 1;
    this.weights.forEach((w, l) => orthogonalInit(w, sizes[l + 1], sizes[l], l === last ? (options.outputGain ?? 1) : (options.hiddenGain ?? Math.SQRT2), rng));
  }

  get inputSize(): number {
    return this.spec.sizes[0];
  }
  get outputSize(): number {
    return this.spec.sizes[this.spec.sizes.length - 1];
  }

  private ensure(batch: number): void {
    if (batch <= this.capacity) return;
    this.capacity = Math.max(batch, this.capacity * 2);
    this.acts = this.spec.sizes.map((s) => new Float32Array(this.capacity * s));
    this.deltas = this.spec.sizes.map((s) => new Float32Array(this.capacity * s));
    const widest = Math.max(...this.spec.sizes);
    this.scratchA = new Float32Array(Math.max(this.capacity, widest) * widest);
    this.scratchB = new Float32Array(Math.max(this.capacity, widest) * widest);
  }

  /**
   * Forward a batch (rows × inputSize). Returns a view of the output buffer (valid until the
   * next forward) and caches what backward() needs.
   */
  forward(x: Float32Array, batch: number): Float32Array {
    const { sizes } = this.spec;
    if (x.length < batch * sizes[0]) throw new ConfigError('Mlp.forward input length', x.length, `must be ≥ batch × inputSize = ${batch} × ${sizes[0]}`);
    this.ensure(batch);
    this.lastBatch = batch;
    this.acts[0].set(x.subarray(0, batch * sizes[0]));
    const last = this.weights.length - 1;
    for (let l = 0; l <= last; l++) {
      const out = this.acts[l + 1];
      const n = sizes[l + 1];
      this.kernels.gemmNT(this.acts[l], this.weights[l], out, batch, n, sizes[l]);
      const b = this.biases[l];
      for (let i = 0; i < batch; i++) for (let j = 0; j < n; j++) out[i * n + j] += b[j];
      activate(l === last ? this.spec.outputActivation : this.spec.activation, out, out, batch * n);
    }
    return this.acts[last + 1].subarray(0, batch * this.outputSize);
  }

  /**
   * Backward from dLoss/dOutput (batch × outputSize) of the last forward(). ACCUMULATES
   * into `grads` (call zeroGrad() first). Returns dLoss/dInput when `inputGrad` is set.
   */
  backward(dOut: Float32Array, inputGrad = false): Float32Array | undefined {
    const { sizes } = this.spec;
    const batch = this.lastBatch;
    const last = this.weights.length - 1;
    let delta = this.deltas[last + 1];
    activateBackward(this.spec.outputActivation, this.acts[last + 1], dOut, delta, batch * sizes[last + 1]);
    for (let l = last; l >= 0; l--) {
      const n = sizes[l + 1];
      // dW[out×in] += δᵀ · x  =  (δᵀ)·((xᵀ))ᵀ
      const dT = this.scratchA;
      const xT = this.scratchB;
      this.kernels.transpose(delta, batch, n, dT);
      this.kernels.transpose(this.acts[l], batch, sizes[l], xT);
      this.kernels.gemmNT(dT, xT, this.gradW[l], n, sizes[l], batch, true);
      const gb = this.gradB[l];
      for (let i = 0; i < batch; i++) for (let j = 0; j < n; j++) gb[j] += delta[i * n + j];
      if (l === 0 && !inputGrad) break;
      const prev = this.deltas[l];
      // dx[batch×in] = δ · W  =  δ · (Wᵀ)ᵀ
      const wT = this.scratchA;
      this.kernels.transpose(this.weights[l], n, sizes[l], wT);
      this.kernels.gemmNT(delta, wT, prev, batch, sizes[l], n);
      if (l > 0) activateBackward(this.spec.activation, this.acts[l], prev, prev, batch * sizes[l]);
      delta = prev;
    }
    return inputGrad ? this.deltas[0].subarray(0, batch * sizes[0]) : undefined;
  }

  /**
   * d(Σ output·dOut)/dInput at `x` (batch × inputSize; dOut defaults to all ones, i.e. the
   * gradient of each row's output sum), leaving `grads` as it was — for attributions and
   * saliency, which must not disturb a training step's accumulated gradients.
   */
  inputGradient(x: Float32Array, batch: number, dOut?: Float32Array): Float32Array {
    this.forward(x, batch);
    const kept = this.grads.slice();
    const g = this.backward(dOut ?? new Float32Array(batch * this.outputSize).fill(1), true)!.slice();
    this.grads.set(kept);
    return g;
  }

  zeroGrad(): void {
    this.grads.fill(0);
  }

  /** Copy another network's parameters (same spec) into this one. */
  copyFrom(other: Mlp): void {
    if (other.params.length !== this.params.length) throw new ConfigError('Mlp.copyFrom', other.spec.sizes, `must match sizes ${show(this.spec.sizes)}`);
    this.params.set(other.params);
  }
}
