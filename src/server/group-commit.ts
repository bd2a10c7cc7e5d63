/**
 * Group commit for answers: requests that arrive while the previous commit runs are written
 * together in one SQLite transaction (one fsync) on the next tick, and each request is
 * acknowledged only after that transaction committed. Durable-before-ack holds; throughput
 * scales with concurrency instead of being capped by one fsync per answer.
 */
import type { FeedbackRecord } from '../feedback/records.js';
import type { FeedbackStore } from '../feedback/store.js';

interface Pending {
  input: { queryId: string; labeler: string; answer: unknown };
  resolve(r: FeedbackRecord): void;
  reject(e: Error): void;
}

export class GroupCommitter {
  private queue: Pending[] = [];
  private scheduled = false;
  constructor(private readonly store: FeedbackStore) {}

  add(input: Pending['input']): Promise<FeedbackRecord> {
    return new Promise((resolve, reject) => {
      this.queue.push({ input, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    const batch = this.queue;
    this.queue = [];
    this.scheduled = false;
    let results: (FeedbackRecord | Error)[];
    try {
      results = this.store.addFeedbackBatch(batch.map((b) => b.input));
    } catch (e) {
      for (const b of batch) b.reject(e as Error);
      return;
    }
    results.forEach((r, i) => (r instanceof Error ? batch[i].reject(r) : batch[i].resolve(r)));
  }
}
