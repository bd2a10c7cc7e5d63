/**
 * The WebAssembly SIMD implementation of the kernel seam (source: wasm/gemm.ts, built by
 * wasm/build.sh, the 1.4 KB .wasm is committed). Operands are copied into the module's linear
 * memory, multiplied with f32x4 lanes (float32 accumulation), and copied back; transposes stay
 * in TypeScript. `null` when WebAssembly SIMD is unavailable.
 */
import { readFileSync } from 'node:fs';
import { jsKernels, type Kernels } from './kernels.js';

type Gemm = (a: number, b: number, out: number, m: number, n: number, k: number, accumulate: number) => void;

function load(): Kernels | null {
  let instance: WebAssembly.Instance;
  try {
    const bytes = readFileSync(new URL('./wasm/gemm.wasm', import.meta.url));
    instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { abort: () => { throw new Error('wasm kernel aborted'); } } });
  } catch {
    return null;
  }
  const memory = instance.exports.memory as WebAssembly.Memory;
  const gemm = instance.exports.gemmNT as Gemm;
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

export const wasmKernels: Kernels | null = load();
