/** 'rewardlab/feedback': the feedback store (durable, append-only), its record types, and JSONL export/import. */
export { FeedbackStore, DuplicateAnswerError, type FeedbackStoreOptions } from './store.js';
export { FEEDBACK_KINDS, PREFERENCE_ANSWERS, checkAnswer, recordChecksum, type FeedbackKind, type QueryRecord, type FeedbackRecord } from './records.js';
export { exportJsonl, importJsonl, parseJsonl, type ParsedExport } from './jsonl.js';
