/**
 * A reward-modeling run as a directory: config.json, feedback.sqlite (every label, durable),
 * metrics.jsonl, diagnostics.jsonl (what went on inside: src/analysis/run-diagnostics.ts),
 * checkpoint/ (agent, reward model, loop state), result.json, report.html.
 * `startRun` begins one; `resumeRun` continues a killed one from its last checkpoint with
 * every stored label intact and none asked twice.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../core/errors.js';
import '../envs/index.js';
import { SyntheticTeacher, parseTeacherSpec } from '../preferences/synthetic-teacher.js';
import type { FeedbackSource } from '../preferences/feedback-source.js';
import type { KindedFeedbackSource } from '../preferences/kinded-feedback-source.js';
import { syntheticRater } from '../loop/synthetic-teachers.js';
import { HumanFeedbackSource } from '../server/human-source.js';
import { startFeedbackServer } from '../server/serve.js';
import type { StatusResponse } from '../server/protocol.js';
import { defaultRunDir, ensureDir, readJson, writeJsonAtomic } from '../runs/run-dir.js';
import { checkRmConfig, type RewardModelingConfig, type RewardModelingOptions } from '../loop/config.js';
import { RewardModelingLoop, runLoop, type LoopHooks, type LoopMetrics, type LoopObserver, type LoopRoles } from '../loop/reward-modeling-loop.js';
import { resolveConfig } from './resolve-config.js';
import { describeWarmStart } from '../loop/pre-explore.js';
import { runHumanRun } from './human-run.js';

export { resolveConfig } from './resolve-config.js';
import { latestCheckpoint } from '../runs/checkpoint-dir.js';
import { prepareRunEnv, resolveEnvModule } from '../envs/env-module.js';
import type { FeedbackStore } from '../feedback/feedback-store.js';
import type { RewardModel } from '../rewards/reward-model.js';
import { openFeedbackStore } from '../feedback/open-store.js';
import { acquireRunLock } from '../runs/run-lock.js';
import { streamSeed } from '../core/seed-streams.js';
import { RunDiagnostics, type Oracle } from '../analysis/run-diagnostics.js';

export interface RunResult {
  kind: 'rewardlab-rm-result';
  version: 1;
  runDir: string;
  envId: string;
  finished: boolean;
  iterations: number;
  globalStep: number;
  labels: number;
  trueReturn: number | null;
  learnedReturn: number | null;
  heldOutAccuracy: number | null;
  /** The strict held-out pairs behind heldOutAccuracy and how many the model got right (null before a model is trained). */
  heldOutCounts: { correct: number; scored: number } | null;
  pearson: number | null;
  wallSeconds: number;
  time: LoopMetrics['time'] | null;
}

/** Feedback sources by spec: 'human' (the browser) or 'synthetic[:options]'. */
export function makeFeedbackSource(spec: string, seed: number): FeedbackSource {
  if (spec === 'human') return new HumanFeedbackSource();
  if (spec === 'synthetic' || spec.startsWith('synthetic:')) return new SyntheticTeacher(parseTeacherSpec(spec), streamSeed(seed, 'teacher'));
  throw new ConfigError('--feedback', spec, "must be 'human', 'synthetic' or 'synthetic:<options>' (e.g. synthetic:mistake, synthetic:beta=1,eps=0.1)");
}

/** The synthetic teachers of the non-preference kinds a run asks for (config.ask): rater, demonstrator, goal marker, corrector; null when it asks for none. */
export function makeRater(config: RewardModelingConfig): KindedFeedbackSource | null {
  return syntheticRater(config, teacherOracle(config.feedback)); // every kind config.ask lists (src/loop/synthetic-teachers.ts)
}

/** For human feedback: serve the labeling page for this loop; returns a stop function. */
async function serveIfHuman(loop: RewardModelingLoop, o: Omit<StartOptions, 'out'>, recent: StatusResponse['metrics']): Promise<() => Promise<void>> {
  if (!(loop.feedback instanceof HumanFeedbackSource)) return async () => {};
  const source = loop.feedback;
  const server = await startFeedbackServer({ store: loop.store, envId: loop.config.envId, host: o.server?.host, port: o.server?.port, redundancy: o.server?.redundancy, onAnswer: (a) => source.deliver(a), metrics: () => recent, agentClip: () => loop.latestFrames, reportFile: join(loop.dir, 'report.html'), instructions: loop.config.instructions ?? undefined });
  o.hooks?.onLog?.(`label clips at ${server.url}${server.token ? '  (the token in the URL is required: the server listens beyond this machine)' : ''}`);
  o.onServer?.(server.url);
  return () => server.close();
}

