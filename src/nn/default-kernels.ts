/**
 * The kernels networks use unless told otherwise: WebAssembly SIMD when it loads (≈ 9× the
 * TypeScript matmul here), else plain TypeScript. REWARDLAB_KERNELS=js forces TypeScript.
 */
import { jsKernels, type Kernels } from './kernels.js';
import { wasmKernels } from './wasm-kernels.js';

export const defaultKernels: Kernels = process.env.REWARDLAB_KERNELS === 'js' || !wasmKernels ? jsKernels : wasmKernels;
export const defaultKernelName: 'wasm-simd' | 'js' = defaultKernels === jsKernels ? 'js' : 'wasm-simd';
