/**
 * One worker thread of a `WorkerVectorEnv` (worker-vector-env.ts): imports the registry module it
 * is given, makes its block of copies there, tells the main thread their spaces, receives the
 * shared buffers (worker-protocol.ts) and then serves commands in a synchronous loop: wait on the
 * sequence word, run the command on its copies with SyncVectorEnv's autoreset rules, write the
 * answer, bump its done word. No message is posted after the handshake.
 */
import { workerData } from 'node:worker_threads';
import type { AnyEnv, Info, ResetOptions } from '../core/env.js';
import { unseal } from '../core/sealed.js';
import type { AutoresetMode } from './sync-vector-env.js';
import {
  ARG, ActionKind, CMD, CTRL_INTS, Cmd, COPY_INTS, DONE, F_SEED, I_ACTION_KIND, I_HAS_EVAL, I_RESET, I_RESET_SHAPE, I_STEP_SHAPE,
  I_TERMINATED, I_TRUNCATED, InfoEncoder, NO_INFO, SEQ, STATUS, SideChannel, Status, copyLayout, plainError,
  type WorkerBuffers, type WorkerHello, type WorkerStart,
} from './worker-protocol.js';

interface Registry {
  make(id: string, options?: Record<string, unknown>): AnyEnv;
  prepareEnv?(id: string): Promise<void>;
}

const start = workerData as WorkerStart;
const port = start.port;
const hello = (m: WorkerHello) => port.postMessage(m);
const ctrl = new Int32Array(start.ctrl, 0, CTRL_INTS);
const ctrlF64 = new Float64Array(start.ctrl, CTRL_INTS * 4);
// A thread that exits (process.exit in an env, an uncaught error, a failed start) says so, so a waiting main thread stops waiting.
process.on('exit', () => {
  Atomics.store(ctrl, STATUS, Status.Dead);
  Atomics.notify(ctrl, DONE);
});

/** Make the copies and say their spaces; undefined (after saying why) when that fails. */
async function makeCopies(): Promise<AnyEnv[] | undefined> {
  try {
    const registry = (await import(start.registry)) as Partial<Registry>;
    if (typeof registry.make !== 'function') throw new TypeError(`registry = ${JSON.stringify(start.registry)}: the module exports no make(id, options)`);
    await registry.prepareEnv?.(start.envId);
    const made = Array.from({ length: start.count }, () => registry.make!(start.envId, start.envOptions));
    const e = made[0];
    hello({ ready: { observationSpace: e.observationSpace.toJSON(), actionSpace: e.actionSpace.toJSON(), spec: e.spec, metadata: e.metadata } });
    return made;
  } catch (e) {
    hello({ failed: plainError(e) });
    return undefined;
  }
}

const made = await makeCopies();
if (made) await serve(made);
port.close();

