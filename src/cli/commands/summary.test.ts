import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startRun } from '../../app/train-run.js';
import { writeRmReport } from '../../app/run-report.js';
import { formatNumber } from '../../report/format.js';
import { summarize } from './train.js';

/** The headline cards of a report page: label → value, as the page shows them. */
function cards(html: string): Map<string, string> {
  const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
  return new Map([...html.matchAll(/<div class="card"><div class="l">([^<]*)<\/div><div class="v">([^<]*)<\/div>/g)].map((m) => [unescape(m[1]), unescape(m[2])]));
}

describe('the command line and the run report print the same numbers', () => {
  it('summarize prints exactly the report cards of the same run', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'rewardlab-summary-')), 'run');
    const result = await startRun({ envId: 'FixedHorizonCartPole-v0', seed: 3, labels: 24, agentSteps: 4096 * 2, feedback: 'synthetic', evalEvery: 1, evalEpisodes: 2, initialEpisodes: 3 }, { out });
    const lines: string[] = [];
    summarize({ log: (t) => lines.push(t), err: () => {}, json: false }, result);
    const page = cards(readFileSync(writeRmReport(out).report, 'utf8'));

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
    expect(page.get('held-out accuracy')).toMatch(result.heldOutAccuracy === null ? /^–$/ : new RegExp(`^${Math.round(result.heldOutAccuracy * 100)}% of \\d+ pairs$`));
  }, 60_000);
});
