/**
 * Issue 17 item 4 on the demo: `rewardlab demo` prints the held-out accuracy with its pair counts
 * and exact interval, and the lower bound on the expected true return; its report shows the
 * same text in the card and the Confidence section, and confidence.json holds the counts behind it.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatAccuracy } from '../../src/report/accuracy-format.js';
import type { RunConfidence } from '../../src/analysis/run-confidence.js';
import { runCli } from './run-cli.js';

const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');

describe('confidence bounds in the demo', () => {
  it('the terminal and the report show the same accuracy interval and return bound, from the counts in confidence.json', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'rl-confidence-')), 'run');
    const r = runCli(['demo', '--steps', '4096', '--labels', '24', '--seed', '0', '--out', dir]);
    expect(r.code, r.stderr).toBe(0);
    const printed = r.stdout.match(/held-out accuracy (\S+ \((\d+)\/(\d+); 95% CI [\d.]+–[\d.]+\))/);
    expect(printed, r.stdout).not.toBeNull();
    const [, text, k, n] = printed!;

    const c = JSON.parse(readFileSync(join(dir, 'confidence.json'), 'utf8')) as RunConfidence;
    expect(c).toMatchObject({ kind: 'rewardlab-run-confidence', version: 1, envId: 'FixedHorizonCartPole-v0' });
    expect([c.accuracy!.correct, c.accuracy!.scored]).toEqual([Number(k), Number(n)]);
    expect(text).toBe(formatAccuracy(c.accuracy!.correct!, c.accuracy!.scored!));
    expect(c.accuracy!.interval!.lower).toBeLessThan(Number(k) / Number(n));
    expect(JSON.parse(readFileSync(join(dir, 'result.json'), 'utf8')).heldOutCounts).toEqual({ correct: Number(k), scored: Number(n) });

    const html = unescape(readFileSync(join(dir, 'report.html'), 'utf8'));
    expect(html).toContain(`<div class="l">held-out accuracy</div><div class="v">${text}</div>`);
    expect(html).toContain('<h2>Confidence</h2>');
    expect(html).toContain(`<td>held-out preference accuracy</td><td>${text}</td>`);

    const bound = r.stdout.match(/^ {2}(95% lower bound on the expected true return: .*)$/m);
    expect(bound, r.stdout).not.toBeNull();
    expect(html).toContain(`<p>${bound![1]}.</p>`);
    expect(bound![1]).toContain(`of ${c.returns[0].episodes} evaluation episodes, range 0 to 500`);
  }, 60_000);
});
