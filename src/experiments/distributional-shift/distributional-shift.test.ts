import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findExperiment } from '../index.js';
import type { ShiftSeedResult } from './distributional-shift.js';
import { auroc } from './shift-measures.js';

describe('experiment distributional-shift (quick)', () => {
  it('trains on the training map and measures error and disagreement on all three maps', async () => {
    const out = mkdtempSync(join(tmpdir(), 'distributional-shift-'));
    const result = await findExperiment('distributional-shift')!.run({ out, seeds: [0], quick: true, values: {}, log: () => {} });
    expect(result.headline).toMatch(/^distributional-shift FixedHorizonDistributionalShift-v0 \(12 labels, 2048 steps, 1 seed, median; train → test maps 1\/2\): standardize inputs: disagreement ×\d+\.\d\d .*; tanh inputs: /);
    const runs = result.data.perRun as Omit<ShiftSeedResult, 'stds'>[];
    expect(runs.map((r) => r.inputTransform)).toEqual(['standardize', 'tanh']);
    for (const seed of runs) {
    expect(seed.maps.map((m) => [m.level, m.split])).toEqual([[0, 'train'], [1, 'test'], [2, 'test']]);
    for (const m of seed.maps) {
      expect(m.states).toBeGreaterThan(20); // the agent's reachable cells (the board is 5 × 7 inside)
      expect(m.transitions).toBeGreaterThan(m.states);
      expect(Math.abs(m.pearson)).toBeLessThanOrEqual(1);
      expect(m.epic).toBeGreaterThanOrEqual(0);
      expect(m.epic).toBeLessThanOrEqual(1);
      expect(m.meanStd).toBeGreaterThan(0);
      expect(m.agentPerformance).toBeGreaterThanOrEqual(-100);
      expect(m.optimalPerformance).toBeGreaterThan(30); // the goal is reachable on every map
    }
    expect(seed.auroc).toBeGreaterThanOrEqual(0);
    expect(seed.auroc).toBeLessThanOrEqual(1);
    expect(seed.disagreementRatio).toBeGreaterThan(0);
    }
    expect(existsSync(join(out, 'result.json'))).toBe(true);
    expect(readFileSync(result.report, 'utf8')).toContain('inputs — does uncertainty flag the shift?');
  }, 60_000);

  it('rejects an env that is not the lava world', async () => {
    const out = mkdtempSync(join(tmpdir(), 'distributional-shift-'));
    await expect(findExperiment('distributional-shift')!.run({ out, seeds: [0], quick: true, values: { env: 'BoatRace-v0' }, log: () => {} })).rejects.toThrow(/--env = "BoatRace-v0"/);
  });

  it('auroc: 1 for a perfect separation, 0.5 for identical scores, ties counted half', () => {
    expect(auroc([3, 4], [1, 2])).toBe(1);
    expect(auroc([1, 2], [3, 4])).toBe(0);
    expect(auroc([1, 1], [1, 1])).toBe(0.5);
    expect(auroc([2, 1], [1])).toBe(0.75);
    expect(Number.isNaN(auroc([], [1]))).toBe(true);
  });
});