/** The dashboard's recent metrics, kept by an observer. */
function dashboardObserver(recent: StatusResponse['metrics']): LoopObserver {
  return {
    onMetrics(m) {
      recent.push({ iteration: m.iteration, globalStep: m.globalStep, labels: m.labels, trueReturn: m.alignment?.trueReturn ?? null, learnedReturn: m.alignment?.learnedReturn ?? null, heldOutAccuracy: m.rewardModel?.heldOutAccuracy ?? null });
      recent.splice(0, Math.max(0, recent.length - 50));
    },
  };
}

/** What the diagnostics' oracle ranks segments by: the synthetic teacher's metric; the true reward for people. */
function teacherOracle(spec: string): Oracle {
  return (spec.startsWith('synthetic') ? parseTeacherSpec(spec).metric : undefined) ?? 'reward';
}

/**
 * The loop of a run with its diagnostics recorder (`<dir>/diagnostics.jsonl`): the recorder
 * observes the loop (after the caller's observers) and watches its store; it only reads, so the
 * run's metrics and result are the same with or without it. Every run builds its loop here
 * (in-process runs, the human-run worker, the seeds experiment through `startRun`).
 */
export function diagnosedLoop(config: RewardModelingConfig, dir: string, roles: LoopRoles & { store: FeedbackStore }): { loop: RewardModelingLoop; diagnostics: RunDiagnostics } {
  // the recorder reads the loop's model when the loop tells it something (never during construction)
  const diagnostics: RunDiagnostics = new RunDiagnostics(dir, { segmentLength: config.fragmentLength, oracle: teacherOracle(config.feedback), model: (): RewardModel => loop.model });
  const loop: RewardModelingLoop = new RewardModelingLoop(config, dir, { ...roles, store: diagnostics.watchStore(roles.store), observers: [...(roles.observers ?? []), diagnostics.observer] });
  return { loop, diagnostics };
}

/**
 * A resumed run's start: restore the latest checkpoint (metrics.jsonl and diagnostics.jsonl
 * cut back to it), or, when the run was killed before its first one, begin again.
 */
export async function restoreOrBegin(loop: RewardModelingLoop, diagnostics: RunDiagnostics, dir: string, begin: () => Promise<void>): Promise<void> {
  const ckpt = latestCheckpoint(dir);
  if (ckpt) {
    await loop.restore(ckpt);
    diagnostics.resumeAt(loop.agent.iteration);
  } else {
    diagnostics.resumeAt(-1);
    await begin();
  }
}

/** The loop of a run, with the caller's roles and observers (hooks first, then the dashboard's). */
async function makeLoop(config: RewardModelingConfig, dir: string, o: Omit<StartOptions, 'out'>, feedback: FeedbackSource, recent: StatusResponse['metrics']): Promise<{ loop: RewardModelingLoop; diagnostics: RunDiagnostics }> {
  const observers = [...(o.hooks ? [o.hooks] : []), ...(o.roles?.observers ?? []), dashboardObserver(recent)];
  const store = o.roles?.store ?? (await openRunStore(config, dir));
  // people rate in the page (the source's rater); synthetic runs get the synthetic rater of config.rating
  const rater = o.roles?.rater ?? (feedback instanceof HumanFeedbackSource ? feedback.rater : makeRater(config)) ?? undefined;
  return diagnosedLoop(config, dir, { ...o.roles, store, feedback, observers, ...(rater ? { rater } : {}) });
}

/** The run's feedback store: config.store, or SQLite in the run directory. */
export function openRunStore(config: RewardModelingConfig, dir: string): Promise<FeedbackStore> {
  return openFeedbackStore(config.store ?? join(dir, 'feedback.sqlite'));
}

/** People teach it and the caller replaced no role: the loop trains in a worker thread, the page never waits (human-run.ts). */
function inWorker(config: RewardModelingConfig, o: Omit<StartOptions, 'out'>): boolean {
  return config.feedback === 'human' && !o.feedback && !o.roles;
}

export interface StartOptions {
  out?: string;
  hooks?: LoopHooks;
  /** Stop after this many agent iterations (tests use it to simulate a kill). */
  stopAfterIterations?: number;
  feedback?: FeedbackSource;
  /** Replace any of the loop's roles (reward model, trainer, agent, store, query selector) or add observers. */
  roles?: Omit<LoopRoles, 'feedback'>;
  /** Where the labeling server listens (human feedback). Default 127.0.0.1, a free port. */
  server?: { host?: string; port?: number; redundancy?: number };
  /** Told the labeling page's URL once the server listens. */
  onServer?(url: string): void;
}

