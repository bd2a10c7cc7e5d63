/**
 * The FeedbackStore conformance suite: every implementation runs these same cases through a
 * tiny test file (stores.test.ts). `open` returns a fresh, empty store in its own namespace;
 * a second instance of the same store (a second connection) is opened with
 * `openFeedbackStore(store.location)`, so `location` must name the store completely.
 * `raw` runs SQL on the store's tables over its own connection, bypassing the store; `{feedback}`,
 * `{queries}`, `{retractions}`, `{folds}` in the SQL stand for the table names.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AnswerLimitError, DuplicateAnswerError, type FeedbackStore } from '../../src/feedback/feedback-store.js';
import { openFeedbackStore } from '../../src/feedback/open-store.js';
import { recordChecksum, type FeedbackRecord } from '../../src/feedback/records.js';
import { runStoreConcurrency } from './store-concurrency.case.js';

export interface StoreConformanceOptions {
  raw(store: FeedbackStore, sql: string): Promise<void>;
}

const prefs = (n: number, from = 0) => Array.from({ length: n }, (_, i) => ({ id: `q${from + i}`, kind: 'preference' as const, payload: { i: from + i, nested: { a: [1, 2] } } }));

export function runStoreConformance(name: string, open: () => Promise<FeedbackStore>, options: StoreConformanceOptions): void {
  describe(`FeedbackStore conformance: ${name}`, () => {
    const opened: FeedbackStore[] = [];
    const fresh = async () => {
      const s = await open();
      opened.push(s);
      return s;
    };
    const again = async (s: FeedbackStore) => {
      const t = await openFeedbackStore(s.location);
      opened.push(t);
      return t;
    };
    afterEach(async () => {
      for (const s of opened.splice(0)) await s.close();
    });

    it('keeps queries, answers, retractions and folds across close and reopen; seq grows strictly from 1', async () => {
      const s = await fresh();
      await s.addQueries([...prefs(3), { id: 'r', kind: 'rating', payload: { b: 'x' } }]);
      const recs = [];
      for (const [q, labeler, answer] of [['q0', 'ann', 'left'], ['q1', 'ann', 'right'], ['r', 'bob', 4.5], ['q0', 'bob', 'equal']] as const) recs.push(await s.addFeedback({ queryId: q, labeler, answer }));
      expect(recs.map((r) => r.seq)).toEqual([1, 2, 3, 4]);
      await s.retractLast('ann');
      await s.recordFold({ round: 0, feedbackUpto: 3, retractionUpto: 1 });
      const before = { queries: await s.queries(), feedback: await s.feedback({ withRetracted: true }), retractions: await s.retractions(), folds: await s.folds(), count: await s.count() };
      await s.close();
      const t = await again(s);
      expect({ queries: await t.queries(), feedback: await t.feedback({ withRetracted: true }), retractions: await t.retractions(), folds: await t.folds(), count: await t.count() }).toEqual(before);
      expect(before.queries.map((q) => q.id)).toEqual(['q0', 'q1', 'q2', 'r']);
      expect(await t.query('q1')).toMatchObject({ id: 'q1', kind: 'preference', payload: { i: 1, nested: { a: [1, 2] } } });
      expect(await t.query('nope')).toBeUndefined();
      expect(before.count).toEqual({ queries: 4, feedback: 4 });
      expect((await t.feedback()).map((r) => r.seq)).toEqual([1, 3, 4]);
      expect(await t.consumedSeq()).toBe(3);
      expect((await t.addFeedback({ queryId: 'q2', labeler: 'ann', answer: 'skip' })).seq).toBe(5);
    });

    it('query payloads are idempotent; a different payload, kind or a bad query is refused and nothing of that batch is stored', async () => {
      const s = await fresh();
      await s.addQueries(prefs(2));
      await s.addQueries([...prefs(2), ...prefs(2)]);
      await expect(s.addQueries([{ id: 'n', kind: 'preference', payload: 1 }, { id: 'n', kind: 'preference', payload: 2 }])).rejects.toThrow(/query "n" already exists with a different payload/);
      await expect(s.addQueries([...prefs(1, 5), { id: 'q1', kind: 'preference', payload: { i: 99 } }])).rejects.toThrow(/query "q1" already exists with a different payload/);
      await expect(s.addQueries([{ id: 'q0', kind: 'rating', payload: { i: 0, nested: { a: [1, 2] } } }])).rejects.toThrow(/different payload/);
      await expect(s.addQueries([{ id: '', kind: 'preference', payload: {} }])).rejects.toThrow(/query id = "" must be a non-empty string/);
      await expect(s.addQueries([{ id: 'k', kind: 'bogus' as never, payload: {} }])).rejects.toThrow(/kind = "bogus" must be one of/);
      expect((await s.queries()).map((q) => q.id)).toEqual(['q0', 'q1']);
      expect(await s.count()).toEqual({ queries: 2, feedback: 0 });
    });

    it('lists query ids in the order added and serves a payload as its JSON text', async () => {
      const s = await fresh();
      await s.addQueries([{ id: 'z', kind: 'preference', payload: { a: [1, 'x'] } }, { id: 'a', kind: 'rating', payload: { b: null } }, { id: 'm', kind: 'preference', payload: 3 }]);
      expect(await s.queryIds()).toEqual(['z', 'a', 'm']);
      expect(await s.queryIds({ kind: 'preference' })).toEqual(['z', 'm']);
      for (const q of await s.queries()) expect(JSON.parse((await s.payloadText(q.id))!)).toEqual(q.payload);
      expect(await s.payloadText('nope')).toBeUndefined();
    });

    it('refuses unknown queries, invalid answers and a second answer by the same labeler; a retraction allows a new one', async () => {
      const s = await fresh();
      await s.addQueries([...prefs(1), { id: 'r', kind: 'rating', payload: {} }]);
      await expect(s.addFeedback({ queryId: 'nope', labeler: 'a', answer: 'left' })).rejects.toThrow(/queryId = "nope" is not a known query/);
      await expect(s.addFeedback({ queryId: 'q0', labeler: 'a', answer: 'up' })).rejects.toThrow(/answer = "up" is not a preference answer/);
      await expect(s.addFeedback({ queryId: 'r', labeler: 'a', answer: 'left' })).rejects.toThrow(/must be a finite number/);
      await expect(s.addFeedback({ queryId: 'q0', labeler: '', answer: 'left' })).rejects.toThrow(/labeler = "" must be a name/);
      await s.addFeedback({ queryId: 'q0', labeler: 'a', answer: 'left' });
      const dup = s.addFeedback({ queryId: 'q0', labeler: 'a', answer: 'right' });
      await expect(dup).rejects.toBeInstanceOf(DuplicateAnswerError);
      await expect(dup).rejects.toThrow(/labeler "a" already answered query "q0"/);
      expect((await s.retractLast('a'))?.answer).toBe('left');
      expect((await s.addFeedback({ queryId: 'q0', labeler: 'a', answer: 'right' })).seq).toBe(2);
      expect((await s.feedback()).map((r) => r.answer)).toEqual(['right']);
      expect(await s.count()).toEqual({ queries: 2, feedback: 2 });
    });

    it('is append-only: UPDATE and DELETE through a raw connection are refused and change nothing', async () => {
      const s = await fresh();
      await s.addQueries(prefs(2));
      await s.addFeedback({ queryId: 'q0', labeler: 'a', answer: 'left' });
      await s.addFeedback({ queryId: 'q1', labeler: 'a', answer: 'left' });
      await s.retractLast('a');
      await s.recordFold({ round: 1, feedbackUpto: 1, retractionUpto: 1 });
      const before = { q: await s.queries(), f: await s.feedback({ withRetracted: true }), r: await s.retractions(), folds: await s.folds() };
      for (const sql of [
        `UPDATE {feedback} SET answer = '"right"'`, 'DELETE FROM {feedback}', "UPDATE {queries} SET payload = '{}'", 'DELETE FROM {queries}',
        'UPDATE {retractions} SET labeler = \'x\'', 'DELETE FROM {retractions}', 'UPDATE {folds} SET round = 7', 'DELETE FROM {folds}',
      ]) await expect(options.raw(s, sql), sql).rejects.toThrow(/append-only/);
      expect({ q: await s.queries(), f: await s.feedback({ withRetracted: true }), r: await s.retractions(), folds: await s.folds() }).toEqual(before);
    });

    it('every answer carries the checksum of its fields: verify() passes, and an edited record no longer matches', async () => {
      const s = await fresh();
      await s.addQueries([...prefs(2), { id: 'd', kind: 'demonstration', payload: {} }]);
      await s.addFeedback({ queryId: 'q0', labeler: 'a', answer: 'left' });
      await s.addFeedback({ queryId: 'd', labeler: 'a', answer: { z: 1, a: [2, { y: 3, b: 4 }] } });
      await s.addFeedback({ queryId: 'q1', labeler: 'b', answer: 'cant-tell' });
      expect(await s.verify()).toEqual({ ok: true, bad: [] });
      const recs = await s.feedback();
      for (const r of recs) expect(r.checksum).toBe(recordChecksum(r));
      const edited: FeedbackRecord[] = [{ ...recs[0], answer: 'right' }, { ...recs[1], labeler: 'mallory' }, { ...recs[2], seq: 9 }, { ...recs[0], createdAt: recs[0].createdAt + 1 }];
      for (const e of edited) expect(recordChecksum(e)).not.toBe(e.checksum);
      expect((await s.feedback())[1].answer).toEqual({ z: 1, a: [2, { y: 3, b: 4 }] });
    });

    it('maxAnswers refuses an answer beyond the limit; retracted answers do not count; concurrent writers on two instances store exactly the limit', async () => {
      const s = await fresh();
      await s.addQueries(prefs(2));
      await s.addFeedback({ queryId: 'q0', labeler: 'a', answer: 'left' }, { maxAnswers: 2 });
      await s.addFeedback({ queryId: 'q0', labeler: 'b', answer: 'left' }, { maxAnswers: 2 });
      const over = s.addFeedback({ queryId: 'q0', labeler: 'c', answer: 'left' }, { maxAnswers: 2 });
      await expect(over).rejects.toBeInstanceOf(AnswerLimitError);
      await expect(over).rejects.toThrow(/query "q0" already has 2 answers \(maxAnswers = 2\)/);
      await expect(s.addFeedback({ queryId: 'q0', labeler: 'c', answer: 'left' }, { maxAnswers: 0 })).rejects.toThrow(/maxAnswers = 0: must be an integer ≥ 1/);
      await s.retractLast('b');
      await s.addFeedback({ queryId: 'q0', labeler: 'c', answer: 'right' }, { maxAnswers: 2 });
      const t = await again(s);
      const tries = Array.from({ length: 16 }, (_, i) => (i % 2 ? s : t).addFeedback({ queryId: 'q1', labeler: `w${i}`, answer: 'left' }, { maxAnswers: 2 }));
      const results = await Promise.allSettled(tries);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(2);
      expect(results.filter((r) => r.status === 'rejected').every((r) => (r as PromiseRejectedResult).reason instanceof AnswerLimitError)).toBe(true);
      expect((await t.feedback()).filter((r) => r.queryId === 'q1')).toHaveLength(2);
    });

    it('a batch commits its good answers together and returns the error of each refused one', async () => {
      const s = await fresh();
      await s.addQueries(prefs(2));
      const out = await s.addFeedbackBatch([
        { queryId: 'q0', labeler: 'a', answer: 'left' }, { queryId: 'q0', labeler: 'a', answer: 'right' }, { queryId: 'zz', labeler: 'a', answer: 'left' },
        { queryId: 'q0', labeler: 'b', answer: 'left' }, { queryId: 'q0', labeler: 'c', answer: 'left' }, { queryId: 'q1', labeler: 'a', answer: 'up' }, { queryId: 'q1', labeler: 'a', answer: 'equal' },
      ], { maxAnswers: 2 });
      expect(out.map((r) => (r instanceof Error ? r.name : r.seq))).toEqual([1, 'DuplicateAnswerError', 'DataFormatError', 2, 'AnswerLimitError', 'DataFormatError', 3]);
      expect((await s.feedback()).map((r) => [r.queryId, r.labeler])).toEqual([['q0', 'a'], ['q0', 'b'], ['q1', 'a']]);
    });

    it('retractLast undoes only answers not yet folded, unless allowConsumed; retractions are listed in seq order', async () => {
      const s = await fresh();
      await s.addQueries(prefs(4));
      for (let i = 0; i < 3; i++) await s.addFeedback({ queryId: `q${i}`, labeler: 'a', answer: 'left' });
      await s.addFeedback({ queryId: 'q3', labeler: 'b', answer: 'left' });
      expect(await s.retractLast('nobody')).toBeNull();
      expect((await s.retractLast('a'))?.seq).toBe(3);
      await s.markConsumed(2);
      await s.markConsumed(1); // lower: ignored
      expect(await s.consumedSeq()).toBe(2);
      expect(await s.retractLast('a')).toBeNull();
      expect((await s.retractLast('a', { allowConsumed: true }))?.seq).toBe(2);
      expect((await s.retractLast('b'))?.seq).toBe(4);
      const rs = await s.retractions();
      expect(rs.map((r) => [r.seq, r.feedbackSeq, r.labeler])).toEqual([[1, 3, 'a'], [2, 2, 'a'], [3, 4, 'b']]);
      expect((await s.retractions({ sinceSeq: 2 })).map((r) => r.feedbackSeq)).toEqual([4]);
      expect((await s.feedback()).map((r) => r.seq)).toEqual([1]);
      expect((await s.feedback({ withRetracted: true })).map((r) => r.seq)).toEqual([1, 2, 3, 4]);
      expect((await s.pendingQueries()).map((q) => q.id)).toEqual(['q1', 'q2', 'q3']);
    });

    it('folds round-trip in order and raise consumedSeq', async () => {
      const s = await fresh();
      const a = await s.recordFold({ round: 0, feedbackUpto: 0, retractionUpto: 0 });
      const b = await s.recordFold({ round: 1, feedbackUpto: 5, retractionUpto: 2 });
      expect([a.seq, b.seq]).toEqual([1, 2]);
      expect(await s.folds()).toEqual([a, b]);
      expect(b).toMatchObject({ round: 1, feedbackUpto: 5, retractionUpto: 2 });
      expect(await s.consumedSeq()).toBe(5);
      await expect(s.recordFold({ round: -1, feedbackUpto: 0, retractionUpto: 0 })).rejects.toThrow(/fold.round = -1: must be an integer ≥ 0/);
      expect(await s.folds()).toHaveLength(2);
    });

    it('importRecords is all or nothing, skips answers already present and keeps the exported createdAt', async () => {
      const src = await fresh();
      await src.addQueries(prefs(3));
      for (let i = 0; i < 3; i++) await src.addFeedback({ queryId: `q${i}`, labeler: 'a', answer: 'left' });
      const [queries, feedback] = [await src.queries(), await src.feedback()];
      const dst = await fresh();
      await dst.addQueries(prefs(1));
      await dst.addFeedback({ queryId: 'q0', labeler: 'a', answer: 'right' });
      await expect(dst.importRecords(queries, feedback)).rejects.toThrow(/import: labeler "a" already answered query "q0" differently/);
      expect(await dst.count()).toEqual({ queries: 1, feedback: 1 });
      await dst.retractLast('a');
      expect(await dst.importRecords(queries, feedback)).toEqual({ queries: 2, feedback: 3, skipped: 0 });
      expect(await dst.importRecords(queries, feedback)).toEqual({ queries: 0, feedback: 0, skipped: 3 });
      const got = await dst.feedback();
      expect(got.map((r) => [r.seq, r.queryId, r.answer, r.createdAt])).toEqual(feedback.map((r, i) => [i + 2, r.queryId, r.answer, r.createdAt]));
      expect(await dst.verify()).toEqual({ ok: true, bad: [] });
    });

    it('pendingQueries honours redundancy, labeler and limit, in insertion order; feedback() filters by seq range and kind', async () => {
      const s = await fresh();
      await s.addQueries([...prefs(4), { id: 'r', kind: 'rating', payload: {} }]);
      await s.addFeedback({ queryId: 'q0', labeler: 'a', answer: 'left' });
      await s.addFeedback({ queryId: 'q0', labeler: 'b', answer: 'left' });
      await s.addFeedback({ queryId: 'q1', labeler: 'a', answer: 'right' });
      await s.addFeedback({ queryId: 'r', labeler: 'b', answer: 2 });
      const ids = async (o?: Parameters<FeedbackStore['pendingQueries']>[0]) => (await s.pendingQueries(o)).map((q) => q.id);
      expect(await ids()).toEqual(['q2', 'q3']);
      expect(await ids({ redundancy: 2 })).toEqual(['q1', 'q2', 'q3', 'r']);
      expect(await ids({ redundancy: 2, labeler: 'a' })).toEqual(['q2', 'q3', 'r']);
      expect(await ids({ redundancy: 2, labeler: 'b' })).toEqual(['q1', 'q2', 'q3']);
      expect(await ids({ redundancy: 3, limit: 2 })).toEqual(['q0', 'q1']);
      await expect(s.pendingQueries({ redundancy: 0 })).rejects.toThrow(/redundancy = 0/);
      expect((await s.feedback({ sinceSeq: 1, uptoSeq: 3 })).map((r) => r.seq)).toEqual([2, 3]);
      expect((await s.feedback({ kind: 'rating' })).map((r) => r.answer)).toEqual([2]);
      expect(await s.agreement()).toEqual({ queries: 1, agreeing: 1, rate: 1 });
      await s.addFeedback({ queryId: 'q1', labeler: 'b', answer: 'left' });
      expect(await s.agreement()).toEqual({ queries: 2, agreeing: 1, rate: 0.5 });
    });

    it('an answer acknowledged before the writer is SIGKILLed is stored', async () => {
      const s = await fresh();
      const dir = mkdtempSync(join(tmpdir(), 'rl-conf-'));
      const script = join(dir, 'writer.mts');
      writeFileSync(script, `
        import { openFeedbackStore } from ${JSON.stringify(join(import.meta.dirname, '../../src/feedback/open-store.ts'))};
        const s = await openFeedbackStore(${JSON.stringify(s.location)});
        await s.addQueries(Array.from({ length: 40 }, (_, i) => ({ id: 'k' + i, kind: 'preference', payload: { i } })));
        for (let i = 0; i < 40; i++) { await s.addFeedback({ queryId: 'k' + i, labeler: 'x', answer: 'left' }); process.stdout.write('ack ' + i + '\\n'); }
        process.kill(process.pid, 'SIGKILL');
      `);
      const r = spawnSync(process.execPath, ['--import', 'tsx', script], { encoding: 'utf8', timeout: 90_000 });
      expect(r.signal, r.stderr).toBe('SIGKILL');
      const acked = r.stdout.split('\n').filter((l) => l.startsWith('ack ')).map((l) => `k${l.slice(4)}`);
      expect(acked).toHaveLength(40);
      const stored = (await s.feedback()).map((f) => f.queryId);
      for (const id of acked) expect(stored).toContain(id);
      expect(await s.verify()).toEqual({ ok: true, bad: [] });
    });

    runStoreConcurrency(fresh, again);
  });
}
