/**
 * Concurrency case of the FeedbackStore conformance suite: two store instances (two
 * connections) × 16 concurrent writers each, every writer a labeler walking the queries in its
 * own order with maxAnswers 2. Afterwards every acknowledged answer is stored exactly once, no
 * query holds more than 2, refusals are only the contract's errors, and seq is 1..N in order.
 */
import { expect, it } from 'vitest';
import { AnswerLimitError, DuplicateAnswerError, type FeedbackStore } from '../../src/feedback/feedback-store.js';
import type { FeedbackRecord } from '../../src/feedback/records.js';

const QUERIES = 24;
const WRITERS = 16;
const MAX = 2;

export function runStoreConcurrency(fresh: () => Promise<FeedbackStore>, again: (s: FeedbackStore) => Promise<FeedbackStore>): void {
  it(`2 instances × ${WRITERS} concurrent writers: every acknowledged answer stored once, none over maxAnswers`, async () => {
    const a = await fresh();
    await a.addQueries(Array.from({ length: QUERIES }, (_, i) => ({ id: `c${i}`, kind: 'preference' as const, payload: { i } })));
    const b = await again(a);
    const acks: FeedbackRecord[] = [];
    const refusals: Error[] = [];
    const writer = async (store: FeedbackStore, w: number) => {
      for (let k = 0; k < QUERIES; k++) {
        const q = (k * 5 + w * 7) % QUERIES; // 5 is coprime with 24: each writer visits every query once
        try {
          acks.push(await store.addFeedback({ queryId: `c${q}`, labeler: `w${w}`, answer: k % 2 ? 'left' : 'right' }, { maxAnswers: MAX }));
        } catch (e) {
          refusals.push(e as Error);
        }
      }
    };
    // a labeler (w) writes through both instances, so the duplicate check is exercised across connections too
    await Promise.all(Array.from({ length: WRITERS * 2 }, (_, i) => writer(i < WRITERS ? a : b, i % WRITERS)));
    expect(refusals.filter((e) => !(e instanceof AnswerLimitError || e instanceof DuplicateAnswerError))).toEqual([]);
    expect(acks).toHaveLength(QUERIES * MAX); // every query filled exactly to its limit
    const stored = await a.feedback();
    expect(stored.map((r) => r.seq)).toEqual(Array.from({ length: stored.length }, (_, i) => i + 1));
    expect([...acks].sort((x, y) => x.seq - y.seq)).toEqual(stored);
    const perQuery = new Map<string, Set<string>>();
    for (const r of stored) perQuery.set(r.queryId, (perQuery.get(r.queryId) ?? new Set()).add(r.labeler));
    for (const [, labelers] of perQuery) expect(labelers.size).toBe(MAX);
    expect(await b.count()).toEqual({ queries: QUERIES, feedback: QUERIES * MAX });
    expect(await b.verify()).toEqual({ ok: true, bad: [] });
  });
}
