/**
 * The feedback store: a real SQLite file (WAL, synchronous = FULL). Every answer is committed
 * — durable on disk — before `addFeedback` returns, so an acknowledged answer survives a
 * crash. Feedback is append-only (SQLite triggers refuse UPDATE and DELETE), each record
 * carries a sha256 checksum, and a file that is not a RewardLab store is refused untouched.
 */
import Database from 'better-sqlite3';
import { existsSync, readFileSync } from 'node:fs';
import { DataFormatError, show } from '../core/errors.js';
import { FEEDBACK_KINDS, checkAnswer, recordChecksum, type FeedbackKind, type FeedbackRecord, type QueryRecord } from './records.js';

const KIND = 'rewardlab-feedback-store';
const VERSION = 1;

export class DuplicateAnswerError extends Error {
  override name = 'DuplicateAnswerError';
}

export interface FeedbackStoreOptions {
  readonly?: boolean;
  /** Clock for createdAt (ms); default Date.now. */
  clock?: () => number;
}

const SCHEMA = `
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE queries (id TEXT PRIMARY KEY, kind TEXT NOT NULL, payload TEXT NOT NULL, created_at INTEGER NOT NULL);
CREATE TABLE feedback (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  query_id TEXT NOT NULL REFERENCES queries(id),
  kind TEXT NOT NULL,
  labeler TEXT NOT NULL,
  answer TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  checksum TEXT NOT NULL,
  UNIQUE (query_id, labeler, seq)
);
CREATE TABLE retractions (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  feedback_seq INTEGER NOT NULL UNIQUE REFERENCES feedback(seq),
  labeler TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE TRIGGER retractions_no_update BEFORE UPDATE ON retractions BEGIN SELECT RAISE(ABORT, 'retractions are append-only'); END;
CREATE TRIGGER retractions_no_delete BEFORE DELETE ON retractions BEGIN SELECT RAISE(ABORT, 'retractions are append-only'); END;
CREATE TRIGGER feedback_no_update BEFORE UPDATE ON feedback BEGIN SELECT RAISE(ABORT, 'feedback is append-only'); END;
CREATE TRIGGER feedback_no_delete BEFORE DELETE ON feedback BEGIN SELECT RAISE(ABORT, 'feedback is append-only'); END;
CREATE TRIGGER queries_no_update BEFORE UPDATE ON queries BEGIN SELECT RAISE(ABORT, 'queries are append-only'); END;
CREATE TRIGGER queries_no_delete BEFORE DELETE ON queries BEGIN SELECT RAISE(ABORT, 'queries are append-only'); END;
`;

interface FeedbackRow {
  seq: number;
  query_id: string;
  kind: string;
  labeler: string;
  answer: string;
  created_at: number;
  checksum: string;
}

export class FeedbackStore {
  private readonly clock: () => number;
  private readonly insertFeedback: Database.Statement;
  private readonly selectQuery: Database.Statement;

  private constructor(
    readonly path: string,
    private readonly db: Database.Database,
    options: FeedbackStoreOptions,
  ) {
    this.clock = options.clock ?? Date.now;
    this.insertFeedback = db.prepare('INSERT INTO feedback (query_id, kind, labeler, answer, created_at, checksum) VALUES (?, ?, ?, ?, ?, ?)');
    this.selectQuery = db.prepare('SELECT id, kind, payload, created_at FROM queries WHERE id = ?');
  }

