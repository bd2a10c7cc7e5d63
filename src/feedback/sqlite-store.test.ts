import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { recordChecksum } from './records.js';
import { KIND, LIVE, SCHEMA_V1 } from './sqlite-schema.js';
import { SqliteFeedbackStore } from './sqlite-store.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'rl-sqlite-store-'));

/** A version-1 file exactly as the retired synchronous store wrote it: two queries, one answer, one retraction. */
function writeV1(path: string): void {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.exec(SCHEMA_V1);
  db.prepare('INSERT INTO meta (key, value) VALUES (?, ?), (?, ?), (?, ?)').run('kind', KIND, 'version', '1', 'consumed_seq', '1');
  db.prepare('INSERT INTO queries VALUES (?, ?, ?, ?), (?, ?, ?, ?)').run('a', 'preference', '{"x":1}', 5, 'b', 'rating', '{}', 6);
  const rec = { seq: 1, queryId: 'a', kind: 'preference' as const, labeler: 'ann', answer: 'left', createdAt: 7 };
  db.prepare('INSERT INTO feedback (query_id, kind, labeler, answer, created_at, checksum) VALUES (?, ?, ?, ?, ?, ?)').run('a', 'preference', 'ann', '"left"', 7, recordChecksum(rec));
  db.prepare('INSERT INTO feedback (query_id, kind, labeler, answer, created_at, checksum) VALUES (?, ?, ?, ?, ?, ?)').run('b', 'rating', 'ann', '3', 8, recordChecksum({ ...rec, seq: 2, queryId: 'b', kind: 'rating', answer: 3, createdAt: 8 }));
  db.prepare('INSERT INTO retractions (feedback_seq, labeler, created_at) VALUES (2, ?, 9)').run('ann');
  db.close();
}

