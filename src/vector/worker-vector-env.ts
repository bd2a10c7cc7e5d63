/**
 * N copies of a registered env stepped in W worker threads, so env stepping runs beside (or, with
 * two workers on two cores, twice as fast as) the thread that trains. Same contract as
 * SyncVectorEnv — autoreset modes, final observations, sealed evaluations, infos — and, for the
 * same seeds, the same trajectory bit for bit (worker-vector-env.test.ts).
 *
 * Envs cannot be transferred between threads, so each worker makes its copies itself from a
 * registry: the module `registry` names (for this package the `rewardlab/envs` entry,
 * src/envs/public.ts), which registers the ids and exports `make(id, options)` and
 * `prepareEnv(id)`. The vector room may not import the envs room, hence the URL.
 *
 * Hot path (worker-protocol.ts): actions, observations, rewards, flags, evaluations and flat
 * numeric infos go through SharedArrayBuffers; a step is one Atomics.notify per worker and one
 * Atomics.wait per worker. Infos that are not flat numbers, new info key lists (once per shape)
 * and unusual actions take a v8-serialised side channel in shared memory; nothing is posted
 * after start-up. The main thread blocks in Atomics.wait while the workers step: PPO needs the
 * observations before it can choose the next actions, so there is nothing to overlap within a
 * step, and a blocked main thread leaves its core to the workers (two workers on two cores).
 *
 * Observations come back as Float32Array (Box spaces) or number (Discrete), as envs return them.
 * A worker that dies (an env calling process.exit) fails the waiting call instead of hanging it.
 * Workers are unref'd: an env left open never keeps the process alive; `close()` ends them.
 */
import { receiveMessageOnPort } from 'node:worker_threads';
import type { EnvMetadata, Info } from '../core/env.js';
import type { Scene } from '../core/scene.js';
import { ConfigError, EnvStateError, show } from '../core/errors.js';
import { seal, type EvaluationSignal } from '../core/sealed.js';
import { Box } from '../core/spaces/box.js';
import type { Space, SpaceJSON } from '../core/spaces/space.js';
import { emptyStepResult, type AutoresetMode, type VectorStepResult } from './sync-vector-env.js';
import { Boot, obsSize, revive, spaceFromJSON, type Lane, type Ready, type Thread, type WorkerVectorEnvOptions } from './worker-boot.js';
import {
  ARG, ActionKind, CMD, Cmd, COPY_INTS, DONE, F_SEED, I_ACTION_KIND, I_HAS_EVAL, I_RESET, I_RESET_SHAPE,
  I_STEP_SHAPE, I_TERMINATED, I_TRUNCATED, NO_INFO, SEQ, STATUS, Status, copyLayout,
  type CopyLayout, type PlainError, type WorkerHello,
} from './worker-protocol.js';

export type { WorkerVectorEnvOptions } from './worker-boot.js';

/**
 * A waiting call looks at the worker's status this often (ms) between notifications: a thread
 * that exits marks itself dead, but may do so just before the wait begins.
 */
const DEATH_CHECK_MS = 50;

export class WorkerVectorEnv<O, A> {
  readonly numEnvs: number;
  readonly autoresetMode: AutoresetMode;
  readonly observationSpace: Space<O>;
  readonly actionSpace: Space<A>;
  readonly metadata: EnvMetadata;
  readonly spec?: { id: string; maxEpisodeSteps?: number };
  private readonly layout: CopyLayout;
  private readonly boxObs: boolean;
  private closed = false;
  /** Set when a worker thread exited under a call; the others are ended by close(). */
  private dead = false;

  private constructor(
    private readonly lanes: Lane[],
    numEnvs: number,
    autoresetMode: AutoresetMode,
    ready: Ready,
  ) {
    this.numEnvs = numEnvs;
    this.autoresetMode = autoresetMode;
    this.observationSpace = spaceFromJSON(ready.observationSpace as SpaceJSON) as Space<O>;
    this.actionSpace = spaceFromJSON(ready.actionSpace as SpaceJSON) as Space<A>;
    this.metadata = ready.metadata as EnvMetadata;
    this.spec = ready.spec;
    this.boxObs = this.observationSpace instanceof Box;
    this.layout = copyLayout(obsSize(this.observationSpace), obsSize(this.actionSpace));
  }

