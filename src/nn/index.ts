/** The NN core: Float32Array MLPs with explicit backward, Adam, clipping, tensor bundles. */
export { Mlp, MLP_INITS, orthogonalInit, torchDefaultInit, type MlpInit, type MlpOptions, type MlpSpec } from './mlp.js';
export { Adam, clipGradNorm, type AdamOptions, type AdamState } from './optim.js';
export { ACTIVATIONS, type ActivationName } from './activations.js';
export { jsKernels, type Kernels } from './kernels.js';
export { readBundle, writeBundle, encodeBundle } from './bundle.js';
export { decodeBundle, type Bundle, type BundleHeader } from './bundle-codec.js';
export { fusedKernels, fusedKernelsFromBytes, loadFusedKernelsFromUrl, type FusedKernels } from './dense-kernels.js';
