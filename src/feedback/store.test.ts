import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { FeedbackStore } from './store.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'rl-store-'));

describe('FeedbackStore', () => {
  it('keeps queries and answers across close and reopen, in seq order, with valid checksums', () => {
    const path = join(tmp(), 'f.sqlite');
    const s = FeedbackStore.open(path, { clock: () => 1000 });
    s.addQueries([{ id: 'q1', kind: 'preference', payload: { a: 1 } }, { id: 'q2', kind: 'rating', payload: { b: [1, 2] } }]);
    s.addQueries([{ id: 'q1', kind: 'preference', payload: { a: 1 } }]); // idempotent
    const r1 = s.addFeedback({ queryId: 'q1', labeler: 'ann', answer: 'left' });
    const r2 = s.addFeedback({ queryId: 'q2', labeler: 'ann', answer: 4.5 });
    expect([r1.seq, r2.seq]).toEqual([1, 2]);
    s.close();
    const again = FeedbackStore.open(path);
    expect(again.feedback().map((r) => [r.queryId, r.answer])).toEqual([['q1', 'left'], ['q2', 4.5]]);
    expect(again.feedback({ sinceSeq: 1 }).map((r) => r.seq)).toEqual([2]);
    expect(again.query('q2')!.payload).toEqual({ b: [1, 2] });
    expect(again.verify()).toEqual({ ok: true, bad: [] });
    expect(again.pendingQueries()).toEqual([]);
    again.close();
  });

  it('rejects bad answers, unknown queries, duplicates and conflicting payloads with clear errors', () => {
    const s = FeedbackStore.open(join(tmp(), 'f.sqlite'));
    s.addQueries([{ id: 'q1', kind: 'preference', payload: {} }]);
    expect(() => s.addFeedback({ queryId: 'nope', labeler: 'a', answer: 'left' })).toThrow(/queryId = "nope" is not a known query/);
    expect(() => s.addFeedback({ queryId: 'q1', labeler: 'a', answer: 'up' })).toThrow(/answer = "up" is not a preference answer/);
    s.addFeedback({ queryId: 'q1', labeler: 'a', answer: 'equal' });
    expect(() => s.addFeedback({ queryId: 'q1', labeler: 'a', answer: 'left' })).toThrow(/labeler "a" already answered query "q1"/);
    expect(() => s.addQueries([{ id: 'q1', kind: 'preference', payload: { x: 1 } }])).toThrow(/already exists with a different payload/);
    expect(s.count()).toEqual({ queries: 1, feedback: 1 });
    s.close();
  });

  it('is append-only: UPDATE and DELETE through another connection are refused', () => {
    const path = join(tmp(), 'f.sqlite');
    const s = FeedbackStore.open(path);
    s.addQueries([{ id: 'q1', kind: 'preference', payload: {} }]);
    s.addFeedback({ queryId: 'q1', labeler: 'a', answer: 'left' });
    const raw = new Database(path);
    expect(() => raw.prepare("UPDATE feedback SET answer = '\"right\"'").run()).toThrow(/append-only/);
    expect(() => raw.prepare('DELETE FROM feedback').run()).toThrow(/append-only/);
    raw.close();
    expect(s.feedback()[0].answer).toBe('left');
    s.close();
  });

  it('refuses a foreign SQLite file and a non-SQLite file, leaving both byte-for-byte unchanged', () => {
    const dir = tmp();
    const foreign = join(dir, 'other.sqlite');
    const db = new Database(foreign);
    db.exec('CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1);');
    db.close();
    const before = readFileSync(foreign);
    expect(() => FeedbackStore.open(foreign)).toThrow(/is an SQLite file but not a RewardLab feedback store/);
    expect(readFileSync(foreign).equals(before)).toBe(true);
    const garbage = join(dir, 'garbage.sqlite');
    writeFileSync(garbage, 'hello, I am not a database');
    expect(() => FeedbackStore.open(garbage)).toThrow(/is not an SQLite file/);
    expect(readFileSync(garbage, 'utf8')).toBe('hello, I am not a database');
  });

  it('an answer acknowledged before a SIGKILL is on disk', () => {
    const path = join(tmp(), 'f.sqlite');
    const script = join(tmp(), 'writer.mts');
    writeFileSync(script, `
      import { FeedbackStore } from ${JSON.stringify(join(import.meta.dirname, 'store.ts'))};
      const s = FeedbackStore.open(${JSON.stringify(path)});
      s.addQueries(Array.from({ length: 50 }, (_, i) => ({ id: 'q' + i, kind: 'preference', payload: { i } })));
      for (let i = 0; i < 50; i++) { s.addFeedback({ queryId: 'q' + i, labeler: 'x', answer: 'left' }); process.stdout.write('ack ' + i + '\\n'); }
      process.kill(process.pid, 'SIGKILL');
    `);
    const r = spawnSync(process.execPath, ['--import', 'tsx', script], { encoding: 'utf8', timeout: 60_000 });
    expect(r.signal).toBe('SIGKILL');
    const acked = r.stdout.split('\n').filter((l) => l.startsWith('ack')).length;
    expect(acked).toBe(50);
    const s = FeedbackStore.open(path);
    expect(s.feedback()).toHaveLength(acked);
    expect(s.verify().ok).toBe(true);
    s.close();
  });
});