  /** Start the workers, make the copies inside them, and connect the shared memory. */
  static async create<O = Float32Array, A = unknown>(options: WorkerVectorEnvOptions): Promise<WorkerVectorEnv<O, A>> {
    const boot = new Boot(options);
    const next = (t: Thread) =>
      new Promise<WorkerHello>((resolve, reject) => {
        const onMessage = (m: WorkerHello) => (off(), resolve(m));
        const onError = (e: Error) => (off(), reject(e));
        const onExit = (code: number) => (off(), reject(boot.exitedError(code)));
        const off = () => (t.port.off('message', onMessage), t.worker.off('error', onError).off('exit', onExit));
        t.port.on('message', onMessage);
        t.worker.on('error', onError).on('exit', onExit);
      });
    try {
      const lanes = boot.attach(await Promise.all(boot.threads.map(next)));
      boot.attached(await Promise.all(boot.threads.map(next)));
      return new WorkerVectorEnv<O, A>(lanes, boot.numEnvs, boot.autoresetMode, boot.ready!);
    } catch (e) {
      await boot.abort();
      throw e;
    }
  }

  /**
   * `create` for callers that cannot wait (a constructor): blocks this thread until the workers
   * have made their copies, polling their start-up messages. A worker that fails before it can
   * report (its entry file does not load) is only seen as a timeout; `create` shows its error.
   */
  static createSync<O = Float32Array, A = unknown>(options: WorkerVectorEnvOptions & { startTimeoutMs?: number }): WorkerVectorEnv<O, A> {
    const boot = new Boot(options);
    const timeout = options.startTimeoutMs ?? 300_000;
    const t0 = performance.now();
    const nap = new Int32Array(new SharedArrayBuffer(4));
    const next = (t: Thread): WorkerHello => {
      for (;;) {
        const got = receiveMessageOnPort(t.port);
        if (got) return got.message as WorkerHello;
        if (Atomics.load(t.ctrl, STATUS) === Status.Dead) {
          const last = receiveMessageOnPort(t.port); // a failed start says why, then exits
          if (last) return last.message as WorkerHello;
          throw boot.exitedError();
        }
        if (performance.now() - t0 > timeout) throw new ConfigError('startTimeoutMs', timeout, `the WorkerVectorEnv threads for ${show(boot.envId)} did not start in time (create() reports a thread's own error)`);
        Atomics.wait(nap, 0, 0, 2);
      }
    };
    try {
      const lanes = boot.attach(boot.threads.map(next));
      boot.attached(boot.threads.map(next));
      return new WorkerVectorEnv<O, A>(lanes, boot.numEnvs, boot.autoresetMode, boot.ready!);
    } catch (e) {
      void boot.abort();
      throw e;
    }
  }

  /** Send a command to every lane (or one), then wait for each to answer; throws a worker's error. */
  private run(cmd: number, lanes: Lane[] = this.lanes): void {
    if (this.closed) throw new EnvStateError('WorkerVectorEnv is closed');
    if (this.dead) throw new EnvStateError('WorkerVectorEnv lost a worker thread; close it');
    for (const lane of lanes) {
      lane.ctrl[CMD] = cmd;
      lane.seq++;
      Atomics.store(lane.ctrl, SEQ, lane.seq);
      Atomics.notify(lane.ctrl, SEQ);
    }
    let failure: Error | undefined;
    for (const lane of lanes) {
      for (let done = Atomics.load(lane.ctrl, DONE); done !== lane.seq; done = Atomics.load(lane.ctrl, DONE)) {
        if (Atomics.load(lane.ctrl, STATUS) === Status.Dead) {
          this.dead = true;
          throw new Error(`a WorkerVectorEnv thread (copies ${lane.first}…${lane.first + lane.count - 1}) exited`);
        }
        Atomics.wait(lane.ctrl, DONE, done, DEATH_CHECK_MS);
      }
      if (lane.ctrl[STATUS] === Status.Failed) failure ??= revive(lane.side.read<PlainError>()!);
      // Info shapes a lane announced are taken in even when another lane failed: it will not send them again.
      else if (cmd === Cmd.Step || cmd === Cmd.Reset) lane.infos.absorb(lane.side.read());
    }
    if (failure) throw failure;
  }

  private readObs(lane: Lane, k: number, offset: number): O {
    const at = k * this.layout.size + offset;
    if (!this.boxObs) return lane.f64[at] as O;
    const n = this.layout.finalObs - this.layout.obs;
    const out = new Float32Array(n);
    for (let j = 0; j < n; j++) out[j] = lane.f64[at + j];
    return out as O;
  }

  private readInfo(lane: Lane, k: number, slot: 0 | 1): Info {
    const shape = lane.i32[k * COPY_INTS + (slot === 0 ? I_STEP_SHAPE : I_RESET_SHAPE)];
    if (shape === NO_INFO) return undefined as unknown as Info;
    return lane.infos.decode(shape, k, slot, lane.f64, k * this.layout.size + (slot === 0 ? this.layout.stepInfo : this.layout.resetInfo));
  }

