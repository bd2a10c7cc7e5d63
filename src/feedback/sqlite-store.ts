/**
 * `SqliteFeedbackStore`: the FeedbackStore contract on one SQLite file (WAL, synchronous = FULL),
 * the embedded default. Every write is one IMMEDIATE transaction, committed (fsynced) before its
 * promise resolves; checks (duplicate, maxAnswers) run inside that transaction, so they hold
 * across processes sharing the file too. better-sqlite3 is synchronous: the methods do their
 * work before returning an already-settled promise, so calls never interleave inside a process.
 * Append-only is enforced by triggers; a foreign or corrupted file is refused untouched; a
 * version-1 file (written by RewardLab before the contract) is migrated to version 2 (adds `folds`) in one transaction.
 */
import Database from 'better-sqlite3';
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { DataFormatError, show } from '../core/errors.js';
import { AnswerLimitError, DuplicateAnswerError, type AddFeedbackOptions, type FeedbackQuery, type FeedbackStore, type FoldRecord, type NewFeedback, type NewQuery, type RetractionRecord } from './feedback-store.js';
import { recordChecksum, type FeedbackKind, type FeedbackRecord, type QueryRecord } from './records.js';
import { KIND, LIVE, MIGRATE_1_TO_2, SCHEMA, VERSION } from './sqlite-schema.js';
import { immediateTransaction } from './sqlite-lock.js';
import * as rules from './store-rules.js';

export interface SqliteStoreOptions {
  /** Open read-only (the file must exist). Default false. */
  readonly?: boolean;
  /** Clock for createdAt (ms). Default Date.now. */
  clock?: () => number;
  /**
   * Run SQLite's quick_check when an existing file is opened (O(file size): ~50 ms for a real
   * run's 120 MiB store). Default true; the writer thread skips it, the connection that opened
   * the store first has checked the same file.
   */
  integrityCheck?: boolean;
  /** How long a write waits for another connection's write lock before it fails with SQLITE_BUSY. Default 5000 ms. */
  lockWaitMs?: number;
}

interface FeedbackRow { seq: number; query_id: string; kind: string; labeler: string; answer: string; created_at: number; checksum: string }
interface QueryRow { id: string; kind: FeedbackKind; payload: string; created_at: number }

export class SqliteFeedbackStore implements FeedbackStore {
  private readonly clock: () => number;
  private readonly lockWaitMs: number;
  private readonly stmt: Record<'query' | 'queryKind' | 'payload' | 'liveCount' | 'liveByLabeler' | 'nextSeq' | 'insertFeedback' | 'insertQuery' | 'lastLive' | 'insertRetraction' | 'consumed' | 'setConsumed', Database.Statement>;

  private constructor(readonly location: string, private readonly db: Database.Database, options: SqliteStoreOptions) {
    this.clock = options.clock ?? Date.now;
    this.lockWaitMs = options.lockWaitMs ?? 5000;
    const p = (sql: string) => db.prepare(sql);
    this.stmt = {
      query: p('SELECT id, kind, payload, created_at FROM queries WHERE id = ?'),
      queryKind: p('SELECT kind FROM queries WHERE id = ?').pluck(), // an answer needs only its query's kind, not its clips
      payload: p('SELECT payload FROM queries WHERE id = ?').pluck(),
      liveCount: p(`SELECT COUNT(*) AS n FROM feedback f WHERE f.query_id = ? AND ${LIVE}`),
      liveByLabeler: p(`SELECT f.seq, f.answer FROM feedback f WHERE f.query_id = ? AND f.labeler = ? AND ${LIVE} LIMIT 1`),
      nextSeq: p('SELECT COALESCE(MAX(seq), 0) + 1 AS next FROM feedback'),
      insertFeedback: p('INSERT INTO feedback (seq, query_id, kind, labeler, answer, created_at, checksum) VALUES (?, ?, ?, ?, ?, ?, ?)'),
      insertQuery: p('INSERT INTO queries (id, kind, payload, created_at) VALUES (?, ?, ?, ?)'),
      lastLive: p(`SELECT * FROM feedback f WHERE f.labeler = ? AND ${LIVE} ORDER BY f.seq DESC LIMIT 1`),
      insertRetraction: p('INSERT INTO retractions (feedback_seq, labeler, created_at) VALUES (?, ?, ?)'),
      consumed: p("SELECT value FROM meta WHERE key = 'consumed_seq'"),
      setConsumed: p("INSERT INTO meta (key, value) VALUES ('consumed_seq', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value"),
    };
  }

  /** Open (or create) a store file. A foreign, corrupted or newer file is refused and left unchanged. */
  static async open(path: string, options: SqliteStoreOptions = {}): Promise<SqliteFeedbackStore> {
    return new SqliteFeedbackStore(path, openDatabase(path, options), options);
  }

