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
async function compare(envId: string, o: { numEnvs: number; workers: number; autoresetMode: AutoresetMode; steps: number; maxEpisodeSteps: number; blockingStart?: boolean }) {
  await prepareEnv(envId);
  const envOptions = { maxEpisodeSteps: o.maxEpisodeSteps };
  const sync = new SyncVectorEnv(Array.from({ length: o.numEnvs }, () => make(envId, envOptions) as AnyEnv), { autoresetMode: o.autoresetMode });
  const options = { envId, registry, envOptions, numEnvs: o.numEnvs, workers: o.workers, autoresetMode: o.autoresetMode };
  const venv = o.blockingStart ? WorkerVectorEnv.createSync(options) : await WorkerVectorEnv.create(options);
  try {
    expect(venv.observationSpace.toJSON()).toEqual(sync.observationSpace.toJSON());
    expect(venv.actionSpace.toJSON()).toEqual(sync.actionSpace.toJSON());
    expect(venv.spec).toEqual({ id: envId, maxEpisodeSteps: o.maxEpisodeSteps });
    expect(venv.reset({ seed: 7 })).toEqual(sync.reset({ seed: 7 }));
    const rng = new Rng(3);
    const counts = { terminated: 0, truncated: 0, resets: 0, evaluations: 0, hiddenDiffers: 0 };
    for (let t = 0; t < o.steps; t++) {
      const actions = Array.from({ length: o.numEnvs }, () => sync.actionSpace.sample(rng));
      const want = plain(sync.step(actions));
      const got = plain(venv.step(actions));
      expect(got, `step ${t}`).toEqual(want);
      counts.terminated += want.terminated.filter(Boolean).length;
      counts.truncated += want.truncated.filter((x, i) => x && !want.terminated[i]).length;
      counts.resets += want.finalObservations.filter((x) => x !== undefined).length;
      counts.evaluations += want.evaluations.filter((e) => e !== undefined).length;
      counts.hiddenDiffers += want.evaluations.filter((e) => e !== undefined && e.performance !== e.reward).length;
    }
    expect(venv.render(o.numEnvs - 1)).toEqual(sync.envs[o.numEnvs - 1].render());
    return counts;
  } finally {
    sync.close();
    await venv.close();
  }
}

/**
 * A registry as a data: URL whose env takes every path a common env does not: Discrete (number)
 * observations, no evaluation, infos that change shape, hold strings or nested objects or more
 * numbers than a slot, rewards that read Float64 actions to the last bit, and a step that calls
 * process.exit (action [9, 9]).
 */
const ODD_REGISTRY = `data:text/javascript,${encodeURIComponent(`
  export function make(id, options) {
    if (id !== 'Odd-v0') throw new Error('unknown ' + id);
    let t = 0;
    const box = { toJSON: () => ({ kind: 'box', low: [-10, -10], high: [10, 10], shape: [2] }) };
    const info = () => t % 4 === 0 ? { t, label: 'text', nested: { deep: [t, -0] } }
      : t % 4 === 1 ? { t, z: -0, nan: NaN }
      : t % 4 === 2 ? Object.fromEntries(Array.from({ length: 70 }, (_, j) => ['k' + j, j * t]))
      : {};
    return {
      observationSpace: { toJSON: () => ({ kind: 'discrete', n: 1000, start: 0 }) },
      actionSpace: box,
      metadata: { renderModes: ['scene'], renderFps: 5 },
      spec: { id, maxEpisodeSteps: options.maxEpisodeSteps },
      reset(o) { t = (o && o.seed !== undefined ? o.seed : t) % 5; return { observation: t, info: { reset: t, opts: o && o.options } }; },
      step(a) {
        if (a[0] === 9) process.exit(3);
        if (a[0] === 8) throw new RangeError('action ' + a[0] + ' is refused');
        t += 1;
        return { observation: t, reward: a[0] * 1e-9 + a[1] + (Array.isArray(a) ? 0.5 : 0), terminated: t % 7 === 6, truncated: t % 11 === 10, info: info() };
      },
      render() { return { kind: 'ansi', text: 'at ' + t }; },
      close() {},
    };
  }
`)}`;

