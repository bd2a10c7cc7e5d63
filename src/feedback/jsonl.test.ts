import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportJsonl, importJsonl, recordsChecksum } from './jsonl.js';
import { FeedbackStore } from './store.js';

function seeded(dir: string): FeedbackStore {
  const s = FeedbackStore.open(join(dir, 'a.sqlite'));
  s.addQueries([{ id: 'q1', kind: 'preference', payload: { left: [1, 2] } }, { id: 'q2', kind: 'preference', payload: {} }, { id: 'q3', kind: 'rating', payload: {} }]);
  s.addFeedback({ queryId: 'q1', labeler: 'ann', answer: 'left' });
  s.addFeedback({ queryId: 'q2', labeler: 'bob', answer: 'cant-tell' });
  s.addFeedback({ queryId: 'q3', labeler: 'ann', answer: 3 });
  return s;
}

describe('JSONL export/import', () => {
  it('round-trips every query and answer into a fresh store; re-import skips what is there', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rl-jsonl-'));
    const a = seeded(dir);
    expect(exportJsonl(a, join(dir, 'x.jsonl'))).toEqual({ queries: 3, feedback: 3 });
    expect(JSON.parse(readFileSync(join(dir, 'x.jsonl'), 'utf8').split('\n')[0])).toMatchObject({ kind: 'rewardlab-feedback', version: 2, queries: 3, feedback: 3, records: 6 });
    const b = FeedbackStore.open(join(dir, 'b.sqlite'));
    expect(importJsonl(b, join(dir, 'x.jsonl'))).toEqual({ queries: 3, feedback: 3, skipped: 0 });
    expect(b.feedback().map((f) => [f.queryId, f.labeler, f.answer])).toEqual(a.feedback().map((f) => [f.queryId, f.labeler, f.answer]));
    expect(importJsonl(b, join(dir, 'x.jsonl'))).toEqual({ queries: 0, feedback: 0, skipped: 3 });
    a.close();
    b.close();
  });

  it('a bad line anywhere changes nothing and the error names the line and the field', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rl-jsonl-'));
    const a = seeded(dir);
    exportJsonl(a, join(dir, 'x.jsonl'));
    a.close();
    const lines = readFileSync(join(dir, 'x.jsonl'), 'utf8').trim().split('\n');
    const b = FeedbackStore.open(join(dir, 'b.sqlite'));
    const tampered = [...lines];
    tampered[5] = tampered[5].replace('"cant-tell"', '"left"');
    writeFileSync(join(dir, 't.jsonl'), tampered.join('\n'));
    expect(() => importJsonl(b, join(dir, 't.jsonl'))).toThrow(/line 6: checksum does not match/);
    const broken = [...lines];
    broken[6] = '{not json';
    writeFileSync(join(dir, 'j.jsonl'), broken.join('\n'));
    expect(() => importJsonl(b, join(dir, 'j.jsonl'))).toThrow(/line 7: is not a JSON object/);
    writeFileSync(join(dir, 'k.jsonl'), [JSON.stringify({ kind: 'something-else', version: 1 })].join('\n'));
    expect(() => importJsonl(b, join(dir, 'k.jsonl'))).toThrow(/line 1: kind = "something-else"/);
    expect(b.count()).toEqual({ queries: 0, feedback: 0 });
    b.close();
  });

  describe('the header holds the whole file: count and sha256', () => {
    /** A target store that already holds something, an export of 10 queries + 10 answers, and its lines. */
    function setup() {
      const dir = mkdtempSync(join(tmpdir(), 'rl-jsonl-'));
      const a = FeedbackStore.open(join(dir, 'a.sqlite'));
      a.addQueries(Array.from({ length: 10 }, (_, i) => ({ id: `q${i}`, kind: 'preference' as const, payload: { left: [i], right: [i + 1] } })));
      for (let i = 0; i < 10; i++) a.addFeedback({ queryId: `q${i}`, labeler: 'ann', answer: i % 2 ? 'left' : 'right' });
      exportJsonl(a, join(dir, 'x.jsonl'));
      a.close();
      const b = FeedbackStore.open(join(dir, 'b.sqlite'));
      b.addQueries([{ id: 'other', kind: 'rating', payload: {} }]);
      b.addFeedback({ queryId: 'other', labeler: 'bob', answer: 4 });
      const lines = readFileSync(join(dir, 'x.jsonl'), 'utf8').trimEnd().split('\n');
      const refused = (name: string, body: string[], pattern: RegExp) => {
        const before = b.count();
        writeFileSync(join(dir, name), `${body.join('\n')}\n`);
        expect(() => importJsonl(b, join(dir, name))).toThrow(pattern);
        expect(b.count()).toEqual(before);
      };
      return { dir, b, lines, refused };
    }

    it('export writes the record count and the sha256 of the records; an intact file imports', () => {
      const { dir, b, lines } = setup();
      const header = JSON.parse(lines[0]);
      expect(header).toMatchObject({ version: 2, queries: 10, feedback: 10, records: 20 });
      expect(header.sha256).toBe(recordsChecksum(lines.slice(1).map((l) => JSON.parse(l))));
      expect(importJsonl(b, join(dir, 'x.jsonl'))).toEqual({ queries: 10, feedback: 10, skipped: 0 });
      b.close();
    });

    it('refuses a file cut at a line boundary, naming the file and expected vs found', () => {
      const { lines, refused, b } = setup();
      refused('cut.jsonl', lines.slice(0, 10), /cut\.jsonl": the header announces 20 records but the file holds 9; the file is truncated.*nothing imported/);
      refused('cut-answers.jsonl', lines.slice(0, 16), /the header announces 20 records but the file holds 15/);
      b.close();
    });

    it('refuses a duplicated line', () => {
      const { lines, refused, b } = setup();
      refused('dup.jsonl', [...lines.slice(0, 15), lines[14], ...lines.slice(15)], /the header announces 20 records but the file holds 21/);
      b.close();
    });

    it('refuses two lines swapped (queries or answers)', () => {
      const { lines, refused, b } = setup();
      const swap = (i: number, j: number) => lines.map((l, k) => (k === i ? lines[j] : k === j ? lines[i] : l));
      refused('swap-q.jsonl', swap(2, 3), /swap-q\.jsonl": the records' sha256 is [0-9a-f]{12}…, the header says [0-9a-f]{12}…/);
      refused('swap-f.jsonl', swap(12, 13), /swap-f\.jsonl": the records' sha256 is/);
      b.close();
    });

    it('refuses one byte changed where no per-record checksum looks (a query payload, the header)', () => {
      const { lines, refused, b } = setup();
      const edited = [...lines];
      edited[4] = edited[4].replace('"left":[3]', '"left":[8]');
      expect(edited[4]).not.toBe(lines[4]);
      refused('byte.jsonl', edited, /byte\.jsonl": the records' sha256 is/);
      const header = [lines[0].replace('"records":20', '"records":21'), ...lines.slice(1)];
      refused('header.jsonl', header, /the header announces 21 records but the file holds 20/);
      refused('no-sum.jsonl', [lines[0].replace(/,"sha256":"[0-9a-f]+"/, ''), ...lines.slice(1)], /line 1: sha256 = undefined must be the records' checksum/);
      b.close();
    });

    it('still reads a version-1 export (no checksum) but checks its counts', () => {
      const { dir, lines, refused, b } = setup();
      const v1 = [JSON.stringify({ kind: 'rewardlab-feedback', version: 1, queries: 10, feedback: 10 }), ...lines.slice(1)];
      refused('v1-cut.jsonl', v1.slice(0, 18), /the header announces 10 answers but the file holds 7/);
      writeFileSync(join(dir, 'v1.jsonl'), `${v1.join('\n')}\n`);
      expect(importJsonl(b, join(dir, 'v1.jsonl'))).toEqual({ queries: 10, feedback: 10, skipped: 0 });
      b.close();
    });
  });
});
