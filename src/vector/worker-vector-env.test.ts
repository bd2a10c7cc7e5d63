import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { AnyEnv } from '../core/env.js';
import { ConfigError, EnvStateError, SpaceMismatchError, UnknownEnvError } from '../core/errors.js';
import { Rng } from '../core/rng.js';
import { unseal } from '../core/sealed.js';
import { make, prepareEnv } from '../envs/public.js';
import { SyncVectorEnv, type AutoresetMode, type VectorStepResult } from './sync-vector-env.js';
import { WorkerVectorEnv } from './worker-vector-env.js';

// The test may import the envs room (the library file may not): workers make their copies from it.
const registry = new URL('../envs/public.js', import.meta.url);

/** A step result as plain data, the sealed channel opened, so toEqual compares every bit that matters. */
function plain(r: VectorStepResult<unknown>) {
  return { ...r, rewards: Array.from(r.rewards), evaluations: r.evaluations.map((e) => (e === undefined ? undefined : unseal(e))) };
}

/** Steps a worker vector env and a sync one side by side with the same seeded random actions. */
async function compare(envId: string, o: { numEnvs: number; workers: number; autoresetMode: AutoresetMode; steps: number; maxEpisodeSteps: number }) {
  await prepareEnv(envId);
  const envOptions = { maxEpisodeSteps: o.maxEpisodeSteps };
  const sync = new SyncVectorEnv(Array.from({ length: o.numEnvs }, () => make(envId, envOptions) as AnyEnv), { autoresetMode: o.autoresetMode });
  const venv = await WorkerVectorEnv.create({ envId, registry, envOptions, numEnvs: o.numEnvs, workers: o.workers, autoresetMode: o.autoresetMode });
  try {
    expect(venv.observationSpace.toJSON()).toEqual(sync.observationSpace.toJSON());
    expect(venv.actionSpace.toJSON()).toEqual(sync.actionSpace.toJSON());
    expect(venv.spec).toEqual({ id: envId, maxEpisodeSteps: o.maxEpisodeSteps });
    expect(venv.reset({ seed: 7 })).toEqual(sync.reset({ seed: 7 }));
    const rng = new Rng(3);
    const counts = { terminated: 0, truncated: 0, resets: 0 };
    for (let t = 0; t < o.steps; t++) {
      const actions = Array.from({ length: o.numEnvs }, () => sync.actionSpace.sample(rng));
      const want = plain(sync.step(actions));
      const got = plain(venv.step(actions));
      expect(got, `step ${t}`).toEqual(want);
      counts.terminated += want.terminated.filter(Boolean).length;
      counts.truncated += want.truncated.filter((x, i) => x && !want.terminated[i]).length;
      counts.resets += want.finalObservations.filter((x) => x !== undefined).length;
    }
    expect(venv.render(o.numEnvs - 1)).toEqual(sync.envs[o.numEnvs - 1].render());
    return counts;
  } finally {
    sync.close();
    await venv.close();
  }
}