  /** A write transaction that takes the write lock up front (no lock upgrade, no SQLITE_BUSY mid-way), waiting for it in fine steps (sqlite-lock.ts). */
  private write<T>(fn: () => T): T {
    return immediateTransaction(this.db, fn, this.lockWaitMs);
  }

  async addQueries(queries: NewQuery[]): Promise<void> {
    this.write(() => this.insertQueries(queries.map((q) => ({ ...q, createdAt: this.clock() }))));
  }

  private insertQueries(queries: (NewQuery & { createdAt: number })[]): number {
    let added = 0;
    for (const q of queries) {
      const payload = rules.checkNewQuery(q);
      const existing = this.stmt.query.get(q.id) as QueryRow | undefined;
      if (existing) {
        if (existing.payload !== payload || existing.kind !== q.kind) throw rules.conflictingQuery(q.id);
        continue;
      }
      this.stmt.insertQuery.run(q.id, q.kind, payload, q.createdAt);
      added++;
    }
    return added;
  }

  async query(id: string): Promise<QueryRecord | undefined> {
    const row = this.stmt.query.get(id) as QueryRow | undefined;
    return row && toQuery(row);
  }

  async queries(opts: { kind?: FeedbackKind } = {}): Promise<QueryRecord[]> {
    const rows = (opts.kind ? this.db.prepare('SELECT * FROM queries WHERE kind = ? ORDER BY rowid').all(opts.kind) : this.db.prepare('SELECT * FROM queries ORDER BY rowid').all()) as QueryRow[];
    return rows.map(toQuery);
  }

  async queryIds(opts: { kind?: FeedbackKind } = {}): Promise<string[]> {
    const sql = `SELECT id FROM queries ${opts.kind ? 'WHERE kind = ?' : ''} ORDER BY rowid`;
    const stmt = this.db.prepare(sql).pluck();
    return (opts.kind ? stmt.all(opts.kind) : stmt.all()) as string[];
  }

  async payloadText(id: string): Promise<string | undefined> {
    return this.stmt.payload.get(id) as string | undefined;
  }

  async addFeedback(input: NewFeedback, opts?: AddFeedbackOptions): Promise<FeedbackRecord> {
    const max = rules.answerLimit(opts);
    return this.write(() => this.append(input, max, this.clock()));
  }

  /** One answer inside the caller's transaction: validate, refuse duplicates and over-limit, insert. */
  private append(input: NewFeedback, max: number, createdAt: number): FeedbackRecord {
    const kind = this.stmt.queryKind.get(input.queryId) as QueryRow['kind'] | undefined;
    if (kind === undefined) throw rules.unknownQuery(input.queryId);
    const answer = rules.checkNewFeedback(input, kind);
    if (this.stmt.liveByLabeler.get(input.queryId, input.labeler)) throw new DuplicateAnswerError(rules.duplicateAnswer(input.labeler, input.queryId));
    if (max !== Infinity) {
      const n = (this.stmt.liveCount.get(input.queryId) as { n: number }).n;
      if (n >= max) throw new AnswerLimitError(rules.tooManyAnswers(input.queryId, n, max));
    }
    const seq = (this.stmt.nextSeq.get() as { next: number }).next;
    const base = { seq, queryId: input.queryId, kind, labeler: input.labeler, answer: input.answer, createdAt };
    const checksum = recordChecksum(base);
    this.stmt.insertFeedback.run(seq, input.queryId, kind, input.labeler, answer, createdAt, checksum);
    return { ...base, checksum };
  }

  async addFeedbackBatch(inputs: NewFeedback[], opts?: AddFeedbackOptions): Promise<(FeedbackRecord | Error)[]> {
    const max = rules.answerLimit(opts);
    return this.write(() =>
      inputs.map((input) => {
        try {
          return this.db.transaction(() => this.append(input, max, this.clock()))(); // a savepoint per item
        } catch (e) {
          return e as Error;
        }
      }),
    );
  }

  async feedback(opts: FeedbackQuery = {}): Promise<FeedbackRecord[]> {
    const where = ['f.seq > @since', 'f.seq <= @upto'];
    if (opts.kind) where.push('f.kind = @kind');
    if (!opts.withRetracted) where.push(LIVE);
    const rows = this.db.prepare(`SELECT * FROM feedback f WHERE ${where.join(' AND ')} ORDER BY f.seq`).all({
      since: rules.checkSeq('sinceSeq', opts.sinceSeq ?? 0), upto: rules.checkSeq('uptoSeq', opts.uptoSeq ?? Number.MAX_SAFE_INTEGER), ...(opts.kind ? { kind: opts.kind } : {}),
    }) as FeedbackRow[];
    return rows.map(toRecord);
  }