  /** Open (or create) a store. A foreign or corrupted file is refused and left unchanged. */
  static open(path: string, options: FeedbackStoreOptions = {}): FeedbackStore {
    const fresh = !existsSync(path);
    if (!fresh) {
      const head = readFileSync(path).subarray(0, 16).toString('latin1');
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
      if (fresh) {
        db.pragma('journal_mode = WAL');
        db.exec(SCHEMA);
        db.prepare('INSERT INTO meta (key, value) VALUES (?, ?), (?, ?)').run('kind', KIND, 'version', String(VERSION));
      } else {
        const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'meta'").all();
        const meta = tables.length ? Object.fromEntries((db.prepare('SELECT key, value FROM meta').all() as { key: string; value: string }[]).map((r) => [r.key, r.value])) : {};
        if (meta.kind !== KIND) throw new DataFormatError(`feedback store ${show(path)} is an SQLite file but not a RewardLab feedback store (meta.kind = ${show(meta.kind)}); refusing to touch it`);
        if (meta.version !== String(VERSION)) throw new DataFormatError(`feedback store ${show(path)} has version ${show(meta.version)}; this RewardLab reads version ${VERSION}`);
        // A file whose header survived can still have damaged pages that only fail on a later query: check them all now.
        const problems = (db.pragma('quick_check(5)') as { quick_check: string }[]).map((r) => r.quick_check);
        if (problems.length !== 1 || problems[0] !== 'ok') throw new DataFormatError(`feedback store ${show(path)} is corrupted (SQLite quick_check: ${problems.join('; ')}); restore it from a backup or from a \`rewardlab feedback export\` made before the damage`);
        if (!options.readonly) db.pragma('journal_mode = WAL');
      }
      db.pragma('synchronous = FULL');
      db.pragma('foreign_keys = ON');
    } catch (e) {
      db.close();
      if (e instanceof DataFormatError) throw e;
      throw new DataFormatError(`feedback store ${show(path)} is corrupted or unreadable: ${(e as Error).message}`);
    }
    return new FeedbackStore(path, db, options);
  }

  /** Add queries in one transaction. Re-adding an id with the same payload is a no-op; a different payload is an error. */
  addQueries(queries: { id: string; kind: FeedbackKind; payload: unknown }[]): void {
    const insert = this.db.prepare('INSERT INTO queries (id, kind, payload, created_at) VALUES (?, ?, ?, ?)');
    this.db.transaction(() => {
      for (const q of queries) {
        if (typeof q.id !== 'string' || q.id === '') throw new DataFormatError(`query id = ${show(q.id)} must be a non-empty string`);
        if (!FEEDBACK_KINDS.includes(q.kind)) throw new DataFormatError(`query ${show(q.id)}: kind = ${show(q.kind)} must be one of ${FEEDBACK_KINDS.join(', ')}`);
        const payload = JSON.stringify(q.payload);
        const existing = this.selectQuery.get(q.id) as { payload: string; kind: string } | undefined;
        if (existing) {
          if (existing.payload !== payload || existing.kind !== q.kind) throw new DataFormatError(`query ${show(q.id)} already exists with a different payload`);
          continue;
        }
        insert.run(q.id, q.kind, payload, this.clock());
      }
    })();
  }

  query(id: string): QueryRecord | undefined {
    const row = this.selectQuery.get(id) as { id: string; kind: FeedbackKind; payload: string; created_at: number } | undefined;
    return row && { id: row.id, kind: row.kind, payload: JSON.parse(row.payload), createdAt: row.created_at };
  }

  queries(opts: { kind?: FeedbackKind } = {}): QueryRecord[] {
    const rows = (opts.kind ? this.db.prepare('SELECT * FROM queries WHERE kind = ? ORDER BY rowid').all(opts.kind) : this.db.prepare('SELECT * FROM queries ORDER BY rowid').all()) as {
      id: string; kind: FeedbackKind; payload: string; created_at: number;
    }[];
    return rows.map((r) => ({ id: r.id, kind: r.kind, payload: JSON.parse(r.payload), createdAt: r.created_at }));
  }

