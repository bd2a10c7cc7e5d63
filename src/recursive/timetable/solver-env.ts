/**
 * The timetabler's env (A3): exams are assigned one by one, in order 0..23; the action is the
 * slot of the current exam. Reward-free for the learner (reward 0; the true increment of J travels
 * only in the sealed evaluation channel). The episode terminates when every exam has a slot.
 *
 * Observation (Box [0, 1], exams + exams·slots): one-hot of the current exam (all 0 when done),
 * then the one-hot slot of each exam assigned so far (0 for exams not yet assigned).
 *
 * The reward model sees each step through `solverFeatures`: a one-hot of (exam, slot) — what the
 * summary prices — and a one-hot of each same-slot pair the step creates (the earlier exam and
 * the current one): a timetable's learned return is a sum over its exams and its same-slot
 * pairs, so the model can learn a price per pair.
 */
import type { EnvMetadata, StepResult } from '../../core/env.js';
import { seal } from '../../core/sealed.js';
import type { Scene, Shape } from '../../core/scene.js';
import { Box } from '../../core/spaces/box.js';
import { Discrete } from '../../core/spaces/discrete.js';
import { BaseEnv } from '../../envs/base-env.js';
import type { TransitionBatch } from '../../rewards/reward-model.js';
import { pairIndex, type Timetable, type TimetableInstance } from './instance.js';

export const solverObsDim = (inst: TimetableInstance) => inst.exams * (1 + inst.slots);
export const solverFeatureDim = (inst: TimetableInstance) => inst.exams * inst.slots + inst.pairs.length;

export class TimetableEnv extends BaseEnv<Float32Array, number> {
  readonly observationSpace: Box;
  readonly actionSpace: Discrete;
  readonly metadata: EnvMetadata = { renderModes: ['scene'], renderFps: 4 };
  private slots: number[] = [];

  constructor(readonly inst: TimetableInstance) {
    super();
    this.observationSpace = new Box(0, 1, [solverObsDim(inst)]);
    this.actionSpace = new Discrete(inst.slots);
    this.spec = { id: 'ExamTimetable-v0', maxEpisodeSteps: inst.exams };
  }

  protected resetState() {
    this.slots = [];
    return { observation: this.observe(), info: {} };
  }

  protected stepState(action: number): StepResult<Float32Array> {
    const r = trueStepReward(this.inst, this.slots, action);
    this.slots.push(action);
    const done = this.slots.length === this.inst.exams;
    return { observation: this.observe(), reward: 0, terminated: done, truncated: false, info: done ? { timetable: [...this.slots] } : {}, evaluation: seal({ reward: r, performance: r }) };
  }

  private observe(): Float32Array {
    return encodePartial(this.inst, this.slots);
  }

  render(): Scene {
    const { exams, slots } = this.inst;
    const shapes: Shape[] = [];
    this.slots.forEach((s, i) => shapes.push({ type: 'rect', x: i * 20, y: s * 20, w: 18, h: 18, fill: s === this.inst.preferred[i] ? '#009E73' : '#0072B2' }));
    return { kind: 'shapes', width: exams * 20, height: slots * 20, shapes, caption: `${this.slots.length}/${exams} exams placed` };
  }
}

/** The observation for a partial timetable (the first `slots.length` exams placed). */
export function encodePartial(inst: TimetableInstance, slots: readonly number[], out = new Float32Array(solverObsDim(inst))): Float32Array {
  out.fill(0);
  const E = inst.exams;
  if (slots.length < E) out[slots.length] = 1;
  slots.forEach((s, k) => (out[E + k * inst.slots + s] = 1));
  return out;
}

/** Decode an observation: the current exam (E when done) and the slots placed so far. */
export function decodePartial(inst: TimetableInstance, obs: Float32Array, offset = 0): { exam: number; slots: number[] } {
  const E = inst.exams;
  const S = inst.slots;
  let exam = E;
  for (let i = 0; i < E; i++) if (obs[offset + i] > 0.5) exam = i;
  const slots: number[] = [];
  for (let k = 0; k < exam; k++) for (let s = 0; s < S; s++) if (obs[offset + E + k * S + s] > 0.5) slots.push(s);
  return { exam, slots };
}

/** The true increment of J when exam `slots.length` goes to `action` (evaluation only). */
export function trueStepReward(inst: TimetableInstance, slots: readonly number[], action: number): number {
  const t = slots.length;
  let r = action === inst.preferred[t] ? 1 : 0;
  for (let k = 0; k < t; k++) if (slots[k] === action && inst.clash[k * inst.exams + t]) r -= inst.options.clashPenalty;
  return r;
}

/** Reward-model features of one step (exam `slots.length` to slot `action`) into out[offset..]. */
export function solverFeatures(inst: TimetableInstance, slots: readonly number[], action: number, out: Float32Array, offset: number): void {
  const t = slots.length;
  const F = solverFeatureDim(inst);
  out.fill(0, offset, offset + F);
  out[offset + t * inst.slots + action] = 1;
  const base = offset + inst.exams * inst.slots;
  for (let k = 0; k < t; k++) if (slots[k] === action) out[base + pairIndex(k, t, inst.exams)] = 1;
}

/** Reward-model features of a batch of PPO transitions (obs as TimetableEnv emits them). */
export function batchFeatures(inst: TimetableInstance, batch: { obs: Float32Array; actions: Float32Array; n: number }): TransitionBatch {
  const D = solverObsDim(inst);
  const F = solverFeatureDim(inst);
  const obs = new Float32Array(batch.n * F);
  for (let k = 0; k < batch.n; k++) {
    const { slots } = decodePartial(inst, batch.obs, k * D);
    solverFeatures(inst, slots, batch.actions[k], obs, k * F);
  }
  return { obs, actions: new Float32Array(batch.n), nextObs: obs, n: batch.n };
}

/** A whole timetable as the reward model's segment: one row per exam. */
export function timetableBatch(inst: TimetableInstance, t: Timetable): TransitionBatch {
  const F = solverFeatureDim(inst);
  const obs = new Float32Array(inst.exams * F);
  for (let i = 0; i < inst.exams; i++) solverFeatures(inst, t.slice(0, i), t[i], obs, i * F);
  return { obs, actions: new Float32Array(inst.exams), nextObs: obs, n: inst.exams };
}
