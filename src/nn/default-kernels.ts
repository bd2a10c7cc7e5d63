/**
 * The kernels networks use unless told otherwise: WebAssembly SIMD when it loads (≈ 9× the
 * TypeScript matmul here), else plain TypeScript. REWARDLAB_KERNELS=js forces TypeScript.
 * In a browser (no `process`) the synchronous WASM path does not run, so this is TypeScript;
 * pass `loadKernelsFromUrl()`'s result to a network to use WASM there.
 */
import { jsKernels, type Kernels } from './kernels.js';
import { wasmKernels } from './wasm-kernels.js';

const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
export const defaultKernels: Kernels = env?.REWARDLAB_KERNELS === 'js' || !wasmKernels ? jsKernels : wasmKernels;
export const defaultKernelName: 'wasm-simd' | 'js' = defaultKernels === jsKernels ? 'js' : 'wasm-simd';
