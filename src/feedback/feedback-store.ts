/**
 * The `FeedbackStore` contract: where every query and every answer of a run lives, durable
 * before it is acknowledged. Two implementations pass one conformance suite
 * (test/conformance/store.case.ts): SQLite, embedded, the default (`sqlite-store.ts`), and
 * PostgreSQL for many labelers on many machines (`postgres-store.ts`).
 *
 * Rules every implementation keeps:
 * - Append-only: queries, answers, retractions and folds are never updated or deleted.
 * - Durable before acknowledged: when a returned promise resolves, the write survives a crash.
 * - Each answer carries a sha256 checksum of its canonical fields (`recordChecksum`).
 * - Sequence numbers (`seq`) start at 1 and grow by 1 in commit order, per table (no gaps).
 * - Redundancy: `addFeedback` with `maxAnswers` refuses (AnswerLimitError) an answer to a query
 *   that already has that many unretracted answers, atomically with concurrent writers.
 */
import type { FeedbackKind, FeedbackRecord, QueryRecord } from './records.js';

export interface NewQuery {
  id: string;
  kind: FeedbackKind;
  payload: unknown;
}

export interface NewFeedback {
  queryId: string;
  labeler: string;
  answer: unknown;
}

export interface RetractionRecord {
  seq: number;
  /** The retracted answer's seq. */
  feedbackSeq: number;
  labeler: string;
  createdAt: number;
}

/**
 * One fold: at loop round `round` the loop folded every answer with seq ≤ `feedbackUpto`
 * and every retraction with seq ≤ `retractionUpto` into its dataset. A resumed run replays
 * these exactly instead of folding whatever the store holds by then.
 */
export interface FoldRecord {
  seq: number;
  round: number;
  feedbackUpto: number;
  retractionUpto: number;
  createdAt: number;
}

export interface FeedbackQuery {
  /** Only answers with seq > sinceSeq. */
  sinceSeq?: number;
  /** Only answers with seq ≤ uptoSeq. */
  uptoSeq?: number;
  kind?: FeedbackKind;
  /** Include answers that were retracted later. Default false. */
  withRetracted?: boolean;
}

export interface AddFeedbackOptions {
  /** Refuse the answer when the query already has this many unretracted answers. */
  maxAnswers?: number;
}

export interface FeedbackStore {
  /**
   * Where the store lives: a file path, or a connection string with the password removed and the
   * namespace spelled out; `openFeedbackStore(location)` opens the same store again.
   */
  readonly location: string;
  /** Add queries in one transaction. Re-adding an id with the same payload is a no-op; a different payload is a DataFormatError. */
  addQueries(queries: NewQuery[]): Promise<void>;
  query(id: string): Promise<QueryRecord | undefined>;
  queries(opts?: { kind?: FeedbackKind }): Promise<QueryRecord[]>;
  /** The ids of `queries(opts)`, in the same order, without reading their payloads (a server's start-up index). */
  queryIds(opts?: { kind?: FeedbackKind }): Promise<string[]>;
  /** A query's payload as its stored JSON text (parses to `query(id).payload`), for serving without re-encoding; undefined when unknown. */
  payloadText(id: string): Promise<string | undefined>;
  /** Append one answer, durable when the promise resolves. Unknown query → DataFormatError; invalid answer → DataFormatError; over `maxAnswers` → AnswerLimitError; the same labeler answering a query twice (unretracted) → DuplicateAnswerError. */
  addFeedback(input: NewFeedback, opts?: AddFeedbackOptions): Promise<FeedbackRecord>;
  /** Several answers in one durable commit; each slot is the record or the error that refused it. */
  addFeedbackBatch(inputs: NewFeedback[], opts?: AddFeedbackOptions): Promise<(FeedbackRecord | Error)[]>;
  /** Answers in seq order (unretracted unless `withRetracted`). */
  feedback(opts?: FeedbackQuery): Promise<FeedbackRecord[]>;
  /** Retractions in seq order, those with seq > sinceSeq. */
  retractions(opts?: { sinceSeq?: number }): Promise<RetractionRecord[]>;
  /**
   * Undo the labeler's latest unretracted answer by appending a retraction. By default only an
   * answer the loop has not folded yet (seq > consumedSeq); with `allowConsumed` any, and the
   * loop drops it from its dataset at its next round. Returns the retracted answer or null.
   */
  retractLast(labeler: string, opts?: { allowConsumed?: boolean }): Promise<FeedbackRecord | null>;
  /**
   * Queries with fewer than `redundancy` (default 1) unretracted answers and, with `labeler`, none
   * from that labeler, in the order they were added; at most `limit` of them (default all).
   */
  pendingQueries(opts?: { redundancy?: number; labeler?: string; limit?: number }): Promise<QueryRecord[]>;
  /** Over queries answered by ≥ 2 labelers, the share where all answers agree. */
  agreement(): Promise<{ queries: number; agreeing: number; rate: number | null }>;
  /** The loop has folded every answer up to `seq`. Monotone: a lower value is ignored. */
  markConsumed(seq: number): Promise<void>;
  consumedSeq(): Promise<number>;
  /** Record a fold (append-only); also raises consumedSeq to `feedbackUpto`. */
  recordFold(fold: { round: number; feedbackUpto: number; retractionUpto: number }): Promise<FoldRecord>;
  folds(): Promise<FoldRecord[]>;
  /**
   * Append exported records in ONE transaction: all or nothing. Queries follow addQueries' rules;
   * each answer gets the next seq of this store (and a checksum over it) but keeps its createdAt.
   * An unretracted answer already present from the same labeler to the same query is skipped when
   * equal and a DuplicateAnswerError (nothing imported) when different.
   */
  importRecords(queries: QueryRecord[], feedback: FeedbackRecord[]): Promise<{ queries: number; feedback: number; skipped: number }>;
  /** Rows stored (retracted answers included). */
  count(): Promise<{ queries: number; feedback: number }>;
  /** Recompute every checksum; lists the seqs that do not match. */
  verify(): Promise<{ ok: boolean; bad: number[] }>;
  close(): Promise<void>;
}

export class DuplicateAnswerError extends Error {
  override name = 'DuplicateAnswerError';
}

/** An answer to a query that already has all the answers it asked for (redundancy). */
export class AnswerLimitError extends Error {
  override name = 'AnswerLimitError';
}
