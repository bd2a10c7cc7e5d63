/**
 * The CLI builds a synthetic teacher for every kind it is asked (issue 15 item 6):
 * `train --feedback synthetic --ask preference,demo,goal,correction` runs without a person — the
 * default demonstrator, goal marker and corrector (src/loop/synthetic-teachers.ts) answer — and
 * every kind lands in the run's store as its own records and is folded (the metrics line counts
 * each). Before, `--ask demo` or `goal` needed `--feedback human`.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SqliteFeedbackStore } from '../../src/feedback/sqlite-store.js';
import { runCli } from './run-cli.js';

describe('train --feedback synthetic --ask with every kind', () => {
  it('asks and folds preferences, demonstrations, goal marks and corrections from the default synthetic teachers', { timeout: 120_000 }, async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'rl-ask-kinds-')), 'run');
    const r = runCli(['train', '--env', 'FixedHorizonCartPole-v0', '--labels', '8', '--steps', '8192', '--fragment-length', '10', '--ask', 'preference,demo,goal,correction', '--feedback', 'synthetic', '--seed', '3', '--out', out]);
    expect(r.stderr).not.toMatch(/Error/);
    expect(r.code).toBe(0);
    const store = await SqliteFeedbackStore.open(join(out, 'feedback.sqlite'), { readonly: true });
    try {
      const kinds = (await store.feedback()).map((f) => f.kind);
      for (const k of ['preference', 'demonstration', 'goal', 'intervention'] as const) expect(kinds.filter((x) => x === k)).toHaveLength(2); // the kinds take turns over 8 slots
    } finally {
      await store.close();
    }
    const last = JSON.parse(readFileSync(join(out, 'metrics.jsonl'), 'utf8').trim().split('\n').at(-1)!) as { demonstrations: { folded: number }; goals: { folded: number }; corrections: { folded: number } };
    expect([last.demonstrations.folded, last.goals.folded, last.corrections.folded]).toEqual([2, 2, 2]);
  });
});
