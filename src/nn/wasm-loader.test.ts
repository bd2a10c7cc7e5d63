import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { jsKernels } from './kernels.js';
import { gemmWasmUrl, kernelsFromBytes, loadKernelsFromUrl } from './wasm-kernels.js';
import { denseWasmUrl, fusedKernelsFromBytes, loadFusedKernelsFromUrl } from './dense-kernels.js';
import { Mlp } from './mlp.js';
import { Rng } from '../core/rng.js';

// The browser path: the module arrives as bytes (injected, or fetched), never through node:fs.
const bytes = readFileSync(gemmWasmUrl);

function product(kernels: typeof jsKernels, m: number, n: number, k: number): Float32Array {
  const a = Float32Array.from({ length: m * k }, (_, i) => Math.sin(i * 0.7));
  const b = Float32Array.from({ length: n * k }, (_, i) => Math.cos(i * 0.3));
  const out = new Float32Array(m * n);
  kernels.gemmNT(a, b, out, m, n, k);
  return out;
}

describe('wasm kernel loader without node:fs', () => {
  afterEach(() => { vi.unstubAllGlobals(); });

  it('kernelsFromBytes multiplies like the TypeScript reference (odd shape 3×5×7)', () => {
    const got = product(kernelsFromBytes(bytes), 3, 5, 7);
    const want = product(jsKernels, 3, 5, 7);
    for (let i = 0; i < want.length; i++) expect(got[i]).toBeCloseTo(want[i], 5);
  });

  it('loadKernelsFromUrl fetches and instantiates; null when the fetch fails', async () => {
    const urls: string[] = [];
    vi.stubGlobal('fetch', async (url: string | URL) => {
      urls.push(String(url));
      return String(url).endsWith('missing.wasm') ? new Response(null, { status: 404 }) : new Response(bytes);
    });
    const kernels = await loadKernelsFromUrl();
    expect(urls).toEqual([gemmWasmUrl.href]);
    expect(kernels).not.toBeNull();
    expect(Array.from(product(kernels!, 4, 6, 9))).toEqual(Array.from(product(kernelsFromBytes(bytes), 4, 6, 9)));
    expect(await loadKernelsFromUrl('http://example.invalid/missing.wasm')).toBeNull();
  });

  it('kernelsFromBytes rejects bytes that are not a module', () => {
    expect(() => kernelsFromBytes(new Uint8Array([0, 1, 2, 3]))).toThrow();
  });

  it('the whole-layer kernels load from bytes or a fetch too, and a network runs on them resident', async () => {
    const dense = readFileSync(denseWasmUrl);
    const urls: string[] = [];
    vi.stubGlobal('fetch', async (url: string | URL) => {
      urls.push(String(url));
      return String(url).endsWith('missing.wasm') ? new Response(null, { status: 404 }) : new Response(dense);
    });
    const fetched = await loadFusedKernelsFromUrl();
    expect(urls).toEqual([denseWasmUrl.href]);
    expect(await loadFusedKernelsFromUrl('http://example.invalid/missing.wasm')).toBeNull();
    const fromBytes = fusedKernelsFromBytes(dense);
    expect(Array.from(product(fromBytes, 3, 5, 7))).toEqual(Array.from(product(kernelsFromBytes(bytes), 3, 5, 7)));
    const outputs = [fetched!, fromBytes].map((k) => {
      const net = new Mlp({ sizes: [3, 4, 2] }, new Rng(1));
      net.kernels = k;
      expect(net.resident).toBe(true);
      return Array.from(net.forward(Float32Array.of(0.1, -0.2, 0.3), 1));
    });
    const reference = new Mlp({ sizes: [3, 4, 2] }, new Rng(1));
    reference.kernels = kernelsFromBytes(bytes);
    expect(outputs).toEqual([0, 1].map(() => Array.from(reference.forward(Float32Array.of(0.1, -0.2, 0.3), 1))));
  });
});
