/**
 * The resident storage of an Mlp on the whole-layer kernels (dense-kernels.ts): ONE
 * WebAssembly.Memory per network holds, in this order (16-byte aligned, offsets in floats),
 *
 *   params [P] · grads [P] · Adam m [P] · Adam v [P]       fixed, sized at construction
 *   acts[l] [cap × sizes[l]] · deltas[l] [cap × sizes[l]] · two transpose scratches
 *                                                          re-laid out when the batch capacity grows
 *
 * A forward or backward is one WASM call per layer with no copies but the input batch in and
 * dOut in. Growing the memory detaches every view, so `params`, `grads`, `weights`, `biases`
 * are re-created then: read them from the network at each use. The Adam slot holds the moments of
 * the Adam that last stepped this network's whole `params` (optim.ts).
 */
import { activate, type ActivationName } from './activations.js';
import { instantiateDense, type DenseExports, type FusedKernels } from './dense-kernels.js';
import { paramLayout, type MlpStore, type StoreSpec } from './mlp-store.js';

const CODES: Record<ActivationName, number> = { identity: 0, relu: 1, 'leaky-relu': 2, tanh: 3, sigmoid: 4 };
const PAGE = 65536;
const align = (floats: number) => (floats + 3) & ~3;

/** The store whose memory a Float32Array views (Adam finds its slot through this). */
const byBuffer = new WeakMap<ArrayBufferLike, FusedStore>();

/**
 * At most this many resident networks alive at once; beyond it new networks take plain storage
 * (same bits, copies per product). V8 reserves ~10 GB of address space per WebAssembly.Memory and
 * refuses more than ~13,000 here, after full GCs per refused allocation: holding 15,000 resident
 * networks took minutes, so we stop before. A network counts until its finalizer has run (after
 * a GC, between tasks), so one synchronous stretch that creates more than this many networks
 * gets plain storage for the rest of it even if it dropped the earlier ones.
 */
let residentLimit = 8192;
let live = 0;
const released = new FinalizationRegistry<void>(() => {
  live--;
});

/** Whether another resident network may be created now. */
export function residentAvailable(): boolean {
  return live < residentLimit;
}

/** Tests only: lower the limit (returns the previous one). @internal */
export function setResidentLimit(limit: number): number {
  const previous = residentLimit;
  residentLimit = limit;
  return previous;
}

export function residentStore(view: Float32Array): FusedStore | undefined {
  return byBuffer.get(view.buffer);
}

export class FusedStore implements MlpStore {
  private readonly memory: WebAssembly.Memory;
  private readonly k: DenseExports;
  private readonly total: number;
  private readonly layout: { weight: number[]; bias: number[]; total: number };
  /** Float offsets: grads, Adam m, Adam v, then the batch-dependent region. */
  private readonly gradsAt: number;
  private readonly mAt: number;
  private readonly vAt: number;
  private readonly dynamicAt: number;
  private actAt: number[] = [];
  private deltaAt: number[] = [];
  private scratchAAt = 0;
  private scratchBAt = 0;
  private capacity = 0;
  private lastBatch = 0;
  private readonly hiddenCode: number;
  private readonly outputCode: number;
  /** Activations the module does not run (tanh, sigmoid when its exp failed the check): TS runs them over the memory. */
  private readonly tsHidden: boolean;
  private readonly tsOutput: boolean;
  private f32!: Float32Array;
  params!: Float32Array;
  grads!: Float32Array;
  weights: Float32Array[] = [];
  biases: Float32Array[] = [];
  /** The Adam whose m and v live in this memory (optim.ts), if any. */
  adamOwner: { releaseSlot(): void } | null = null;

  constructor(
    private readonly spec: StoreSpec,
    kernels: FusedKernels,
  ) {
    this.layout = paramLayout(spec.sizes);
    this.total = this.layout.total;
    const p = align(this.total);
    this.gradsAt = p;
    this.mAt = 2 * p;
    this.vAt = 3 * p;
    this.dynamicAt = 4 * p;
    const exact = (a: ActivationName) => kernels.expExact || (a !== 'tanh' && a !== 'sigmoid');
    this.tsHidden = !exact(spec.activation);
    this.tsOutput = !exact(spec.outputActivation);
    this.hiddenCode = this.tsHidden ? 0 : CODES[spec.activation];
    this.outputCode = this.tsOutput ? 0 : CODES[spec.outputActivation];
    this.memory = new WebAssembly.Memory({ initial: Math.max(1, Math.ceil((this.dynamicAt * 4) / PAGE)) });
    this.k = instantiateDense(kernels.module, this.memory);
    this.refreshViews();
    live++;
    released.register(this, undefined);
  }