  /** Reset every copy; copy i gets seed `seed + i` when a seed is given. */
  reset(opts: { seed?: number; options?: Record<string, unknown> } = {}): { observations: O[]; infos: Info[] } {
    for (const lane of this.lanes) {
      lane.ctrl[ARG] = opts.seed === undefined ? 0 : 1;
      lane.ctrlF64[F_SEED] = opts.seed ?? 0;
      if (opts.options === undefined) lane.side.clear();
      else lane.side.write(opts.options);
    }
    this.run(Cmd.Reset);
    const observations: O[] = [];
    const infos: Info[] = [];
    for (const lane of this.lanes) {
      for (let k = 0; k < lane.count; k++) {
        observations.push(this.readObs(lane, k, this.layout.obs));
        infos.push(this.readInfo(lane, k, 1));
      }
    }
    return { observations, infos };
  }

  step(actions: readonly A[]): VectorStepResult<O> {
    if (actions.length !== this.numEnvs) throw new ConfigError('actions.length', actions.length, `must equal numEnvs = ${this.numEnvs}`);
    const L = this.layout;
    const actDim = L.stepInfo - L.action;
    for (const lane of this.lanes) {
      let unusual: Map<number, unknown> | undefined;
      for (let k = 0; k < lane.count; k++) {
        const a = actions[lane.first + k] as unknown;
        const at = k * L.size + L.action;
        let kind: number = ActionKind.Side;
        if (typeof a === 'number') {
          if (actDim === 1) {
            kind = ActionKind.Number;
            lane.f64[at] = a;
          }
        } else if ((a instanceof Float32Array || a instanceof Float64Array || (Array.isArray(a) && a.every((x) => typeof x === 'number'))) && a.length === actDim) {
          kind = a instanceof Float32Array ? ActionKind.Float32 : a instanceof Float64Array ? ActionKind.Float64 : ActionKind.Array;
          for (let j = 0; j < actDim; j++) lane.f64[at + j] = a[j];
        }
        if (kind === ActionKind.Side) (unusual ??= new Map()).set(k, a);
        lane.i32[k * COPY_INTS + I_ACTION_KIND] = kind;
      }
      if (unusual) lane.side.write(unusual);
      else lane.side.clear();
    }
    this.run(Cmd.Step);
    const n = this.numEnvs;
    const out = emptyStepResult<O>(n);
    for (const lane of this.lanes) {
      for (let k = 0; k < lane.count; k++) {
        const i = lane.first + k;
        const w = k * COPY_INTS;
        const at = k * L.size;
        const reset = lane.i32[w + I_RESET];
        out.observations[i] = this.readObs(lane, k, L.obs);
        if (reset === 2) {
          out.infos[i] = this.readInfo(lane, k, 1);
          continue;
        }
        out.rewards[i] = lane.f64[at + L.reward];
        out.terminated[i] = lane.i32[w + I_TERMINATED] === 1;
        out.truncated[i] = lane.i32[w + I_TRUNCATED] === 1;
        if (lane.i32[w + I_HAS_EVAL] === 1) out.evaluations[i] = seal<EvaluationSignal>({ reward: lane.f64[at + L.evalReward], performance: lane.f64[at + L.evalPerformance] });
        if (reset === 1) {
          out.finalObservations[i] = this.readObs(lane, k, L.finalObs);
          out.infos[i] = { ...this.readInfo(lane, k, 1), final: this.readInfo(lane, k, 0) };
        } else out.infos[i] = this.readInfo(lane, k, 0);
      }
    }
    return out;
  }

  /** A picture of copy `index`'s current state (one message through the side channel). */
  render(index: number): Scene {
    if (!Number.isInteger(index) || index < 0 || index >= this.numEnvs) throw new ConfigError('index', index, `must be an integer in [0, ${this.numEnvs - 1}]`);
    const lane = this.lanes.find((l) => index < l.first + l.count)!;
    lane.ctrl[ARG] = index - lane.first;
    this.run(Cmd.Render, [lane]);
    return lane.side.read<Scene>()!;
  }

  /** Close every copy inside its worker, then end the threads. Safe to call twice. */
  async close(): Promise<void> {
    if (this.closed) return;
    try {
      if (!this.dead) this.run(Cmd.Close);
    } finally {
      this.closed = true;
      await Promise.all(this.lanes.map((l) => l.worker.terminate()));
    }
  }
}
