/**
 * `rewardlab rl`: PPO on the env's own reward (the baseline/oracle agent), as a run directory:
 * config.json, metrics.jsonl (one line per iteration), checkpoint/ every `checkpointEvery`
 * iterations, result.json with the final evaluation. `resumeRl(dir)` continues a killed run
 * from its last checkpoint; the continued curve is identical to an uninterrupted run. Both hold
 * the directory's run lock (src/runs/run-lock.ts) while they run: a second process is refused.
 */
import { join } from 'node:path';
import '../envs/index.js';
import { make } from '../envs/registry.js';
import { evaluatePolicy, type EvaluationResult } from '../analysis/evaluate.js';
import { latestCheckpoint, replaceCheckpoint } from '../runs/checkpoint-dir.js';
import { acquireRunLock } from '../runs/run-lock.js';
import { appendMetrics, defaultRunDir, ensureDir, readJson, truncateMetrics, writeJsonAtomic } from '../runs/run-dir.js';
import { loadPpo, savePpo } from '../agents/ppo-checkpoint.js';
import { Ppo, type PpoConfig, type PpoIterationStats } from '../agents/ppo.js';
import { ConfigError } from '../core/errors.js';
import type { Action } from '../core/types.js';
import { WorkerVectorEnv } from '../vector/worker-vector-env.js';
import { LIMITS } from './flags.js';
import { ppoPreset } from './presets/ppo-presets.js';

export interface RlRunOptions {
  envId: string;
  /** Overrides on top of the env's preset (src/app/presets/ppo-presets.ts). */
  config?: Partial<PpoConfig>;
  /** Run directory; default runs/<env>__rl__s<seed>__<time>. */
  out?: string;
  /** Episodes of the final (and periodic) deterministic evaluation. Default 10. */
  evalEpisodes?: number;
  /**
   * Greedy evaluation every this many iterations (rollouts), 0 = only at the end. Default
   * `defaultEvalEvery`: at every checkpoint in short runs, about 10 evaluations in long ones.
   */
  evalEvery?: number;
  /**
   * Worker threads stepping the env copies (WorkerVectorEnv; same trajectories bit for bit as
   * in-thread). 0 = in the training thread. Default 0. A runtime choice, not part of config.json.
   */
  envWorkers?: number;
  /** Stop after this many iterations in this process (simulates a kill in tests). */
  stopAfterIterations?: number;
}

export interface RlRunConfig {
  kind: 'rewardlab-rl-config';
  version: 1;
  envId: string;
  ppo: PpoConfig;
  evalEpisodes: number;
  evalEvery: number;
}

export interface RlRunResult {
  kind: 'rewardlab-rl-result';
  version: 1;
  envId: string;
  runDir: string;
  globalStep: number;
  iterations: number;
  finished: boolean;
  evaluation: EvaluationResult | null;
  /** First env step at which a periodic evaluation reached the env's reward threshold (if any). */
  wallSeconds: number;
  stepsPerSecond: number;
  timeSplit: { env: number; inference: number; reward: number; update: number };
}

export interface RlHooks {
  onIteration?(stats: PpoIterationStats, evaluation: EvaluationResult | null): void;
}

/**
 * Iterations between evaluations when the caller names none: every checkpoint while that gives
 * at most about 10 evaluations, else every ⌈iterations / 10⌉ (a 1M-step Hopper run: every 49 of
 * 488 rollouts instead of every 10, which spent ≈ 20% of the run evaluating).
 */
export function defaultEvalEvery(ppo: Pick<PpoConfig, 'checkpointEvery'>, iterations: number): number {
  return Math.max(ppo.checkpointEvery, Math.ceil(iterations / 10));
}

function checkCount(field: string, value: number | undefined, max: number): void {
  if (value !== undefined && !(Number.isInteger(value) && value >= 0 && value <= max)) {
    throw new ConfigError(field, value, `must be an integer in 0..${max}`);
  }
}

