/**
 * The shared memory between a `WorkerVectorEnv` (worker-vector-env.ts) and each of its worker
 * threads (vector-env-worker.ts). Nothing on the hot path is posted: the main thread writes the
 * actions into shared memory and bumps a sequence number; the worker steps its copies, writes
 * observations, rewards, flags, evaluations and flat numeric infos back, and bumps its own.
 *
 * Per worker, three SharedArrayBuffers:
 * - `ctrl` (Int32 + Float64 words, given at start): sequence numbers, the command, its arguments, the status;
 * - `slots`: per copy a Float64 block (obs, final obs, reward, evaluation, action, two info
 *   slots) and an Int32 block (flags, action kind, info shapes);
 * - `bytes` (growable): the side channel, v8-serialised, written only when something does not
 *   fit the slots: an info whose keys the main thread has not seen yet (its key list, once per
 *   shape), an info that is not flat numbers, an action that is not a number or numeric array of
 *   the action size, reset options, a rendered scene, an error.
 *
 * Infos: an info whose values are all numbers (MuJoCo's reward terms, CartPole's `{}`) travels
 * as its values in a Float64 slot plus a shape id; the key list of a shape is sent once through
 * the side channel. Float64 carries every number exactly (−0 and NaN included), so infos come
 * back equal to the env's.
 */
import { deserialize, serialize } from 'node:v8';
import type { Info } from '../core/env.js';

// ctrl Int32 words
export const SEQ = 0; // main → worker: bumped for every command
export const DONE = 1; // worker → main: the SEQ it finished
export const CMD = 2; // the command
export const ARG = 3; // command argument (RESET: has seed; RENDER: local copy index)
export const STATUS = 4; // OK | FAILED (error in `bytes`) | DEAD (the worker thread is exiting)
export const BYTES_LEN = 5; // bytes of the side channel written for this command/answer (0 = none)
export const CTRL_INTS = 8;
// ctrl Float64 words (after the Int32 words)
export const F_SEED = 0;
export const CTRL_BYTES = CTRL_INTS * 4 + 8 * 2;

export const Cmd = { Step: 1, Reset: 2, Render: 3, Close: 4 } as const;
export const Status = { Ok: 0, Failed: 1, Dead: 2 } as const;

/** How an action travels: in the Float64 slot as one of these types, or through the side channel. */
export const ActionKind = { Number: 0, Float32: 1, Float64: 2, Array: 3, Side: 4 } as const;

/** Per-copy Int32 words. */
export const I_TERMINATED = 0;
export const I_TRUNCATED = 1;
/** 1: the step ended an episode and reset it ('same-step'); 2: the copy was reset instead of stepped ('next-step'). */
export const I_RESET = 2;
export const I_HAS_EVAL = 3;
export const I_ACTION_KIND = 4;
/** Shape id of the step info and of the reset info: ≥ 0 flat numbers in the slot, −1 none, −2 in the side channel. */
export const I_STEP_SHAPE = 5;
export const I_RESET_SHAPE = 6;
export const COPY_INTS = 8;

export const NO_INFO = -1;
export const SIDE_INFO = -2;
/** Numbers an info may hold to travel in its slot; bigger infos go through the side channel. */
export const INFO_CAPACITY = 64;

/** Float64 offsets inside one copy's block. */
export interface CopyLayout {
  obs: number;
  finalObs: number;
  reward: number;
  evalReward: number;
  evalPerformance: number;
  action: number;
  stepInfo: number;
  resetInfo: number;
  /** Float64 words per copy. */
  size: number;
}

export function copyLayout(obsDim: number, actDim: number): CopyLayout {
  const obs = 0;
  const finalObs = obs + obsDim;
  const reward = finalObs + obsDim;
  const evalReward = reward + 1;
  const evalPerformance = evalReward + 1;
  const action = evalPerformance + 1;
  const stepInfo = action + actDim;
  const resetInfo = stepInfo + INFO_CAPACITY;
  return { obs, finalObs, reward, evalReward, evalPerformance, action, stepInfo, resetInfo, size: resetInfo + INFO_CAPACITY };
}

/** The buffers of one worker, sent once after the handshake. */
export interface WorkerBuffers {
  slotsF64: SharedArrayBuffer;
  slotsI32: SharedArrayBuffer;
  bytes: SharedArrayBuffer;
  obsDim: number;
  actDim: number;
}

/** What the main thread hands each worker at start (workerData). */
export interface WorkerStart {
  registry: string;
  envId: string;
  envOptions: Record<string, unknown>;
  /** Global index of the worker's first copy and the number of its copies. */
  first: number;
  count: number;
  /** Control words (CTRL_BYTES), given at start so a thread that dies while starting can say so. */
  ctrl: SharedArrayBuffer;
  /** The start-up channel: hellos go out on it, the buffers come in on it. */
  port: import('node:worker_threads').MessagePort;
}

/** Messages a worker posts during the handshake (never on the hot path). */
export type WorkerHello =
  | { ready: { observationSpace: unknown; actionSpace: unknown; spec?: { id: string; maxEpisodeSteps?: number }; metadata: unknown } }
  | { failed: PlainError }
  | { attached: true };

export interface PlainError {
  name: string;
  message: string;
  field?: string;
  value?: unknown;
}

