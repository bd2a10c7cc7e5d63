/**
 * Group commit for answers: requests that arrive while the previous commit runs are written
 * together in one `addFeedbackBatch` (one transaction, one fsync), and each request is
 * acknowledged only after that commit resolved. Durable-before-ack holds; throughput scales
 * with concurrency instead of being capped by one fsync per answer. One batch at a time.
 */
import type { FeedbackRecord } from '../feedback/records.js';
import type { NewFeedback } from '../feedback/feedback-store.js';
import type { BatchWriter } from '../feedback/sqlite-writer.js';

interface Pending {
  input: NewFeedback;
  resolve(r: FeedbackRecord): void;
  reject(e: Error): void;
}

export class GroupCommitter {
  private queue: Pending[] = [];
  private running = false;
  constructor(
    /** The store, or a writer thread on its file (sqlite-writer.ts) so the fsync happens off this thread. */
    private readonly store: Pick<BatchWriter, 'addFeedbackBatch'>,
    /** Passed to the store: it refuses an answer to a query that already has this many. */
    private readonly maxAnswers: number,
  ) {}

  add(input: NewFeedback): Promise<FeedbackRecord> {
    return new Promise((resolve, reject) => {
      this.queue.push({ input, resolve, reject });
      if (!this.running) {
        this.running = true;
        setImmediate(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue;
      this.queue = [];
      try {
        const results = await this.store.addFeedbackBatch(batch.map((b) => b.input), { maxAnswers: this.maxAnswers });
        results.forEach((r, i) => (r instanceof Error ? batch[i].reject(r) : batch[i].resolve(r)));
      } catch (e) {
        for (const b of batch) b.reject(e as Error);
      }
    }
    this.running = false;
  }
}
