/**
 * The whole-layer WebAssembly kernels (source: wasm/dense.ts, built by wasm/build.sh, the .wasm
 * is committed). Unlike gemm.wasm, the module IMPORTS its memory: a network given these kernels
 * (`net.kernels = fusedKernels`) instantiates the module over a WebAssembly.Memory of its own
 * and keeps its parameters, gradients, Adam moments, activations and deltas there, so nothing is
 * copied per call (mlp-fused.ts). Results are bit-identical to the gemm.wasm path.
 *
 * A `FusedKernels` is still a `Kernels` (its gemmNT copies operands, like gemm.wasm's), so code
 * that calls the seam directly keeps working. Loading mirrors wasm-kernels.ts: synchronous under
 * Node (`fusedKernels`, `null` without WebAssembly SIMD), `loadFusedKernelsFromUrl()` (fetch)
 * or `fusedKernelsFromBytes(bytes)` elsewhere.
 */
import { activate } from './activations.js';
import { jsKernels, type Kernels } from './kernels.js';
import { copyingKernels, type Gemm } from './wasm-kernels.js';
import { fetchWasmBytes, loadNodeSync } from './wasm-bytes.js';

export interface FusedKernels extends Kernels {
  /** The compiled dense.wasm; each network instantiates it over its own memory. */
  readonly module: WebAssembly.Module;
  /**
   * Whether the module's tanh and sigmoid (on V8's exp, ported from fdlibm) reproduce the
   * TypeScript ones (on this engine's Math.exp) on the load-time check. When false, tanh and
   * sigmoid forward run in TypeScript over the network's memory (no copy): the same bits anyway.
   */
  readonly expExact: boolean;
}

/** The exports of one dense.wasm instance (pointers are byte offsets into its memory). */
export interface DenseExports {
  gemmNT: Gemm;
  transpose(src: number, rows: number, cols: number, dst: number): void;
  activate(act: number, y: number, size: number): void;
  activateBackward(act: number, y: number, dy: number, dx: number, size: number): void;
  denseForward(x: number, w: number, b: number, out: number, batch: number, n: number, k: number, act: number): void;
  denseBackward(delta: number, x: number, w: number, gw: number, gb: number, prev: number, sa: number, sb: number, batch: number, n: number, k: number, prevAct: number): void;
  adam(p: number, g: number, m: number, v: number, size: number, b1: number, omb1: number, b2: number, omb2: number, stepSize: number, sqrtC2: number, eps: number): void;
}

/** Where the committed module lives, relative to this file. */
export const denseWasmUrl: URL = new URL('./wasm/dense.wasm', import.meta.url);

/** Instantiate `module` over `memory` (sync; the module is small and already compiled). */
export function instantiateDense(module: WebAssembly.Module, memory: WebAssembly.Memory): DenseExports {
  return new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as DenseExports;
}

/** Inputs of the load-time check: tanh's and sigmoid's working range, and where exp branches (x = 0.5 gives exp(1), …). */
function probe(): Float32Array {
  const xs: number[] = [0, -0, 0.5, -0.5, 1, -1, 1e-9, -1e-9, 352, -352, 353, -353, 800, -800, Infinity, -Infinity];
  for (let i = 0; i < 4000; i++) xs.push(Math.sin(i * 12.9898) * [40, 3, 0.4, 400][i % 4], 0.17328667 + i * 1e-10, -0.3465734 - i * 1e-10);
  return Float32Array.from(xs);
}

function activationsMatch(module: WebAssembly.Module): boolean {
  const xs = probe();
  const memory = new WebAssembly.Memory({ initial: Math.ceil((xs.length * 4) / 65536) });
  const k = instantiateDense(module, memory);
  const view = new Float32Array(memory.buffer, 0, xs.length);
  return (['tanh', 'sigmoid'] as const).every((name) => {
    view.set(xs);
    k.activate(name === 'tanh' ? 3 : 4, 0, xs.length);
    const want = new Float32Array(xs.length);
    activate(name, xs, want, xs.length);
    return want.every((y, i) => Object.is(y, view[i]));
  });
}

function fromModule(module: WebAssembly.Module): FusedKernels {
  const memory = new WebAssembly.Memory({ initial: 16 });
  const seam = copyingKernels(memory, instantiateDense(module, memory).gemmNT);
  return { gemmNT: seam.gemmNT, transpose: jsKernels.transpose, module, expExact: activationsMatch(module) };
}

/** Fused kernels from the module's bytes, synchronously; throws when they do not compile (e.g. no SIMD). */
export function fusedKernelsFromBytes(bytes: BufferSource): FusedKernels {
  return fromModule(new WebAssembly.Module(bytes));
}

/** Fused kernels fetched from `url` (default: the committed dense.wasm beside this file), for browsers; `null` when it does not load. */
export async function loadFusedKernelsFromUrl(url: string | URL = denseWasmUrl): Promise<FusedKernels | null> {
  return fetchWasmBytes(url, async (bytes) => fromModule(await WebAssembly.compile(bytes)));
}

/** Node: the fused kernels, loaded at import; `null` in a browser or without WebAssembly SIMD. */
export const fusedKernels: FusedKernels | null = loadNodeSync(denseWasmUrl, fusedKernelsFromBytes);

export function isFused(k: Kernels): k is FusedKernels {
  return (k as Partial<FusedKernels>).module instanceof WebAssembly.Module;
}
