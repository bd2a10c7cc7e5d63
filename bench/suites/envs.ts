/**
 * Env throughput: steps/s for every registered env, single and as a vector of 8. MuJoCo envs
 * (1/10 of the steps: their physics costs 0.1–0.6 ms a step) also get the raw physics rate of
 * the same model: frameSkip × mj_step per env step on a bare MjData, no obs/reward/info, reset
 * where the env's episodes ended, so the gap to the `single` row is our env code's overhead.
 * `BENCH_ENVS=<regex>` restricts the ids (e.g. `BENCH_ENVS=-v5$ npm run bench -- --only envs`).
 *
 * Parts (REWARDLAB_BENCH_PART): `throughput` (the rows above) and `vector-workers`: CartPole-v1 and
 * Hopper-v5 as 8 copies, SyncVectorEnv vs WorkerVectorEnv with 1 and 2 worker threads (steps/s
 * of the whole vector, start-up excluded), next to the raw mj_step rate of one thread; the notes
 * carry the 1-minute load average, since the machine may be shared.
 */
import '../../src/envs/index.js';
import { Rng } from '../../src/core/rng.js';
import { envSpec, make, prepareEnv, registeredEnvs } from '../../src/envs/registry.js';
import { MujocoEnv } from '../../src/envs/mujoco/mujoco-env.js';
import { mujoco } from '../../src/envs/mujoco/runtime.js';
import { loadavg } from 'node:os';
import { SyncVectorEnv } from '../../src/vector/sync-vector-env.js';
import { WorkerVectorEnv } from '../../src/vector/worker-vector-env.js';
import { unwrapEnv } from '../../src/wrappers/wrapper.js';
import { measure, selectedParts, type BenchRow, type BenchSuite } from '../suite.js';

function singleStepsPerSecond(id: string, steps: number): number {
  const env = make(id);
  const rng = new Rng(0);
  const actions = Array.from({ length: 1024 }, () => env.actionSpace.sample(rng));
  env.reset({ seed: 0 });
  const t0 = performance.now();
  for (let t = 0; t < steps; t++) {
    const r = env.step(actions[t & 1023]);
    if (r.terminated || r.truncated) env.reset();
  }
  const rate = steps / ((performance.now() - t0) / 1000);
  env.close();
  return rate;
}

function vectorStepsPerSecond(id: string, steps: number): number {
  const venv = new SyncVectorEnv(Array.from({ length: 8 }, () => make(id)));
  const rate = vectorRate(venv, steps);
  venv.close();
  return rate;
}

/** The steps at which a random-action run of the env resets (episode ends), for the raw loop to copy. */
function resetSteps(id: string, steps: number): Set<number> {
  const env = make(id);
  const rng = new Rng(0);
  const actions = Array.from({ length: 1024 }, () => env.actionSpace.sample(rng));
  const out = new Set<number>();
  env.reset({ seed: 0 });
  for (let t = 0; t < steps; t++) {
    const r = env.step(actions[t & 1023]);
    if (r.terminated || r.truncated) {
      out.add(t);
      env.reset();
    }
  }
  env.close();
  return out;
}

/**
 * Env steps/s of bare physics: frameSkip × mj_step on the env's model with the same random
 * controls, reset (mj_resetData) where the env's episodes ended, so both spend their time in
 * the same kind of states (a fallen hopper with contacts costs more than a standing one).
 */
function rawMujocoStepsPerSecond(id: string, steps: number, resets: Set<number>): number {
  const env = unwrapEnv(make(id)) as unknown as MujocoEnv;
  const mj = mujoco();
  const data = new mj.MjData(env.model);
  const rng = new Rng(0);
  const actions = Array.from({ length: 1024 }, () => env.actionSpace.sample(rng));
  const ctrl = data.ctrl as Float64Array;
  const t0 = performance.now();
  for (let t = 0; t < steps; t++) {
    ctrl.set(actions[t & 1023]);
    for (let k = 0; k < env.frameSkip; k++) mj.mj_step(env.model, data);
    if (resets.has(t)) mj.mj_resetData(env.model, data);
  }
  const rate = steps / ((performance.now() - t0) / 1000);
  data.delete();
  env.close();
  return rate;
}

