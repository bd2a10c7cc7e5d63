/**
 * Start-up of a WorkerVectorEnv (worker-vector-env.ts), shared by `create` and `createSync`: the
 * options check, the threads (one start-up port and the control words each), and the two steps
 * of the handshake: the copies are made (spaces known) → the shared slots are sent and attached.
 */
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import { ConfigError, EnvStateError, SpaceMismatchError, UnknownEnvError, show } from '../core/errors.js';
import { Box } from '../core/spaces/box.js';
import { Discrete } from '../core/spaces/discrete.js';
import type { Space, SpaceJSON } from '../core/spaces/space.js';
import { workerEntry } from '../core/worker-entry.js';
import type { AutoresetMode } from './sync-vector-env.js';
import {
  COPY_INTS, CTRL_BYTES, CTRL_INTS, InfoDecoder, SideChannel, copyLayout, growableBuffer,
  type PlainError, type WorkerBuffers, type WorkerHello, type WorkerStart,
} from './worker-protocol.js';

export interface WorkerVectorEnvOptions {
  /** Registry id of the env, e.g. `Hopper-v5`. Required. */
  envId: string;
  /**
   * The module that registers env ids and exports `make(id, options)` (and `prepareEnv(id)`):
   * a URL or absolute specifier, e.g. `import.meta.resolve('rewardlab/envs')`. Required.
   */
  registry: string | URL;
  /** Env copies. Required, ≥ 1. */
  numEnvs: number;
  /** Options for `make(envId, envOptions)` of every copy (maxEpisodeSteps included). Default {}. */
  envOptions?: Record<string, unknown>;
  /** Worker threads; the copies are split into contiguous blocks. Default 1, at most numEnvs. */
  workers?: number;
  /** As SyncVectorEnv's. Default 'same-step'. */
  autoresetMode?: AutoresetMode;
}

/** Side-channel bytes per worker at start; it grows on demand up to the maximum. */
const SIDE_START = 1 << 16;
const SIDE_MAX = 1 << 28;

/** One worker's thread and its views of the shared memory. */
export interface Lane {
  worker: Worker;
  first: number;
  count: number;
  ctrl: Int32Array;
  ctrlF64: Float64Array;
  f64: Float64Array;
  i32: Int32Array;
  side: SideChannel;
  infos: InfoDecoder;
  seq: number;
}

const ERRORS: Record<string, { prototype: Error }> = { ConfigError, EnvStateError, SpaceMismatchError, UnknownEnvError, TypeError, RangeError };

/** Rebuild an error from a worker with its class (when it is one of ours), message and field/value. */
export function revive(e: PlainError): Error {
  const err = new Error(e.message);
  const proto = ERRORS[e.name]?.prototype;
  if (proto) Object.setPrototypeOf(err, proto);
  err.name = e.name;
  if (e.field !== undefined) Object.assign(err, { field: e.field, value: e.value });
  return err;
}

export function spaceFromJSON(json: SpaceJSON): Space<unknown> {
  if (json.kind === 'box') return new Box(json.low as number[], json.high as number[], json.shape as number[]);
  if (json.kind === 'discrete') return new Discrete(json.n as number, json.start as number);
  throw new ConfigError('observation/action space kind', json.kind, "WorkerVectorEnv carries 'box' and 'discrete' spaces");
}

export const obsSize = (s: Space<unknown>) => (s instanceof Box ? s.flatDim : 1);

export interface Thread {
  worker: Worker;
  /** The start-up channel (a port of its own, so a blocked thread can poll it). */
  port: MessagePort;
  ctrl: Int32Array;
  ctrlBuffer: SharedArrayBuffer;
  start: WorkerStart;
}

export type Ready = Extract<WorkerHello, { ready: unknown }>['ready'];

/** Start-up, shared by `create` and `createSync`: checks, threads, the handshake's two steps. */
export class Boot {
  readonly envId: string;
  readonly numEnvs: number;
  readonly autoresetMode: AutoresetMode;
  readonly threads: Thread[];
  ready?: Ready;

