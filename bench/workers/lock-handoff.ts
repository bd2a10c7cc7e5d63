/**
 * The server bench's "write-lock handoff": how long after another connection releases SQLite's
 * write lock a waiting writer gets it. A holder thread takes the lock, keeps it `holdMs`, commits;
 * a waiter thread meanwhile writes one answer, either through SqliteFeedbackStore (its
 * fine-grained wait, src/feedback/sqlite-lock.ts) or through a plain better-sqlite3 transaction
 * with SQLite's own busy handler (what the store did before). Reported: the waiter's time beyond
 * `holdMs`, per handoff. Both threads are spin-free while they wait.
 */
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import { SqliteFeedbackStore } from '../../src/feedback/sqlite-store.js';

export interface HandoffJob { path: string; role: 'holder' | 'waiter'; mode: 'store' | 'sqlite'; holdMs: number; rounds: number; sync: Int32Array }

const job = workerData as HandoffJob;
const nap = new Int32Array(new SharedArrayBuffer(4));
const busy = (ms: number) => {
  const t = performance.now();
  while (performance.now() - t < ms);
};
// sync[0]: 1 = the waiter asks for a round; sync[1]: 1 = the holder has the lock
if (job.role === 'holder') {
  const db = new Database(job.path);
  for (let r = 0; r < job.rounds; r++) {
    while (Atomics.load(job.sync, 0) !== 1) Atomics.wait(job.sync, 0, 0, 50);
    db.exec('BEGIN IMMEDIATE');
    db.prepare("INSERT INTO meta (key, value) VALUES ('holder', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value").run(String(r));
    Atomics.store(job.sync, 1, 1);
    Atomics.notify(job.sync, 1);
    busy(job.holdMs); // a holder doing work, as the training thread inserting clips does
    db.exec('COMMIT');
    Atomics.store(job.sync, 0, 0);
  }
  db.close();
  parentPort!.postMessage('done');
} else {
  const store = job.mode === 'store' ? await SqliteFeedbackStore.open(job.path, { integrityCheck: false }) : null;
  const db = job.mode === 'sqlite' ? new Database(job.path, { timeout: 5000 }) : null;
  const insert = db?.prepare("INSERT INTO meta (key, value) VALUES ('waiter', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value");
  const extra: number[] = [];
  for (let r = 0; r < job.rounds; r++) {
    Atomics.store(job.sync, 1, 0);
    Atomics.store(job.sync, 0, 1);
    Atomics.notify(job.sync, 0);
    while (Atomics.load(job.sync, 1) !== 1) Atomics.wait(job.sync, 1, 0, 50);
    const t0 = performance.now();
    if (store) await store.addFeedback({ queryId: 'q', labeler: `w${r}`, answer: 'left' });
    else db!.transaction(() => insert!.run(String(r))).immediate();
    extra.push(performance.now() - t0 - job.holdMs);
    while (Atomics.load(job.sync, 0) !== 0) Atomics.wait(nap, 0, 0, 0.1);
  }
  await store?.close();
  db?.close();
  parentPort!.postMessage(extra);
}
