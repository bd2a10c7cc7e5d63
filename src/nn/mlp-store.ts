/**
 * Where an Mlp's numbers live and the loops over them, behind one interface: plain Float32Arrays
 * driven through any `Kernels` (mlp-plain.ts, today's reference path), or one WebAssembly memory
 * per network driven by the whole-layer kernels (mlp-fused.ts). Both lay the flat parameter
 * vector out the same way: per layer its weights [out × in] then its biases [out].
 */
import type { ActivationName } from './activations.js';

export interface StoreSpec {
  sizes: number[];
  activation: ActivationName;
  outputActivation: ActivationName;
}

export interface MlpStore {
  /** Current views: a fused store re-creates them when its memory grows (a forward with a larger batch). */
  readonly params: Float32Array;
  readonly grads: Float32Array;
  readonly weights: Float32Array[];
  readonly biases: Float32Array[];
  forward(x: Float32Array, batch: number): Float32Array;
  backward(dOut: Float32Array, inputGrad: boolean): Float32Array | undefined;
}

/** Offsets (in floats) of each layer's weights and biases in the flat vector, and its length. */
export function paramLayout(sizes: number[]): { weight: number[]; bias: number[]; total: number } {
  const weight: number[] = [];
  const bias: number[] = [];
  let off = 0;
  for (let l = 0; l + 1 < sizes.length; l++) {
    weight.push(off);
    off += sizes[l] * sizes[l + 1];
    bias.push(off);
    off += sizes[l + 1];
  }
  return { weight, bias, total: off };
}