describe('SqliteFeedbackStore', () => {
  it('migrates a version-1 file to version 2 (adds folds, keeps every row) and reopens it', async () => {
    const path = join(tmp(), 'v1.sqlite');
    writeV1(path);
    await expect(SqliteFeedbackStore.open(path, { readonly: true })).rejects.toThrow(/has version 1; open it once without readonly to migrate it/);
    const s = await SqliteFeedbackStore.open(path);
    expect((await s.feedback({ withRetracted: true })).map((r) => [r.seq, r.answer])).toEqual([[1, 'left'], [2, 3]]);
    expect(await s.retractions()).toEqual([{ seq: 1, feedbackSeq: 2, labeler: 'ann', createdAt: 9 }]);
    expect(await s.consumedSeq()).toBe(1);
    expect(await s.verify()).toEqual({ ok: true, bad: [] });
    expect(await s.folds()).toEqual([]);
    await s.recordFold({ round: 3, feedbackUpto: 2, retractionUpto: 1 });
    await s.close();
    const db = new Database(path, { readonly: true });
    expect(db.prepare("SELECT value FROM meta WHERE key = 'version'").get()).toEqual({ value: '2' });
    expect(() => db.prepare('SELECT * FROM folds').all()).not.toThrow();
    db.close();
    const again = await SqliteFeedbackStore.open(path, { readonly: true });
    expect((await again.folds()).map((f) => f.round)).toEqual([3]);
    await again.close();
  });

  it('creates afresh a store whose creation was killed (an empty file, or an SQLite file without tables), but not read-only', async () => {
    const dir = tmp();
    const empty = join(dir, 'empty.sqlite');
    writeFileSync(empty, '');
    const bare = join(dir, 'bare.sqlite');
    const db = new Database(bare);
    db.pragma('journal_mode = WAL'); // what the creation had written when it was killed
    db.close();
    await expect(SqliteFeedbackStore.open(empty, { readonly: true })).rejects.toThrow(/is not an SQLite file/);
    for (const path of [empty, bare]) {
      const store = await SqliteFeedbackStore.open(path);
      await store.addQueries([{ id: 'q', kind: 'preference', payload: {} }]);
      expect((await store.count()).queries).toBe(1);
      await store.close();
    }
  });

  it('refuses a foreign SQLite file, a non-SQLite file and a newer version, leaving them unchanged', async () => {
    const dir = tmp();
    const foreign = join(dir, 'other.sqlite');
    const db = new Database(foreign);
    db.exec('CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1);');
    db.close();
    const before = readFileSync(foreign);
    await expect(SqliteFeedbackStore.open(foreign)).rejects.toThrow(/is an SQLite file but not a RewardLab feedback store/);
    expect(readFileSync(foreign).equals(before)).toBe(true);
    const garbage = join(dir, 'garbage.sqlite');
    writeFileSync(garbage, 'hello, I am not a database');
    await expect(SqliteFeedbackStore.open(garbage)).rejects.toThrow(/is not an SQLite file/);
    expect(readFileSync(garbage, 'utf8')).toBe('hello, I am not a database');
    const future = join(dir, 'v9.sqlite');
    const f = new Database(future);
    f.exec("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL); INSERT INTO meta VALUES ('kind', 'rewardlab-feedback-store'), ('version', '9');");
    f.close();
    await expect(SqliteFeedbackStore.open(future)).rejects.toThrow(/has version "9"; this RewardLab reads versions 1 and 2/);
    await expect(SqliteFeedbackStore.open(join(dir, 'missing.sqlite'), { readonly: true })).rejects.toThrow(/does not exist/);
  });

  it('per-request lookups are index searches, not table scans (5,000 queries)', async () => {
    const path = join(tmp(), 'big.sqlite');
    const s = await SqliteFeedbackStore.open(path);
    await s.addQueries(Array.from({ length: 5000 }, (_, i) => ({ id: `q${i}`, kind: 'preference' as const, payload: { i } })));
    await s.addFeedbackBatch(Array.from({ length: 3000 }, (_, i) => ({ queryId: `q${i}`, labeler: `l${i % 3}`, answer: 'left' })));
    expect(await s.count()).toEqual({ queries: 5000, feedback: 3000 });
    expect((await s.pendingQueries({ limit: 2 })).map((q) => q.id)).toEqual(['q3000', 'q3001']);
    await s.close();
    const db = new Database(path, { readonly: true });
    const plan = (sql: string) => (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((r) => r.detail).join(' | ');
    const perCall = [
      `SELECT COUNT(*) FROM feedback f WHERE f.query_id = 'q1' AND ${LIVE}`,
      `SELECT f.seq FROM feedback f WHERE f.query_id = 'q1' AND f.labeler = 'a' AND ${LIVE} LIMIT 1`,
      `SELECT * FROM feedback f WHERE f.labeler = 'a' AND ${LIVE} ORDER BY f.seq DESC LIMIT 1`,
      'SELECT (SELECT COALESCE(MAX(rowid), 0) FROM queries), (SELECT COALESCE(MAX(seq), 0) FROM feedback)',
    ];
    for (const sql of perCall) expect(plan(sql), sql).not.toMatch(/\bSCAN (f|r|feedback|retractions|queries)\b/);
    // pendingQueries walks the queries in order (it returns them) but looks answers up by index
    const pending = plan(`SELECT q.* FROM queries q WHERE (SELECT COUNT(*) FROM feedback f WHERE f.query_id = q.id AND ${LIVE}) < 2 ORDER BY q.rowid LIMIT 1`);
    expect(pending).toMatch(/SEARCH f USING COVERING INDEX feedback_query/);
    expect(pending).not.toMatch(/SCAN (f|r)\b/);
    db.close();
  });

  it('two processes writing one file: maxAnswers and the duplicate check hold across processes, every ack is stored', async () => {
    const dir = tmp();
    const path = join(dir, 'shared.sqlite');
    const s = await SqliteFeedbackStore.open(path);
    await s.addQueries(Array.from({ length: 24 }, (_, i) => ({ id: `c${i}`, kind: 'preference' as const, payload: { i } })));
    const script = join(dir, 'writer.mts');
    writeFileSync(script, `
      import { SqliteFeedbackStore } from ${JSON.stringify(join(import.meta.dirname, 'sqlite-store.ts'))};
      const s = await SqliteFeedbackStore.open(${JSON.stringify(path)});
      const one = async (w) => {
        for (let k = 0; k < 24; k++) {
          const q = 'c' + ((k * 5 + w * 7) % 24);
          try { const r = await s.addFeedback({ queryId: q, labeler: 'w' + w, answer: 'left' }, { maxAnswers: 2 }); process.stdout.write(JSON.stringify([r.seq, q, 'w' + w]) + '\\n'); }
          catch (e) { if (e.name !== 'AnswerLimitError' && e.name !== 'DuplicateAnswerError') process.stdout.write(JSON.stringify(['error', e.message]) + '\\n'); }
          await new Promise((r) => setImmediate(r));
        }
      };
      await Promise.all(Array.from({ length: 8 }, (_, w) => one(w)));
    `);
    const child = () => new Promise<string>((resolve) => {
      let out = '';
      const c = spawn(process.execPath, ['--import', 'tsx', script], { stdio: ['ignore', 'pipe', 'inherit'] });
      c.stdout.on('data', (d: Buffer) => (out += d.toString()));
      c.once('exit', () => resolve(out));
    });
    const outs = await Promise.all([child(), child()]);
    const lines = outs.join('').split('\n').filter(Boolean).map((l) => JSON.parse(l) as [number | 'error', string, string?]);
    expect(lines.filter((l) => l[0] === 'error')).toEqual([]);
    const stored = await s.feedback();
    expect(stored.map((r) => [r.seq, r.queryId, r.labeler])).toEqual(lines.sort((a, b) => Number(a[0]) - Number(b[0])));
    expect(stored).toHaveLength(48); // 24 queries × maxAnswers 2, with the same 8 labelers in both processes
    expect(new Set(stored.map((r) => `${r.queryId}/${r.labeler}`)).size).toBe(48);
    await s.close();
  });
});
