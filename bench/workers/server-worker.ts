/**
 * Runs the labeling server in its own thread for the server bench (clients stay in the main
 * thread, as real clients would be other processes). Uses the contract SQLite store when it
 * exists (src/feedback/sqlite-store.ts), else the legacy synchronous class (wrapped by the
 * server); BENCH_LEGACY_STORE=1 forces the legacy class, for comparison.
 */
import { existsSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { FeedbackStore } from '../../src/feedback/store.js';
import type { AnyFeedbackStore } from '../../src/server/store-adapter.js';
import { startFeedbackServer } from '../../src/server/serve.js';

const path = workerData.path as string;
const contract = new URL('../../src/feedback/sqlite-store.ts', import.meta.url);
let store: AnyFeedbackStore;
let kind = 'legacy FeedbackStore (sync, wrapped)';
if (existsSync(contract) && process.env.BENCH_LEGACY_STORE !== '1') {
  const mod = (await import(contract.href)) as { SqliteFeedbackStore: { open(p: string): AnyFeedbackStore | Promise<AnyFeedbackStore> } };
  store = await mod.SqliteFeedbackStore.open(path);
  kind = 'SqliteFeedbackStore';
} else store = FeedbackStore.open(path);
const t0 = performance.now();
const server = await startFeedbackServer({ store, envId: 'FixedHorizonCartPole-v0', redundancy: workerData.redundancy ?? 1, finishGraceMs: 0 });
await server.control.ready;
parentPort!.postMessage({ url: server.url, rebuildMs: performance.now() - t0, kind });
parentPort!.on('message', async () => {
  await server.close();
  const counted = await Promise.resolve(store.count());
  await Promise.resolve(store.close());
  parentPort!.postMessage({ stored: counted.feedback });
});
