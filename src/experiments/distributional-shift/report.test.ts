import { describe, expect, it } from 'vitest';
import { formatAccuracy } from '../../report/accuracy-format.js';
import { distributionalShiftReport } from './report.js';
import type { DistributionalShiftConfig, ShiftSeedResult, TransformSummary } from './types.js';

/** One map's measures: `right` of `strict` segment pairs ordered correctly. */
function map(level: number, right: number, strict: number): ShiftSeedResult['maps'][number] {
  return { level, split: level === 0 ? 'train' : 'test', states: 10, transitions: 30, pearson: 0.5, epic: 0.2, meanStd: 0.1, preferenceAccuracy: right / strict, strictPairs: strict, segmentStd: 0.1, agentPerformance: 40, optimalPerformance: 45, agentStd: 0 };
}

function seed(s: number, maps: ShiftSeedResult['maps'], heldOutCounts?: { correct: number; scored: number }): ShiftSeedResult {
  return { seed: s, inputTransform: 'standardize', runDir: `/runs/${s}`, labels: 50, heldOutAccuracy: heldOutCounts ? heldOutCounts.correct / heldOutCounts.scored : 0.8, ...(heldOutCounts ? { heldOutCounts } : {}), maps, auroc: 0.9, disagreementRatio: 2, stds: [[0.1], [0.2], [0.3]] };
}

const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&amp;/g, '&').replace(/\s+/g, ' ');

describe('distributional-shift report: accuracies with their pairs and intervals', () => {
  it('per seed from its own counts, per map with the seeds\' pairs pooled, held-out with the run\'s counts', () => {
    const runs = [seed(0, [map(0, 30, 40), map(1, 14, 20), map(2, 7, 10)], { correct: 9, scored: 10 }), seed(1, [map(0, 10, 20), map(1, 6, 20), map(2, 0, 0)])];
    const summary: TransformSummary = { inputTransform: 'standardize', perMap: [0, 1, 2].map((level) => ({ level, split: level ? 'test' : 'train', pearson: 0.5, epic: 0.2, preferenceAccuracy: 0.6, meanStd: 0.1, segmentStd: 0.1, agentPerformance: 40, optimalPerformance: 45 })), auroc: 0.9, disagreementRatio: 2, heldOutAccuracy: 0.85 };
    const cfg = { envId: 'FixedHorizonDistributionalShift-v0', labels: 50, steps: 2048, pairs: 20, episodes: 2, inputTransforms: ['standardize'], loop: {} } as unknown as DistributionalShiftConfig;
    const t = text(distributionalShiftReport({ cfg, byTransform: [summary], runs, headline: 'test' }));
    // Per seed: 30 of 40, 14 of 20, 7 of 10; 10 of 20, 6 of 20; a map with no strict pair says so.
    for (const [k, n] of [[30, 40], [14, 20], [7, 10], [10, 20], [6, 20]]) expect(t).toContain(formatAccuracy(k, n));
    expect(t).toContain('– (0 pairs)');
    // Pooled over the two seeds: training map 40 of 60, level 1 20 of 40, level 2 7 of 10 (seed 1 had none).
    expect(t).toContain(`training map (level 0) 0.5 0.2 60% 40 ${formatAccuracy(40, 60)}`);
    expect(t).toContain(`test map level 1 0.5 0.2 60% 20 ${formatAccuracy(20, 40)}`);
    expect(t).toContain(formatAccuracy(7, 10));
    // The run's held-out accuracy: its counts when recorded, else said to be missing.
    expect(t).toContain(formatAccuracy(9, 10));
    expect(t).toContain('0.8 (pair counts not recorded)');
  });
});
