/**
 * A run taught by people: the labeling server in this thread, the loop (PPO + reward model) in
 * a worker thread (train-worker.ts), so the page is served in milliseconds while the agent
 * trains. Both open the run's feedback.sqlite (WAL). The server writes every answer durably
 * before its HTTP ack, then posts it to the worker, whose feedback source settles the pending
 * ask (a pair's, or a rating's: people rate clips when the run asks for ratings; or a demonstration's:
 * people play the env on the page, stepped by the server in this thread); the worker posts metrics, pacing ("waiting for your answers"), the agent's latest clip
 * and its result back. The page's finish button asks the loop to end. When the worker is done
 * the run report is written, then the page is told the run finished (with the report link).
 */
import { workerEntry } from '../core/worker-entry.js';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { FeedbackStore } from '../feedback/feedback-store.js';
import type { RewardModelingConfig } from '../loop/config.js';
import type { LoopMetrics } from '../loop/reward-modeling-loop.js';
import type { RewardTrainingStats } from '../rewards/reward-trainer.js';
import type { MetricsPoint, StoredAnswer } from '../server/protocol.js';
import type { DemoEnv } from '../server/demo-sessions.js';
import { demoKeysFor } from '../loop/demo-queries.js';
import { make } from '../envs/registry.js';
import { hideReward } from '../wrappers/hide-reward.js';
import { startFeedbackServer } from '../server/serve.js';
import type { QueryKind } from '../server/query-index.js';
import { writeRmReport } from './run-report.js';
import { drawsRewardMap, liveDir } from './live-reward-map.js';
import { openRunStore, type RunResult, type StartOptions } from './train-run.js';

/** What the worker is asked to do (its workerData). */
export interface WorkerJob {
  mode: 'start' | 'resume';
  dir: string;
  config: RewardModelingConfig;
  stopAfterIterations?: number;
}

/** An answer the server stored (a rating query's answer is its rating; `seq` its place in the store), or the page's finish. */
export type ToWorker = { type: 'answer'; queryId: string; labeler: string; answer: StoredAnswer; seq: number } | { type: 'finish' };

export type FromWorker =
  /** The loop asked these queries (default kind 'preference'; 'rating' for clips to rate, 'demonstration' for episodes to play). */
  | { type: 'ask'; ids: string[]; kind?: QueryKind }
  | { type: 'log'; text: string }
  | { type: 'metrics'; m: LoopMetrics }
  | { type: 'folded'; round: number; added: number; labels: number }
  | { type: 'reward-model'; round: number; stats: RewardTrainingStats }
  | { type: 'pacing'; paused: boolean; answersNeeded: number }
  | { type: 'frames'; frames: unknown[] }
  | { type: 'done'; result: RunResult }
  | { type: 'error'; name: string; message: string; stack?: string };

/**
 * The worker runs compiled JS in an installed package (dist/app/train-worker.js beside this
 * file) and the TypeScript sources through tsx in a checkout (train-worker-tsx.mjs), like
 * bin/rewardlab.js.
 */
function spawnTrainWorker(job: WorkerJob): Worker {
  return new Worker(workerEntry(import.meta.url, 'train-worker'), { workerData: job });
}

/**
 * The server's view of the store: undo works also after training used the answer (the loop
 * drops a retracted answer from its dataset at its next round), so a person can take back a
 * slip while the agent trains.
 */
