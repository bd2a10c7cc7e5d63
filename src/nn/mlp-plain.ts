/**
 * The reference storage of an Mlp: plain Float32Arrays, every product through the `Kernels`
 * seam (TypeScript, or gemm.wasm with operands copied per call), transposes, bias adds,
 * activations and bias-gradient sums as TypeScript loops.
 */
import { activate, activateBackward } from './activations.js';
import type { Kernels } from './kernels.js';
import { paramLayout, type MlpStore, type StoreSpec } from './mlp-store.js';

export class PlainStore implements MlpStore {
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

  constructor(
    private readonly spec: StoreSpec,
    private readonly kernels: Kernels,
  ) {
    const { sizes } = spec;
    const layout = paramLayout(sizes);
    this.params = new Float32Array(layout.total);
    this.grads = new Float32Array(layout.total);
    for (let l = 0; l + 1 < sizes.length; l++) {
      const w = layout.weight[l];
      const b = layout.bias[l];
      this.weights.push(this.params.subarray(w, b));
      this.gradW.push(this.grads.subarray(w, b));
      this.biases.push(this.params.subarray(b, b + sizes[l + 1]));
      this.gradB.push(this.grads.subarray(b, b + sizes[l + 1]));
    }
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

  forward(x: Float32Array, batch: number): Float32Array {
    const { sizes } = this.spec;
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
    return this.acts[last + 1].subarray(0, batch * sizes[last + 1]);
  }

  backward(dOut: Float32Array, inputGrad: boolean): Float32Array | undefined {
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
}
