/**
 * Taking SQLite's write lock without SQLite's busy handler. When another connection holds the
 * lock (the training thread adding queries while the writer thread commits answers, say),
 * SQLite's own handler sleeps 1, 2, 5, 10, 15, 20, 25… ms between tries, so a waiter typically
 * starts 2–7 ms after the lock was released, up to ~20 ms (measured here with a 1.5–12 ms
 * holder: `npm run bench -- --only server`, row "write-lock handoff"). Here the connection's
 * busy timeout is 0 for the BEGIN IMMEDIATE only, and a refused BEGIN is retried every
 * `NAP_MS` (a thread-blocking nap, as SQLite's own sleep is) until `maxWaitMs` have passed;
 * then the SQLITE_BUSY error is thrown with the wait in its message. Statements inside the
 * transaction run with the connection's normal busy timeout.
 */
import type Database from 'better-sqlite3';

/** Between two tries for the lock. */
export const NAP_MS = 0.2;
const cell = new Int32Array(new SharedArrayBuffer(4));
const nap = (ms: number) => Atomics.wait(cell, 0, 0, ms);
const isBusy = (e: unknown) => typeof (e as { code?: unknown }).code === 'string' && (e as { code: string }).code.startsWith('SQLITE_BUSY');

/** `fn` in one BEGIN IMMEDIATE transaction, waiting for the write lock in `NAP_MS` steps for up to `maxWaitMs`. */
export function immediateTransaction<T>(db: Database.Database, fn: () => T, maxWaitMs: number): T {
  const txn = db.transaction(fn);
  const start = performance.now();
  for (;;) {
    db.pragma('busy_timeout = 0');
    try {
      return txn.immediate();
    } catch (e) {
      if (!isBusy(e)) throw e; // a refused BEGIN ran nothing; a BUSY inside was rolled back: both are safe to retry
      const waited = performance.now() - start;
      if (waited >= maxWaitMs) {
        (e as Error).message = `${(e as Error).message} (waited ${Math.round(waited)} ms for the write lock held by another connection to ${db.name})`;
        throw e;
      }
    } finally {
      db.pragma(`busy_timeout = ${maxWaitMs}`);
    }
    nap(NAP_MS);
  }
}