describe('WorkerVectorEnv', () => {
  it('CartPole-v1: the same trajectory as SyncVectorEnv with 1, 2 and 3 workers, both autoreset modes', { timeout: 120_000 }, async () => {
    const one = await compare('CartPole-v1', { numEnvs: 4, workers: 1, autoresetMode: 'same-step', steps: 300, maxEpisodeSteps: 30 });
    expect(one.terminated).toBeGreaterThan(10);
    expect(one.truncated).toBeGreaterThan(0);
    expect(one.resets).toBe(one.terminated + one.truncated); // 'same-step': every end comes with a final observation
    const two = await compare('CartPole-v1', { numEnvs: 4, workers: 2, autoresetMode: 'next-step', steps: 300, maxEpisodeSteps: 30 });
    expect(two.terminated).toBeGreaterThan(10);
    expect(two.resets).toBe(0);
    const uneven = await compare('CartPole-v1', { numEnvs: 5, workers: 3, autoresetMode: 'same-step', steps: 100, maxEpisodeSteps: 30, blockingStart: true });
    expect(uneven.terminated).toBeGreaterThan(5);
  });

  it('Hopper-v5: the same trajectory (reward terms in info, -0 included) with 1 and 2 workers', { timeout: 180_000 }, async () => {
    const one = await compare('Hopper-v5', { numEnvs: 3, workers: 1, autoresetMode: 'next-step', steps: 300, maxEpisodeSteps: 80, blockingStart: true });
    expect(one.terminated).toBeGreaterThan(3);
    const two = await compare('Hopper-v5', { numEnvs: 4, workers: 2, autoresetMode: 'same-step', steps: 300, maxEpisodeSteps: 80 });
    expect(two.terminated).toBeGreaterThan(3);
    expect(two.truncated + two.terminated).toBe(two.resets);
  });

  it('BoatRace-v0: the same sealed evaluations (reward and hidden performance) with 2 workers', { timeout: 60_000 }, async () => {
    const r = await compare('BoatRace-v0', { numEnvs: 4, workers: 2, autoresetMode: 'same-step', steps: 200, maxEpisodeSteps: 40 });
    expect(r.evaluations).toBe(4 * 200);
    expect(r.hiddenDiffers).toBeGreaterThan(20);
  });

  it('carries the side-channel cases exactly: number observations, changing and non-numeric infos, Float64 and array actions, reset options', { timeout: 60_000 }, async () => {
    const odd = (await import(ODD_REGISTRY)) as { make(id: string, o: object): AnyEnv };
    for (const autoresetMode of ['same-step', 'next-step'] as const) {
      const sync = new SyncVectorEnv(Array.from({ length: 3 }, () => odd.make('Odd-v0', { maxEpisodeSteps: 40 })), { autoresetMode });
      const venv = await WorkerVectorEnv.create({ envId: 'Odd-v0', registry: ODD_REGISTRY, numEnvs: 3, workers: 2, envOptions: { maxEpisodeSteps: 40 }, autoresetMode });
      expect(venv.spec).toEqual({ id: 'Odd-v0', maxEpisodeSteps: 40 });
      expect(venv.reset({ seed: 2, options: { level: 'hard' } })).toEqual(sync.reset({ seed: 2, options: { level: 'hard' } }));
      const rng = new Rng(5);
      const kinds = [(x: number[]) => Float64Array.from(x), (x: number[]) => Float32Array.from(x), (x: number[]) => x];
      let sideInfos = 0;
      for (let t = 0; t < 60; t++) {
        const actions = [0, 1, 2].map((i) => kinds[(t + i) % 3]([rng.uniform(-1, 1), rng.uniform(-1, 1)]));
        const want = plain(sync.step(actions));
        expect(plain(venv.step(actions)), `${autoresetMode} step ${t}`).toEqual(want);
        sideInfos += want.infos.filter((i) => i && typeof i === 'object' && 'label' in i).length;
      }
      expect(sideInfos).toBeGreaterThan(5);
      expect(venv.render(1)).toEqual(sync.envs[1].render());
      sync.close();
      await venv.close();
    }
  });

  it('after an error in one worker, the new info shapes met in that step are still known (the next steps match SyncVectorEnv)', { timeout: 60_000 }, async () => {
    const odd = (await import(ODD_REGISTRY)) as { make(id: string, o: object): AnyEnv };
    const sync = new SyncVectorEnv(Array.from({ length: 3 }, () => odd.make('Odd-v0', {})));
    const venv = await WorkerVectorEnv.create({ envId: 'Odd-v0', registry: ODD_REGISTRY, numEnvs: 3, workers: 2 });
    expect(venv.reset({ seed: 4 })).toEqual(sync.reset({ seed: 4 })); // copies 0 and 1 then meet the { t, z, nan } shape first
    const refused = [Float64Array.of(0, 0), Float64Array.of(0, 0), Float64Array.of(8, 8)];
    expect(() => sync.step(refused)).toThrow(RangeError);
    expect(() => venv.step(refused)).toThrow(/action 8 is refused/); // copies 0 and 1 (before 2 failed in the same worker) met a new info shape
    for (let t = 0; t < 12; t++) {
      const actions = [Float64Array.of(0.25, t / 8), Float64Array.of(-0.5, 0), Float64Array.of(0, 1)];
      expect(plain(venv.step(actions)), `step ${t}`).toEqual(plain(sync.step(actions)));
    }
    sync.close();
    await venv.close();
  });

  it('fails the waiting call, instead of hanging, when a worker thread exits', { timeout: 60_000 }, async () => {
    const venv = await WorkerVectorEnv.create({ envId: 'Odd-v0', registry: ODD_REGISTRY, numEnvs: 2, workers: 2 });
    venv.reset({ seed: 0 });
    expect(() => venv.step([Float64Array.of(0, 0), Float64Array.of(9, 9)])).toThrow(/a WorkerVectorEnv thread \(copies 1…1\) exited/);
    expect(() => venv.step([Float64Array.of(0, 0), Float64Array.of(0, 0)])).toThrow(EnvStateError);
    await venv.close();
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

  it('createSync (a blocking start) reports the same refusals, and a start that takes too long', { timeout: 60_000 }, () => {
    expect(() => WorkerVectorEnv.createSync({ envId: 'NoSuchEnv-v0', registry, numEnvs: 2, workers: 2 })).toThrow(UnknownEnvError);
    expect(() => WorkerVectorEnv.createSync({ envId: 'CartPole-v1', registry, numEnvs: 2, workers: 0 })).toThrow(/^workers = 0/);
    expect(() => WorkerVectorEnv.createSync({ envId: 'CartPole-v1', registry, numEnvs: 1, startTimeoutMs: 1 })).toThrow(/^startTimeoutMs = 1: the WorkerVectorEnv threads for "CartPole-v1" did not start in time/);
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
