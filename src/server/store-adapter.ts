/**
 * The server speaks the async `FeedbackStore` contract (src/feedback/feedback-store.ts). Until
 * every caller passes a contract store, it also accepts today's synchronous SQLite class
 * (src/feedback/store.ts) and wraps it here. That class has no `maxAnswers`: with it, the
 * server's in-memory slot accounting (query-index.ts) is the only redundancy check — enough for
 * one server process, the only writer of answers.
 */
import { FeedbackStore as SyncFeedbackStore } from '../feedback/store.js';
import type { FeedbackStore } from '../feedback/feedback-store.js';

export type AnyFeedbackStore = FeedbackStore | SyncFeedbackStore;

export function asContractStore(store: AnyFeedbackStore): FeedbackStore {
  return store instanceof SyncFeedbackStore ? wrapSync(store) : store;
}

function wrapSync(s: SyncFeedbackStore): FeedbackStore {
  return {
    location: s.path,
    addQueries: async (q) => s.addQueries(q),
    query: async (id) => s.query(id),
    queries: async (o) => s.queries(o),
    addFeedback: async (input) => s.addFeedback(input),
    addFeedbackBatch: async (inputs) => s.addFeedbackBatch(inputs),
    feedback: async (o) => s.feedback(o),
    retractions: async () => [],
    retractLast: async (labeler) => s.retractLast(labeler),
    pendingQueries: async (o) => s.pendingQueries(o),
    agreement: async () => s.agreement(),
    markConsumed: async (seq) => s.markConsumed(seq),
    consumedSeq: async () => s.consumedSeq(),
    recordFold: async () => {
      throw new Error('recordFold is not available on the legacy synchronous store');
    },
    folds: async () => [],
    importRecords: async (q, f) => s.importRecords(q, f),
    count: async () => s.count(),
    verify: async () => s.verify(),
    close: async () => s.close(),
  };
}
