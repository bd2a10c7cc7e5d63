/**
 * Replays a MuJoCo v5 reference file (test/fixtures/reference/mujoco, see its README) against our
 * env of the same id, in the two ways the file's `meta.tolerance` defines:
 * - one-step (teacher-forced), every step: before step t > 1 write steps[t−2].state and
 *   .qacc_warmstart (no mj_forward), step with actions[t−1], compare with steps[t−1];
 * - free-run: the reset protocol, then every action; |Δ| ≤ free_run.abs on steps 1..H and
 *   ≤ free_run_loose.abs on 1..H′ (native MuJoCo 2.2.2 and 3.3.8 drift apart later).
 * Compared: obs (float64), state (qpos ++ qvel), reward, every info value (same keys, same
 * order), terminated and truncated (truncated = t ≥ the registered max_episode_steps) exactly.
 * Steps continue past termination as the recording did (no reset). The WASM module must be
 * loaded first (`await prepareEnv(id)`).
 */
import { DataFormatError, show } from '../../core/errors.js';
import { envSpec, make } from '../registry.js';
import type { FieldDeviation, ReplayReport } from '../reference-replay.js';
import { unwrapEnv } from '../../wrappers/wrapper.js';
import { MujocoEnv } from './mujoco-env.js';

export interface MujocoReferenceStep {
  t: number;
  obs: number[];
  reward: number;
  terminated: boolean;
  truncated: boolean;
  info: Record<string, number>;
  state: number[];
  qacc_warmstart: number[];
}

export interface MujocoReferenceCase {
  initial_state: number[];
  initial_obs: number[];
  initial_info: Record<string, number>;
  first_done_step: number | null;
  actions: number[][];
  steps: MujocoReferenceStep[];
}

export interface MujocoReferenceFile {
  meta: {
    env_id: string;
    xml_file: string;
    xml_sha256: string;
    tolerance: { one_step: { abs: number; steps: string }; free_run: { abs: number; steps: string }; free_run_loose: { abs: number; steps: string } };
  };
  cases: MujocoReferenceCase[];
}

/** Whether a parsed JSON document is in the MuJoCo reference format (per-case actions, tolerance table). */
export function isMujocoReference(doc: unknown): doc is MujocoReferenceFile {
  const d = doc as Partial<MujocoReferenceFile>;
  return typeof d?.meta?.tolerance?.one_step === 'object' && Array.isArray(d.cases) && Array.isArray(d.cases[0]?.actions);
}

/** "1..H" → H. */
function horizon(steps: string, field: string): number {
  const m = /^1\.\.(\d+)$/.exec(steps);
  if (!m) throw new DataFormatError(`${field} = ${show(steps)} must look like "1..N"`);
  return Number(m[1]);
}

type Numeric = 'obs' | 'state' | 'reward' | 'info';
const NUMERIC: Numeric[] = ['obs', 'state', 'reward', 'info'];

class Worst {
  readonly rows = new Map<string, FieldDeviation>();
  constructor(
    readonly check: string,
    tolerance: number,
    fields: FieldDeviation['field'][],
  ) {
    for (const field of fields) this.rows.set(field, { field, check, maxAbs: 0, tolerance: field === 'terminated' || field === 'truncated' ? 0 : tolerance, ok: true, at: null });
  }
  note(field: FieldDeviation['field'], delta: number, at: FieldDeviation['at']): void {
    const w = this.rows.get(field)!;
    if (field === 'terminated' || field === 'truncated') {
      if (delta > 0 && w.maxAbs === 0) w.at = at;
      w.maxAbs += delta;
    } else if (w.at === null || !(delta <= w.maxAbs)) {
      w.maxAbs = Number.isNaN(delta) ? Infinity : delta;
      w.at = at;
    }
  }
}

