/**
 * The critic's update on a second thread (`updateThreads: 2`, issue 18 item 2: both cores).
 * The worker (ppo-critic-worker.ts) holds a copy of the critic and its Adam state and runs the
 * same `CriticStep` the agent's thread runs with one thread; the agent does the actor's half of
 * each minibatch meanwhile. Per update() the job (observations, returns, old values and every
 * epoch's minibatch orders) goes over once; per minibatch the two threads meet through a
 * SharedArrayBuffer: the worker publishes the critic gradient's sum of squares, the agent
 * publishes the global clip scale, both step. Everything here is synchronous (Atomics.wait and
 * `receiveMessageOnPort`), so `Ppo.update()` stays a plain function. The agent's critic gets the
 * new weights after each update (it computes values in the rollouts); the Adam moments stay in
 * the worker until a checkpoint asks for them (`pull`) and go back after a restore (`push`).
 * `node:worker_threads` is fetched when a thread starts, not imported, so ppo.ts still loads
 * where there is none (a browser bundle running `updateThreads: 1`).
 */
import type { MessagePort, Worker } from 'node:worker_threads';
import { workerEntry } from '../core/worker-entry.js';
import type { Adam, AdamState } from '../nn/optim.js';
import type { Mlp, MlpInit } from '../nn/mlp.js';
import { CriticStep, type CriticJob, type CriticUpdate } from './ppo-critic-step.js';

/** Int32 slots of the shared control block. */
export const SLOT = { gradients: 0, scales: 1, replies: 2, failed: 3 } as const;
/** Float64 slots, after the 8 Int32 slots (32 bytes). */
export const VALUE = { squares: 0, scale: 1 } as const;
export const SHARED_BYTES = 32 + 16;

/** What the worker is started with. */
export interface CriticWorkerData {
  port: MessagePort;
  shared: SharedArrayBuffer;
  critic: { sizes: number[]; activation: Mlp['spec']['activation']; init: MlpInit };
  adam: { lr: number; eps: number };
}

export type CriticMessage = { type: 'load'; params: Float32Array; adam: AdamState } | { type: 'update'; job: CriticJob } | { type: 'pull' };
export type CriticReply = { valueLossSum: number; params: Float32Array } | { params: Float32Array; adam: AdamState } | { error: { name: string; message: string; stack?: string } };

/** Busy-wait this many polls before sleeping in Atomics.wait (the other thread is usually a few µs away). */
const SPIN = 4000;
/** Give up when the worker makes no progress for this long (it died without a word). */
const TIMEOUT_MS = 300_000;

type WorkerThreads = typeof import('node:worker_threads');
let loaded: WorkerThreads | null = null;
function workerThreads(): WorkerThreads {
  if (loaded) return loaded;
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const mod = proc?.getBuiltinModule?.('node:worker_threads') as WorkerThreads | undefined;
  if (!mod) throw new Error('updateThreads 2 needs Node worker threads (node:worker_threads), which this runtime lacks: use updateThreads 1');
  return (loaded = mod);
}

/** Block until `ctl[slot] ≥ value`, or throw when the other side failed or went silent. */
export function waitFor(ctl: Int32Array, slot: number, value: number, failed: () => never): void {
  let waited = 0;
  for (let spin = 0; ; spin++) {
    const cur = Atomics.load(ctl, slot);
    if (cur >= value) return;
    if (Atomics.load(ctl, SLOT.failed)) failed();
    if (spin < SPIN) continue;
    if (Atomics.wait(ctl, slot, cur, 1000) === 'timed-out' && (waited += 1000) >= TIMEOUT_MS) {
      throw new Error(`the PPO critic thread gave no answer in ${TIMEOUT_MS / 1000} s (it may have died)`);
    }
  }
}

/** The critic's update of `critic` (stepped by `opt`) with `threads` update threads: in this thread (1) or on a critic thread (2). */
export function criticUpdate(threads: 1 | 2, critic: Mlp, opt: Adam, o: { activation: Mlp['spec']['activation']; init: MlpInit; lr: number; eps: number }): CriticUpdate {
  if (threads === 1) return new CriticStep(critic, opt);
  return new CriticThread(critic, { critic: { sizes: critic.spec.sizes, activation: o.activation, init: o.init }, adam: { lr: o.lr, eps: o.eps } }, opt.state());
}

