/**
 * `SqliteWriterThread`: answers written to an SQLite store from a worker thread with its own
 * connection, so the commit's fsync never blocks the thread that serves labelers. Same contract
 * as `FeedbackStore.addFeedbackBatch` (one durable transaction; a slot per input, the record or
 * the error that refused it, rebuilt with its class name); the main connection sees the rows as
 * soon as the promise resolves (WAL). Other stores (PostgreSQL is already asynchronous) keep
 * writing through themselves: `batchWriterFor` picks.
 */
import { Worker } from 'node:worker_threads';
import { DataFormatError } from '../core/errors.js';
import { workerEntry } from '../core/worker-entry.js';
import { AnswerLimitError, DuplicateAnswerError, type AddFeedbackOptions, type FeedbackStore, type NewFeedback } from './feedback-store.js';
import type { FeedbackRecord } from './records.js';
import { SqliteFeedbackStore } from './sqlite-store.js';

/** What a group committer needs: one durable batch at a time. */
export interface BatchWriter {
  addFeedbackBatch(inputs: NewFeedback[], opts?: AddFeedbackOptions): Promise<(FeedbackRecord | Error)[]>;
  /** Resolves when the writer can commit (a thread has opened its connection); rejects if it cannot. */
  ready?: Promise<void>;
  close(): Promise<void>;
}

/** Messages between the two threads (sqlite-writer-worker.ts). */
export type WriterRequest = { id: number; inputs: NewFeedback[]; opts?: AddFeedbackOptions };
export type WriterSlot = { record: FeedbackRecord } | { error: { name: string; message: string } };
export type WriterReply = { id: number; slots: WriterSlot[] } | { id: number; failed: { name: string; message: string } } | { ready: true } | { openFailed: { name: string; message: string } };

const ERRORS: Record<string, new (message: string) => Error> = { DuplicateAnswerError, AnswerLimitError, DataFormatError };
const revive = (e: { name: string; message: string }): Error => {
  const err = new (ERRORS[e.name] ?? Error)(e.message);
  if (!ERRORS[e.name]) err.name = e.name;
  return err;
};

export class SqliteWriterThread implements BatchWriter {
  private readonly worker: Worker;
  private readonly waiting = new Map<number, { resolve(v: (FeedbackRecord | Error)[]): void; reject(e: Error): void }>();
  private next = 1;
  private dead: Error | null = null;
  /** Resolves once the worker opened the file; rejects with the reason it could not. */
  readonly ready: Promise<void>;

  constructor(readonly path: string) {
    this.worker = new Worker(workerEntry(import.meta.url, 'sqlite-writer-worker'), { workerData: { path } });
    this.worker.unref();
    this.ready = new Promise<void>((resolve, reject) => {
      this.worker.on('message', (m: WriterReply) => {
        if ('ready' in m) return resolve();
        if ('openFailed' in m) return reject(this.fail(revive(m.openFailed)));
        const w = this.waiting.get(m.id);
        if (!w) return;
        this.waiting.delete(m.id);
        if (this.waiting.size === 0) this.worker.unref();
        if ('failed' in m) w.reject(revive(m.failed));
        else w.resolve(m.slots.map((s) => ('record' in s ? s.record : revive(s.error))));
      });
      this.worker.on('error', (e) => reject(this.fail(e)));
      this.worker.on('exit', (code) => reject(this.fail(new Error(`the SQLite writer thread for ${path} exited (code ${code})`))));
    });
    this.ready.catch(() => {}); // reported by the next write
  }

  private fail(e: Error): Error {
    this.dead ??= e;
    for (const w of this.waiting.values()) w.reject(this.dead);
    this.waiting.clear();
    return this.dead;
  }

  async addFeedbackBatch(inputs: NewFeedback[], opts?: AddFeedbackOptions): Promise<(FeedbackRecord | Error)[]> {
    await this.ready;
    if (this.dead) throw this.dead;
    const id = this.next++;
    return new Promise((resolve, reject) => {
      if (this.waiting.size === 0) this.worker.ref(); // a pending write keeps the process alive
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ id, inputs, opts } satisfies WriterRequest);
    });
  }

  async close(): Promise<void> {
    this.dead ??= new Error(`the SQLite writer thread for ${this.path} is closed`);
    if (this.worker.threadId === -1) return; // already exited
    const exited = new Promise<void>((done) => this.worker.once('exit', () => done()));
    this.worker.ref(); // unref'd while idle; keep the process alive until the file is closed
    this.worker.postMessage('close');
    await exited;
  }
}

/** A writer thread for an SQLite store file; the store itself for anything else (closing it is the owner's job). */
export function batchWriterFor(store: FeedbackStore): BatchWriter {
  if (store instanceof SqliteFeedbackStore && store.location !== ':memory:') return new SqliteWriterThread(store.location);
  return { addFeedbackBatch: (inputs, opts) => store.addFeedbackBatch(inputs, opts), close: async () => {} };
}
