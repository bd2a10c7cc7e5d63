/**
 * Base of the Gymnasium MuJoCo v5 envs (gymnasium/envs/mujoco/mujoco_env.py) on mujoco-js.
 *
 * - Reset: `mj_resetData`, then the subclass's `resetModel` draws the noisy initial state from
 *   the env's seeded Rng and calls `setPhysicsState(qpos, qvel)` (writes both, then `mj_forward`,
 *   like Gymnasium's `set_state`).
 * - Step: `ctrl[:] = action`, `frameSkip` × `mj_step`, `mj_rnePostConstraint` (`doSimulation`),
 *   then the subclass's obs, reward terms (in `info`, Gymnasium's names), termination.
 * - Views: typed arrays over the WASM heap (qpos, qvel, ctrl, …) are fetched once and re-fetched
 *   only when the heap has grown (a grown heap detaches old views: their length becomes 0).
 *   The step loop allocates nothing besides the returned observation and info.
 * - The observation is computed in float64 (`observation64()`, what the reference files hold)
 *   and returned as float32 (our Box contract).
 * Time limits are the registry's TimeLimit wrapper (register.ts), as in Gymnasium.
 */
import type { MainModule, MjData, MjModel } from 'mujoco-js';
import type { Info, StepResult } from '../../core/env.js';
import type { ShapeScene } from '../../core/scene.js';
import { Box } from '../../core/spaces/box.js';
import { EnvStateError } from '../../core/errors.js';
import { BaseEnv } from '../base-env.js';
import { checkState, type Replayable } from '../classic-control/replayable.js';
import { loadModel, mujoco } from './runtime.js';
import { renderModel, type MujocoView } from './scene.js';

export interface MujocoEnvConfig {
  /** Bundled v5 XML file (assets/). */
  xmlFile: string;
  /** Physics steps per env step (dt = frameSkip × model timestep). */
  frameSkip: number;
  /** Observation length. */
  obsDim: number;
  /** How `render()` looks at the model. */
  view: MujocoView;
}

/** What a subclass computes after the physics step. */
export interface MujocoOutcome {
  reward: number;
  terminated: boolean;
  info: Info;
}

/** Frees the WASM memory of envs that were dropped without close() (an MjData is not GC'd). */
const finalizer = new FinalizationRegistry<MjData>((data) => data.delete());

interface Views {
  qpos: Float64Array;
  qvel: Float64Array;
  ctrl: Float64Array;
  qaccWarmstart: Float64Array;
  xpos: Float64Array;
  siteXpos: Float64Array;
  cfrcExt: Float64Array;
  qfrcConstraint: Float64Array;
}

export abstract class MujocoEnv extends BaseEnv<Float32Array, Float32Array> implements Replayable {
  readonly observationSpace: Box;
  readonly actionSpace: Box;
  readonly metadata: { renderModes: readonly ['scene']; renderFps: number };
  readonly model: MjModel;
  readonly nq: number;
  readonly nv: number;
  readonly nu: number;
  readonly frameSkip: number;
  /** Seconds per env step. */
  readonly dt: number;
  /** model.qpos0 (Gymnasium's init_qpos); init_qvel is 0. */
  readonly initQpos: Float64Array;
  readonly stateNames: readonly string[];
  protected readonly mj: MainModule;
  private physics: MjData | null = null;
  /** The current observation in float64, written by `writeObservation`. */
  protected readonly obs64: Float64Array;
  private v: Views | null = null;
  private readonly view: MujocoView;
  private closed = false;

  constructor(config: MujocoEnvConfig) {
    super();
    this.mj = mujoco(this.constructor.name);
    this.model = loadModel(config.xmlFile, this.constructor.name);
    this.nq = this.model.nq;
    this.nv = this.model.nv;
    this.nu = this.model.nu;
    this.frameSkip = config.frameSkip;
    this.dt = this.model.opt.timestep * config.frameSkip;
    this.initQpos = Float64Array.from(this.model.qpos0 as Float64Array);
    this.stateNames = [...Array.from({ length: this.nq }, (_, i) => `qpos[${i}]`), ...Array.from({ length: this.nv }, (_, i) => `qvel[${i}]`)];
    const range = this.model.actuator_ctrlrange as Float64Array;
    this.actionSpace = new Box(Array.from({ length: this.nu }, (_, i) => range[2 * i]), Array.from({ length: this.nu }, (_, i) => range[2 * i + 1]));
    this.observationSpace = new Box(-Infinity, Infinity, [config.obsDim]);
    this.obs64 = new Float64Array(config.obsDim);
    this.metadata = { renderModes: ['scene'] as const, renderFps: Math.round(1 / this.dt) };
    this.view = config.view;
  }

  /**
   * The env's MjData, allocated on first use (reset, setState, render): envs made only to read
   * their spaces or metadata cost no WASM memory (an MjData is ~2.5 MB here, and the heap is
   * capped at 2 GB and not garbage-collected with the JS objects that own it).
   */
  protected get data(): MjData {
    if (!this.physics) {
      if (this.closed) throw new EnvStateError(`${this.constructor.name} was closed; make a new env`);
      this.physics = new this.mj.MjData(this.model);
      finalizer.register(this, this.physics, this);
      this.refreshViews();
    }
    return this.physics;
  }

