/**
 * The hot loops of the NN core, behind one seam so a WebAssembly SIMD implementation can
 * replace the plain TypeScript one without touching layers. Matrices are row-major
 * Float32Array; shapes are passed explicitly. Every function writes into `out` (and
 * accumulates when `accumulate` is set) so callers control allocation.
 */

export interface Kernels {
  /** out[m×n] (+)= a[m×k] · b[k×n] */
  matmul(a: Float32Array, b: Float32Array, out: Float32Array, m: number, k: number, n: number, accumulate?: boolean): void;
  /** out[k×n] (+)= a[m×k]ᵀ · b[m×n] (weight gradients) */
  matmulTransA(a: Float32Array, b: Float32Array, out: Float32Array, m: number, k: number, n: number, accumulate?: boolean): void;
  /** out[m×k] (+)= a[m×n] · b[k×n]ᵀ (input gradients) */
  matmulTransB(a: Float32Array, b: Float32Array, out: Float32Array, m: number, n: number, k: number, accumulate?: boolean): void;
}

export const jsKernels: Kernels = {
  matmul(a, b, out, m, k, n, accumulate = false) {
    if (!accumulate) out.fill(0, 0, m * n);
    for (let i = 0; i < m; i++) {
      const ao = i * k;
      const oo = i * n;
      for (let p = 0; p < k; p++) {
        const av = a[ao + p];
        if (av === 0) continue;
        const bo = p * n;
        for (let j = 0; j < n; j++) out[oo + j] += av * b[bo + j];
      }
    }
  },
  matmulTransA(a, b, out, m, k, n, accumulate = false) {
    if (!accumulate) out.fill(0, 0, k * n);
    for (let i = 0; i < m; i++) {
      const ao = i * k;
      const bo = i * n;
      for (let p = 0; p < k; p++) {
        const av = a[ao + p];
        if (av === 0) continue;
        const oo = p * n;
        for (let j = 0; j < n; j++) out[oo + j] += av * b[bo + j];
      }
    }
  },
  matmulTransB(a, b, out, m, n, k, accumulate = false) {
    for (let i = 0; i < m; i++) {
      const ao = i * n;
      for (let p = 0; p < k; p++) {
        const bo = p * n;
        let s = 0;
        for (let j = 0; j < n; j++) s += a[ao + j] * b[bo + j];
        out[i * k + p] = accumulate ? out[i * k + p] + s : s;
      }
    }
  },
};
