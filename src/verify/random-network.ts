/** Random dense networks for tests and benchmarks of the bound methods (non-zero biases, unlike a fresh Mlp). */
import type { Rng } from '../core/rng.js';
import type { ActivationName } from '../nn/activations.js';
import { network, type Network } from './network.js';

/** Gaussian weights with std gain/√fan-in and biases with std 0.5. */
export function randomNetwork(rng: Rng, sizes: number[], activation: ActivationName, outputActivation: ActivationName = 'identity', gain = 1.5): Network {
  return network(
    sizes.slice(1).map((out, l) => ({
      inSize: sizes[l],
      outSize: out,
      weight: Float64Array.from({ length: out * sizes[l] }, () => rng.normal(0, gain / Math.sqrt(sizes[l]))),
      bias: Float64Array.from({ length: out }, () => rng.normal(0, 0.5)),
      activation: l === sizes.length - 2 ? outputActivation : activation,
    })),
  );
}