/** Steps/s of a vector env of 8 copies (sync or worker): seeded random actions, autoreset 'same-step'. */
function vectorRate(venv: { actionSpace: { sample(rng: Rng): unknown }; reset(o: { seed: number }): unknown; step(a: unknown[]): unknown }, steps: number): number {
  const rng = new Rng(0);
  const actions = Array.from({ length: 128 }, () => Array.from({ length: 8 }, () => venv.actionSpace.sample(rng)));
  venv.reset({ seed: 0 });
  const iters = Math.ceil(steps / 8);
  const t0 = performance.now();
  for (let t = 0; t < iters; t++) venv.step(actions[t & 127]);
  return (iters * 8) / ((performance.now() - t0) / 1000);
}

const REGISTRY = new URL('../../src/envs/public.js', import.meta.url);
const load = () => `load ${loadavg()[0].toFixed(1)}`;

/** The `vector-workers` part: sync vs worker threads for 8 copies of CartPole-v1 and Hopper-v5. */
async function vectorWorkerRows(quick: boolean, progress: (msg: string) => void): Promise<BenchRow[]> {
  const runs = quick ? 2 : 5;
  const rows: BenchRow[] = [];
  for (const id of ['CartPole-v1', 'Hopper-v5']) {
    await prepareEnv(id);
    const isMujoco = id === 'Hopper-v5';
    const steps = (quick ? 20_000 : 200_000) / (isMujoco ? 10 : 1);
    let raw: BenchRow | undefined;
    if (isMujoco) {
      const resets = resetSteps(id, steps);
      raw = await measure('envs', `${id} raw mj_step×frameSkip, one thread (vector-workers part)`, 'steps/s', runs, () => rawMujocoStepsPerSecond(id, steps, resets), load());
      rows.push(raw);
    }
    progress(`${id} vector×8 sync`);
    const sync = new SyncVectorEnv(Array.from({ length: 8 }, () => make(id)));
    vectorRate(sync, steps / 4);
    const base = await measure('envs', `${id} vector×8 sync`, 'steps/s', runs, () => vectorRate(sync, steps));
    sync.close();
    base.notes = [raw ? `${((100 * base.value) / raw.value).toFixed(0)}% of raw mj_step` : '', load()].filter(Boolean).join('; ');
    rows.push(base);
    for (const workers of [1, 2]) {
      progress(`${id} vector×8 in ${workers} worker thread(s)`);
      const venv = await WorkerVectorEnv.create({ envId: id, registry: REGISTRY, numEnvs: 8, workers });
      vectorRate(venv, steps / 4);
      const row = await measure('envs', `${id} vector×8 WorkerVectorEnv, ${workers} worker${workers > 1 ? 's' : ''}`, 'steps/s', runs, () => vectorRate(venv, steps));
      await venv.close();
      row.notes = [`${(row.value / base.value).toFixed(2)}× sync`, raw ? `${((100 * row.value) / raw.value).toFixed(0)}% of raw mj_step` : '', load()].filter(Boolean).join('; ');
      rows.push(row);
    }
  }
  return rows;
}

const PARTS = ['throughput', 'vector-workers'] as const;

export const envsBench: BenchSuite = {
  name: 'envs',
  async run({ quick }, progress) {
    const parts = selectedParts(PARTS);
    const rows: BenchRow[] = parts.has('vector-workers') ? await vectorWorkerRows(quick, progress) : [];
    if (!parts.has('throughput')) return rows;
    const runs = quick ? 2 : 5;
    const steps = quick ? 20_000 : 200_000;
    const filter = process.env.BENCH_ENVS ? new RegExp(process.env.BENCH_ENVS) : null;
    for (const spec of registeredEnvs().filter((s) => !filter || filter.test(s.id))) {
      progress(spec.id);
      await prepareEnv(spec.id);
      const probe = make(spec.id);
      const isMujoco = unwrapEnv(probe) instanceof MujocoEnv;
      probe.close();
      const n = isMujoco ? steps / 10 : steps;
      singleStepsPerSecond(spec.id, n / 4);
      const single = await measure('envs', `${spec.id} single`, 'steps/s', runs, () => singleStepsPerSecond(spec.id, n));
      rows.push(single);
      rows.push(await measure('envs', `${spec.id} vector×8`, 'steps/s', runs, () => vectorStepsPerSecond(spec.id, n)));
      if (isMujoco && envSpec(spec.id).family === 'mujoco') {
        const resets = resetSteps(spec.id, n);
        const raw = await measure('envs', `${spec.id} raw mj_step×frameSkip`, 'steps/s', runs, () => rawMujocoStepsPerSecond(spec.id, n, resets));
        raw.notes = `physics only; env single = ${((100 * single.value) / raw.value).toFixed(0)}% of it`;
        rows.push(raw);
      }
    }
    return rows;
  },
};
