/** Runs the labeling server in its own thread for the answer-throughput bench (clients stay in the main thread). */
import { parentPort, workerData } from 'node:worker_threads';
import { FeedbackStore } from '../../src/feedback/store.js';
import { startFeedbackServer } from '../../src/server/serve.js';

const store = FeedbackStore.open(workerData.path as string);
const server = await startFeedbackServer({ store, envId: 'bench' });
parentPort!.postMessage({ url: server.url });
parentPort!.on('message', async () => {
  await server.close();
  const stored = store.count().feedback;
  store.close();
  parentPort!.postMessage({ stored });
});
