/**
 * The server's in-memory view of the queue, rebuilt from the store at start and updated on
 * every write, so claim, answer and status never re-read stored queries: per query the
 * labelers who answered it (with their answer), live claims and answers being written; the
 * queries that still have a free slot, in queue order; per labeler their claims and counts;
 * agreement counters. Every operation is O(1) in the number of stored queries, except that a
 * claim skips the free queries this labeler already answered (only possible with redundancy > 1).
 *
 * A query's slots: `redundancy` minus (answers + live claims + answers being written). A query
 * is free (offered to claimers) while it has a slot. Claims expire after `leaseMs`; because
 * the lease is constant, expiries come in claim order and a FIFO finds them in O(1).
 */

/** What a query asks; the index keeps it so an answer is checked against it without reading the store. */
export type QueryKind = 'preference' | 'rating' | 'demonstration' | 'goal' | 'correction';

interface QueryState {
  kind: QueryKind;
  answers: Map<string, string>;
  claims: Map<string, number>;
  writing: Set<string>;
}

export interface IndexOptions {
  redundancy: number;
  leaseMs: number;
}

export class QueryIndex {
  private readonly queries = new Map<string, QueryState>();
  /** Queries with a free slot, oldest first (a query coming back goes to the back). */
  private readonly free = new Set<string>();
  /** labeler → queryId → lease expiry. */
  private readonly claimsBy = new Map<string, Map<string, number>>();
  /** Expiry FIFO: [until, queryId, labeler]; stale entries (claim gone or renewed) are skipped. */
  private readonly expiries: [number, string, string][] = [];
  private expiryHead = 0;
  /** labeler → queries they skipped ("ask me later"): offered again only when nothing else is free. */
  private readonly skipped = new Map<string, Set<string>>();
  private readonly answeredBy = new Map<string, number>();
  private unfilled = 0;
  private answerCount = 0;
  private multi = 0;
  private agreeing = 0;

  constructor(private readonly o: IndexOptions) {}

  get size(): number {
    return this.queries.size;
  }

  has(queryId: string): boolean {
    return this.queries.has(queryId);
  }

  /** The query's kind (undefined when unknown). */
  kindOf(queryId: string): QueryKind | undefined {
    return this.queries.get(queryId)?.kind;
  }

  /** Register a query (idempotent; a `kind` given later corrects the default); `answers` are its stored unretracted answers. */
  addQuery(id: string, answers: { labeler: string; answer: unknown }[] = [], kind?: QueryKind): void {
    const known = this.queries.get(id);
    if (known) {
      if (kind) known.kind = kind;
      return;
    }
    const q: QueryState = { kind: kind ?? 'preference', answers: new Map(), claims: new Map(), writing: new Set() };
    this.queries.set(id, q);
    this.unfilled++;
    this.free.add(id);
    for (const a of answers) this.recordAnswer(id, a.labeler, a.answer);
  }

  /** A stored answer (at rebuild, or after a write committed). */
  recordAnswer(queryId: string, labeler: string, answer: unknown): void {
    const q = this.queries.get(queryId);
    if (!q) return;
    this.agreementOut(q);
    const wasFull = q.answers.size >= this.o.redundancy;
    q.answers.set(labeler, JSON.stringify(answer));
    q.writing.delete(labeler);
    this.dropClaim(q, queryId, labeler);
    this.answerCount++;
    this.answeredBy.set(labeler, (this.answeredBy.get(labeler) ?? 0) + 1);
    if (!wasFull && q.answers.size >= this.o.redundancy) this.unfilled--;
    this.agreementIn(q);
    this.refresh(queryId, q);
  }

  /** A retracted answer: the query has a slot again. */
  recordRetraction(queryId: string, labeler: string): void {
    const q = this.queries.get(queryId);
    if (!q || !q.answers.has(labeler)) return;
    this.agreementOut(q);
    const wasFull = q.answers.size >= this.o.redundancy;
    q.answers.delete(labeler);
    this.answerCount--;
    this.answeredBy.set(labeler, (this.answeredBy.get(labeler) ?? 1) - 1);
    if (wasFull && q.answers.size < this.o.redundancy) this.unfilled++;
    this.agreementIn(q);
    this.refresh(queryId, q);
  }

  /**
   * Hand `labeler` a query: the one they already hold (a reload sees the same pair), else the
   * oldest free one they have not answered (ones they skipped last). Null when none.
   */
  claim(labeler: string, now: number): string | null {
    this.expire(now);
    const mine = this.claimsBy.get(labeler);
    if (mine) for (const id of mine.keys()) return this.hold(id, labeler, now);
    const skipped = this.skipped.get(labeler);
    let fallback: string | null = null;
    for (const id of this.free) {
      const q = this.queries.get(id)!;
      if (q.answers.has(labeler) || q.writing.has(labeler)) continue;
      if (skipped?.has(id)) {
        fallback ??= id;
        continue;
      }
      return this.hold(id, labeler, now);
    }
    if (fallback === null) return null;
    skipped!.clear();
    return this.hold(fallback, labeler, now);
  }

  /** Re-offer a query to `labeler` (after their undo), even if it is not the oldest. */
  hold(queryId: string, labeler: string, now: number): string {
    const q = this.queries.get(queryId)!;
    const until = now + this.o.leaseMs;
    q.claims.set(labeler, until);
    this.lapsedClaims.get(labeler)?.delete(queryId);
    if (!this.claimsBy.has(labeler)) this.claimsBy.set(labeler, new Map());
    this.claimsBy.get(labeler)!.set(queryId, until);
    this.expiries.push([until, queryId, labeler]);
    this.refresh(queryId, q);
    return queryId;
  }

