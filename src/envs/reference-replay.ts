/**
 * Replays a Gymnasium reference file (Gymnasium format; the files the tests replay are in test/fixtures/reference/gymnasium) against our env of
 * the same id and reports, per field, the largest deviation. Protocol: make(id) with its
 * TimeLimit, reset({seed: 0}), overwrite the internal state with `initial_state`, step the
 * actions, compare every step up to and including `first_done_step` (our envs refuse to step
 * after the episode ended; Gymnasium's post-termination steps are not a contract).
 */
import { DataFormatError, show } from '../core/errors.js';
import { isReplayable } from './classic-control/replayable.js';
import { make } from './registry.js';
import { unwrapEnv } from '../wrappers/wrapper.js';

export interface ReferenceStep {
  t: number;
  obs: number[];
  reward: number;
  terminated: boolean;
  truncated: boolean;
  state: number[];
}

export interface ReferenceCase {
  initial_state: number[];
  first_done_step: number | null;
  steps: ReferenceStep[];
}

export interface ReferenceFile {
  meta: { env_id: string; actions: (number | number[])[]; initial_state_dtype?: 'float32' | 'float64'; state_names?: string[] };
  cases: ReferenceCase[];
}

/** Largest allowed |Δ| per field. Flags (terminated/truncated) must always match exactly. */
export interface Tolerances {
  obs: number;
  state: number;
  reward: number;
}

/** What the reference README says is achievable (V8's sin/cos differ from glibc's in the last bit). */
export function defaultTolerances(envId: string): Tolerances {
  if (envId.startsWith('Acrobot')) return { obs: 1e-5, state: 1e-5, reward: 1e-5 };
  return { obs: 0, state: 1e-9, reward: 1e-9 };
}

export interface FieldDeviation {
  field: 'obs' | 'state' | 'reward' | 'terminated' | 'truncated' | 'board' | 'hidden_reward' | 'done' | 'info';
  /** Which comparison this row belongs to, when a file is replayed in more than one way (MuJoCo: one-step, free-run). */
  check?: string;
  /** Largest |Δ| (for flags: the number of mismatching steps). */
  maxAbs: number;
  tolerance: number;
  ok: boolean;
  /** Where the largest deviation happened. */
  at: { case: number; t: number; index?: number } | null;
}

export interface ReplayReport {
  envId: string;
  cases: number;
  stepsCompared: number;
  fields: FieldDeviation[];
  ok: boolean;
}

/** Validate the parts of a parsed reference file that replay relies on. */
export function parseReferenceFile(doc: unknown, source = 'reference file'): ReferenceFile {
  const d = doc as Partial<ReferenceFile>;
  if (typeof d !== 'object' || d === null) throw new DataFormatError(`${source}: expected a JSON object, got ${show(doc)}`);
  if (typeof d.meta?.env_id !== 'string') throw new DataFormatError(`${source}: meta.env_id = ${show(d.meta?.env_id)} must be an env id string`);
  if (!Array.isArray(d.meta.actions)) throw new DataFormatError(`${source}: meta.actions = ${show(d.meta.actions)} must be an array`);
  if (!Array.isArray(d.cases) || d.cases.length === 0) throw new DataFormatError(`${source}: cases = ${show(d.cases)} must be a non-empty array`);
  d.cases.forEach((c, i) => {
    if (!Array.isArray(c.initial_state)) throw new DataFormatError(`${source}: cases[${i}].initial_state = ${show(c.initial_state)} must be an array`);
    if (!Array.isArray(c.steps)) throw new DataFormatError(`${source}: cases[${i}].steps = ${show(c.steps)} must be an array`);
  });
  return d as ReferenceFile;
}

export function replayReference(file: ReferenceFile, tolerances: Tolerances = defaultTolerances(file.meta.env_id)): ReplayReport {
  const envId = file.meta.env_id;
  const worst = new Map<FieldDeviation['field'], FieldDeviation>();
  for (const field of ['obs', 'state', 'reward'] as const) worst.set(field, { field, maxAbs: 0, tolerance: tolerances[field], ok: true, at: null });
  for (const field of ['terminated', 'truncated'] as const) worst.set(field, { field, maxAbs: 0, tolerance: 0, ok: true, at: null });
  const note = (field: FieldDeviation['field'], delta: number, at: FieldDeviation['at']) => {
    const w = worst.get(field)!;
    if (field === 'terminated' || field === 'truncated') {
      if (delta > 0 && w.maxAbs === 0) w.at = at;
      w.maxAbs += delta;
    } else if (delta > w.maxAbs || Number.isNaN(delta)) {
      w.maxAbs = Number.isNaN(delta) ? Infinity : delta;
      w.at = at;
    }
  };
  let stepsCompared = 0;
  file.cases.forEach((c, ci) => {
    const env = make(envId);
    env.reset({ seed: 0 });
    const raw: unknown = unwrapEnv(env);
    if (!isReplayable(raw)) throw new DataFormatError(`env ${envId} cannot have its internal state set, so reference files cannot be replayed against it`);
    const f32 = file.meta.initial_state_dtype === 'float32';
    raw.setState(c.initial_state.map((v) => (f32 ? Math.fround(v) : v)));
    const last = c.first_done_step ?? c.steps.length;
    for (const ref of c.steps.slice(0, last)) {
      const action = file.meta.actions[ref.t - 1];
      const r = env.step(typeof action === 'number' ? action : Float32Array.from(action as number[]));
      const at = (index?: number) => ({ case: ci, t: ref.t, ...(index === undefined ? {} : { index }) });
      const obs = Array.from(r.observation as ArrayLike<number>);
      ref.obs.forEach((v, i) => note('obs', Math.abs(obs[i] - v), at(i)));
      raw.getState().forEach((v, i) => note('state', Math.abs(v - ref.state[i]), at(i)));
      note('reward', Math.abs(r.reward - ref.reward), at());
      note('terminated', Number(r.terminated !== ref.terminated), at());
      note('truncated', Number(r.truncated !== ref.truncated), at());
      stepsCompared++;
      if (r.terminated || r.truncated) break;
    }
  });
  const fields = [...worst.values()].map((w) => ({ ...w, ok: w.maxAbs <= w.tolerance }));
  return { envId, cases: file.cases.length, stepsCompared, fields, ok: fields.every((f) => f.ok) };
}
