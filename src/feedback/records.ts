/** Feedback record types, answer validation and record checksums. */
import { createHash } from 'node:crypto';
import { DataFormatError, show } from '../core/errors.js';

export type FeedbackKind = 'preference' | 'rating' | 'demonstration' | 'goal' | 'intervention' | 'instruction';
export const FEEDBACK_KINDS: readonly FeedbackKind[] = ['preference', 'rating', 'demonstration', 'goal', 'intervention', 'instruction'];
export const PREFERENCE_ANSWERS = ['left', 'right', 'equal', 'cant-tell', 'skip'] as const;

export interface QueryRecord {
  id: string;
  kind: FeedbackKind;
  payload: unknown;
  createdAt: number;
}

export interface FeedbackRecord {
  seq: number;
  queryId: string;
  kind: FeedbackKind;
  labeler: string;
  answer: unknown;
  createdAt: number;
  checksum: string;
}

/** Throws DataFormatError unless `answer` is valid for `kind`. */
export function checkAnswer(kind: FeedbackKind, answer: unknown, where: string): void {
  if (kind === 'preference') {
    if (!PREFERENCE_ANSWERS.includes(answer as never)) throw new DataFormatError(`${where}: answer = ${show(answer)} is not a preference answer; use one of ${PREFERENCE_ANSWERS.join(', ')}`);
  } else if (kind === 'rating') {
    if (typeof answer !== 'number' || !Number.isFinite(answer)) throw new DataFormatError(`${where}: answer = ${show(answer)} must be a finite number for a rating`);
  } else if (typeof answer !== 'object' || answer === null) {
    throw new DataFormatError(`${where}: answer = ${show(answer)} must be a JSON object for ${kind} feedback`);
  }
}

/** Canonical JSON (sorted keys) so the checksum does not depend on key order. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function recordChecksum(r: Omit<FeedbackRecord, 'checksum'>): string {
  return createHash('sha256').update(canonical({ seq: r.seq, queryId: r.queryId, kind: r.kind, labeler: r.labeler, answer: r.answer, createdAt: r.createdAt })).digest('hex');
}