async function serve(envs: AnyEnv[]): Promise<void> {
  const { buffers, autoresetMode } = await new Promise<{ buffers: WorkerBuffers; autoresetMode: AutoresetMode }>((resolve) => port.once('message', resolve));
  const f64 = new Float64Array(buffers.slotsF64);
  const i32 = new Int32Array(buffers.slotsI32);
  const side = new SideChannel(buffers.bytes, ctrl);
  const layout = copyLayout(buffers.obsDim, buffers.actDim);
  const infos = new InfoEncoder();
  const pendingReset = envs.map(() => false);
  hello({ attached: true });

  function writeObs(obs: unknown, at: number): void {
    if (typeof obs === 'number') f64[at] = obs;
    else f64.set(obs as ArrayLike<number>, at);
  }

  let sideActions: Map<number, unknown> | undefined;
  function readAction(k: number): unknown {
    const at = k * layout.size + layout.action;
    const n = buffers.actDim;
    switch (i32[k * COPY_INTS + I_ACTION_KIND]) {
      case ActionKind.Number:
        return f64[at];
      case ActionKind.Float32:
        return new Float32Array(f64.subarray(at, at + n));
      case ActionKind.Float64:
        return f64.slice(at, at + n);
      case ActionKind.Array:
        return Array.from(f64.subarray(at, at + n));
      default:
        return sideActions!.get(k);
    }
  }

  function writeInfo(info: Info | undefined, k: number, slot: 0 | 1): void {
    const word = k * COPY_INTS + (slot === 0 ? I_STEP_SHAPE : I_RESET_SHAPE);
    i32[word] = info === undefined ? NO_INFO : infos.encode(info, k, slot, f64, k * layout.size + (slot === 0 ? layout.stepInfo : layout.resetInfo));
  }

  function resetCopy(k: number, opts?: ResetOptions): void {
    const r = envs[k].reset(opts);
    writeObs(r.observation, k * layout.size + layout.obs);
    writeInfo(r.info, k, 1);
  }

  function step(): void {
    sideActions = side.read<Map<number, unknown>>();
    for (let k = 0; k < envs.length; k++) {
      const base = k * COPY_INTS;
      const at = k * layout.size;
      i32[base + I_TERMINATED] = 0;
      i32[base + I_TRUNCATED] = 0;
      i32[base + I_HAS_EVAL] = 0;
      i32[base + I_STEP_SHAPE] = NO_INFO;
      i32[base + I_RESET_SHAPE] = NO_INFO;
      f64[at + layout.reward] = 0;
      if (pendingReset[k]) {
        resetCopy(k);
        pendingReset[k] = false;
        i32[base + I_RESET] = 2;
        continue;
      }
      i32[base + I_RESET] = 0;
      const r = envs[k].step(readAction(k));
      f64[at + layout.reward] = r.reward;
      i32[base + I_TERMINATED] = r.terminated ? 1 : 0;
      i32[base + I_TRUNCATED] = r.truncated ? 1 : 0;
      if (r.evaluation !== undefined) {
        const ev = unseal(r.evaluation);
        i32[base + I_HAS_EVAL] = 1;
        f64[at + layout.evalReward] = ev.reward;
        f64[at + layout.evalPerformance] = ev.performance;
      }
      writeInfo(r.info, k, 0);
      if ((r.terminated || r.truncated) && autoresetMode === 'same-step') {
        writeObs(r.observation, at + layout.finalObs);
        resetCopy(k);
        i32[base + I_RESET] = 1;
      } else {
        if (r.terminated || r.truncated) pendingReset[k] = true;
        writeObs(r.observation, at + layout.obs);
      }
    }
  }

  function reset(): void {
    const hasSeed = ctrl[ARG] === 1;
    const options = side.read<Record<string, unknown>>();
    for (let k = 0; k < envs.length; k++) {
      resetCopy(k, { seed: hasSeed ? ctrlF64[F_SEED] + (start.first + k) : undefined, options });
      pendingReset[k] = false;
    }
  }

  let seen = 0;
  for (;;) {
    Atomics.wait(ctrl, SEQ, seen);
    const seq = Atomics.load(ctrl, SEQ);
    if (seq === seen) continue;
    seen = seq;
    const cmd = ctrl[CMD];
    ctrl[STATUS] = Status.Ok;
    try {
      if (cmd === Cmd.Step) step();
      else if (cmd === Cmd.Reset) reset();
      else if (cmd === Cmd.Render) side.write(envs[ctrl[ARG]].render());
      else if (cmd === Cmd.Close) for (const env of envs) env.close();
      if (cmd === Cmd.Step || cmd === Cmd.Reset) {
        const extra = infos.take();
        if (extra) side.write(extra);
        else side.clear();
      }
    } catch (e) {
      ctrl[STATUS] = Status.Failed;
      infos.dropSide(); // the failed answer's infos; shapes it met stay pending for the next answer
      side.write(plainError(e));
    }
    Atomics.store(ctrl, DONE, seq);
    Atomics.notify(ctrl, DONE);
    if (cmd === Cmd.Close) break;
  }
}