export async function startRun(options: RewardModelingOptions, o: StartOptions = {}): Promise<RunResult> {
  // Everything is validated before the run directory exists: a bad option leaves nothing behind.
  const envModule = options.envModule ? resolveEnvModule(options.envModule) : options.envModule;
  await prepareRunEnv({ envId: options.envId, envModule }); // the user's env module; env families that load a module first (MuJoCo's WebAssembly build)
  const config = resolveConfig({ ...options, envModule, ...(options.feedback === 'human' ? { recordFrames: true } : {}) });
  const feedback = o.feedback ?? makeFeedbackSource(config.feedback, config.seed);
  const dir = ensureDir(o.out ?? defaultRunDir('rm', config.envId, config.seed));
  const lock = acquireRunLock(dir, { command: 'train' });
  try {
    if (existsSync(join(dir, 'feedback.sqlite')) || existsSync(join(dir, 'config.json'))) throw new ConfigError('--out', dir, 'already holds a run; use `rewardlab resume` to continue it or choose another directory');
    writeJsonAtomic(join(dir, 'config.json'), config);
    if (inWorker(config, o)) return await runHumanRun({ mode: 'start', dir, config, stopAfterIterations: o.stopAfterIterations }, o);
    return await runWith(config, dir, o, feedback, (loop) => warmStart(loop, o));
  } finally {
    lock.release();
  }
}

/**
 * Continue a run from its last checkpoint (or from the start, when it crashed before the first
 * one). A synthetic-feedback run ends exactly as the uninterrupted run would; a finished run is
 * left as it is and its result returned.
 */
export async function resumeRun(dir: string, o: Omit<StartOptions, 'out'> = {}): Promise<RunResult> {
  const lock = acquireRunLock(dir, { command: 'resume' });
  try {
    const resultFile = join(dir, 'result.json');
    if (existsSync(resultFile)) {
      const done = readJson<RunResult>(resultFile, 'run result');
      if (done.finished) {
        o.hooks?.onLog?.(`${dir} is finished (${done.iterations} iterations, ${done.labels} labels); nothing to resume`);
        return done;
      }
    }
    const config = checkRmConfig(readJson<RewardModelingConfig>(join(dir, 'config.json'), 'run config'));
    await prepareRunEnv(config);
    if (inWorker(config, o)) return await runHumanRun({ mode: 'resume', dir, config, stopAfterIterations: o.stopAfterIterations }, o);
    return await runWith(config, dir, o, o.feedback ?? makeFeedbackSource(config.feedback, config.seed), (loop, diagnostics) => restoreOrBegin(loop, diagnostics, dir, () => warmStart(loop, o)));
  } finally {
    lock.release();
  }
}

/** The warm start of a new run (random policy or pre-exploration), then its first checkpoint. */
async function warmStart(loop: RewardModelingLoop, o: Omit<StartOptions, 'out'>): Promise<void> {
  o.hooks?.onLog?.(describeWarmStart(loop.config));
  await loop.warmStart();
  loop.checkpoint();
}

/** Build the loop, serve the page for people, run `begin` then the loop to the end; always close. */
async function runWith(config: RewardModelingConfig, dir: string, o: Omit<StartOptions, 'out'>, feedback: FeedbackSource, begin: (loop: RewardModelingLoop, diagnostics: RunDiagnostics) => Promise<void>): Promise<RunResult> {
  const recent: StatusResponse['metrics'] = [];
  const { loop, diagnostics } = await makeLoop(config, dir, o, feedback, recent);
  const stopServer = await serveIfHuman(loop, o, recent);
  try {
    await begin(loop, diagnostics);
    return runResult(loop, await runLoop(loop, o.stopAfterIterations));
  } finally {
    await stopServer();
    await loop.close();
  }
}

const heldOutCounts = (t: RewardModelingLoop['lastRewardTraining']) => (t?.heldOutScored === undefined || t.heldOutCorrect === undefined ? null : { correct: t.heldOutCorrect, scored: t.heldOutScored });

/** The run's result from its loop (written to result.json once the run is finished). */
export function runResult(loop: RewardModelingLoop, last: LoopMetrics | null): RunResult {
  const a = loop.lastAlignment;
  const result: RunResult = {
    kind: 'rewardlab-rm-result', version: 1, runDir: loop.dir, envId: loop.config.envId, finished: loop.done, iterations: loop.agent.iteration,
    globalStep: loop.agent.globalStep, labels: loop.labels, trueReturn: a?.trueReturn ?? null, learnedReturn: a?.learnedReturn ?? null,
    heldOutAccuracy: loop.lastRewardTraining?.heldOutAccuracy ?? null, heldOutCounts: heldOutCounts(loop.lastRewardTraining), pearson: a?.pearson ?? null, wallSeconds: last?.wallSeconds ?? 0, time: last?.time ?? null,
  };
  if (loop.done) writeJsonAtomic(join(loop.dir, 'result.json'), result);
  return result;
}