export function plainError(e: unknown): PlainError {
  const err = e as { name?: string; message?: string; field?: unknown; value?: unknown };
  const out: PlainError = { name: err?.name ?? 'Error', message: err?.message ?? String(e) };
  if (typeof err?.field === 'string') {
    out.field = err.field;
    try {
      serialize(err.value);
      out.value = err.value;
    } catch {
      out.value = String(err.value);
    }
  }
  return out;
}

/** A growable SharedArrayBuffer (ES2024; Node ≥ 20 has it, our lib is ES2022). */
type GrowableBuffer = SharedArrayBuffer & { grow(byteLength: number): void; readonly maxByteLength: number };

export function growableBuffer(byteLength: number, maxByteLength: number): SharedArrayBuffer {
  const Ctor = SharedArrayBuffer as unknown as new (n: number, o: { maxByteLength: number }) => SharedArrayBuffer;
  return new Ctor(byteLength, { maxByteLength });
}

/** The side channel: one serialised value in a growable shared byte buffer. */
export class SideChannel {
  private view: Uint8Array;
  private readonly buffer: GrowableBuffer;
  constructor(
    buffer: SharedArrayBuffer,
    private readonly ctrl: Int32Array,
  ) {
    this.buffer = buffer as GrowableBuffer;
    this.view = new Uint8Array(buffer); // length-tracking on a growable buffer
  }

  write(value: unknown): void {
    const data = serialize(value);
    if (data.length > this.buffer.byteLength) {
      if (data.length > this.buffer.maxByteLength) throw new RangeError(`a side-channel message of ${data.length} bytes exceeds the channel's ${this.buffer.maxByteLength}`);
      this.buffer.grow(Math.min(this.buffer.maxByteLength, Math.max(data.length, 2 * this.buffer.byteLength)));
      this.view = new Uint8Array(this.buffer);
    }
    this.view.set(data);
    this.ctrl[BYTES_LEN] = data.length;
  }

  clear(): void {
    this.ctrl[BYTES_LEN] = 0;
  }

  /** The value written for the current command or answer, or undefined when none was. */
  read<T>(): T | undefined {
    const n = this.ctrl[BYTES_LEN];
    if (n === 0) return undefined;
    if (this.view.length < n) this.view = new Uint8Array(this.buffer);
    return deserialize(this.view.subarray(0, n)) as T;
  }
}

/** Worker side: writes infos into slots, registering key lists the main thread has not seen. */
export class InfoEncoder {
  private readonly ids = new Map<string, number>();
  /** Last keys and shape id per (copy, slot), so a repeated shape costs a key comparison. */
  private readonly last: { keys: string[]; id: number }[] = [];
  /** Shapes and side-channel infos of the current answer, sent with it. */
  newShapes: [number, string[]][] = [];
  side: [number, number, Info][] = [];

  /** Write `info` at `f64[offset…]`; returns the shape id for the copy's Int32 word. */
  encode(info: Info, copy: number, slot: 0 | 1, f64: Float64Array, offset: number): number {
    const keys = Object.keys(info);
    if (keys.length > INFO_CAPACITY) return this.toSide(info, copy, slot);
    for (let k = 0; k < keys.length; k++) if (typeof info[keys[k]] !== 'number') return this.toSide(info, copy, slot);
    const memo = this.last[2 * copy + slot];
    let id: number;
    if (memo && sameKeys(memo.keys, keys)) id = memo.id;
    else {
      const sig = keys.join('\u0000');
      let known = this.ids.get(sig);
      if (known === undefined) {
        known = this.ids.size;
        this.ids.set(sig, known);
        this.newShapes.push([known, keys]);
      }
      id = known;
      this.last[2 * copy + slot] = { keys, id };
    }
    for (let k = 0; k < keys.length; k++) f64[offset + k] = info[keys[k]] as number;
    return id;
  }

  private toSide(info: Info, copy: number, slot: 0 | 1): number {
    this.side.push([copy, slot, info]);
    return SIDE_INFO;
  }

  /** Forget the side-channel infos of an answer that failed (its new shapes are still sent with the next). */
  dropSide(): void {
    this.side = [];
  }

  /** What must go through the side channel with this answer, or undefined. */
  take(): { shapes: [number, string[]][]; side: [number, number, Info][] } | undefined {
    if (this.newShapes.length === 0 && this.side.length === 0) return undefined;
    const out = { shapes: this.newShapes, side: this.side };
    this.newShapes = [];
    this.side = [];
    return out;
  }
}

function sameKeys(a: string[], b: string[]): boolean {
  if (a.length !== b.length) return false;
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return false;
  return true;
}

/** Main side: rebuilds infos from slots, shapes and side-channel entries. */
export class InfoDecoder {
  private readonly shapes: string[][] = [];
  private side = new Map<number, Info>();

  /** Take in an answer's side-channel part (before decoding its infos). */
  absorb(extra: { shapes: [number, string[]][]; side: [number, number, Info][] } | undefined): void {
    this.side.clear();
    if (!extra) return;
    for (const [id, keys] of extra.shapes) this.shapes[id] = keys;
    for (const [copy, slot, info] of extra.side) this.side.set(2 * copy + slot, info);
  }

  decode(shape: number, copy: number, slot: 0 | 1, f64: Float64Array, offset: number): Info {
    if (shape === SIDE_INFO) return this.side.get(2 * copy + slot)!;
    const keys = this.shapes[shape];
    const info: Info = {};
    for (let k = 0; k < keys.length; k++) info[keys[k]] = f64[offset + k];
    return info;
  }
}
