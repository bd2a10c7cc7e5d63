/**
 * Two threads write one SQLite file in a person-paced run (the server: answers and undos; the
 * training worker: queries). The synchronous store (src/feedback/store.ts) opens its write
 * transactions DEFERRED: one that began reading before the other thread committed cannot take
 * the write lock and fails at once with SQLITE_BUSY (WAL snapshot conflict; no busy wait helps).
 * Nothing was written then (the transaction rolled back), so the write is simply tried again
 * with a fresh snapshot. (Transactions opened IMMEDIATE, as in sqlite-store.ts, never need this.)
 */
import type { AddFeedbackOptions, FeedbackStore, NewFeedback } from '../feedback/feedback-store.js';
import type { FeedbackRecord } from '../feedback/records.js';

const RETRIES = 400;

export function isBusy(e: unknown): boolean {
  const code = (e as { code?: unknown })?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}

const pause = new Int32Array(new SharedArrayBuffer(4));

/** Retry a synchronous write while SQLite says busy (sleeping 1–4 ms between tries, up to ~1 s). */
export function retryBusySync<T>(write: () => T): T {
  for (let attempt = 0; ; attempt++) {
    try {
      return write();
    } catch (e) {
      if (!isBusy(e) || attempt >= RETRIES) throw e;
      Atomics.wait(pause, 0, 0, 1 + (attempt % 4));
    }
  }
}

/** The same for the server thread, yielding to its event loop between tries. */
export async function retryBusy<T>(write: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await write();
    } catch (e) {
      if (!isBusy(e) || attempt >= RETRIES) throw e;
      await new Promise((r) => setTimeout(r, 1 + (attempt % 4)));
    }
  }
}

/**
 * The server's view of the run's store with every write retried while busy. A group commit
 * catches each item's error separately, so busy items come back as errors in the result:
 * those are written again (the others are committed already).
 */
export function retryingWrites(store: FeedbackStore): FeedbackStore {
  const batch = async (inputs: NewFeedback[], opts?: AddFeedbackOptions): Promise<(FeedbackRecord | Error)[]> => {
    const results = await retryBusy(() => store.addFeedbackBatch(inputs, opts));
    for (let attempt = 0; attempt < RETRIES; attempt++) {
      const busy = results.flatMap((r, i) => (r instanceof Error && isBusy(r) ? [i] : []));
      if (!busy.length) break;
      await new Promise((r) => setTimeout(r, 1 + (attempt % 4)));
      const again = await retryBusy(() => store.addFeedbackBatch(busy.map((i) => inputs[i]), opts));
      busy.forEach((i, k) => (results[i] = again[k]));
    }
    return results;
  };
  return {
    ...store,
    location: store.location,
    addQueries: (q) => retryBusy(() => store.addQueries(q)),
    addFeedback: (input, opts) => retryBusy(() => store.addFeedback(input, opts)),
    addFeedbackBatch: batch,
    retractLast: (labeler, opts) => retryBusy(() => store.retractLast(labeler, opts)),
  };
}
