/**
 * NN core throughput: the workloads of the NN/PPO issue's table in one run, per kernel: TypeScript,
 * WASM SIMD (gemm.wasm, operands copied per product, the rest in TS) and WASM fused (dense.wasm,
 * the network resident in WASM memory; the same bits as WASM SIMD). The fused rows are read
 * against the WASM SIMD gemm peak: both run the same gemm.
 */
import { Rng } from '../../src/core/rng.js';
import { Mlp } from '../../src/nn/mlp.js';
import { Adam } from '../../src/nn/optim.js';
import { jsKernels, type Kernels } from '../../src/nn/kernels.js';
import { wasmKernels } from '../../src/nn/wasm-kernels.js';
import { fusedKernels } from '../../src/nn/dense-kernels.js';
import { measure, type BenchRow, type BenchSuite } from '../suite.js';

function updateMs(sizes: number[], batch: number, reps: number, kernels: Kernels = jsKernels): number {
  const rng = new Rng(0);
  const net = new Mlp({ sizes, activation: 'tanh' }, rng);
  net.kernels = kernels;
  const opt = new Adam(net.params.length, { lr: 1e-3 });
  const x = Float32Array.from({ length: batch * sizes[0] }, () => rng.normal());
  const d = Float32Array.from({ length: batch * sizes[sizes.length - 1] }, () => rng.normal() / batch);
  const step = () => {
    net.forward(x, batch);
    net.zeroGrad();
    net.backward(d);
    opt.step(net.params, net.grads);
  };
  step(); // untimed: the first forward allocates (and, resident, grows the memory and faults its pages in)
  const t0 = performance.now();
  for (let i = 0; i < reps; i++) step();
  return (performance.now() - t0) / reps;
}

function forwardMs(sizes: number[], reps: number, kernels: Kernels = jsKernels): number {
  const rng = new Rng(0);
  const net = new Mlp({ sizes }, rng);
  net.kernels = kernels;
  const x = Float32Array.from({ length: sizes[0] }, () => rng.normal());
  const t0 = performance.now();
  for (let i = 0; i < reps; i++) net.forward(x, 1);
  return (performance.now() - t0) / reps;
}

/** Multiply-adds of one forward + backward (dW and dx; dx of the first layer is skipped) per sample. */
function updateMacs(sizes: number[], batch: number): number {
  let macs = 0;
  for (let l = 0; l + 1 < sizes.length; l++) macs += sizes[l] * sizes[l + 1] * (l === 0 ? 2 : 3);
  return macs * batch;
}

/** GMAC/s of the bare gemm kernel on an n×n×n product: the roofline the update rows are read against. */
function gemmGmacs(kernels: Kernels, n: number, reps: number): number {
  const rng = new Rng(1);
  const a = Float32Array.from({ length: n * n }, () => rng.normal());
  const b = Float32Array.from({ length: n * n }, () => rng.normal());
  const out = new Float32Array(n * n);
  kernels.gemmNT(a, b, out, n, n, n);
  const t0 = performance.now();
  for (let i = 0; i < reps; i++) kernels.gemmNT(a, b, out, n, n, n);
  return (n * n * n * reps) / ((performance.now() - t0) * 1e6);
}

const ROOFLINE_SHAPES: number[][] = [[8, 64, 64, 5], [17, 256, 256, 6]];
const ROOFLINE_BATCHES = [32, 64, 256];

export const nnBench: BenchSuite = {
  name: 'nn',
  async run({ quick }, progress) {
    const runs = quick ? 2 : 5;
    const rows: BenchRow[] = [];
    const variants: [string, Kernels][] = [['TypeScript', jsKernels]];
    if (wasmKernels) variants.push(['WASM SIMD', wasmKernels]);
    if (fusedKernels) variants.push(['WASM fused', fusedKernels]);
    let peak: { value: number; label: string } | undefined;
    for (const [label, k] of variants) {
      progress(`${label}: PPO-sized update`);
      updateMs([8, 64, 64, 5], 256, 20, k);
      rows.push(await measure('nn', `${label}: PPO update, MLP 8→64→64→5, batch 256, fwd+bwd+Adam`, 'ms', runs, () => updateMs([8, 64, 64, 5], 256, quick ? 50 : 300, k), 'issue table: tfjs-cpu 16.0, tfjs-wasm 4.35, blocked JS 2.88, JS+WASM SIMD 1.25'));
      progress(`${label}: reward-model update`);
      rows.push(await measure('nn', `${label}: reward-model update, 3200 rows, MLP 16→64→64→1`, 'ms', runs, () => updateMs([16, 64, 64, 1], 3200, quick ? 5 : 30, k), 'issue table: tfjs-cpu 171, tfjs-wasm 31.6, blocked JS 30.4, JS+WASM SIMD 10.3'));
      progress(`${label}: single forward`);
      rows.push(await measure('nn', `${label}: single-observation forward, MLP 8→64→64→5`, 'ms', runs, () => forwardMs([8, 64, 64, 5], quick ? 5000 : 50_000, k), 'issue table: tfjs 0.038, blocked JS 0.009, WASM SIMD 0.0022'));
      if (label !== 'WASM fused' || !peak) {
        progress(`${label}: gemm peak`);
        const peakRow = await measure('nn', `${label}: gemm peak, 512×512×512`, 'GMAC/s', runs, () => gemmGmacs(k, 512, quick ? 2 : 10), 'the roofline for the update rows below');
        rows.push(peakRow);
        peak = { value: peakRow.value, label: "this kernel's gemm peak" };
      } else peak = { value: peak.value, label: 'the WASM SIMD gemm peak, the same gemm' };
      for (const sizes of ROOFLINE_SHAPES) {
        for (const batch of ROOFLINE_BATCHES) {
          progress(`${label}: roofline ${sizes.join('→')} batch ${batch}`);
          const reps = Math.max(5, Math.round((quick ? 2e7 : 2e8) / updateMacs(sizes, batch) / 10));
          const row = await measure('nn', `${label}: roofline, MLP ${sizes.join('→')}, batch ${batch}, fwd+bwd+Adam`, 'ms', runs, () => updateMs(sizes, batch, reps, k));
          const gmacs = updateMacs(sizes, batch) / (row.value * 1e6);
          row.notes = `${gmacs.toFixed(2)} GMAC/s = ${((100 * gmacs) / peak.value).toFixed(0)}% of ${peak.label} (${peak.value.toFixed(2)} GMAC/s)`;
          rows.push(row);
        }
      }
    }
    return rows;
  },
};
