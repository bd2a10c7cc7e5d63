import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportJsonl, importJsonl, recordsChecksum } from './jsonl.js';
import type { FeedbackStore } from './feedback-store.js';
import { SqliteFeedbackStore } from './sqlite-store.js';

async function seeded(dir: string): Promise<FeedbackStore> {
  const s = await SqliteFeedbackStore.open(join(dir, 'a.sqlite'));
  await s.addQueries([{ id: 'q1', kind: 'preference', payload: { left: [1, 2] } }, { id: 'q2', kind: 'preference', payload: {} }, { id: 'q3', kind: 'rating', payload: {} }]);
  await s.addFeedback({ queryId: 'q1', labeler: 'ann', answer: 'left' });
  await s.addFeedback({ queryId: 'q2', labeler: 'bob', answer: 'cant-tell' });
  await s.addFeedback({ queryId: 'q3', labeler: 'ann', answer: 3 });
  return s;
}

describe('JSONL export/import', () => {
  it('round-trips every query and answer into a fresh store; re-import skips what is there', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rl-jsonl-'));
    const a = await seeded(dir);
    expect(await exportJsonl(a, join(dir, 'x.jsonl'))).toEqual({ queries: 3, feedback: 3 });
    expect(JSON.parse(readFileSync(join(dir, 'x.jsonl'), 'utf8').split('\n')[0])).toMatchObject({ kind: 'rewardlab-feedback', version: 2, queries: 3, feedback: 3, records: 6 });
    const b = await SqliteFeedbackStore.open(join(dir, 'b.sqlite'));
    expect(await importJsonl(b, join(dir, 'x.jsonl'))).toEqual({ queries: 3, feedback: 3, skipped: 0 });
    expect((await b.feedback()).map((f) => [f.queryId, f.labeler, f.answer])).toEqual((await a.feedback()).map((f) => [f.queryId, f.labeler, f.answer]));
    expect(await importJsonl(b, join(dir, 'x.jsonl'))).toEqual({ queries: 0, feedback: 0, skipped: 3 });
    await a.close();
    await b.close();
  });

  it('a bad line anywhere changes nothing and the error names the line and the field', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rl-jsonl-'));
    const a = await seeded(dir);
    await exportJsonl(a, join(dir, 'x.jsonl'));
    await a.close();
    const lines = readFileSync(join(dir, 'x.jsonl'), 'utf8').trim().split('\n');
    const b = await SqliteFeedbackStore.open(join(dir, 'b.sqlite'));
    const tampered = [...lines];
    tampered[5] = tampered[5].replace('"cant-tell"', '"left"');
    writeFileSync(join(dir, 't.jsonl'), tampered.join('\n'));
    await expect(importJsonl(b, join(dir, 't.jsonl'))).rejects.toThrow(/line 6: checksum does not match/);
    const broken = [...lines];
    broken[6] = '{not json';
    writeFileSync(join(dir, 'j.jsonl'), broken.join('\n'));
    await expect(importJsonl(b, join(dir, 'j.jsonl'))).rejects.toThrow(/line 7: is not a JSON object/);
    writeFileSync(join(dir, 'k.jsonl'), [JSON.stringify({ kind: 'something-else', version: 1 })].join('\n'));
    await expect(importJsonl(b, join(dir, 'k.jsonl'))).rejects.toThrow(/line 1: kind = "something-else"/);
    expect(await b.count()).toEqual({ queries: 0, feedback: 0 });
    await b.close();
  });

  describe('the header holds the whole file: count and sha256', () => {
    /** A target store that already holds something, an export of 10 queries + 10 answers, and its lines. */
    async function setup() {
      const dir = mkdtempSync(join(tmpdir(), 'rl-jsonl-'));
      const a = await SqliteFeedbackStore.open(join(dir, 'a.sqlite'));
      await a.addQueries(Array.from({ length: 10 }, (_, i) => ({ id: `q${i}`, kind: 'preference' as const, payload: { left: [i], right: [i + 1] } })));
      for (let i = 0; i < 10; i++) await a.addFeedback({ queryId: `q${i}`, labeler: 'ann', answer: i % 2 ? 'left' : 'right' });
      await exportJsonl(a, join(dir, 'x.jsonl'));
      await a.close();
      const b = await SqliteFeedbackStore.open(join(dir, 'b.sqlite'));
      await b.addQueries([{ id: 'other', kind: 'rating', payload: {} }]);
      await b.addFeedback({ queryId: 'other', labeler: 'bob', answer: 4 });
      const lines = readFileSync(join(dir, 'x.jsonl'), 'utf8').trimEnd().split('\n');
      const refused = async (name: string, body: string[], pattern: RegExp) => {
        const before = await b.count();
        writeFileSync(join(dir, name), `${body.join('\n')}\n`);
        await expect(importJsonl(b, join(dir, name))).rejects.toThrow(pattern);
        expect(await b.count()).toEqual(before);
      };
      return { dir, b, lines, refused };
    }

    it('export writes the record count and the sha256 of the records; an intact file imports', async () => {
      const { dir, b, lines } = await setup();
      const header = JSON.parse(lines[0]);
      expect(header).toMatchObject({ version: 2, queries: 10, feedback: 10, records: 20 });
      expect(header.sha256).toBe(recordsChecksum(lines.slice(1).map((l) => JSON.parse(l))));
      expect(await importJsonl(b, join(dir, 'x.jsonl'))).toEqual({ queries: 10, feedback: 10, skipped: 0 });
      await b.close();
    });

    it('refuses a file cut at a line boundary, naming the file and expected vs found', async () => {
      const { lines, refused, b } = await setup();
      await refused('cut.jsonl', lines.slice(0, 10), /cut\.jsonl": the header announces 20 records but the file holds 9; the file is truncated.*nothing imported/);
      await refused('cut-answers.jsonl', lines.slice(0, 16), /the header announces 20 records but the file holds 15/);
      await b.close();
    });

    it('refuses a duplicated line', async () => {
      const { lines, refused, b } = await setup();
      await refused('dup.jsonl', [...lines.slice(0, 15), lines[14], ...lines.slice(15)], /the header announces 20 records but the file holds 21/);
      await b.close();
    });

    it('refuses two lines swapped (queries or answers)', async () => {
      const { lines, refused, b } = await setup();
      const swap = (i: number, j: number) => lines.map((l, k) => (k === i ? lines[j] : k === j ? lines[i] : l));
      await refused('swap-q.jsonl', swap(2, 3), /swap-q\.jsonl": the records' sha256 is [0-9a-f]{12}…, the header says [0-9a-f]{12}…/);
      await refused('swap-f.jsonl', swap(12, 13), /swap-f\.jsonl": the records' sha256 is/);
      await b.close();
    });

    it('refuses one byte changed where no per-record checksum looks (a query payload, the header)', async () => {
      const { lines, refused, b } = await setup();
      const edited = [...lines];
      edited[4] = edited[4].replace('"left":[3]', '"left":[8]');
      expect(edited[4]).not.toBe(lines[4]);
      await refused('byte.jsonl', edited, /byte\.jsonl": the records' sha256 is/);
      const header = [lines[0].replace('"records":20', '"records":21'), ...lines.slice(1)];
      await refused('header.jsonl', header, /the header announces 21 records but the file holds 20/);
      await refused('no-sum.jsonl', [lines[0].replace(/,"sha256":"[0-9a-f]+"/, ''), ...lines.slice(1)], /line 1: sha256 = undefined must be the records' checksum/);
      await b.close();
    });

    it('still reads a version-1 export (no checksum) but checks its counts', async () => {
      const { dir, lines, refused, b } = await setup();
      const v1 = [JSON.stringify({ kind: 'rewardlab-feedback', version: 1, queries: 10, feedback: 10 }), ...lines.slice(1)];
      await refused('v1-cut.jsonl', v1.slice(0, 18), /the header announces 10 answers but the file holds 7/);
      writeFileSync(join(dir, 'v1.jsonl'), `${v1.join('\n')}\n`);
      expect(await importJsonl(b, join(dir, 'v1.jsonl'))).toEqual({ queries: 10, feedback: 10, skipped: 0 });
      await b.close();
    });
  });
});
