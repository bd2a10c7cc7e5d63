/**
 * A multilayer perceptron over row-major Float32Array batches, with explicit backward.
 * All parameters live in ONE flat Float32Array (`params`) with per-layer views, and all
 * gradients in a matching `grads`, so optimizers, gradient clipping, ensembles and
 * checkpoints treat a network as one vector. Layer l maps `sizes[l]` → `sizes[l+1]`:
 * y = f(x·Wᵀ + b) with W stored [out × in] (PyTorch's layout), so every product is the
 * kernel's contiguous-row form C = A·Bᵀ.
 *
 * Where the numbers live follows `kernels`: the whole-layer WASM kernels (dense-kernels.ts) keep
 * them in the network's own WebAssembly memory (mlp-fused.ts), any other kernels in plain
 * Float32Arrays (mlp-plain.ts); both give the same bits as the gemm.wasm kernel. `params`,
 * `grads`, `weights` and `biases` are CURRENT views: a forward with a larger batch than before
 * may grow the memory and replace them, so read them from the network at each use.
 */
import { ConfigError, show } from '../core/errors.js';
import type { Rng } from '../core/rng.js';
import { ACTIVATIONS, type ActivationName } from './activations.js';
import type { Kernels } from './kernels.js';
import { defaultKernels } from './default-kernels.js';
import { isFused } from './dense-kernels.js';
import { FusedStore, residentAvailable } from './mlp-fused.js';
import { PlainStore } from './mlp-plain.js';
import type { MlpStore, StoreSpec } from './mlp-store.js';

export interface MlpOptions {
  /** Layer widths including input and output, e.g. [4, 64, 64, 2]. */
  sizes: number[];
  /** Hidden activation. Default 'tanh'. */
  activation?: ActivationName;
  /** Output activation. Default 'identity'. */
  outputActivation?: ActivationName;
  /**
   * Weight init. 'orthogonal' (default): scaled orthogonal weights (gains below), zero biases, as
   * CleanRL. 'torch-default': PyTorch's nn.Linear default, weights and biases
   * U(−1/√fan_in, 1/√fan_in) in every layer, gains ignored (SB3 with ortho_init=False).
   */
  init?: MlpInit;
  /** Orthogonal init gain for hidden layers (default √2) and the output layer (default 1). */
  hiddenGain?: number;
  outputGain?: number;
}

export const MLP_INITS = ['orthogonal', 'torch-default'] as const;
export type MlpInit = (typeof MLP_INITS)[number];

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

/**
 * PyTorch's nn.Linear.reset_parameters: kaiming_uniform_(a=√5) on the weights, which is
 * U(−1/√fan_in, 1/√fan_in), and the same range for the biases (variance 1/(3·fan_in)).
 */
export function torchDefaultInit(w: Float32Array, b: Float32Array, fanIn: number, rng: Rng): void {
  const bound = 1 / Math.sqrt(fanIn);
  for (let i = 0; i < w.length; i++) w[i] = (2 * rng.next() - 1) * bound;
  for (let i = 0; i < b.length; i++) b[i] = (2 * rng.next() - 1) * bound;
}

export class Mlp {
  readonly spec: MlpSpec;
  private store: MlpStore;
  private current: Kernels;

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
    const init = options.init ?? 'orthogonal';
    if (!MLP_INITS.includes(init)) throw new ConfigError('Mlp.init', init, `is not a known init; use one of ${MLP_INITS.map(show).join(', ')}`);
    this.spec = { sizes: [...sizes], activation, outputActivation };
    this.current = defaultKernels;
    this.store = makeStore(this.spec, defaultKernels);
    const last = sizes.length - 2;
    if (init === 'torch-default') this.weights.forEach((w, l) => torchDefaultInit(w, this.biases[l], sizes[l], rng));
    else this.weights.forEach((w, l) => orthogonalInit(w, sizes[l + 1], sizes[l], l === last ? (options.outputGain ?? 1) : (options.hiddenGain ?? Math.SQRT2), rng));
  }

  /**
   * The kernel seam. Setting it moves the parameters and gradients to the storage those kernels
   * use (values kept; the last forward's cache is dropped: forward again before backward).
   */
  get kernels(): Kernels {
    return this.current;
  }
  set kernels(k: Kernels) {
    if (k === this.current) return;
    const next = makeStore(this.spec, k);
    next.params.set(this.store.params);
    next.grads.set(this.store.grads);
    this.store = next;
    this.current = k;
  }

  /** All parameters as one flat vector (per layer: weights [out × in], then biases). */
  get params(): Float32Array {
    return this.store.params;
  }
  /** The gradients, laid out like `params`. */
  get grads(): Float32Array {
    return this.store.grads;
  }
  get weights(): Float32Array[] {
    return this.store.weights;
  }
  get biases(): Float32Array[] {
    return this.store.biases;
  }
  /** Whether this network lives in WebAssembly memory on the whole-layer kernels. */
  get resident(): boolean {
    return this.store instanceof FusedStore;
  }

  get inputSize(): number {
    return this.spec.sizes[0];
  }
  get outputSize(): number {
    return this.spec.sizes[this.spec.sizes.length - 1];
  }

  /**
   * Forward a batch (rows × inputSize). Returns a view of the output buffer (valid until the
   * next forward) and caches what backward() needs.
   */
  forward(x: Float32Array, batch: number): Float32Array {
    const { sizes } = this.spec;
    if (x.length < batch * sizes[0]) throw new ConfigError('Mlp.forward input length', x.length, `must be ≥ batch × inputSize = ${batch} × ${sizes[0]}`);
    return this.store.forward(x, batch);
  }

  /**
   * Backward from dLoss/dOutput (batch × outputSize) of the last forward(). ACCUMULATES
   * into `grads` (call zeroGrad() first). Returns dLoss/dInput when `inputGrad` is set.
   */
  backward(dOut: Float32Array, inputGrad = false): Float32Array | undefined {
    return this.store.backward(dOut, inputGrad);
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

/** Fused storage for fused kernels (plain beyond the live-resident limit or if its memory cannot be allocated), plain otherwise. */
function makeStore(spec: StoreSpec, kernels: Kernels): MlpStore {
  if (isFused(kernels) && residentAvailable()) {
    try {
      return new FusedStore(spec, kernels);
    } catch (e) {
      if (!(e instanceof RangeError)) throw e; // WebAssembly.Memory(): could not allocate memory
    }
  }
  return new PlainStore(spec, kernels);
}
