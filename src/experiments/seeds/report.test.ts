import { describe, expect, it } from 'vitest';
import { formatAccuracy } from '../../report/accuracy-format.js';
import { seedsReport } from './report.js';
import type { SeedRun, SeedsSummary } from './types.js';

function run(seed: number, score: number, heldOutCounts?: { correct: number; scored: number }): SeedRun {
  return {
    seed, score, trueReturn: score, performance: null, success: score >= 475, learnedReturn: 1, pearson: 0.9, heldOutAccuracy: heldOutCounts ? heldOutCounts.correct / heldOutCounts.scored : 0.75,
    ...(heldOutCounts ? { heldOutCounts } : {}), labels: 200, wallSeconds: 10, answers: { strict: 0.9, equal: 0.1, cantTell: 0, skip: 0, total: 200 },
    onPolicyAccuracy: 0.8, lastRollout: null, curve: [[1, score]], findings: [], runDir: `/runs/${seed}`,
  };
}

describe('seeds report', () => {
  it('prints each seed\'s held-out accuracy with its strict pairs and exact interval, or says the counts are missing', () => {
    const perSeed = [run(0, 500, { correct: 37, scored: 40 }), run(1, 300, { correct: 20, scored: 38 }), run(2, 490)];
    const s: SeedsSummary = { envId: 'FixedHorizonCartPole-v0', labels: 200, steps: 1000, threshold: 475, metric: 'trueReturn', seeds: [0, 1, 2], successes: 2, successRate: 2 / 3, median: 490, worst: { seed: 1, score: 300, trueReturn: 300 }, distribution: [500, 300, 490], perSeed };
    const html = seedsReport(s, { quick: false, headline: 'test' });
    expect(html).toContain(`<td>${formatAccuracy(37, 40)}</td>`);
    expect(html).toContain(`<td>${formatAccuracy(20, 38)}</td>`);
    expect(html).toContain('<td>0.75 (pair counts not recorded)</td>');
  });
});
