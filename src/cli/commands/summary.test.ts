import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startRun } from '../../app/train-run.js';
import { writeRmReport } from '../../app/run-report.js';
import { formatNumber } from '../../report/format.js';
import { formatAccuracy } from '../../report/accuracy-format.js';
import { readMetrics } from '../../runs/run-dir.js';
import type { LoopMetrics } from '../../loop/reward-modeling-loop.js';
import { summarize } from './train.js';

/** The headline cards of a report page: label → value, as the page shows them. */
function cards(html: string): Map<string, string> {
  const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
  return new Map([...html.matchAll(/<div class="card"><div class="l">([^<]*)<\/div><div class="v">([^<]*)<\/div>/g)].map((m) => [unescape(m[1]), unescape(m[2])]));
}

describe('the command line and the run report print the same numbers', () => {
  it('summarize prints exactly the report cards of the same run', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'rewardlab-summary-')), 'run');
    const result = await startRun({ envId: 'FixedHorizonCartPole-v0', seed: 0, labels: 24, agentSteps: 4096 * 2, feedback: 'synthetic', evalEvery: 1, evalEpisodes: 2, initialEpisodes: 3 }, { out }); // seed 0: seed 3 asks no queries at all (0 labels), so it checked no accuracy
    const lines: string[] = [];
    summarize({ log: (t) => lines.push(t), err: () => {}, json: false }, result);
    const html = readFileSync(writeRmReport(out).report, 'utf8');
    const page = cards(html);

    // Line 1: steps, labels and wall time; line 2: the alignment figures, "label value · label value".
    const head = lines[0].match(/after (\S+) agent steps and (\S+) labels in (.+)$/);
    expect(head).not.toBeNull();
    expect(head![1]).toBe(page.get('agent steps'));
    expect(head![2]).toBe(page.get('labels'));
    expect(head![3]).toBe(page.get('wall time'));
    const printed = new Map(lines[1].trim().split(' · ').map((part) => {
      const label = ['true return', 'learned return', 'held-out accuracy', 'learned-vs-true r'].find((l) => part.startsWith(`${l} `))!;
      return [label, part.slice(label.length + 1)];
    }));
    expect([...printed.keys()]).toEqual(['true return', 'learned return', 'held-out accuracy', 'learned-vs-true r']);
    for (const [label, value] of printed) expect(value, label).toBe(page.get(label));

    // And both are the run's own result (the loop's last evaluation and reward-model round), not a re-measurement.
    expect(result.trueReturn).not.toBeNull();
    expect(page.get('true return')).toBe(formatNumber(result.trueReturn));
    expect(page.get('learned return')).toBe(formatNumber(result.learnedReturn));
    expect(page.get('agent steps')).toBe(formatNumber(result.globalStep));
    // The accuracy carries its counts and interval, from the last reward-model round in metrics.jsonl.
    const rm = (readMetrics(out).at(-1) as unknown as LoopMetrics).rewardModel!;
    expect(rm.heldOutScored).toBeGreaterThan(0);
    expect(rm.heldOutCorrect! / rm.heldOutScored!).toBeCloseTo(result.heldOutAccuracy!, 12);
    expect(page.get('held-out accuracy')).toBe(formatAccuracy(rm.heldOutCorrect!, rm.heldOutScored!));
    expect(result.heldOutCounts).toEqual({ correct: rm.heldOutCorrect, scored: rm.heldOutScored }); // what experiments quote

    // Line 3: the lower bound on the expected true return, as the report's Confidence section states it.
    expect(lines[2]).toMatch(/^ {2}95% lower bound on the expected true return: \S+ \(mean \S+ of 2 evaluation episodes, range 0 to 500\)$/);
    expect(html).toContain(`<p>${lines[2].trim()}.</p>`);
    expect(lines[2]).toContain(`(mean ${page.get('true return')} of 2 evaluation episodes`); // per-episode returns average to the card's
  }, 60_000);
});
