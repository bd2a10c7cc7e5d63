import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportJsonl, importJsonl } from './jsonl.js';
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
    expect(JSON.parse(readFileSync(join(dir, 'x.jsonl'), 'utf8').split('\n')[0])).toMatchObject({ kind: 'rewardlab-feedback', version: 1 });
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
});
