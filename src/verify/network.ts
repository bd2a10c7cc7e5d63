/**
 * The networks verification reasons about: dense layers in float64, copied from an `Mlp`
 * (W stored [out × in] row-major, y = f(W·x + b), the hidden activation on every layer but the
 * last). `forward` is the plain float64 evaluation every bound in this room is sound for, and
 * the one a counterexample is checked with; `inputGradient` is its exact backward pass (for
 * counterexample search and monotonicity checks).
 */
import { ConfigError, show } from '../core/errors.js';
import { LEAK, type ActivationName } from '../nn/activations.js';
import type { Mlp } from '../nn/mlp.js';

/** The negative-side slope of 'leaky-relu': the network's own (src/nn/activations.ts). */
export const LEAKY_RELU_SLOPE = LEAK;

/** Activations the bound methods support (every one of `nn`'s). */
export const SUPPORTED_ACTIVATIONS: readonly ActivationName[] = ['identity', 'relu', 'leaky-relu', 'tanh', 'sigmoid'];

export interface DenseLayer {
  inSize: number;
  outSize: number;
  /** outSize × inSize, row-major. */
  weight: Float64Array;
  bias: Float64Array;
  activation: ActivationName;
}

export interface Network {
  inputSize: number;
  outputSize: number;
  layers: DenseLayer[];
}

/** An axis-aligned box {x : lo ≤ x ≤ hi} (inclusive). */
export interface Box {
  lo: Float64Array;
  hi: Float64Array;
}

export function box(lo: ArrayLike<number>, hi: ArrayLike<number>): Box {
  if (lo.length !== hi.length) throw new ConfigError('box.hi', hi, `must have the length of box.lo (${lo.length})`);
  for (let i = 0; i < lo.length; i++) {
    if (!(lo[i] <= hi[i]) || !Number.isFinite(lo[i]) || !Number.isFinite(hi[i])) throw new ConfigError(`box[${i}]`, [lo[i], hi[i]], 'must be finite with lo ≤ hi');
  }
  return { lo: Float64Array.from(lo), hi: Float64Array.from(hi) };
}

/** Build a network from explicit layers (checks the shapes). */
export function network(layers: DenseLayer[]): Network {
  if (layers.length === 0) throw new ConfigError('network.layers', layers, 'must hold at least one layer');
  layers.forEach((l, i) => {
    if (l.weight.length !== l.inSize * l.outSize) throw new ConfigError(`network.layers[${i}].weight`, l.weight.length, `must have outSize × inSize = ${l.outSize * l.inSize} entries`);
    if (l.bias.length !== l.outSize) throw new ConfigError(`network.layers[${i}].bias`, l.bias.length, `must have outSize = ${l.outSize} entries`);
    if (i > 0 && l.inSize !== layers[i - 1].outSize) throw new ConfigError(`network.layers[${i}].inSize`, l.inSize, `must equal the previous layer's outSize ${layers[i - 1].outSize}`);
    if (!SUPPORTED_ACTIVATIONS.includes(l.activation)) throw new ConfigError(`network.layers[${i}].activation`, l.activation, `is not supported; use one of ${SUPPORTED_ACTIVATIONS.map(show).join(', ')}`);
  });
  return { inputSize: layers[0].inSize, outputSize: layers[layers.length - 1].outSize, layers };
}

/** The float64 copy of an `Mlp`'s current parameters (later training does not change it). */
export function fromMlp(mlp: Mlp): Network {
  const { sizes, activation, outputActivation } = mlp.spec;
  const last = sizes.length - 2;
  return network(
    mlp.weights.map((w, l) => ({
      inSize: sizes[l],
      outSize: sizes[l + 1],
      weight: Float64Array.from(w),
      bias: Float64Array.from(mlp.biases[l]),
      activation: l === last ? outputActivation : activation,
    })),
  );
}

/** f(z) for one pre-activation value. */
export function act(name: ActivationName, z: number): number {
  switch (name) {
    case 'identity':
      return z;
    case 'relu':
      return z > 0 ? z : 0;
    case 'leaky-relu':
      return z > 0 ? z : LEAKY_RELU_SLOPE * z;
    case 'tanh':
      return Math.tanh(z);
    case 'sigmoid':
      return 1 / (1 + Math.exp(-z));
  }
}

/** f'(z) (the right derivative at ReLU kinks). */
export function actDerivative(name: ActivationName, z: number): number {
  switch (name) {
    case 'identity':
      return 1;
    case 'relu':
      return z > 0 ? 1 : 0;
    case 'leaky-relu':
      return z > 0 ? 1 : LEAKY_RELU_SLOPE;
    case 'tanh': {
      const t = Math.tanh(z);
      return 1 - t * t;
    }
    case 'sigmoid': {
      const s = 1 / (1 + Math.exp(-z));
      return s * (1 - s);
    }
  }
}

/** Pre-activations of every layer for one input (index l = layer l's W·x + b). */
export function preActivations(net: Network, x: ArrayLike<number>): Float64Array[] {
  if (x.length !== net.inputSize) throw new ConfigError('input length', x.length, `must equal the network's input size ${net.inputSize}`);
  const out: Float64Array[] = [];
  let a: ArrayLike<number> = x;
  for (const layer of net.layers) {
    const z = new Float64Array(layer.outSize);
    const y = new Float64Array(layer.outSize);
    for (let i = 0; i < layer.outSize; i++) {
      let s = layer.bias[i];
      const row = i * layer.inSize;
      for (let j = 0; j < layer.inSize; j++) s += layer.weight[row + j] * a[j];
      z[i] = s;
      y[i] = act(layer.activation, s);
    }
    out.push(z);
    a = y;
  }
  return out;
}

/** The network's output at x (float64). */
export function forward(net: Network, x: ArrayLike<number>): Float64Array {
  const zs = preActivations(net, x);
  const last = net.layers[net.layers.length - 1];
  return zs[zs.length - 1].map((z) => act(last.activation, z));
}

/** ∇ₓ (c · net(x)) at x, by the chain rule through the float64 forward pass. */
export function inputGradient(net: Network, x: ArrayLike<number>, c: ArrayLike<number>): Float64Array {
  const zs = preActivations(net, x);
  let g = Float64Array.from({ length: net.outputSize }, (_, i) => c[i]);
  for (let l = net.layers.length - 1; l >= 0; l--) {
    const layer = net.layers[l];
    const dz = g.map((v, i) => v * actDerivative(layer.activation, zs[l][i]));
    const prev = new Float64Array(layer.inSize);
    for (let i = 0; i < layer.outSize; i++) {
      if (dz[i] === 0) continue;
      const row = i * layer.inSize;
      for (let j = 0; j < layer.inSize; j++) prev[j] += dz[i] * layer.weight[row + j];
    }
    g = prev;
  }
  return g;
}
