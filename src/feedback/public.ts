/**
 * 'rewardlab/feedback': the feedback store (durable, append-only), its record types, and JSONL
 * export/import. `FeedbackStore` is the SQLite store of today's runs; `FeedbackStoreContract` is
 * the async contract (feedback-store.ts) the SQLite and PostgreSQL stores are moving to.
 */
export { FeedbackStore, DuplicateAnswerError, type FeedbackStoreOptions } from './store.js';
export { AnswerLimitError, type FeedbackStore as FeedbackStoreContract, type NewQuery, type NewFeedback, type RetractionRecord, type FoldRecord, type FeedbackQuery, type AddFeedbackOptions } from './feedback-store.js';
export { FEEDBACK_KINDS, PREFERENCE_ANSWERS, checkAnswer, recordChecksum, type FeedbackKind, type QueryRecord, type FeedbackRecord } from './records.js';
export { exportJsonl, importJsonl, parseJsonl, type ParsedExport } from './jsonl.js';