describe('WorkerVectorEnv', () => {
  it('CartPole-v1: the same trajectory as SyncVectorEnv with 1, 2 and 3 workers, both autoreset modes', { timeout: 120_000 }, async () => {
    const one = await compare('CartPole-v1', { numEnvs: 4, workers: 1, autoresetMode: 'same-step', steps: 300, maxEpisodeSteps: 30 });
    expect(one.terminated).toBeGreaterThan(10);
    expect(one.truncated).toBeGreaterThan(0);
    expect(one.resets).toBe(one.terminated + one.truncated); // 'same-step': every end comes with a final observation
    const two = await compare('CartPole-v1', { numEnvs: 4, workers: 2, autoresetMode: 'next-step', steps: 300, maxEpisodeSteps: 30 });
    expect(two.terminated).toBeGreaterThan(10);
    expect(two.resets).toBe(0);
    const uneven = await compare('CartPole-v1', { numEnvs: 5, workers: 3, autoresetMode: 'same-step', steps: 100, maxEpisodeSteps: 30 });
    expect(uneven.terminated).toBeGreaterThan(5);
  });

  it('Hopper-v5: the same trajectory (reward terms in info, -0 included) with 1 and 2 workers', { timeout: 180_000 }, async () => {
    const one = await compare('Hopper-v5', { numEnvs: 3, workers: 1, autoresetMode: 'next-step', steps: 300, maxEpisodeSteps: 80 });
    expect(one.terminated).toBeGreaterThan(3);
    const two = await compare('Hopper-v5', { numEnvs: 4, workers: 2, autoresetMode: 'same-step', steps: 300, maxEpisodeSteps: 80 });
    expect(two.terminated).toBeGreaterThan(3);
    expect(two.truncated + two.terminated).toBe(two.resets);
  });

  it('refuses bad options, naming the field and the value', async () => {
    const base = { envId: 'CartPole-v1', registry, numEnvs: 2 };
    await expect(WorkerVectorEnv.create({ ...base, workers: 0 })).rejects.toThrow(new ConfigError('workers', 0, 'must be an integer ≥ 1').message);
    await expect(WorkerVectorEnv.create({ ...base, workers: 3 })).rejects.toThrow(/^workers = 3: must be at most numEnvs = 2/);
    await expect(WorkerVectorEnv.create({ ...base, numEnvs: 0 })).rejects.toThrow(/^numEnvs = 0/);
    await expect(WorkerVectorEnv.create({ ...base, autoresetMode: 'never' as never })).rejects.toThrow(/autoresetMode = "never"/);
  });

  it('reports what a worker refused: an unknown env id, a bad env option, a registry without make', { timeout: 60_000 }, async () => {
    const unknown = WorkerVectorEnv.create({ envId: 'NoSuchEnv-v0', registry, numEnvs: 2, workers: 2 });
    await expect(unknown).rejects.toBeInstanceOf(UnknownEnvError);
    await expect(unknown).rejects.toThrow(/env id = "NoSuchEnv-v0" is not registered; known ids: .*CartPole-v1/);
    const option = WorkerVectorEnv.create({ envId: 'CartPole-v1', registry, numEnvs: 1, envOptions: { gravity: 'high' } });
    await expect(option).rejects.toBeInstanceOf(ConfigError);
    await expect(option).rejects.toThrow(/CartPole-v1 option gravity = "high"/);
    const noMake = new URL('./sync-vector-env.js', import.meta.url);
    await expect(WorkerVectorEnv.create({ envId: 'CartPole-v1', registry: noMake, numEnvs: 1 })).rejects.toThrow(/the module exports no make\(id, options\)/);
  });

  it("passes an env's error back from step, keeps stepping after it, and refuses calls once closed", { timeout: 60_000 }, async () => {
    const venv = await WorkerVectorEnv.create<Float32Array, number>({ envId: 'CartPole-v1', registry, numEnvs: 2, workers: 2 });
    venv.reset({ seed: 0 });
    expect(() => venv.step([0, 5])).toThrow(SpaceMismatchError);
    expect(() => venv.step([0, 5])).toThrow(/action = 5/);
    expect(() => venv.step([0])).toThrow(/actions.length = 1/);
    expect(venv.step([0, 1]).observations).toHaveLength(2);
    await venv.close();
    expect(() => venv.step([0, 1])).toThrow(EnvStateError);
    await venv.close(); // twice is fine
  });

  it('a process that never closes it still exits (its threads do not hold the event loop)', { timeout: 60_000 }, () => {
    const dir = mkdtempSync(join(tmpdir(), 'worker-vector-env-'));
    const script = join(dir, 'left-open.mts');
    writeFileSync(script, `import { WorkerVectorEnv } from ${JSON.stringify(fileURLToPath(new URL('./worker-vector-env.ts', import.meta.url)))};
      const v = await WorkerVectorEnv.create({ envId: 'CartPole-v1', registry: ${JSON.stringify(registry.href)}, numEnvs: 2, workers: 2 });
      v.reset({ seed: 1 }); v.step([0, 1]); console.log('stepped');\n`);
    try {
      const r = spawnSync(process.execPath, ['--import', 'tsx', script], { encoding: 'utf8', timeout: 50_000, cwd: fileURLToPath(new URL('../..', import.meta.url)) });
      expect(r.stderr).toBe('');
      expect(r.stdout.trim()).toBe('stepped');
      expect(r.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