  async retractions(opts: { sinceSeq?: number } = {}): Promise<RetractionRecord[]> {
    const rows = this.db.prepare('SELECT * FROM retractions WHERE seq > ? ORDER BY seq').all(rules.checkSeq('sinceSeq', opts.sinceSeq ?? 0)) as { seq: number; feedback_seq: number; labeler: string; created_at: number }[];
    return rows.map((r) => ({ seq: r.seq, feedbackSeq: r.feedback_seq, labeler: r.labeler, createdAt: r.created_at }));
  }

  async retractLast(labeler: string, opts: { allowConsumed?: boolean } = {}): Promise<FeedbackRecord | null> {
    return this.write(() => {
      const row = this.stmt.lastLive.get(labeler) as FeedbackRow | undefined;
      if (!row || (!opts.allowConsumed && row.seq <= this.consumed())) return null;
      this.stmt.insertRetraction.run(row.seq, labeler, this.clock());
      return toRecord(row);
    });
  }

  async pendingQueries(opts: { redundancy?: number; labeler?: string; limit?: number } = {}): Promise<QueryRecord[]> {
    const { redundancy, limit } = rules.checkPendingOptions(opts);
    const mine = opts.labeler === undefined ? '' : `AND NOT EXISTS (SELECT 1 FROM feedback f WHERE f.query_id = q.id AND f.labeler = @labeler AND ${LIVE})`;
    const sql = `SELECT q.* FROM queries q WHERE (SELECT COUNT(*) FROM feedback f WHERE f.query_id = q.id AND ${LIVE}) < @redundancy ${mine} ORDER BY q.rowid LIMIT @limit`;
    const rows = this.db.prepare(sql).all({ redundancy, limit, ...(opts.labeler === undefined ? {} : { labeler: opts.labeler }) }) as QueryRow[];
    return rows.map(toQuery);
  }

  async agreement(): Promise<{ queries: number; agreeing: number; rate: number | null }> {
    const r = this.db.prepare(`SELECT COUNT(*) AS queries, COALESCE(SUM(agree), 0) AS agreeing FROM (
      SELECT CASE WHEN COUNT(DISTINCT f.answer) = 1 THEN 1 ELSE 0 END AS agree FROM feedback f WHERE ${LIVE} GROUP BY f.query_id HAVING COUNT(*) >= 2)`).get() as { queries: number; agreeing: number };
    return { queries: r.queries, agreeing: r.agreeing, rate: r.queries ? r.agreeing / r.queries : null };
  }

  private consumed(): number {
    const row = this.stmt.consumed.get() as { value: string } | undefined;
    return row ? Number(row.value) : 0;
  }

  private raiseConsumed(seq: number): void {
    if (seq > this.consumed()) this.stmt.setConsumed.run(String(seq));
  }

  async markConsumed(seq: number): Promise<void> {
    rules.checkSeq('seq', seq);
    this.write(() => this.raiseConsumed(seq));
  }

  async consumedSeq(): Promise<number> {
    return this.consumed();
  }

  async recordFold(fold: { round: number; feedbackUpto: number; retractionUpto: number }): Promise<FoldRecord> {
    rules.checkFold(fold);
    return this.write(() => {
      const createdAt = this.clock();
      const info = this.db.prepare('INSERT INTO folds (round, feedback_upto, retraction_upto, created_at) VALUES (?, ?, ?, ?)').run(fold.round, fold.feedbackUpto, fold.retractionUpto, createdAt);
      this.raiseConsumed(fold.feedbackUpto);
      return { seq: Number(info.lastInsertRowid), round: fold.round, feedbackUpto: fold.feedbackUpto, retractionUpto: fold.retractionUpto, createdAt };
    });
  }

  async folds(): Promise<FoldRecord[]> {
    const rows = this.db.prepare('SELECT * FROM folds ORDER BY seq').all() as { seq: number; round: number; feedback_upto: number; retraction_upto: number; created_at: number }[];
    return rows.map((r) => ({ seq: r.seq, round: r.round, feedbackUpto: r.feedback_upto, retractionUpto: r.retraction_upto, createdAt: r.created_at }));
  }

  async importRecords(queries: QueryRecord[], feedback: FeedbackRecord[]): Promise<{ queries: number; feedback: number; skipped: number }> {
    return this.write(() => {
      const added = this.insertQueries(queries.map((q) => ({ id: q.id, kind: q.kind, payload: q.payload, createdAt: q.createdAt })));
      let imported = 0;
      let skipped = 0;
      for (const f of feedback) {
        const existing = this.stmt.liveByLabeler.get(f.queryId, f.labeler) as { answer: string } | undefined;
        if (existing) {
          const got = JSON.stringify(f.answer);
          if (existing.answer !== got) throw new DuplicateAnswerError(rules.importConflict(f.labeler, f.queryId, existing.answer, got));
          skipped++;
          continue;
        }
        this.append(f, Infinity, f.createdAt);
        imported++;
      }
      return { queries: added, feedback: imported, skipped };
    });
  }