  /**
   * Reserve the slot an answer will fill, before it is written. Null when granted; else why not
   * (the query is full, or this labeler holds no claim and no slot is free).
   */
  reserve(queryId: string, labeler: string, now: number): 'unknown' | 'answered' | 'full' | 'not-claimed' | null {
    this.expire(now);
    const q = this.queries.get(queryId);
    if (!q) return 'unknown';
    if (q.answers.has(labeler) || q.writing.has(labeler)) {
      this.dropClaim(q, queryId, labeler);
      return 'answered';
    }
    if (q.answers.size + q.writing.size >= this.o.redundancy) {
      this.dropClaim(q, queryId, labeler); // filled meanwhile (through another server): offer something else next
      return 'full';
    }
    if (q.claims.has(labeler)) this.dropClaim(q, queryId, labeler);
    else {
      // a lapsed claim may still answer while a slot is free; a query never claimed may not
      const lapsed = this.lapsedClaims.get(labeler);
      if (!lapsed?.has(queryId)) return 'not-claimed';
      if (this.slots(q) <= 0) return 'full';
      lapsed.delete(queryId);
    }
    q.writing.add(labeler);
    this.refresh(queryId, q);
    return null;
  }

  /** True when `labeler`'s answer to the query is known here. */
  hasAnswer(queryId: string, labeler: string): boolean {
    return this.queries.get(queryId)?.answers.has(labeler) ?? false;
  }

  /**
   * The store refused the write because of answers this index never saw (another server wrote
   * them): give the slot back WITHOUT the claim, so the next claim offers something else.
   */
  abandon(queryId: string, labeler: string): void {
    const q = this.queries.get(queryId);
    if (!q || !q.writing.delete(labeler)) return;
    this.refresh(queryId, q);
  }

  /** The write failed: give the slot back (the claim too, so the labeler can retry). */
  release(queryId: string, labeler: string, now: number): void {
    const q = this.queries.get(queryId);
    if (!q || !q.writing.delete(labeler)) return;
    this.hold(queryId, labeler, now);
  }

  /** "Ask me later": drop the claim and move the query to the back of the queue. */
  skip(queryId: string, labeler: string): boolean {
    const q = this.queries.get(queryId);
    if (!q || !q.claims.has(labeler)) return false;
    this.dropClaim(q, queryId, labeler);
    this.free.delete(queryId);
    this.refresh(queryId, q);
    if (!this.skipped.has(labeler)) this.skipped.set(labeler, new Set());
    this.skipped.get(labeler)!.add(queryId);
    return true;
  }

  /** Queries with fewer answers than asked for. */
  get pending(): number {
    return this.unfilled;
  }

  get answered(): number {
    return this.answerCount;
  }

  byLabeler(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [l, n] of this.answeredBy) if (n > 0) out[l] = n;
    return out;
  }

  agreement(): { queries: number; agreeing: number; rate: number | null } {
    return { queries: this.multi, agreeing: this.agreeing, rate: this.multi ? this.agreeing / this.multi : null };
  }

  answersOf(queryId: string): number {
    return this.queries.get(queryId)?.answers.size ?? 0;
  }

  // — internals —

  /** labeler → queries whose claim expired: they may still answer while a slot is free. */
  private readonly lapsedClaims = new Map<string, Set<string>>();

  private slots(q: QueryState): number {
    return this.o.redundancy - q.answers.size - q.claims.size - q.writing.size;
  }

  private refresh(id: string, q: QueryState): void {
    if (this.slots(q) > 0) this.free.add(id);
    else this.free.delete(id);
  }

  private dropClaim(q: QueryState, id: string, labeler: string): void {
    if (!q.claims.delete(labeler)) return;
    const mine = this.claimsBy.get(labeler);
    mine?.delete(id);
    if (mine && mine.size === 0) this.claimsBy.delete(labeler);
    this.refresh(id, q);
  }

  private expire(now: number): void {
    while (this.expiryHead < this.expiries.length && this.expiries[this.expiryHead][0] <= now) {
      const [until, id, labeler] = this.expiries[this.expiryHead++];
      const q = this.queries.get(id)!;
      if (q.claims.get(labeler) !== until) continue; // renewed or already gone
      this.dropClaim(q, id, labeler);
      if (!this.lapsedClaims.has(labeler)) this.lapsedClaims.set(labeler, new Set());
      this.lapsedClaims.get(labeler)!.add(id);
    }
    if (this.expiryHead > 1024 && this.expiryHead * 2 > this.expiries.length) {
      this.expiries.splice(0, this.expiryHead);
      this.expiryHead = 0;
    }
  }

  private agreementOut(q: QueryState): void {
    if (q.answers.size < 2) return;
    this.multi--;
    if (allSame(q.answers)) this.agreeing--;
  }

  private agreementIn(q: QueryState): void {
    if (q.answers.size < 2) return;
    this.multi++;
    if (allSame(q.answers)) this.agreeing++;
  }
}

function allSame(answers: Map<string, string>): boolean {
  let first: string | undefined;
  for (const a of answers.values()) {
    if (first === undefined) first = a;
    else if (a !== first) return false;
  }
  return true;
}
