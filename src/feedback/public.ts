/**
 * 'rewardlab/feedback': the feedback store (durable, append-only), its record types, and JSONL
 * export/import. `FeedbackStore` is the async contract (feedback-store.ts) every store keeps;
 * `openFeedbackStore(spec)` opens one from a file path (SQLite, `SqliteFeedbackStore`) or a
 * `postgres://` URL (`PostgresFeedbackStore`).
 */
export { AnswerLimitError, DuplicateAnswerError, type FeedbackStore, type NewQuery, type NewFeedback, type RetractionRecord, type FoldRecord, type FeedbackQuery, type AddFeedbackOptions } from './feedback-store.js';
export { openFeedbackStore, type OpenFeedbackStoreOptions } from './open-store.js';
export { SqliteFeedbackStore, type SqliteStoreOptions } from './sqlite-store.js';
export { PostgresFeedbackStore, type PostgresStoreOptions } from './postgres-store.js';
export { FEEDBACK_KINDS, PREFERENCE_ANSWERS, checkAnswer, recordChecksum, type FeedbackKind, type QueryRecord, type FeedbackRecord } from './records.js';
export { exportJsonl, importJsonl, parseJsonl, type ParsedExport } from './jsonl.js';