  /** Row counts (retracted answers included). Append-only tables never lose a row, so the largest seq/rowid is the count. */
  async count(): Promise<{ queries: number; feedback: number }> {
    const r = this.db.prepare('SELECT (SELECT COALESCE(MAX(rowid), 0) FROM queries) AS q, (SELECT COALESCE(MAX(seq), 0) FROM feedback) AS f').get() as { q: number; f: number };
    return { queries: r.q, feedback: r.f };
  }

  async verify(): Promise<{ ok: boolean; bad: number[] }> {
    const bad: number[] = [];
    for (const row of this.db.prepare('SELECT * FROM feedback ORDER BY seq').iterate() as IterableIterator<FeedbackRow>) {
      const r = toRecord(row);
      if (recordChecksum(r) !== r.checksum) bad.push(r.seq);
    }
    return { ok: bad.length === 0, bad };
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}

/** The first `n` bytes of a file (a store's file is 100+ MiB in a real run: never read it whole to check a header). */
function fileHead(path: string, n: number): Buffer {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(n);
    return buf.subarray(0, readSync(fd, buf, 0, n, 0));
  } finally {
    closeSync(fd);
  }
}

/** Opens the file, refusing anything that is not a RewardLab store; creates or migrates it. */
function openDatabase(path: string, options: SqliteStoreOptions): Database.Database {
  // A store whose creation was killed (the file made, nothing committed yet: empty, or an SQLite
  // file without a single table) held nothing: it is created afresh, so a run killed at that
  // moment resumes like one killed before its store existed.
  let fresh = !existsSync(path) || (!options.readonly && statSync(path).size === 0);
  if (!fresh) {
    const head = fileHead(path, 16).toString('latin1');
    if (head !== 'SQLite format 3\u0000') throw new DataFormatError(`feedback store ${show(path)} is not an SQLite file (it starts with ${show(head.replace(/[^\x20-\x7e]/g, '.'))}); refusing to touch it`);
  }
  if (fresh && options.readonly) throw new DataFormatError(`feedback store ${show(path)} does not exist`);
  let db: Database.Database;
  try {
    db = new Database(path, { readonly: Boolean(options.readonly), fileMustExist: !fresh });
  } catch (e) {
    throw new DataFormatError(`feedback store ${show(path)} cannot be opened: ${(e as Error).message}`);
  }
  try {
    if (!fresh && !options.readonly && (db.prepare('SELECT count(*) AS n FROM sqlite_master').get() as { n: number }).n === 0) fresh = true;
    if (fresh) {
      db.pragma('journal_mode = WAL');
      db.transaction(() => {
        db.exec(SCHEMA);
        db.prepare('INSERT INTO meta (key, value) VALUES (?, ?), (?, ?)').run('kind', KIND, 'version', String(VERSION));
      }).immediate();
    } else {
      const check = options.integrityCheck === false ? 'ok' : db.pragma('quick_check', { simple: true });
      if (check !== 'ok') throw new DataFormatError(`feedback store ${show(path)} is corrupted (quick_check: ${show(check)}); refusing to use it`);
      const hasMeta = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'meta'").get();
      const meta = hasMeta ? Object.fromEntries((db.prepare('SELECT key, value FROM meta').all() as { key: string; value: string }[]).map((r) => [r.key, r.value])) : {};
      if (meta.kind !== KIND) throw new DataFormatError(`feedback store ${show(path)} is an SQLite file but not a RewardLab feedback store (meta.kind = ${show(meta.kind)}); refusing to touch it`);
      if (meta.version === '1') {
        if (options.readonly) throw new DataFormatError(`feedback store ${show(path)} has version 1; open it once without readonly to migrate it to version ${VERSION}`);
        db.transaction(() => db.exec(MIGRATE_1_TO_2)).immediate();
      } else if (meta.version !== String(VERSION)) {
        throw new DataFormatError(`feedback store ${show(path)} has version ${show(meta.version)}; this RewardLab reads versions 1 and ${VERSION}`);
      }
      if (!options.readonly) db.pragma('journal_mode = WAL');
    }
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
  } catch (e) {
    db.close();
    if (e instanceof DataFormatError) throw e;
    throw new DataFormatError(`feedback store ${show(path)} is corrupted or unreadable: ${(e as Error).message}`);
  }
  return db;
}

function toQuery(r: QueryRow): QueryRecord {
  return { id: r.id, kind: r.kind, payload: JSON.parse(r.payload), createdAt: r.created_at };
}

function toRecord(r: FeedbackRow): FeedbackRecord {
  return { seq: r.seq, queryId: r.query_id, kind: r.kind as FeedbackKind, labeler: r.labeler, answer: JSON.parse(r.answer), createdAt: r.created_at, checksum: r.checksum };
}
