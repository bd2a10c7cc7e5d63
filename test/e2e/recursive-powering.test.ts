import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

interface Level {
  level: number;
  median: Record<string, number>;
}
interface Model {
  helper: string;
  levels: Level[];
}

describe('rewardlab experiment recursive --testbed powering', () => {
  it('--quick --json writes result.json and report.html with sane numbers', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'rl-recursive-')), 'run');
    const r = runCli(['experiment', 'recursive', '--testbed', 'powering', '--quick', '--seeds', '0,1', '--out', out, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.kind).toBe('rewardlab-experiment-result');
    expect(doc.experiment).toBe('recursive');
    expect(doc.headline).toMatch(/^powering ladder \(n = 64, ε = 0.05, 2 seeds, median\): error by level/);
    expect(JSON.parse(readFileSync(join(out, 'result.json'), 'utf8'))).toEqual(doc);
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(existsSync(doc.report)).toBe(true);
    expect(html).toContain('Error by level: measured vs predicted');
    expect((html.match(/<svg /g) ?? []).length).toBeGreaterThanOrEqual(7);

    const data = doc.data as { seeds: number[]; levels: number[]; models: Model[] };
    expect(data.seeds).toEqual([0, 1]);
    expect(data.levels).toEqual([0, 1, 2, 3]);
    const by = (h: string) => data.models.find((m) => m.helper === h)!;
    const transient = by('transient').levels.map((l) => l.median);
    // 20 permutations × 64 inputs per seed: the prediction holds within 0.05, errors compound.
    for (const l of transient) expect(Math.abs(l.error - l.predicted)).toBeLessThan(0.05);
    for (let k = 1; k < transient.length; k++) expect(transient[k].error).toBeGreaterThan(transient[k - 1].error);
    expect(transient[0].verdictAccuracy).toBe(1);
    const top = by('persistent').levels[3].median;
    expect(top.wrongApproved).toBeGreaterThan(0.7);
    expect(top.fullObservationAccuracy).toBe(1);
    expect(by('learned').levels[0].median.trainingLabels).toBeGreaterThan(1000);
  });

  it('--depth selects levels; a bad --depth names the flag', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'rl-recursive-')), 'run');
    const r = runCli(['experiment', 'recursive', '--testbed', 'powering', '--quick', '--depth', '2', '--trials', '4', '--out', out, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.data.levels).toEqual([2]);
    expect(doc.data.models[0].levels.map((l: Level) => l.level)).toEqual([2]);
    const bad = runCli(['experiment', 'recursive', '--testbed', 'powering', '--depth', '0..9', '--out', out]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--depth = "0..9": must be a level/);
  });
});
