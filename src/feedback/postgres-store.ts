/**
 * `PostgresFeedbackStore`: the FeedbackStore contract on PostgreSQL, for many labelers on many
 * machines. Every write is one transaction that first takes a transaction-level advisory lock
 * on the store's namespace, so writers of one store — on any machine — run one at a time:
 * seq numbers are assigned under the lock (MAX + 1, gapless like SQLite) and therefore grow in
 * commit order, and the duplicate and maxAnswers checks see every earlier commit. The promise
 * resolves after COMMIT returns with synchronous_commit = on: the write is on the server's disk.
 * Append-only is enforced by triggers (RAISE EXCEPTION on UPDATE, DELETE, TRUNCATE).
 */
import pg from 'pg';
import { ConfigError, DataFormatError, show } from '../core/errors.js';
import { AnswerLimitError, DuplicateAnswerError, type AddFeedbackOptions, type FeedbackQuery, type FeedbackStore, type FoldRecord, type NewFeedback, type NewQuery, type RetractionRecord } from './feedback-store.js';
import { KIND, TABLES, VERSION, lockKeys, parsePostgresSpec, schemaSql, tableNames, type PostgresNamespaceOptions, type PostgresTarget } from './postgres-schema.js';
import { recordChecksum, type FeedbackKind, type FeedbackRecord, type QueryRecord } from './records.js';
import * as rules from './store-rules.js';

export interface PostgresStoreOptions extends PostgresNamespaceOptions {
  /** Clock for createdAt (ms). Default Date.now. */
  clock?: () => number;
  /** Connections in this instance's pool (concurrent reads; writes serialize on the lock). Default 4. */
  poolSize?: number;
  /** Give up connecting after this many ms. Default 10000. */
  connectTimeoutMs?: number;
  /** A write waits at most this long for the store's lock (held by another writer) before it fails. Default 30000. */
  lockTimeoutMs?: number;
  /** Refuse writes (the namespace must exist). Default false. */
  readonly?: boolean;
}

type Client = pg.PoolClient;
interface FeedbackRow { seq: string; query_id: string; kind: string; labeler: string; answer: string; created_at: string; checksum: string }
interface QueryRow { id: string; kind: FeedbackKind; payload: string; created_at: string }

export class PostgresFeedbackStore implements FeedbackStore {
  readonly location: string;
  private readonly t: Record<(typeof TABLES)[number], string>;
  private readonly clock: () => number;
  private readonly begin: string;
  private readonly live: string;

  private constructor(private readonly pool: pg.Pool, target: PostgresTarget, options: PostgresStoreOptions) {
    this.location = target.location;
    this.t = tableNames(target);
    this.clock = options.clock ?? Date.now;
    const [k1, k2] = lockKeys(target);
    this.begin = `BEGIN; SELECT pg_advisory_xact_lock(${k1}, ${k2})`;
    this.live = `NOT EXISTS (SELECT 1 FROM ${this.t.retractions} r WHERE r.feedback_seq = f.seq)`;
  }

  /** Connect, then create the namespace's tables or check they are a RewardLab store of this version. */
  static async open(spec: string, options: PostgresStoreOptions = {}): Promise<PostgresFeedbackStore> {
    const target = parsePostgresSpec(spec, options);
    const pool = new pg.Pool({ connectionString: target.connectionString, max: options.poolSize ?? 4, connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000, application_name: 'rewardlab' });
    pool.on('error', () => {}); // an idle connection dropped by the server: the next checkout reconnects
    const lockTimeout = Math.max(1, Math.round(options.lockTimeoutMs ?? 30_000));
    const setup = `SET synchronous_commit = on; SET lock_timeout = ${lockTimeout}${options.readonly ? '; SET default_transaction_read_only = on' : ''}`;
    pool.on('connect', (c) => void c.query(setup).catch(() => {})); // queued before any query of ours on that connection
    let client: Client;
    try {
      client = await pool.connect();
    } catch (e) {
      await pool.end().catch(() => {});
      throw new ConfigError('feedback store', target.location, `cannot reach the PostgreSQL server at ${target.host}:${target.port} (${(e as Error).message || (e as { code?: string }).code}); check that it runs and accepts this user and database`);
    }
    const store = new PostgresFeedbackStore(pool, target, options);
    try {
      await store.prepare(client, target, Boolean(options.readonly));
      client.release();
    } catch (e) {
      client.release(true);
      await pool.end().catch(() => {});
      throw e;
    }
    return store;
  }

