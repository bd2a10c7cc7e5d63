/**
 * The training side of a person-paced run, in a `worker_threads` Worker (spawned by
 * human-run.ts): PPO and the reward model run here, so the labeling server in the main thread
 * answers in milliseconds while the agent trains. Both threads open the run's feedback.sqlite
 * (WAL): the server writes each answer durably, then posts it here; the loop folds answers
 * from the file, the message only settles the pending ask. This side posts back what the page
 * shows: metrics points, pacing, the agent's latest clip, log lines, and the result at the end.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { HumanFeedbackSource } from '../server/human-source.js';
import { runLoop, type LoopObserver } from '../loop/reward-modeling-loop.js';
import type { FromWorker, ToWorker, WorkerJob } from './human-run.js';
import { diagnosedLoop, openRunStore, restoreOrBegin, runResult } from './train-run.js';
import { prepareRunEnv } from '../envs/env-module.js';
import { describeWarmStart } from '../loop/pre-explore.js';
import { lowerThreadPriority } from '../core/thread-priority.js';
import { liveRewardMapObserver } from './live-reward-map.js';

// Training yields the CPU to the person: the server thread (and a browser on this machine) run first.
lowerThreadPriority();
const port = parentPort;
if (!port) throw new Error('train-worker.ts runs inside a worker thread (see src/app/human-run.ts)');
const job = workerData as WorkerJob;
const post = (m: FromWorker) => port.postMessage(m);

const source = new HumanFeedbackSource();
source.onAsk((id, kind) => post({ type: 'ask', ids: [id], kind }));

// The server thread writes answers to the same store meanwhile; the contract store opens its
// write transactions IMMEDIATE, so the two threads queue for the lock instead of failing. Undo
// after training used an answer is a retraction the loop drops at its next fold.
await prepareRunEnv(job.config); // this thread's own module instances (the user's env module, MuJoCo)
const store = await openRunStore(job.config, job.dir);

const relay: LoopObserver = {
  onLog: (text) => post({ type: 'log', text }),
  onMetrics: (m) => post({ type: 'metrics', m }),
  onLabelsFolded: (e) => post({ type: 'folded', ...e }),
  onRewardModelTrained: (e) => post({ type: 'reward-model', round: e.round, stats: e.stats }),
};
// Gridworlds: the dashboard's reward map (<run>/live/reward-map.json) after every reward-model round.
const liveMap = liveRewardMapObserver(job.config.envId, job.dir, () => loop.model, { onError: (e) => post({ type: 'log', text: `the labeling page shows no reward map for this run: ${e.message}` }) });
// diagnostics.jsonl is recorded here, where the loop runs (as in every run: diagnosedLoop)
// People rate clips too when the run asks for ratings (source.rater; the server stores each rating before the loop hears of it).
const { loop, diagnostics } = diagnosedLoop(job.config, job.dir, { feedback: source, rater: source.rater, store, observers: [relay, ...(liveMap ? [liveMap] : [])] });

let lastPacing = '';
let lastFrames: unknown = null;
/** Tell the page what changed: pacing on every change, the latest clip when a new one exists. */
const report = () => {
  const { paused, answersNeeded } = loop.pacing;
  const key = `${paused}/${answersNeeded}`;
  if (key !== lastPacing) post({ type: 'pacing', paused, answersNeeded });
  lastPacing = key;
  if (loop.latestFrames && loop.latestFrames !== lastFrames) post({ type: 'frames', frames: loop.latestFrames });
  lastFrames = loop.latestFrames;
};
const reporter = setInterval(report, 100);

port.on('message', (m: ToWorker) => {
  if (m.type === 'answer') source.deliver(m);
  else if (m.type === 'finish') {
    loop.requestFinish();
    post({ type: 'log', text: 'finish requested on the labeling page: the run ends after this iteration' });
  }
  report();
});

try {
  const warmStart = async () => {
    post({ type: 'log', text: describeWarmStart(job.config) });
    await loop.warmStart();
    loop.checkpoint();
  };
  if (job.mode === 'start') await warmStart();
  else await restoreOrBegin(loop, diagnostics, job.dir, warmStart);
  const result = runResult(loop, await runLoop(loop, job.stopAfterIterations));
  report();
  post({ type: 'done', result });
} catch (e) {
  const err = e as Error;
  post({ type: 'error', name: err.name, message: err.message, stack: err.stack });
} finally {
  clearInterval(reporter);
  await loop.close();
  port.close();
}