export class CriticThread implements CriticUpdate {
  private worker: Worker;
  private port: MessagePort;
  private ctl: Int32Array;
  private values: Float64Array;
  private replies = 0;
  private minibatches = 0;
  private busy = false;
  private crash: Error | null = null;
  private failure: Error | null = null;

  /** Start a worker with a copy of `critic` and its optimizer state. */
  constructor(
    private readonly critic: Mlp,
    private readonly spec: Omit<CriticWorkerData, 'port' | 'shared'>,
    adam: AdamState,
  ) {
    ({ worker: this.worker, port: this.port, ctl: this.ctl, values: this.values } = this.start());
    this.push(adam);
  }

  private start() {
    const { MessageChannel, Worker } = workerThreads();
    const shared = new SharedArrayBuffer(SHARED_BYTES);
    const { port1, port2 } = new MessageChannel();
    const data: CriticWorkerData = { ...this.spec, port: port2, shared };
    const worker = new Worker(workerEntry(import.meta.url, 'ppo-critic-worker'), { workerData: data, transferList: [port2] });
    worker.unref(); // the agent blocks on it synchronously; an idle thread keeps nothing alive
    worker.on('error', (e) => (this.crash = e));
    worker.on('exit', (code) => (this.crash ??= new Error(`the PPO critic thread exited (code ${code})`)));
    this.crash = null;
    this.failure = null;
    this.replies = 0;
    this.minibatches = 0;
    this.busy = false;
    return { worker, port: port1, ctl: new Int32Array(shared, 0, 8), values: new Float64Array(shared, 32, 2) };
  }

  /** Send the agent's critic weights and `adam` to the worker (after a restore), restarting it if an update was cut short. */
  push(adam: AdamState): void {
    if (this.busy) {
      void this.worker.terminate();
      ({ worker: this.worker, port: this.port, ctl: this.ctl, values: this.values } = this.start());
    }
    const own = { t: adam.t, m: adam.m.slice(), v: adam.v.slice() }; // views into WASM memory would clone the whole memory
    this.post({ type: 'load', params: this.critic.params.slice(), adam: own });
  }

  /** The worker's critic weights (into the agent's critic) and Adam state, for a checkpoint. */
  pull(): AdamState {
    this.idle('a checkpoint');
    this.post({ type: 'pull' });
    const r = this.receive() as { params: Float32Array; adam: AdamState };
    this.critic.params.set(r.params);
    return r.adam;
  }

  begin(job: CriticJob): void {
    this.idle('update()');
    this.post({ type: 'update', job });
    this.busy = true;
  }

  gradient(): number {
    waitFor(this.ctl, SLOT.gradients, this.minibatches + 1, () => this.fail());
    return this.values[VALUE.squares];
  }

  step(scale: number): void {
    this.values[VALUE.scale] = scale;
    Atomics.store(this.ctl, SLOT.scales, ++this.minibatches);
    Atomics.notify(this.ctl, SLOT.scales);
  }

  end(): number {
    const r = this.receive() as { valueLossSum: number; params: Float32Array };
    this.busy = false;
    this.critic.params.set(r.params);
    return r.valueLossSum;
  }

  close(): void {
    void this.worker.terminate();
  }

  private idle(what: string): void {
    if (this.busy) throw new Error(`${what} while the PPO critic thread is still in an update that stopped midway: load() a checkpoint to go on`);
  }

  private post(m: CriticMessage): void {
    if (this.crash || this.failure) this.fail();
    this.port.postMessage(m);
  }

  private receive(): CriticReply {
    waitFor(this.ctl, SLOT.replies, ++this.replies, () => this.fail());
    const r = workerThreads().receiveMessageOnPort(this.port)?.message as CriticReply | undefined;
    if (!r) throw new Error('the PPO critic thread signalled a reply but none arrived');
    if ('error' in r) this.fail(r);
    return r;
  }

  /** Throw the worker's error (from its message, or the thread's death); the same one on every later call. */
  private fail(reply?: CriticReply): never {
    let r = reply;
    for (let m; !this.failure && !r && (m = workerThreads().receiveMessageOnPort(this.port)); ) if ('error' in (m.message as CriticReply)) r = m.message as CriticReply;
    if (r && 'error' in r) this.failure = Object.assign(new Error(`PPO critic thread: ${r.error.message}`), { name: r.error.name, stack: r.error.stack });
    throw (this.failure ??= this.crash ?? new Error('the PPO critic thread failed'));
  }
}
