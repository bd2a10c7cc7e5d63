/**
 * The WebAssembly SIMD implementation of the kernel seam (source: wasm/gemm.ts, built by
 * wasm/build.sh, the 1.4 KB .wasm is committed). Operands are copied into the module's linear
 * memory, multiplied with f32x4 lanes (float32 accumulation), and copied back; transposes stay
 * in TypeScript.
 *
 * Loading: under Node the bytes are read synchronously at import (`wasmKernels`, `null` when
 * WebAssembly SIMD is unavailable). Elsewhere (a browser) nothing touches `node:fs`: call
 * `loadKernelsFromUrl()` (fetch + WebAssembly.instantiate), or `kernelsFromBytes(bytes)` with
 * bytes you fetched or bundled yourself.
 */
import { jsKernels, type Kernels } from './kernels.js';
import { fetchWasmBytes, loadNodeSync } from './wasm-bytes.js';

export type Gemm = (a: number, b: number, out: number, m: number, n: number, k: number, accumulate: number) => void;

/** Where the committed module lives, relative to this file. */
export const gemmWasmUrl: URL = new URL('./wasm/gemm.wasm', import.meta.url);

const imports = { env: { abort: () => { throw new Error('wasm kernel aborted'); } } };

function fromInstance(instance: WebAssembly.Instance): Kernels {
  return copyingKernels(instance.exports.memory as WebAssembly.Memory, instance.exports.gemmNT as Gemm);
}

/** The seam over a module's gemm whose operands are copied into `memory` (from offset 0) and back. */
export function copyingKernels(memory: WebAssembly.Memory, gemm: Gemm): Kernels {
  let view = new Float32Array(memory.buffer);
  const ensure = (floats: number) => {
    const bytes = floats * 4;
    if (bytes > memory.buffer.byteLength) memory.grow(Math.ceil((bytes - memory.buffer.byteLength) / 65536));
    if (view.buffer !== memory.buffer) view = new Float32Array(memory.buffer);
  };
  return {
    gemmNT(a, b, out, m, n, k, accumulate = false) {
      const na = m * k;
      const nb = n * k;
      const no = m * n;
      ensure(na + nb + no);
      view.set(a.subarray(0, na), 0);
      view.set(b.subarray(0, nb), na);
      if (accumulate) view.set(out.subarray(0, no), na + nb);
      gemm(0, na * 4, (na + nb) * 4, m, n, k, accumulate ? 1 : 0);
      out.set(view.subarray(na + nb, na + nb + no));
    },
    transpose: jsKernels.transpose,
  };
}

/** Kernels from the module's bytes, synchronously (no file system, no fetch); throws when the bytes do not compile (e.g. no SIMD). */
export function kernelsFromBytes(bytes: BufferSource): Kernels {
  return fromInstance(new WebAssembly.Instance(new WebAssembly.Module(bytes), imports));
}

/** Kernels fetched from `url` (default: the committed gemm.wasm beside this file), for browsers; `null` when it does not load. */
export async function loadKernelsFromUrl(url: string | URL = gemmWasmUrl): Promise<Kernels | null> {
  return fetchWasmBytes(url, async (bytes) => fromInstance((await WebAssembly.instantiate(bytes, imports)).instance));
}

export const wasmKernels: Kernels | null = loadNodeSync(gemmWasmUrl, kernelsFromBytes);
