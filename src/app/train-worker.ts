/**
 * The training side of a person-paced run, in a `worker_threads` Worker (spawned by
 * human-run.ts): PPO and the reward model run here, so the labeling server in the main thread
 * answers in milliseconds while the agent trains. Both threads open the run's feedback.sqlite
 * (WAL): the server writes each answer durably, then posts it here; the loop folds answers
 * from the file, the message only settles the pending ask. This side posts back what the page
 * shows: metrics points, pacing, the agent's latest clip, log lines, and the result at the end.
 */
import { join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { FeedbackStore } from '../feedback/store.js';
import { HumanFeedbackSource } from '../server/human-source.js';
import { RewardModelingLoop, runLoop, type LoopObserver } from '../loop/reward-modeling-loop.js';
import { latestCheckpoint } from '../runs/checkpoint-dir.js';
import type { FromWorker, ToWorker, WorkerJob } from './human-run.js';
import { runResult } from './train-run.js';
import { retryBusySync } from './sqlite-busy.js';

const port = parentPort;
if (!port) throw new Error('train-worker.ts runs inside a worker thread (see src/app/human-run.ts)');
const job = workerData as WorkerJob;
const post = (m: FromWorker) => port.postMessage(m);

const source = new HumanFeedbackSource();
source.onAsk((id) => post({ type: 'ask', ids: [id] }));

// Undo while training: the synchronous store refuses to retract an answer at or below its
// consumed mark, which this loop would raise at every fold (within 50 ms while it waits for
// answers). The run keeps no mark, so the labeler's latest answer can always be undone; the
// retraction is in the store and the loop drops the answer when it folds retractions.
const store = FeedbackStore.open(join(job.dir, 'feedback.sqlite'));
store.markConsumed = () => {};
// The server thread writes answers to the same file meanwhile (see sqlite-busy.ts).
const addQueries = store.addQueries.bind(store);
store.addQueries = (queries) => retryBusySync(() => addQueries(queries));

const relay: LoopObserver = {
  onLog: (text) => post({ type: 'log', text }),
  onMetrics: (m) => post({ type: 'metrics', m }),
  onLabelsFolded: (e) => post({ type: 'folded', ...e }),
  onRewardModelTrained: (e) => post({ type: 'reward-model', round: e.round, stats: e.stats }),
};
const loop = new RewardModelingLoop(job.config, job.dir, { feedback: source, store, observers: [relay] });

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
  if (job.mode === 'start') {
    post({ type: 'log', text: `collecting ${job.config.initialEpisodes} random-policy episodes and ${Math.round(job.config.labels * job.config.initialShare)} initial labels` });
    await loop.warmStart();
    loop.checkpoint();
  } else {
    const ckpt = latestCheckpoint(job.dir);
    if (ckpt) loop.restore(ckpt);
    else {
      await loop.warmStart();
      loop.checkpoint();
    }
  }
  const result = runResult(loop, await runLoop(loop, job.stopAfterIterations));
  report();
  post({ type: 'done', result });
} catch (e) {
  const err = e as Error;
  post({ type: 'error', name: err.name, message: err.message, stack: err.stack });
} finally {
  clearInterval(reporter);
  loop.close();
  port.close();
}
