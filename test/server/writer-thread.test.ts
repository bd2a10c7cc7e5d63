/**
 * The SQLite writer thread: the same refusals as the store, rows visible to the main
 * connection when the promise resolves, and commits do not stall the thread that serves the
 * page (a 1 ms timer keeps ticking while 400 commits are written one after another).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SqliteFeedbackStore } from '../../src/feedback/sqlite-store.js';
import { SqliteWriterThread, batchWriterFor } from '../../src/feedback/sqlite-writer.js';
import { createFeedbackApp } from '../../src/server/app.js';
import { labelerClient } from './fixtures.js';

const fresh = async () => {
  const path = join(mkdtempSync(join(tmpdir(), 'writer-')), 'f.sqlite');
  const store = await SqliteFeedbackStore.open(path);
  await store.addQueries(Array.from({ length: 3 }, (_, i) => ({ id: `q${i}`, kind: 'preference' as const, payload: { i } })));
  return { path, store };
};

describe('SqliteWriterThread', () => {
  it('commits batches on its own connection with the store rules, and refusals keep their error class', async () => {
    const { store } = await fresh();
    const writer = batchWriterFor(store);
    expect(writer).toBeInstanceOf(SqliteWriterThread);
    const out = await writer.addFeedbackBatch([
      { queryId: 'q0', labeler: 'ann', answer: 'left' },
      { queryId: 'q0', labeler: 'bob', answer: 'right' }, // over maxAnswers 1
      { queryId: 'nope', labeler: 'ann', answer: 'left' },
      { queryId: 'q1', labeler: 'ann', answer: 'sideways' },
      { queryId: 'q1', labeler: 'ann', answer: 'equal' },
    ], { maxAnswers: 1 });
    expect(out.map((r) => (r instanceof Error ? r.name : r.seq))).toEqual([1, 'AnswerLimitError', 'DataFormatError', 'DataFormatError', 2]);
    expect((out[2] as Error).message).toMatch(/queryId = "nope" is not a known query/);
    const again = await writer.addFeedbackBatch([{ queryId: 'q0', labeler: 'ann', answer: 'left' }]);
    expect((again[0] as Error).name).toBe('DuplicateAnswerError');
    expect((await store.feedback()).map((f) => [f.queryId, f.labeler, f.answer])).toEqual([['q0', 'ann', 'left'], ['q1', 'ann', 'equal']]);
    await writer.close();
    await expect(writer.addFeedbackBatch([{ queryId: 'q2', labeler: 'ann', answer: 'left' }])).rejects.toThrow(/is closed/);
    expect((await store.count()).feedback).toBe(2);
    await store.close();
  });

  it('an unopenable file is reported by the first write, naming it', async () => {
    const writer = new SqliteWriterThread(join(tmpdir(), 'no-such-dir-rl', 'f.sqlite'));
    await expect(writer.addFeedbackBatch([{ queryId: 'q0', labeler: 'a', answer: 'left' }])).rejects.toThrow(/no-such-dir-rl/);
    await writer.close();
  });

  it('the main thread keeps running while the writer commits (its event loop is never blocked by an fsync)', async () => {
    const { store } = await fresh();
    const ids = Array.from({ length: 400 }, (_, i) => `b${i}`);
    await store.addQueries(ids.map((id) => ({ id, kind: 'preference' as const, payload: { id } })));
    const writer = batchWriterFor(store);
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    const t0 = performance.now();
    for (const id of ids) await writer.addFeedbackBatch([{ queryId: id, labeler: 'ann', answer: 'left' }]);
    const ms = performance.now() - t0;
    clearInterval(timer);
    expect((await store.count()).feedback).toBe(400);
    // committing on this thread, the timer cannot fire at all during the loop (0 ticks: checked with the store as writer)
    expect(ticks).toBeGreaterThan(ms / 8);
    await writer.close();
    await store.close();
  });

  it('the server answers no API request before its writer can commit (the first answers never wait on the thread starting)', async () => {
    const { store } = await fresh();
    let open!: () => void;
    const ready = new Promise<void>((r) => (open = r));
    const app = createFeedbackApp({ store, envId: 'FixedHorizonCartPole-v0', writer: { ready, addFeedbackBatch: (inputs, opts) => store.addFeedbackBatch(inputs, opts) } });
    const ann = labelerClient(app.request, 'ann');
    let claimed = false;
    const claim = ann.post('/api/claim', { labeler: 'ann' }).then((r) => ((claimed = true), r));
    await new Promise((r) => setTimeout(r, 100));
    expect(claimed).toBe(false); // held while the writer is not ready
    open();
    expect((await claim).status).toBe(200);
    await store.close();
  });
});
