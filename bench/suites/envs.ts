/** Env throughput: steps/s for every registered env, single and as a vector of 8. */
import '../../src/envs/index.js';
import { Rng } from '../../src/core/rng.js';
import { make, registeredEnvs } from '../../src/envs/registry.js';
import { SyncVectorEnv } from '../../src/vector/sync-vector-env.js';
import { measure, type BenchRow, type BenchSuite } from '../suite.js';

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
  return steps / ((performance.now() - t0) / 1000);
}

function vectorStepsPerSecond(id: string, steps: number): number {
  const venv = new SyncVectorEnv(Array.from({ length: 8 }, () => make(id)));
  const rng = new Rng(0);
  const actions = Array.from({ length: 128 }, () => Array.from({ length: 8 }, () => venv.actionSpace.sample(rng)));
  venv.reset({ seed: 0 });
  const iters = Math.ceil(steps / 8);
  const t0 = performance.now();
  for (let t = 0; t < iters; t++) venv.step(actions[t & 127]);
  return (iters * 8) / ((performance.now() - t0) / 1000);
}

export const envsBench: BenchSuite = {
  name: 'envs',
  async run({ quick }, progress) {
    const runs = quick ? 2 : 5;
    const steps = quick ? 20_000 : 200_000;
    const rows: BenchRow[] = [];
    for (const spec of registeredEnvs()) {
      progress(spec.id);
      singleStepsPerSecond(spec.id, 5000);
      rows.push(await measure('envs', `${spec.id} single`, 'steps/s', runs, () => singleStepsPerSecond(spec.id, steps)));
      rows.push(await measure('envs', `${spec.id} vector×8`, 'steps/s', runs, () => vectorStepsPerSecond(spec.id, steps)));
    }
    return rows;
  },
};
