import { mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { SqliteFeedbackStore } from './sqlite-store.js';

/** Another connection, in a thread of its own, takes the write lock and keeps it for `holdMs`. */
async function holdWriteLock(path: string, holdMs: number): Promise<{ released: Promise<void> }> {
  const code = `
    const { workerData, parentPort } = require('node:worker_threads');
    const Database = require(workerData.sqlite);
    const db = new Database(workerData.path);
    db.exec('BEGIN IMMEDIATE');
    db.prepare("INSERT INTO meta (key, value) VALUES ('holder', 'x') ON CONFLICT(key) DO UPDATE SET value = 'y'").run();
    parentPort.postMessage('locked');
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, workerData.holdMs);
    db.exec('COMMIT');
    db.close();
    parentPort.postMessage('released');`;
  const worker = new Worker(code, { eval: true, workerData: { path, holdMs, sqlite: createRequire(import.meta.url).resolve('better-sqlite3') } });
  await new Promise((r) => worker.once('message', r));
  const released = new Promise<void>((r) => worker.once('message', () => r()));
  return { released: released.then(() => worker.terminate()).then(() => {}) };
}

async function storeWithQuery(options = {}) {
  const path = join(mkdtempSync(join(tmpdir(), 'rl-sqlite-lock-')), 'feedback.sqlite');
  const store = await SqliteFeedbackStore.open(path, options);
  await store.addQueries([{ id: 'q', kind: 'preference', payload: {} }]);
  return { path, store };
}

describe('SqliteFeedbackStore write lock', () => {
  it('waits for a lock another connection holds and commits once it is released', async () => {
    const { path, store } = await storeWithQuery();
    const holder = await holdWriteLock(path, 300);
    const rec = await store.addFeedback({ queryId: 'q', labeler: 'ann', answer: 'left' }); // blocks until the holder commits
    await holder.released;
    expect(rec.seq).toBe(1);
    expect((await store.feedback()).map((f) => f.answer)).toEqual(['left']);
    await store.close();
  });

  it('gives up after lockWaitMs with an SQLITE_BUSY error that says how long it waited, and stores nothing', async () => {
    const { path, store } = await storeWithQuery({ lockWaitMs: 100 });
    const holder = await holdWriteLock(path, 1500);
    await expect(store.addFeedback({ queryId: 'q', labeler: 'ann', answer: 'left' })).rejects.toThrow(/waited \d+ ms for the write lock held by another connection to .*feedback\.sqlite/);
    await holder.released;
    expect(await store.feedback()).toEqual([]);
    await store.close();
  });
});
