/**
 * Input checks shared by every FeedbackStore implementation, so SQLite and PostgreSQL refuse
 * the same inputs with the same messages.
 */
import { ConfigError, DataFormatError, show } from '../core/errors.js';
import type { AddFeedbackOptions, NewQuery } from './feedback-store.js';
import { FEEDBACK_KINDS, checkAnswer, type FeedbackKind } from './records.js';

/** Checks a new query; returns its payload as the stored JSON text. */
export function checkNewQuery(q: NewQuery): string {
  if (typeof q.id !== 'string' || q.id === '') throw new DataFormatError(`query id = ${show(q.id)} must be a non-empty string`);
  if (!FEEDBACK_KINDS.includes(q.kind)) throw new DataFormatError(`query ${show(q.id)}: kind = ${show(q.kind)} must be one of ${FEEDBACK_KINDS.join(', ')}`);
  const payload = JSON.stringify(q.payload);
  if (payload === undefined) throw new DataFormatError(`query ${show(q.id)}: payload = ${show(q.payload)} is not JSON`);
  return payload;
}

export function conflictingQuery(id: string): DataFormatError {
  return new DataFormatError(`query ${show(id)} already exists with a different payload`);
}

export function unknownQuery(id: string): DataFormatError {
  return new DataFormatError(`queryId = ${show(id)} is not a known query`);
}

/** Checks labeler and answer against the query's kind; returns the answer as stored JSON text. */
export function checkNewFeedback(input: { queryId: string; labeler: string; answer: unknown }, kind: FeedbackKind): string {
  if (typeof input.labeler !== 'string' || input.labeler.length === 0 || input.labeler.length > 100) throw new DataFormatError(`labeler = ${show(input.labeler)} must be a name of 1–100 characters`);
  checkAnswer(kind, input.answer, `query ${show(input.queryId)}`);
  return JSON.stringify(input.answer);
}

/** `maxAnswers` as a limit (Infinity when absent). */
export function answerLimit(opts: AddFeedbackOptions | undefined): number {
  if (opts?.maxAnswers === undefined) return Infinity;
  if (!Number.isInteger(opts.maxAnswers) || opts.maxAnswers < 1) throw new ConfigError('maxAnswers', opts.maxAnswers, 'must be an integer ≥ 1');
  return opts.maxAnswers;
}

export function checkPendingOptions(opts: { redundancy?: number; limit?: number }): { redundancy: number; limit: number } {
  const redundancy = opts.redundancy ?? 1;
  if (!Number.isInteger(redundancy) || redundancy < 1) throw new ConfigError('redundancy', opts.redundancy, 'must be an integer ≥ 1');
  const limit = opts.limit ?? -1;
  if (opts.limit !== undefined && (!Number.isInteger(limit) || limit < 0)) throw new ConfigError('limit', opts.limit, 'must be an integer ≥ 0');
  return { redundancy, limit };
}

export function checkFold(fold: { round: number; feedbackUpto: number; retractionUpto: number }): void {
  for (const field of ['round', 'feedbackUpto', 'retractionUpto'] as const) {
    const v = fold[field];
    if (!Number.isSafeInteger(v) || v < 0) throw new ConfigError(`fold.${field}`, v, 'must be an integer ≥ 0');
  }
}

export function checkSeq(field: string, seq: number): number {
  if (!Number.isSafeInteger(seq) || seq < 0) throw new ConfigError(field, seq, 'must be an integer ≥ 0');
  return seq;
}

export const tooManyAnswers = (queryId: string, n: number, max: number) =>
  `query ${show(queryId)} already has ${n} answer${n === 1 ? '' : 's'} (maxAnswers = ${max}); it needs no more`;
export const duplicateAnswer = (labeler: string, queryId: string) => `labeler ${show(labeler)} already answered query ${show(queryId)}`;
export const importConflict = (labeler: string, queryId: string, had: string, got: string) =>
  `import: labeler ${show(labeler)} already answered query ${show(queryId)} differently (${had} vs ${got})`;