  /** Typed views over the WASM heap, re-fetched after the heap grew (old views read length 0). */
  protected get views(): Views {
    if (!this.v || this.v.qpos.length === 0) this.refreshViews();
    return this.v!;
  }

  private refreshViews(): void {
    const d = this.data;
    this.v = { qpos: d.qpos, qvel: d.qvel, ctrl: d.ctrl, qaccWarmstart: d.qacc_warmstart, xpos: d.xpos, siteXpos: d.site_xpos, cfrcExt: d.cfrc_ext, qfrcConstraint: d.qfrc_constraint };
  }

  /** Gymnasium's `do_simulation`: ctrl, frameSkip × mj_step, mj_rnePostConstraint. */
  protected doSimulation(action: Float32Array): void {
    this.views.ctrl.set(action);
    for (let k = 0; k < this.frameSkip; k++) this.mj.mj_step(this.model, this.data);
    this.mj.mj_rnePostConstraint(this.model, this.data);
  }

  /** Gymnasium's `set_state`: write qpos and qvel, then `mj_forward`. */
  protected setPhysicsState(qpos: ArrayLike<number>, qvel: ArrayLike<number>): void {
    const v = this.views;
    v.qpos.set(qpos);
    v.qvel.set(qvel);
    this.mj.mj_forward(this.model, this.data);
  }

  /** Draw the initial state (noise from `this.rng`) and call `setPhysicsState`. */
  protected abstract resetModel(): void;

  /**
   * Gymnasium's usual reset: qpos = init + U(−scale, scale), qvel = U(−scale, scale)
   * (`'uniform'`) or scale·N(0, 1) (`'normal'`, as HalfCheetah, Ant and InvertedDoublePendulum do);
   * every qpos draw before the qvel draws.
   */
  /** Simulate one env step (frameSkip × mj_step) and measure the root's forward progress: qpos[0] after, and its velocity. */
  protected simulateForward(action: Float32Array): { xAfter: number; xVelocity: number } {
    const xBefore = this.views.qpos[0];
    this.doSimulation(action);
    const xAfter = this.views.qpos[0];
    return { xAfter, xVelocity: (xAfter - xBefore) / this.dt };
  }

  protected resetWithNoise(scale: number, velocity: 'uniform' | 'normal'): void {
    const qpos = Array.from(this.initQpos, (q) => q + this.rng.uniform(-scale, scale));
    const qvel = Array.from({ length: this.nv }, () => (velocity === 'normal' ? scale * this.rng.normal() : this.rng.uniform(-scale, scale)));
    this.setPhysicsState(qpos, qvel);
  }
  /** The info Gymnasium returns from reset, for the current state. */
  abstract resetInfo(): Info;
  /** Fill `this.obs64` from the current physics state. */
  protected abstract writeObservation(): void;
  /** One env step: read what is needed before, `doSimulation(action)`, then obs, reward, info. */
  protected abstract stepModel(action: Float32Array): MujocoOutcome;

  protected resetState(): { observation: Float32Array; info: Info } {
    this.mj.mj_resetData(this.model, this.data);
    this.resetModel();
    this.writeObservation();
    return { observation: new Float32Array(this.obs64), info: this.resetInfo() };
  }

  protected stepState(action: Float32Array): StepResult<Float32Array> {
    return this.simulate(action);
  }

  /**
   * One env step without the episode bookkeeping of `step` (no check of the action, stepping
   * after termination allowed): reference replays continue past the end as Gymnasium's do.
   */
  simulate(action: Float32Array): StepResult<Float32Array> {
    const r = this.stepModel(action);
    return { observation: new Float32Array(this.obs64), reward: r.reward, terminated: r.terminated, truncated: false, info: r.info };
  }

  /** The current observation in float64 (a copy). */
  observation64(): Float64Array {
    return Float64Array.from(this.obs64);
  }

  /** qpos ++ qvel (a copy). */
  getState(): number[] {
    const v = this.views;
    return [...v.qpos, ...v.qvel];
  }

  /** The reset protocol of the reference files: mj_resetData, qpos ++ qvel, mj_forward. */
  setState(state: readonly number[]): void {
    checkState(state, this.stateNames, this.constructor.name);
    this.mj.mj_resetData(this.model, this.data);
    this.setPhysicsState(state.slice(0, this.nq), state.slice(this.nq));
    this.writeObservation();
  }

  /** Teacher forcing: write qpos ++ qvel and qacc_warmstart with no mj_forward. */
  overwritePhysics(state: readonly number[], qaccWarmstart: readonly number[]): void {
    const v = this.views;
    v.qpos.set(state.slice(0, this.nq));
    v.qvel.set(state.slice(this.nq));
    v.qaccWarmstart.set(qaccWarmstart);
  }

  render(): ShapeScene {
    return renderModel(this.model, this.data, this.view);
  }

  override close(): void {
    if (this.closed) return;
    this.closed = true;
    if (!this.physics) return;
    finalizer.unregister(this);
    this.physics.delete();
    this.physics = null;
    this.v = null;
  }
}