  constructor(options: WorkerVectorEnvOptions) {
    const { envId, numEnvs } = options;
    const workers = options.workers ?? 1;
    const autoresetMode = options.autoresetMode ?? 'same-step';
    if (typeof envId !== 'string' || envId === '') throw new ConfigError('envId', envId, 'must be a registered env id');
    if (options.registry === undefined) throw new ConfigError('registry', options.registry, 'must name the module that registers the env ids (e.g. rewardlab/envs)');
    if (!Number.isInteger(numEnvs) || numEnvs < 1) throw new ConfigError('numEnvs', numEnvs, 'must be an integer ≥ 1');
    if (!Number.isInteger(workers) || workers < 1) throw new ConfigError('workers', workers, 'must be an integer ≥ 1');
    if (workers > numEnvs) throw new ConfigError('workers', workers, `must be at most numEnvs = ${numEnvs} (each worker steps at least one copy)`);
    if (autoresetMode !== 'same-step' && autoresetMode !== 'next-step') throw new ConfigError('autoresetMode', autoresetMode, "must be 'same-step' or 'next-step'");
    this.envId = envId;
    this.numEnvs = numEnvs;
    this.autoresetMode = autoresetMode;
    const registry = String(options.registry);
    this.threads = Array.from({ length: workers }, (_, w) => {
      const first = Math.floor((w * numEnvs) / workers);
      const ctrlBuffer = new SharedArrayBuffer(CTRL_BYTES);
      const { port1, port2 } = new MessageChannel();
      const start: WorkerStart = { registry, envId, envOptions: options.envOptions ?? {}, first, count: Math.floor(((w + 1) * numEnvs) / workers) - first, ctrl: ctrlBuffer, port: port2 };
      const worker = new Worker(workerEntry(import.meta.url, 'vector-env-worker'), { workerData: start, transferList: [port2] });
      return { worker, port: port1, ctrl: new Int32Array(ctrlBuffer, 0, CTRL_INTS), ctrlBuffer, start };
    });
  }

  exitedError(code?: number): Error {
    return new Error(`a WorkerVectorEnv thread for ${show(this.envId)} exited during start-up${code === undefined ? '' : ` (code ${code})`}`);
  }

  /** Step 1: every thread made its copies; allocate and send the shared slots. */
  attach(hellos: WorkerHello[]): Lane[] {
    const failed = hellos.find((h): h is Extract<WorkerHello, { failed: unknown }> => 'failed' in h);
    if (failed) throw revive(failed.failed);
    this.ready = (hellos[0] as Extract<WorkerHello, { ready: unknown }>).ready;
    const obsDim = obsSize(spaceFromJSON(this.ready.observationSpace as SpaceJSON));
    const actDim = obsSize(spaceFromJSON(this.ready.actionSpace as SpaceJSON));
    const layout = copyLayout(obsDim, actDim);
    return this.threads.map(({ worker, port, ctrl, ctrlBuffer, start }) => {
      const buffers: WorkerBuffers = {
        slotsF64: new SharedArrayBuffer(start.count * layout.size * 8),
        slotsI32: new SharedArrayBuffer(start.count * COPY_INTS * 4),
        bytes: growableBuffer(SIDE_START, SIDE_MAX),
        obsDim,
        actDim,
      };
      port.postMessage({ buffers, autoresetMode: this.autoresetMode });
      return {
        worker, first: start.first, count: start.count, ctrl, ctrlF64: new Float64Array(ctrlBuffer, CTRL_INTS * 4),
        f64: new Float64Array(buffers.slotsF64), i32: new Int32Array(buffers.slotsI32), side: new SideChannel(buffers.bytes, ctrl),
        infos: new InfoDecoder(), seq: 0,
      };
    });
  }

  /** Step 2: every thread holds the slots and waits for commands; the threads stop holding the process. */
  attached(hellos: WorkerHello[]): void {
    if (!hellos.every((h) => 'attached' in h)) throw new Error('a WorkerVectorEnv thread did not attach the shared memory');
    for (const t of this.threads) {
      t.port.close();
      t.worker.unref();
    }
  }

  async abort(): Promise<void> {
    for (const t of this.threads) t.port.close();
    await Promise.all(this.threads.map((t) => t.worker.terminate()));
  }
}
