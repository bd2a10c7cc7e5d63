/**
 * The SQLite writer thread (sqlite-writer.ts): opens the store file on its own connection and
 * commits each batch it is sent, replying with the records or the errors that refused them.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { SqliteFeedbackStore } from './sqlite-store.js';
import type { WriterReply, WriterRequest } from './sqlite-writer.js';

const port = parentPort!;
const plain = (e: unknown) => ({ name: (e as Error).name ?? 'Error', message: (e as Error).message ?? String(e) });
const reply = (m: WriterReply) => port.postMessage(m);

try {
  const store = await SqliteFeedbackStore.open((workerData as { path: string }).path, { integrityCheck: false });
  port.on('message', async (m: WriterRequest | 'close') => {
    if (m === 'close') {
      await store.close();
      port.close();
      return;
    }
    try {
      const results = await store.addFeedbackBatch(m.inputs, m.opts);
      reply({ id: m.id, slots: results.map((r) => (r instanceof Error ? { error: plain(r) } : { record: r })) });
    } catch (e) {
      reply({ id: m.id, failed: plain(e) });
    }
  });
  reply({ ready: true });
} catch (e) {
  reply({ openFailed: plain(e) });
}