  /** Append one answer; returns once it is committed to disk. */
  addFeedback(input: { queryId: string; labeler: string; answer: unknown }): FeedbackRecord {
    const query = this.selectQuery.get(input.queryId) as { kind: FeedbackKind } | undefined;
    if (!query) throw new DataFormatError(`queryId = ${show(input.queryId)} is not a known query`);
    if (typeof input.labeler !== 'string' || input.labeler.length === 0 || input.labeler.length > 100) throw new DataFormatError(`labeler = ${show(input.labeler)} must be a name of 1–100 characters`);
    checkAnswer(query.kind, input.answer, `query ${show(input.queryId)}`);
    return this.db.transaction(() => {
      const dup = this.db.prepare('SELECT seq FROM feedback WHERE query_id = ? AND labeler = ? AND seq NOT IN (SELECT feedback_seq FROM retractions)').get(input.queryId, input.labeler);
      if (dup) throw new DuplicateAnswerError(`labeler ${show(input.labeler)} already answered query ${show(input.queryId)}`);
      const createdAt = this.clock();
      const seq = (this.db.prepare("SELECT COALESCE(MAX(seq), 0) + 1 AS next FROM feedback").get() as { next: number }).next;
      const base = { seq, queryId: input.queryId, kind: query.kind, labeler: input.labeler, answer: input.answer, createdAt };
      const checksum = recordChecksum(base);
      const info = this.insertFeedback.run(input.queryId, query.kind, input.labeler, JSON.stringify(input.answer), createdAt, checksum);
      if (Number(info.lastInsertRowid) !== seq) throw new DataFormatError(`feedback store ${show(this.path)}: sequence mismatch (${info.lastInsertRowid} ≠ ${seq})`);
      return { ...base, checksum };
    })();
  }

  /** Answers in seq order, without retracted ones (pass `withRetracted` to see every record). */
  /**
   * Group commit: append many answers in ONE durable transaction (one fsync), each validated on
   * its own — a bad item gets its error back and does not affect the others. Returns, per
   * input, the stored record or the error.
   */
  addFeedbackBatch(inputs: { queryId: string; labeler: string; answer: unknown }[]): (FeedbackRecord | Error)[] {
    return this.db.transaction(() =>
      inputs.map((input) => {
        try {
          return this.addFeedback(input); // nested: a savepoint per item
        } catch (e) {
          return e as Error;
        }
      }),
    )();
  }

  feedback(opts: { sinceSeq?: number; kind?: FeedbackKind; withRetracted?: boolean } = {}): FeedbackRecord[] {
    const sql = opts.withRetracted
      ? 'SELECT * FROM feedback WHERE seq > ? ORDER BY seq'
      : 'SELECT * FROM feedback WHERE seq > ? AND seq NOT IN (SELECT feedback_seq FROM retractions) ORDER BY seq';
    const rows = this.db.prepare(sql).all(opts.sinceSeq ?? 0) as FeedbackRow[];
    return rows.filter((r) => !opts.kind || r.kind === opts.kind).map(toRecord);
  }

  /**
   * Append exported records in ONE transaction (nothing is written if anything conflicts).
   * Answers already present with the same value are skipped; a different answer by the same
   * labeler to the same query is a conflict.
   */
  importRecords(queries: QueryRecord[], feedback: FeedbackRecord[]): { queries: number; feedback: number; skipped: number } {
    let added = 0;
    let skipped = 0;
    const before = this.count().queries;
    this.db.transaction(() => {
      this.addQueries(queries);
      for (const f of feedback) {
        const existing = this.db.prepare('SELECT answer FROM feedback WHERE query_id = ? AND labeler = ? AND seq NOT IN (SELECT feedback_seq FROM retractions)').get(f.queryId, f.labeler) as { answer: string } | undefined;
        if (existing) {
          if (existing.answer !== JSON.stringify(f.answer)) throw new DuplicateAnswerError(`import: labeler ${show(f.labeler)} already answered query ${show(f.queryId)} differently (${existing.answer} vs ${JSON.stringify(f.answer)})`);
          skipped++;
          continue;
        }
        this.addFeedback({ queryId: f.queryId, labeler: f.labeler, answer: f.answer });
        added++;
      }
    })();
    return { queries: this.count().queries - before, feedback: added, skipped };
  }