  private async prepare(c: Client, target: PostgresTarget, readonly: boolean): Promise<void> {
    const where = `schema ${show(target.schema)}, table prefix ${show(target.prefix)} of ${target.location}`;
    const existing = async () => (await c.query(`SELECT ${TABLES.map((n) => `to_regclass('${this.t[n].replace(/'/g, "''")}') IS NOT NULL AS ${n}`).join(', ')}`)).rows[0] as Record<string, boolean>;
    const durable = (await c.query("SELECT current_setting('synchronous_commit') AS v")).rows[0].v;
    if (!['on', 'local', 'remote_write', 'remote_apply'].includes(durable)) throw new DataFormatError(`feedback store (${where}): synchronous_commit = ${show(durable)} on this connection; acknowledged answers would not be durable`);
    let found = await existing();
    if (!found.meta && !readonly) {
      const [k1, k2] = lockKeys({ schema: target.schema, prefix: '' });
      await c.query(`${this.begin}; SELECT pg_advisory_xact_lock(${k1}, ${k2})`); // also one creator per schema: CREATE SCHEMA IF NOT EXISTS races otherwise
      try {
        found = await existing(); // another instance may have created it while we waited for the lock
        if (!found.meta && !TABLES.some((n) => found[n])) await c.query(schemaSql(target));
        await c.query('COMMIT');
      } catch (e) {
        await c.query('ROLLBACK').catch(() => {});
        throw new DataFormatError(`feedback store (${where}) cannot be created: ${(e as Error).message}`);
      }
      found = await existing();
    }
    if (!found.meta) {
      const foreign = TABLES.filter((n) => found[n]);
      if (foreign.length) throw new DataFormatError(`feedback store (${where}): table(s) ${foreign.join(', ')} exist but are not a RewardLab feedback store (no meta table); refusing to touch them — pick another schema or table_prefix`);
      throw new DataFormatError(`feedback store (${where}) does not exist`);
    }
    const meta = Object.fromEntries((await c.query(`SELECT key, value FROM ${this.t.meta}`)).rows.map((r) => [r.key, r.value]));
    if (meta.kind !== KIND) throw new DataFormatError(`feedback store (${where}) is not a RewardLab feedback store (meta.kind = ${show(meta.kind)}); refusing to touch it`);
    if (meta.version !== String(VERSION)) throw new DataFormatError(`feedback store (${where}) has version ${show(meta.version)}; this RewardLab reads version ${VERSION}`);
  }

  /** One write transaction under the namespace's advisory lock; committed before it resolves. */
  private async write<T>(fn: (c: Client) => Promise<T>): Promise<T> {
    const c = await this.pool.connect();
    let broken = false;
    try {
      await c.query(this.begin);
      const result = await fn(c);
      await c.query('COMMIT');
      return result;
    } catch (e) {
      await c.query('ROLLBACK').catch(() => (broken = true));
      throw e;
    } finally {
      c.release(broken);
    }
  }

  async addQueries(queries: NewQuery[]): Promise<void> {
    const checked = queries.map((q) => ({ ...q, json: rules.checkNewQuery(q), createdAt: this.clock() }));
    await this.write((c) => this.insertQueries(c, checked));
  }

  /** Looks up every id in one query and inserts the new ones in one statement (arrays through unnest). */
  private async insertQueries(c: Client, queries: (NewQuery & { json: string; createdAt: number })[]): Promise<number> {
    if (queries.length === 0) return 0;
    const known = new Map<string, { kind: string; payload: string }>();
    for (const r of (await c.query(`SELECT id, kind, payload FROM ${this.t.queries} WHERE id = ANY($1::text[])`, [queries.map((q) => q.id)])).rows) known.set(r.id, r);
    const fresh: typeof queries = [];
    for (const q of queries) {
      const existing = known.get(q.id);
      if (existing) {
        if (existing.payload !== q.json || existing.kind !== q.kind) throw rules.conflictingQuery(q.id);
        continue;
      }
      known.set(q.id, { kind: q.kind, payload: q.json });
      fresh.push(q);
    }
    if (fresh.length === 0) return 0;
    const next = Number((await c.query(`SELECT COALESCE(MAX(qseq), 0) + 1 AS n FROM ${this.t.queries}`)).rows[0].n);
    await c.query(
      `INSERT INTO ${this.t.queries} (qseq, id, kind, payload, created_at) SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::bigint[])`,
      [fresh.map((_, i) => next + i), fresh.map((q) => q.id), fresh.map((q) => q.kind), fresh.map((q) => q.json), fresh.map((q) => q.createdAt)],
    );
    return fresh.length;
  }

  async query(id: string): Promise<QueryRecord | undefined> {
    const row = (await this.pool.query(`SELECT * FROM ${this.t.queries} WHERE id = $1`, [id])).rows[0] as QueryRow | undefined;
    return row && toQuery(row);
  }

  async queries(opts: { kind?: FeedbackKind } = {}): Promise<QueryRecord[]> {
    const r = opts.kind ? await this.pool.query(`SELECT * FROM ${this.t.queries} WHERE kind = $1 ORDER BY qseq`, [opts.kind]) : await this.pool.query(`SELECT * FROM ${this.t.queries} ORDER BY qseq`);
    return r.rows.map(toQuery);
  }

  async queryIds(opts: { kind?: FeedbackKind } = {}): Promise<string[]> {
    const r = opts.kind ? await this.pool.query(`SELECT id FROM ${this.t.queries} WHERE kind = $1 ORDER BY qseq`, [opts.kind]) : await this.pool.query(`SELECT id FROM ${this.t.queries} ORDER BY qseq`);
    return r.rows.map((row: { id: string }) => row.id);
  }

  async payloadText(id: string): Promise<string | undefined> {
    return ((await this.pool.query(`SELECT payload FROM ${this.t.queries} WHERE id = $1`, [id])).rows[0] as { payload: string } | undefined)?.payload;
  }

  async addFeedback(input: NewFeedback, opts?: AddFeedbackOptions): Promise<FeedbackRecord> {
    const max = rules.answerLimit(opts);
    return this.write((c) => this.append(c, input, max, this.clock()));
  }

  /** One answer inside the caller's locked transaction: the checks and the next seq in one round trip, then the insert. */
  private async append(c: Client, input: NewFeedback, max: number, createdAt: number): Promise<FeedbackRecord> {
    const { t, live } = this;
    const row = (await c.query(`SELECT q.kind,
        EXISTS (SELECT 1 FROM ${t.feedback} f WHERE f.query_id = $1 AND f.labeler = $2 AND ${live}) AS dup,
        (SELECT COUNT(*) FROM ${t.feedback} f WHERE f.query_id = $1 AND ${live}) AS n,
        (SELECT COALESCE(MAX(seq), 0) + 1 FROM ${t.feedback}) AS next
      FROM ${t.queries} q WHERE q.id = $1`, [input.queryId, String(input.labeler)])).rows[0] as { kind: FeedbackKind; dup: boolean; n: string; next: string } | undefined;
    if (!row) throw rules.unknownQuery(input.queryId);
    const answer = rules.checkNewFeedback(input, row.kind);
    if (row.dup) throw new DuplicateAnswerError(rules.duplicateAnswer(input.labeler, input.queryId));
    if (Number(row.n) >= max) throw new AnswerLimitError(rules.tooManyAnswers(input.queryId, Number(row.n), max));
    const base = { seq: Number(row.next), queryId: input.queryId, kind: row.kind, labeler: input.labeler, answer: input.answer, createdAt };
    const checksum = recordChecksum(base);
    await c.query(`INSERT INTO ${t.feedback} (seq, query_id, kind, labeler, answer, created_at, checksum) VALUES ($1, $2, $3, $4, $5, $6, $7)`, [base.seq, input.queryId, row.kind, input.labeler, answer, createdAt, checksum]);
    return { ...base, checksum };
  }

  /** Refusals (validation, duplicate, limit) are thrown before any SQL fails, so they fill their slot and the rest commit together. */
  async addFeedbackBatch(inputs: NewFeedback[], opts?: AddFeedbackOptions): Promise<(FeedbackRecord | Error)[]> {
    const max = rules.answerLimit(opts);
    return this.write(async (c) => {
      const out: (FeedbackRecord | Error)[] = [];
      for (const input of inputs) {
        try {
          out.push(await this.append(c, input, max, this.clock()));
        } catch (e) {
          if (!(e instanceof DataFormatError || e instanceof DuplicateAnswerError || e instanceof AnswerLimitError)) throw e;
          out.push(e);
        }
      }
      return out;
    });
  }

  async feedback(opts: FeedbackQuery = {}): Promise<FeedbackRecord[]> {
    const args: unknown[] = [rules.checkSeq('sinceSeq', opts.sinceSeq ?? 0), rules.checkSeq('uptoSeq', opts.uptoSeq ?? Number.MAX_SAFE_INTEGER)];
    const where = ['f.seq > $1', 'f.seq <= $2'];
    if (opts.kind) where.push(`f.kind = $${args.push(opts.kind)}`);
    if (!opts.withRetracted) where.push(this.live);
    return (await this.pool.query(`SELECT * FROM ${this.t.feedback} f WHERE ${where.join(' AND ')} ORDER BY f.seq`, args)).rows.map(toRecord);
  }

  async retractions(opts: { sinceSeq?: number } = {}): Promise<RetractionRecord[]> {
    const r = await this.pool.query(`SELECT * FROM ${this.t.retractions} WHERE seq > $1 ORDER BY seq`, [rules.checkSeq('sinceSeq', opts.sinceSeq ?? 0)]);
    return r.rows.map((x) => ({ seq: Number(x.seq), feedbackSeq: Number(x.feedback_seq), labeler: x.labeler, createdAt: Number(x.created_at) }));
  }

  async retractLast(labeler: string, opts: { allowConsumed?: boolean } = {}): Promise<FeedbackRecord | null> {
    return this.write(async (c) => {
      const row = (await c.query(`SELECT * FROM ${this.t.feedback} f WHERE f.labeler = $1 AND ${this.live} ORDER BY f.seq DESC LIMIT 1`, [labeler])).rows[0] as FeedbackRow | undefined;
      if (!row || (!opts.allowConsumed && Number(row.seq) <= (await this.consumed(c)))) return null;
      await c.query(`INSERT INTO ${this.t.retractions} (seq, feedback_seq, labeler, created_at) SELECT COALESCE(MAX(seq), 0) + 1, $1, $2, $3 FROM ${this.t.retractions}`, [row.seq, labeler, this.clock()]);
      return toRecord(row);
    });
  }

  /**
   * One pass over the unretracted answers finds the queries that are full (or answered by
   * `labeler`); PostgreSQL keeps them in a hashed subplan that each query row probes, so the
   * cost is linear whatever the table statistics say (a LEFT JOIN with LIMIT was planned as a
   * nested loop over fresh tables: 3 s at 5,000 queries). The hash must fit in hash_mem
   * (default 8 MB, roughly 100,000 full queries).
   */
  async pendingQueries(opts: { redundancy?: number; labeler?: string; limit?: number } = {}): Promise<QueryRecord[]> {
    const { redundancy, limit } = rules.checkPendingOptions(opts);
    const args: unknown[] = [redundancy, opts.labeler ?? null];
    const lim = limit >= 0 ? `LIMIT $${args.push(limit)}` : '';
    const sql = `SELECT q.* FROM ${this.t.queries} q WHERE q.id NOT IN (
        SELECT f.query_id FROM ${this.t.feedback} f WHERE ${this.live} GROUP BY f.query_id HAVING COUNT(*) >= $1 OR BOOL_OR(f.labeler = $2)
      ) ORDER BY q.qseq ${lim}`;
    return (await this.pool.query(sql, args)).rows.map(toQuery);
  }

  async agreement(): Promise<{ queries: number; agreeing: number; rate: number | null }> {
    const r = (await this.pool.query(`SELECT COUNT(*) AS queries, COALESCE(SUM(agree), 0) AS agreeing FROM (
      SELECT CASE WHEN COUNT(DISTINCT f.answer) = 1 THEN 1 ELSE 0 END AS agree FROM ${this.t.feedback} f WHERE ${this.live} GROUP BY f.query_id HAVING COUNT(*) >= 2) a`)).rows[0];
    const queries = Number(r.queries);
    const agreeing = Number(r.agreeing);
    return { queries, agreeing, rate: queries ? agreeing / queries : null };
  }

  private async consumed(c: Client | pg.Pool): Promise<number> {
    const row = (await c.query(`SELECT value FROM ${this.t.meta} WHERE key = 'consumed_seq'`)).rows[0];
    return row ? Number(row.value) : 0;
  }

  private async raiseConsumed(c: Client, seq: number): Promise<void> {
    if (seq > (await this.consumed(c))) await c.query(`INSERT INTO ${this.t.meta} (key, value) VALUES ('consumed_seq', $1) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`, [String(seq)]);
  }

  async markConsumed(seq: number): Promise<void> {
    rules.checkSeq('seq', seq);
    await this.write((c) => this.raiseConsumed(c, seq));
  }

  async consumedSeq(): Promise<number> {
    return this.consumed(this.pool);
  }

  async recordFold(fold: { round: number; feedbackUpto: number; retractionUpto: number }): Promise<FoldRecord> {
    rules.checkFold(fold);
    return this.write(async (c) => {
      const createdAt = this.clock();
      const r = await c.query(`INSERT INTO ${this.t.folds} (seq, round, feedback_upto, retraction_upto, created_at) SELECT COALESCE(MAX(seq), 0) + 1, $1, $2, $3, $4 FROM ${this.t.folds} RETURNING seq`, [fold.round, fold.feedbackUpto, fold.retractionUpto, createdAt]);
      await this.raiseConsumed(c, fold.feedbackUpto);
      return { seq: Number(r.rows[0].seq), round: fold.round, feedbackUpto: fold.feedbackUpto, retractionUpto: fold.retractionUpto, createdAt };
    });
  }

  async folds(): Promise<FoldRecord[]> {
    const r = await this.pool.query(`SELECT * FROM ${this.t.folds} ORDER BY seq`);
    return r.rows.map((x) => ({ seq: Number(x.seq), round: Number(x.round), feedbackUpto: Number(x.feedback_upto), retractionUpto: Number(x.retraction_upto), createdAt: Number(x.created_at) }));
  }

  async importRecords(queries: QueryRecord[], feedback: FeedbackRecord[]): Promise<{ queries: number; feedback: number; skipped: number }> {
    const checked = queries.map((q) => ({ id: q.id, kind: q.kind, payload: q.payload, json: rules.checkNewQuery(q), createdAt: q.createdAt }));
    return this.write(async (c) => {
      const added = await this.insertQueries(c, checked);
      let imported = 0;
      let skipped = 0;
      for (const f of feedback) {
        const existing = (await c.query(`SELECT f.answer FROM ${this.t.feedback} f WHERE f.query_id = $1 AND f.labeler = $2 AND ${this.live} LIMIT 1`, [f.queryId, f.labeler])).rows[0] as { answer: string } | undefined;
        if (existing) {
          const got = JSON.stringify(f.answer);
          if (existing.answer !== got) throw new DuplicateAnswerError(rules.importConflict(f.labeler, f.queryId, existing.answer, got));
          skipped++;
          continue;
        }
        await this.append(c, f, Infinity, f.createdAt);
        imported++;
      }
      return { queries: added, feedback: imported, skipped };
    });
  }

  /** Row counts (retracted answers included): seqs are gapless in append-only tables, so MAX is the count (an index lookup). */
  async count(): Promise<{ queries: number; feedback: number }> {
    const r = (await this.pool.query(`SELECT (SELECT COALESCE(MAX(qseq), 0) FROM ${this.t.queries}) AS q, (SELECT COALESCE(MAX(seq), 0) FROM ${this.t.feedback}) AS f`)).rows[0];
    return { queries: Number(r.q), feedback: Number(r.f) };
  }

  async verify(): Promise<{ ok: boolean; bad: number[] }> {
    const bad = (await this.feedback({ withRetracted: true })).filter((r) => recordChecksum(r) !== r.checksum).map((r) => r.seq);
    return { ok: bad.length === 0, bad };
  }

  async close(): Promise<void> {
    if (!this.pool.ended) await this.pool.end();
  }
}

function toQuery(r: QueryRow): QueryRecord {
  return { id: r.id, kind: r.kind, payload: JSON.parse(r.payload), createdAt: Number(r.created_at) };
}

function toRecord(r: FeedbackRow): FeedbackRecord {
  return { seq: Number(r.seq), queryId: r.query_id, kind: r.kind as FeedbackKind, labeler: r.labeler, answer: JSON.parse(r.answer), createdAt: Number(r.created_at), checksum: r.checksum };
}
