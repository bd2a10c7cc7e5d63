/**
 * The kernels networks use unless told otherwise: the whole-layer WebAssembly kernels when
 * WebAssembly SIMD loads (dense-kernels.ts: the network lives in its own WASM memory, same bits
 * as the gemm.wasm kernel, ≈ 2× faster per update here), else plain TypeScript.
 * REWARDLAB_KERNELS=js forces TypeScript everywhere. In a browser (no `process`) the synchronous
 * WASM path does not run, so this is TypeScript; assign `loadFusedKernelsFromUrl()`'s result (or
 * `loadKernelsFromUrl()`'s) to a network's `kernels` to use WASM there.
 */
import { fusedKernels } from './dense-kernels.js';
import { jsKernels, type Kernels } from './kernels.js';
import { wasmKernels } from './wasm-kernels.js';

const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
export const defaultKernels: Kernels = env?.REWARDLAB_KERNELS === 'js' ? jsKernels : (fusedKernels ?? wasmKernels ?? jsKernels);
export const defaultKernelName: 'wasm-fused' | 'wasm-simd' | 'js' = defaultKernels === jsKernels ? 'js' : defaultKernels === fusedKernels ? 'wasm-fused' : 'wasm-simd';