  /**
   * Queries still needing answers: fewer than `redundancy` (default 1) unretracted answers,
   * and (when `labeler` is given) none from that labeler.
   */
  pendingQueries(opts: { redundancy?: number; labeler?: string } = {}): QueryRecord[] {
    const counts = new Map<string, number>();
    const mine = new Set<string>();
    for (const r of this.db.prepare('SELECT query_id, labeler FROM feedback WHERE seq NOT IN (SELECT feedback_seq FROM retractions)').all() as { query_id: string; labeler: string }[]) {
      counts.set(r.query_id, (counts.get(r.query_id) ?? 0) + 1);
      if (r.labeler === opts.labeler) mine.add(r.query_id);
    }
    const k = opts.redundancy ?? 1;
    return this.queries().filter((q) => (counts.get(q.id) ?? 0) < k && !mine.has(q.id));
  }

  /** Inter-labeler agreement: over queries answered by ≥ 2 labelers, the share where all answers agree. */
  agreement(): { queries: number; agreeing: number; rate: number | null } {
    const by = new Map<string, unknown[]>();
    for (const f of this.feedback()) by.set(f.queryId, [...(by.get(f.queryId) ?? []), JSON.stringify(f.answer)]);
    const multi = [...by.values()].filter((a) => a.length >= 2);
    const agreeing = multi.filter((a) => a.every((x) => x === a[0])).length;
    return { queries: multi.length, agreeing, rate: multi.length ? agreeing / multi.length : null };
  }

  /** The loop has folded every answer up to `seq` into training: those can no longer be undone. */
  markConsumed(seq: number): void {
    if (this.consumedSeq() >= seq) return;
    this.db.prepare("INSERT INTO meta (key, value) VALUES ('consumed_seq', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value").run(String(seq));
  }

  consumedSeq(): number {
    const row = this.db.prepare("SELECT value FROM meta WHERE key = 'consumed_seq'").get() as { value: string } | undefined;
    return row ? Number(row.value) : 0;
  }

  /**
   * Undo: retract the labeler's latest answer while training has not used it yet. Appends a
   * retraction record (nothing is deleted); the query becomes pending again. Returns the
   * retracted answer, or null when there is nothing that can still be undone.
   */
  retractLast(labeler: string): FeedbackRecord | null {
    return this.db.transaction(() => {
      const row = this.db
        .prepare('SELECT * FROM feedback WHERE labeler = ? AND seq NOT IN (SELECT feedback_seq FROM retractions) ORDER BY seq DESC LIMIT 1')
        .get(labeler) as FeedbackRow | undefined;
      if (!row || row.seq <= this.consumedSeq()) return null;
      this.db.prepare('INSERT INTO retractions (feedback_seq, labeler, created_at) VALUES (?, ?, ?)').run(row.seq, labeler, this.clock());
      return toRecord(row);
    })();
  }

  count(): { queries: number; feedback: number } {
    const q = (this.db.prepare('SELECT COUNT(*) AS n FROM queries').get() as { n: number }).n;
    const f = (this.db.prepare('SELECT COUNT(*) AS n FROM feedback').get() as { n: number }).n;
    return { queries: q, feedback: f };
  }

  /** Recompute every checksum; lists the seqs that do not match. */
  verify(): { ok: boolean; bad: number[] } {
    const bad = this.feedback({ withRetracted: true }).filter((r) => recordChecksum(r) !== r.checksum).map((r) => r.seq);
    return { ok: bad.length === 0, bad };
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

function toRecord(r: FeedbackRow): FeedbackRecord {
  return { seq: r.seq, queryId: r.query_id, kind: r.kind as FeedbackKind, labeler: r.labeler, answer: JSON.parse(r.answer), createdAt: r.created_at, checksum: r.checksum };
}