export function trainRl(options: RlRunOptions, hooks: RlHooks = {}): RlRunResult {
  checkCount('evalEvery', options.evalEvery, LIMITS.evalEvery.max);
  checkCount('envWorkers', options.envWorkers, LIMITS.envWorkers.max);
  const preset = ppoPreset(options.envId);
  make(options.envId); // fail early with the list of known ids
  const probe = new Ppo({ ...preset, ...options.config }, { makeEnv: () => make(options.envId) });
  probe.close();
  const dir = ensureDir(options.out ?? defaultRunDir('rl', options.envId, probe.config.seed));
  const config: RlRunConfig = {
    kind: 'rewardlab-rl-config', version: 1, envId: options.envId, ppo: probe.config,
    evalEpisodes: options.evalEpisodes ?? 10, evalEvery: options.evalEvery ?? defaultEvalEvery(probe.config, probe.numIterations),
  };
  const lock = acquireRunLock(dir, { command: 'rl' });
  try {
    writeJsonAtomic(join(dir, 'config.json'), config);
    return runRl(dir, config, null, options.stopAfterIterations, hooks, options.envWorkers ?? 0);
  } finally {
    lock.release();
  }
}

/** Continue a run from its last checkpoint (or from scratch if it never reached one). */
export function resumeRl(dir: string, hooks: RlHooks = {}, stopAfterIterations?: number, envWorkers = 0): RlRunResult {
  checkCount('envWorkers', envWorkers, LIMITS.envWorkers.max);
  const config = readJson<RlRunConfig>(join(dir, 'config.json'), 'run config');
  const lock = acquireRunLock(dir, { command: 'rl --resume' });
  try {
    return runRl(dir, config, latestCheckpoint(dir), stopAfterIterations, hooks, envWorkers);
  } finally {
    lock.release();
  }
}

/** The registry module the worker threads make their env copies from (src/envs/public.ts). */
const ENV_REGISTRY = new URL('../envs/public.js', import.meta.url);

function runRl(dir: string, config: RlRunConfig, checkpoint: string | null, stopAfter: number | undefined, hooks: RlHooks, envWorkers: number): RlRunResult {
  const makeVectorEnv = envWorkers > 0
    ? (numEnvs: number) => WorkerVectorEnv.createSync<Float32Array, Action>({ envId: config.envId, registry: ENV_REGISTRY, numEnvs, workers: Math.min(envWorkers, numEnvs), autoresetMode: 'same-step' })
    : undefined;
  const runtime = { makeEnv: () => make(config.envId), envId: config.envId, makeVectorEnv };
  const ppo = checkpoint ? loadPpo(checkpoint, runtime) : new Ppo(config.ppo, runtime);
  truncateMetrics(dir, ppo.iteration);
  const evaluate = () => evaluatePolicy(() => make(config.envId), (o) => ppo.act(o, true), config.evalEpisodes);
  const split = { env: 0, inference: 0, reward: 0, update: 0 };
  const t0 = performance.now();
  const startStep = ppo.globalStep;
  let ran = 0;
  let evaluation: EvaluationResult | null = null;
  while (!ppo.done && (stopAfter === undefined || ran < stopAfter)) {
    const stats = ppo.iterate();
    ran++;
    for (const k of Object.keys(split) as (keyof typeof split)[]) split[k] += stats.time[k];
    const periodic = config.evalEvery > 0 && stats.iteration % config.evalEvery === 0;
    evaluation = periodic || ppo.done ? evaluate() : null;
    const { trajectories: _t, time, ...rest } = stats;
    appendMetrics(dir, { ...rest, time, wallSeconds: (performance.now() - t0) / 1000, evalReturn: evaluation?.meanReturn ?? null });
    hooks.onIteration?.(stats, evaluation);
    if (stats.iteration % ppo.config.checkpointEvery === 0 || ppo.done) replaceCheckpoint(dir, (d) => savePpo(d, ppo));
  }
  const wallSeconds = (performance.now() - t0) / 1000;
  const result: RlRunResult = {
    kind: 'rewardlab-rl-result', version: 1, envId: config.envId, runDir: dir, globalStep: ppo.globalStep, iterations: ppo.iteration,
    finished: ppo.done, evaluation, wallSeconds, stepsPerSecond: (ppo.globalStep - startStep) / Math.max(1e-9, wallSeconds), timeSplit: split,
  };
  if (ppo.done) writeJsonAtomic(join(dir, 'result.json'), result);
  ppo.close();
  return result;
}
