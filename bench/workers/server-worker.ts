/**
 * Runs the labeling server in its own thread for the server bench (clients stay in the main
 * thread, as real clients would be other processes), on the run's SQLite store
 * (src/feedback/sqlite-store.ts).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { SqliteFeedbackStore } from '../../src/feedback/sqlite-store.js';
import { startFeedbackServer } from '../../src/server/serve.js';

const path = workerData.path as string;
const store = await SqliteFeedbackStore.open(path);
const kind = 'SqliteFeedbackStore';
const t0 = performance.now();
/** Time inside the server per route (ms), from the server's onTiming hook: no network, no queueing. */
const timings: Record<string, number[]> = {};
const server = await startFeedbackServer({ onTiming: (path, ms) => (timings[path] ??= []).push(ms), store, envId: 'FixedHorizonCartPole-v0', redundancy: workerData.redundancy ?? 1, finishGraceMs: 0, writerThread: workerData.writerThread ?? true });
await server.control.ready;
parentPort!.postMessage({ url: server.url, rebuildMs: performance.now() - t0, kind });
parentPort!.on('message', async () => {
  await server.close();
  const counted = await store.count();
  await store.close();
  parentPort!.postMessage({ stored: counted.feedback, timings });
});