function compare(w: Worst, env: MujocoEnv, r: { reward: number; info: Record<string, unknown>; terminated?: boolean; truncated?: boolean }, ref: { obs: number[]; state?: number[]; reward?: number; info: Record<string, number>; terminated?: boolean; truncated?: boolean }, at: (i?: number) => FieldDeviation['at']): void {
  const obs = env.observation64();
  if (obs.length !== ref.obs.length) w.note('obs', Infinity, at());
  ref.obs.forEach((v, i) => w.note('obs', Math.abs(obs[i] - v), at(i)));
  if (ref.state) env.getState().forEach((v, i) => w.note('state', Math.abs(v - ref.state![i]), at(i)));
  if (ref.reward !== undefined) w.note('reward', Math.abs(r.reward - ref.reward), at());
  const keys = Object.keys(ref.info);
  if (Object.keys(r.info).join() !== keys.join()) w.note('info', Infinity, at());
  keys.forEach((k, i) => w.note('info', Math.abs((r.info[k] as number) - ref.info[k]), at(i)));
  if (ref.terminated !== undefined && w.rows.has('terminated')) w.note('terminated', Number(r.terminated !== ref.terminated), at());
  if (ref.truncated !== undefined && w.rows.has('truncated')) w.note('truncated', Number(r.truncated !== ref.truncated), at());
}

function rawEnv(id: string): MujocoEnv {
  const raw = unwrapEnv(make(id));
  if (!(raw instanceof MujocoEnv)) throw new DataFormatError(`env ${id} is not a MuJoCo env, so a MuJoCo reference file cannot be replayed against it`);
  raw.reset({ seed: 0 });
  return raw;
}

export function replayMujocoReference(file: MujocoReferenceFile, source = 'reference file'): ReplayReport {
  const id = file.meta.env_id;
  if (typeof id !== 'string') throw new DataFormatError(`${source}: meta.env_id = ${show(id)} must be an env id string`);
  const tol = file.meta.tolerance;
  const H = horizon(tol.free_run.steps, `${source}: meta.tolerance.free_run.steps`);
  const H2 = horizon(tol.free_run_loose.steps, `${source}: meta.tolerance.free_run_loose.steps`);
  const limit = envSpec(id).maxEpisodeSteps ?? Infinity;
  const all: FieldDeviation['field'][] = [...NUMERIC, 'terminated', 'truncated'];
  const oneStep = new Worst('one-step', tol.one_step.abs, all);
  const free = new Worst(`free-run t≤${H}`, tol.free_run.abs, all);
  const loose = new Worst(`free-run t≤${H2}`, tol.free_run_loose.abs, all);
  let stepsCompared = 0;
  file.cases.forEach((c, ci) => {
    if (!Array.isArray(c.actions) || !Array.isArray(c.steps)) throw new DataFormatError(`${source}: cases[${ci}] needs actions and steps arrays`);
    // Free run: the reset protocol, then every action without intervention.
    const env = rawEnv(id);
    env.setState(c.initial_state);
    compare(free, env, { reward: 0, info: env.resetInfo() }, { obs: c.initial_obs, info: c.initial_info }, (i) => ({ case: ci, t: 0, ...(i === undefined ? {} : { index: i }) }));
    for (const ref of c.steps) {
      if (ref.t > H2) break;
      const r = env.simulate(Float32Array.from(c.actions[ref.t - 1]));
      const flags = { ...r, truncated: ref.t >= limit };
      const at = (i?: number) => ({ case: ci, t: ref.t, ...(i === undefined ? {} : { index: i }) });
      if (ref.t <= H) compare(free, env, flags, ref, at);
      compare(loose, env, flags, ref, at);
    }
    // One step from the recorded state, every step.
    const forced = rawEnv(id);
    forced.setState(c.initial_state);
    c.steps.forEach((ref, k) => {
      if (k > 0) forced.overwritePhysics(c.steps[k - 1].state, c.steps[k - 1].qacc_warmstart);
      const r = forced.simulate(Float32Array.from(c.actions[ref.t - 1]));
      compare(oneStep, forced, { ...r, truncated: ref.t >= limit }, ref, (i) => ({ case: ci, t: ref.t, ...(i === undefined ? {} : { index: i }) }));
      stepsCompared++;
    });
    env.close();
    forced.close();
  });
  const fields = [...oneStep.rows.values(), ...free.rows.values(), ...loose.rows.values()].map((w) => ({ ...w, ok: w.maxAbs <= w.tolerance }));
  return { envId: id, cases: file.cases.length, stepsCompared, fields, ok: fields.every((f) => f.ok) };
}