  private refreshViews(): void {
    const buf = this.memory.buffer;
    this.f32 = new Float32Array(buf);
    this.params = new Float32Array(buf, 0, this.total);
    this.grads = new Float32Array(buf, this.gradsAt * 4, this.total);
    const { sizes } = this.spec;
    this.weights = this.layout.weight.map((w, l) => this.params.subarray(w, w + sizes[l] * sizes[l + 1]));
    this.biases = this.layout.bias.map((b, l) => this.params.subarray(b, b + sizes[l + 1]));
    byBuffer.set(buf, this);
  }

  /** Adam m and v views (the slot reserved at construction). */
  adamMoments(): { m: Float32Array; v: Float32Array } {
    const buf = this.memory.buffer;
    return { m: new Float32Array(buf, this.mAt * 4, this.total), v: new Float32Array(buf, this.vAt * 4, this.total) };
  }

  /** optim.ts Adam.step's update over this store's params, grads and moments. */
  adam(b1: number, b2: number, stepSize: number, sqrtC2: number, eps: number): void {
    this.k.adam(0, this.gradsAt * 4, this.mAt * 4, this.vAt * 4, this.total, b1, 1 - b1, b2, 1 - b2, stepSize, sqrtC2, eps);
  }

  private ensure(batch: number): void {
    if (batch <= this.capacity) return;
    const { sizes } = this.spec;
    const capacity = Math.max(batch, this.capacity * 2);
    let off = this.dynamicAt;
    const actAt: number[] = [];
    const deltaAt: number[] = [];
    for (const s of sizes) {
      actAt.push(off);
      off += align(capacity * s);
      deltaAt.push(off);
      off += align(capacity * s);
    }
    const widest = Math.max(...sizes);
    const scratch = align(Math.max(capacity, widest) * widest);
    this.scratchAAt = off;
    this.scratchBAt = off + scratch;
    off += 2 * scratch;
    const have = this.memory.buffer.byteLength;
    if (off * 4 > have) {
      this.memory.grow(Math.ceil((off * 4 - have) / PAGE));
      this.refreshViews();
    }
    this.actAt = actAt;
    this.deltaAt = deltaAt;
    this.capacity = capacity;
  }

  forward(x: Float32Array, batch: number): Float32Array {
    const { sizes } = this.spec;
    const inputs = batch * sizes[0];
    // A growing memory would detach x if it viewed this network's own memory.
    const src = x.buffer === this.memory.buffer ? x.slice(0, inputs) : x.subarray(0, inputs);
    this.ensure(batch);
    this.lastBatch = batch;
    this.f32.set(src, this.actAt[0]);
    const last = sizes.length - 2;
    for (let l = 0; l <= last; l++) {
      const n = sizes[l + 1];
      const code = l === last ? this.outputCode : this.hiddenCode;
      this.k.denseForward(this.actAt[l] * 4, this.layout.weight[l] * 4, this.layout.bias[l] * 4, this.actAt[l + 1] * 4, batch, n, sizes[l], code);
      if (l === last ? this.tsOutput : this.tsHidden) {
        const out = this.f32.subarray(this.actAt[l + 1], this.actAt[l + 1] + batch * n);
        activate(l === last ? this.spec.outputActivation : this.spec.activation, out, out, batch * n);
      }
    }
    return this.f32.subarray(this.actAt[last + 1], this.actAt[last + 1] + batch * sizes[last + 1]);
  }

  backward(dOut: Float32Array, inputGrad: boolean): Float32Array | undefined {
    // Without a cached forward the offsets are unset and dOut would land on the parameters.
    if (this.capacity === 0) throw new Error('Mlp.backward() before any forward(): nothing to differentiate');
    const { sizes } = this.spec;
    const batch = this.lastBatch;
    const last = sizes.length - 2;
    const outs = batch * sizes[last + 1];
    this.f32.set(dOut.subarray(0, outs), this.deltaAt[last + 1]);
    const hidden = CODES[this.spec.activation];
    this.k.activateBackward(CODES[this.spec.outputActivation], this.actAt[last + 1] * 4, this.deltaAt[last + 1] * 4, this.deltaAt[last + 1] * 4, outs);
    for (let l = last; l >= 0; l--) {
      const prev = l === 0 && !inputGrad ? 0 : this.deltaAt[l] * 4;
      this.k.denseBackward(
        this.deltaAt[l + 1] * 4, this.actAt[l] * 4, this.layout.weight[l] * 4, (this.gradsAt + this.layout.weight[l]) * 4, (this.gradsAt + this.layout.bias[l]) * 4,
        prev, this.scratchAAt * 4, this.scratchBAt * 4, batch, sizes[l + 1], sizes[l], l > 0 ? hidden : 0,
      );
    }
    return inputGrad ? this.f32.subarray(this.deltaAt[0], this.deltaAt[0] + batch * sizes[0]) : undefined;
  }
}
