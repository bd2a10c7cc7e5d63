/**
 * Runs the labeling server in its own thread for the server bench (clients stay in the main
 * thread, as real clients would be other processes), on the run's SQLite store
 * (src/feedback/sqlite-store.ts).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { SqliteFeedbackStore } from '../../src/feedback/sqlite-store.js';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { startFeedbackServer } from '../../src/server/serve.js';

const path = workerData.path as string;
const store = await SqliteFeedbackStore.open(path);
const kind = 'SqliteFeedbackStore';
const t0 = performance.now();
/** Time inside the server per route (ms), from the server's onTiming hook: no network, no queueing. */
const timings: Record<string, number[]> = {};
const server = await startFeedbackServer({ onTiming: (path, ms) => (timings[path] ??= []).push(ms), store, envId: 'FixedHorizonCartPole-v0', redundancy: workerData.redundancy ?? 1, finishGraceMs: 0 });
await server.control.ready;
// Where a latency tail comes from when the handlers are fast: the server thread's event loop
// stalling (its delay), and garbage-collection pauses on that thread.
const loopDelay = monitorEventLoopDelay({ resolution: 1 });
loopDelay.enable();
const gcPauses: number[] = [];
const gc = new PerformanceObserver((list) => list.getEntries().forEach((e) => gcPauses.push(e.duration)));
gc.observe({ entryTypes: ['gc'] });
parentPort!.postMessage({ url: server.url, rebuildMs: performance.now() - t0, kind });
parentPort!.on('message', async (m: unknown) => {
  if (typeof m === 'object' && m !== null && 'asked' in m) return server.control.queriesAdded((m as { asked: string[] }).asked);
  loopDelay.disable();
  gc.disconnect();
  const loop = { p99: loopDelay.percentile(99) / 1e6, max: loopDelay.max / 1e6, gcCount: gcPauses.length, gcMax: Math.max(0, ...gcPauses) };
  await server.close();
  const counted = await store.count();
  await store.close();
  parentPort!.postMessage({ stored: counted.feedback, timings, loop });
});