function undoAfterUse(store: FeedbackStore): FeedbackStore {
  return new Proxy(store, {
    get(target, key) {
      if (key === 'retractLast') return (labeler: string) => target.retractLast(labeler, { allowConsumed: true });
      const v = Reflect.get(target, key, target) as unknown;
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
}

/** After the run, how long the labeling page keeps serving the report its finished view links to. */
const REPORT_LINGER_MS = 5000;

/** The dashboard's point for one metrics line. */
const point = (m: LoopMetrics): MetricsPoint => ({ iteration: m.iteration, globalStep: m.globalStep, labels: m.labels, trueReturn: m.alignment?.trueReturn ?? null, learnedReturn: m.alignment?.learnedReturn ?? null, heldOutAccuracy: m.rewardModel?.heldOutAccuracy ?? null });

/** Serve the page, train in a worker until the run ends (budgets spent or finish pressed), write the report, tell the page. */
export async function runHumanRun(job: WorkerJob, o: Omit<StartOptions, 'out'>): Promise<RunResult> {
  const { config, dir } = job;
  let lingerMs = 0;
  const hooks = o.hooks;
  // The main thread creates the store (if new) before the worker opens it.
  const store = await openRunStore(config, dir);
  const recent: MetricsPoint[] = [];
  let pacing = { paused: false, answersNeeded: 0 };
  let frames: unknown[] | null = null;
  let worker: Worker | null = null;
  const tell = (m: ToWorker) => worker?.postMessage(m);
  const server = await startFeedbackServer({
    store: undoAfterUse(store), envId: config.envId, host: o.server?.host, port: o.server?.port, redundancy: o.server?.redundancy,
    onAnswer: (a) => tell({ type: 'answer', queryId: a.queryId, labeler: a.labeler, answer: a.answer, seq: a.seq }),
    metrics: () => recent, agentClip: () => frames, pacing: () => pacing, requestFinish: () => tell({ type: 'finish' }),
    budget: { labels: config.labels, agentSteps: config.agentSteps }, reportFile: join(dir, 'report.html'), instructions: config.instructions ?? undefined,
    ...(drawsRewardMap(config.envId) ? { liveDir: liveDir(dir) } : {}), // the worker writes the reward map there after each round
    // people play demonstrations on the server: the run's env, reward hidden, one per demonstration
    ...((config.ask ?? []).includes('demo') ? { demo: { makeEnv: () => hideReward(make(config.envId)) as DemoEnv, keys: demoKeysFor(config.envId) } } : {}),
    // and take over agent clips (corrections) the same way, with the same keys
    ...((config.ask ?? []).includes('correction') ? { correction: { makeEnv: () => hideReward(make(config.envId)) as DemoEnv, keys: demoKeysFor(config.envId, 'correction') } } : {}),
  });
  hooks?.onLog?.(`label clips at ${server.url}${server.token ? '  (the token in the URL is required: the server listens beyond this machine)' : ''}`);
  o.onServer?.(server.url);
  try {
    const w = spawnTrainWorker(job);
    worker = w;
    const result = await new Promise<RunResult>((resolve, reject) => {
      let settled: RunResult | null = null;
      w.on('message', (m: FromWorker) => {
        if (m.type === 'ask') server.control.queriesAdded(m.ids, m.kind);
        else if (m.type === 'log') hooks?.onLog?.(m.text);
        else if (m.type === 'metrics') {
          recent.push(point(m.m));
          recent.splice(0, Math.max(0, recent.length - 50));
          hooks?.onMetrics?.(m.m);
        } else if (m.type === 'folded') hooks?.onLabelsFolded?.(m);
        else if (m.type === 'reward-model') hooks?.onRewardModelTrained?.(m);
        else if (m.type === 'pacing') pacing = { paused: m.paused, answersNeeded: m.answersNeeded };
        else if (m.type === 'frames') frames = m.frames;
        else if (m.type === 'done') settled = m.result;
        else if (m.type === 'error') reject(Object.assign(new Error(m.message), { name: m.name, stack: m.stack }));
      });
      w.on('error', reject);
      // The worker closed its store before it exits: resolve only then.
      w.on('exit', (code) => (settled ? resolve(settled) : reject(new Error(`the training worker stopped (exit code ${code}) before the run ended`))));
    });
    pacing = { paused: false, answersNeeded: 0 };
    if (result.finished) {
      writeRmReport(dir);
      lingerMs = REPORT_LINGER_MS;
    }
    return result;
  } finally {
    // Open pages see "finished" with the report link (or "stopped" when it ended early); the report stays served a moment for that link.
    await server.control.finish(5000, lingerMs > 0 ? 'finished' : 'stopped');
    if (lingerMs > 0) hooks?.onLog?.(`run over: the labeling page serves the report for ${lingerMs / 1000} s more`);
    await new Promise((r) => setTimeout(r, lingerMs));
    await server.close();
    await worker?.terminate();
    await store.close();
  }
}
