/**
 * checkEnv: the conformance checks every env and wrapper stack must pass.
 * Users porting their own env call it too: `checkEnv(() => new MyEnv())`.
 *
 * Checks: reset/step order errors, observations inside the space, seed determinism,
 * finite rewards and boolean flags, JSON-serialisable info, valid render scene,
 * bad actions rejected with a clear error, stepping a finished episode refused.
 */
import type { AnyEnv, StepResult } from '../core/env.js';
import { EnvStateError, SpaceMismatchError } from '../core/errors.js';
import { Rng } from '../core/rng.js';
import { validateScene } from '../core/scene.js';
import { streamRng } from '../core/seed-streams.js';

export interface CheckResult {
  name: string;
  ok: boolean;
  message: string;
}

export interface CheckEnvReport {
  envId: string;
  ok: boolean;
  checks: CheckResult[];
}

export interface CheckEnvOptions {
  /** Steps per rollout (default 300). */
  steps?: number;
  seed?: number;
}

type StepRecord = { obs: number[]; reward: number; terminated: boolean; truncated: boolean; info: string };

function flat(o: unknown): number[] {
  if (typeof o === 'number') return [o];
  if (o instanceof Float32Array || o instanceof Float64Array || Array.isArray(o)) return Array.from(o as ArrayLike<number>);
  return [NaN];
}

function rollout(env: AnyEnv, seed: number, steps: number): StepRecord[] {
  const actionRng = streamRng(seed, 'check-env/actions');
  const records: StepRecord[] = [];
  let r = env.reset({ seed });
  records.push({ obs: flat(r.observation), reward: 0, terminated: false, truncated: false, info: JSON.stringify(r.info) });
  for (let t = 0; t < steps; t++) {
    const s: StepResult<unknown> = env.step(env.actionSpace.sample(actionRng));
    records.push({ obs: flat(s.observation), reward: s.reward, terminated: s.terminated, truncated: s.truncated, info: JSON.stringify(s.info) });
    if (s.terminated || s.truncated) {
      r = env.reset();
      records.push({ obs: flat(r.observation), reward: 0, terminated: false, truncated: false, info: JSON.stringify(r.info) });
    }
  }
  return records;
}

function attempt(name: string, fn: () => string | void): CheckResult {
  try {
    const msg = fn();
    return { name, ok: true, message: msg ?? 'ok' };
  } catch (e) {
    return { name, ok: false, message: (e as Error).message };
  }
}

function expectThrow(fn: () => unknown, type: new (...a: never[]) => Error, what: string): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof type) return `${what} → ${(e as Error).message}`;
    throw new Error(`${what} threw ${(e as Error).name}: ${(e as Error).message}, expected ${type.name}`);
  }
  throw new Error(`${what} did not throw`);
}

export function checkEnv(makeEnv: () => AnyEnv, opts: CheckEnvOptions = {}): CheckEnvReport {
  const steps = opts.steps ?? 300;
  const seed = opts.seed ?? 7;
  const probe = makeEnv();
  const envId = probe.spec?.id ?? probe.constructor.name;
  const checks: CheckResult[] = [];

  checks.push(attempt('step before reset is refused', () => expectThrow(() => makeEnv().step(makeEnv().actionSpace.sample(new Rng(0))), EnvStateError, 'step() before reset()')));

  checks.push(
    attempt('observations stay inside the observation space', () => {
      const env = makeEnv();
      const rng = new Rng(seed);
      let o = env.reset({ seed }).observation;
      for (let t = 0; t < steps; t++) {
        if (!env.observationSpace.contains(o)) throw new Error(`observation at step ${t} = ${JSON.stringify(flat(o).slice(0, 8))} is outside ${env.observationSpace}`);
        const s = env.step(env.actionSpace.sample(rng));
        o = s.observation;
        if (s.terminated || s.truncated) o = env.reset().observation;
      }
      return `${steps} steps checked`;
    }),
  );

  checks.push(
    attempt('same seed gives the same episode', () => {
      const a = rollout(makeEnv(), seed, steps);
      const b = rollout(makeEnv(), seed, steps);
      const differ = a.findIndex((x, i) => JSON.stringify(x) !== JSON.stringify(b[i]));
      if (differ >= 0) throw new Error(`rollouts with seed ${seed} differ at record ${differ}`);
      return `${a.length} records identical`;
    }),
  );

  checks.push(
    attempt('rewards are finite numbers, flags booleans, info serialisable', () => {
      const records = rollout(makeEnv(), seed, steps);
      for (const [i, r] of records.entries()) {
        if (typeof r.reward !== 'number' || !Number.isFinite(r.reward)) throw new Error(`reward at record ${i} = ${r.reward}`);
        if (typeof r.terminated !== 'boolean' || typeof r.truncated !== 'boolean') throw new Error(`flags at record ${i} are not booleans`);
        JSON.parse(r.info);
      }
      return `${records.length} records`;
    }),
  );

  checks.push(
    attempt('render returns a valid, serialisable scene', () => {
      const env = makeEnv();
      env.reset({ seed });
      const scene = env.render();
      const problem = validateScene(JSON.parse(JSON.stringify(scene)));
      if (problem) throw new Error(problem);
      return scene.kind;
    }),
  );

  checks.push(
    attempt('an action outside the action space is refused', () => {
      const env = makeEnv();
      env.reset({ seed });
      return expectThrow(() => env.step(Number.NaN as never), SpaceMismatchError, 'step(NaN)');
    }),
  );

  checks.push(
    attempt('stepping a finished episode is refused', () => {
      const env = makeEnv();
      const rng = new Rng(seed);
      env.reset({ seed });
      for (let t = 0; t < 100_000; t++) {
        const s = env.step(env.actionSpace.sample(rng));
        if (s.terminated || s.truncated) return expectThrow(() => env.step(env.actionSpace.sample(rng)), EnvStateError, `step() after the end at t=${t + 1}`);
      }
      return 'no episode ended within 100000 random steps (nothing to check)';
    }),
  );

  return { envId, ok: checks.every((c) => c.ok), checks };
}
