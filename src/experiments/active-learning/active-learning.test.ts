import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { activeLearning, activeLearningConfig, runActiveLearning, runStrategy, strategiesFor, type StrategySummary } from './active-learning.js';
import { curveArea, labelsToBar, tInterval } from '../kit/curve-measures.js';
import type { CurvePoint } from './types.js';

describe('active-learning measures (known answers)', () => {
  const curve: CurvePoint[] = [[10, 0], [20, 50], [30, 40], [40, 100]];
  it('labels to the bar is the first evaluation at or above it, not a later or interpolated one', () => {
    expect(labelsToBar(curve, 45)).toBe(20);
    expect(labelsToBar(curve, 50)).toBe(20);
    expect(labelsToBar(curve, 60)).toBe(40);
    expect(labelsToBar(curve, 101)).toBeNull();
    expect(labelsToBar([[5, -120], [15, -90]], -100)).toBe(15); // negative returns: higher is better
  });
  it('area is the trapezoid mean over the label range, the last point held to the budget', () => {
    // (10·25 + 10·45 + 10·70) / 30 = 46.67
    expect(curveArea(curve)).toBeCloseTo(1400 / 30, 9);
    // held at 100 from 40 to 60: (1400 + 2000) / 50
    expect(curveArea(curve, 60)).toBeCloseTo(3400 / 50, 9);
    expect(curveArea([[7, 3]])).toBe(3);
    expect(curveArea([])).toBeNull();
  });
  it('t-interval: mean ± t(0.975, n−1)·s/√n', () => {
    const i = tInterval([1, 2, 3]); // s = 1, t(2) = 4.303
    expect(i.mean).toBe(2);
    expect(i.hi! - i.mean).toBeCloseTo(4.303 / Math.sqrt(3), 9);
    expect(tInterval([5]).lo).toBeNull();
  });
});

describe('experiment active-learning (tiny real run)', () => {
  it('config: the issue defaults, --strategies and --envs checked, red team only on enumerable gridworlds', () => {
    const d = activeLearningConfig({ quick: false, seeds: [0], values: {} });
    expect(d.envIds).toEqual(['FixedHorizonCartPole-v0', 'FixedHorizonAcrobot-v1', 'IslandNavigation-v0', 'BoatRace-v0', 'RocksDiamondsLevel1-v0']);
    expect(d.seeds).toEqual([0, 1, 2, 3, 4]);
    expect(d.strategies).toEqual(['uniform', 'disagreement', 'entropy', 'red-team']);
    expect(strategiesFor(d, 'FixedHorizonCartPole-v0')).toEqual(['uniform', 'disagreement', 'entropy']);
    expect(strategiesFor(d, 'BoatRace-v0')).toContain('red-team');
    expect(() => activeLearningConfig({ quick: true, seeds: [0], values: { strategies: 'uniform,greedy' } })).toThrow(/--strategies/);
    expect(() => activeLearningConfig({ quick: true, seeds: [0], values: { envs: 'NoSuchEnv-v9' } })).toThrow(/--envs/);
    expect(activeLearning.name).toBe('active-learning');
  });

  it('each strategy asks its own queries, and its curve comes from its own run’s evaluations', async () => {
    const out = mkdtempSync(join(tmpdir(), 'active-learning-'));
    const cfg = activeLearningConfig({ quick: true, seeds: [0], values: { envs: 'BoatRace-v0', labels: 24, steps: 4096, seeds: '0' } });
    const runs = [];
    for (const s of strategiesFor(cfg, 'BoatRace-v0')) runs.push(await runStrategy(cfg, 'BoatRace-v0', s, 0, 0, out));
    const [uniform, disagreement, entropy, red] = runs;
    // the first (warm-start) round is uniform for every strategy, so they share it …
    const first = Math.ceil(0.75 * 24) - 1;
    for (const r of runs) expect(r.asked.slice(0, first)).toEqual(uniform.asked.slice(0, first));
    // … and after it each strategy chooses differently
    for (const r of runs) expect(r.asked.length).toBeGreaterThan(first + 1);
    expect(new Set(runs.map((r) => r.asked.slice(first).join())).size).toBe(4);
    expect(disagreement.asked).not.toEqual(entropy.asked);
    expect(red.redTeamQueries).toBeGreaterThan(0);
    expect(uniform.redTeamQueries + disagreement.redTeamQueries + entropy.redTeamQueries).toBe(0);
    // each curve is its own run's evaluations (metrics.jsonl), and the measures are computed from it
    for (const r of runs) {
      const metrics = readFileSync(join(r.runDir, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
      const evals = metrics.filter((m) => m.alignment).map((m) => [m.labels, m.alignment.trueReturn]);
      expect(r.curve).toEqual(evals);
      expect(r.curve.length).toBeGreaterThan(1);
      expect(r.area).toBeCloseTo(curveArea(r.curve, cfg.labels['BoatRace-v0'])!, 9);
      expect(existsSync(join(r.runDir, 'strategy.json'))).toBe(true);
    }
  }, 150_000); // four loop runs: ~35 s on a quiet machine, over 60 s at load 10

  it('writes result.json (the --json document), results.md and a return-vs-labels SVG; the summary is the per-run numbers', async () => {
    const out = mkdtempSync(join(tmpdir(), 'active-learning-e2e-'));
    const result = await runActiveLearning({ out, seeds: [0, 1], quick: true, values: { envs: 'BoatRace-v0', strategies: 'uniform', labels: 12, steps: 1024, seeds: '0,1' }, log: () => {} });
    const summary = result.data.summary as StrategySummary[];
    const perRun = result.data.perRun as { area: number; labels: number }[];
    expect(summary).toHaveLength(1);
    expect(summary[0].area.mean).toBeCloseTo((perRun[0].area + perRun[1].area) / 2, 9);
    expect(summary[0].labelsUsed.n).toBe(2);
    expect(JSON.parse(readFileSync(join(out, 'result.json'), 'utf8')).headline).toBe(result.headline);
    expect(readFileSync(join(out, 'results.md'), 'utf8')).toContain('| BoatRace-v0 | uniform | 2 |');
    expect(readFileSync(join(out, 'return-vs-labels-BoatRace-v0.svg'), 'utf8')).toMatch(/^<svg[^>]*role="img"/);
  }, 150_000); // four loop runs: ~35 s on a quiet machine, over 60 s at load 10
});
