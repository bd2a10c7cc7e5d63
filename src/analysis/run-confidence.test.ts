import { describe, expect, it } from 'vitest';
import '../envs/index.js';
import type { RewardTrainingStats } from '../rewards/reward-trainer.js';
import { envRange } from './env-ranges.js';
import { runConfidence, type ConfidenceMetrics } from './run-confidence.js';

/** The trainer's stats after a round: `scored` strict held-out pairs of `heldOut` held-out labels, `correct` right. */
function rm(correct: number, scored: number, heldOut: number, labels: number, counted = true): RewardTrainingStats {
  return {
    labels, trainLabels: labels - heldOut, heldOutLabels: heldOut, steps: 10, loss: 0.5, trainAccuracy: 0.9, heldOutAccuracy: scored ? correct / scored : null, heldOutLoss: 0.4,
    ...(counted ? { trainScored: labels - heldOut, trainCorrect: labels - heldOut, heldOutScored: scored, heldOutCorrect: correct } : {}),
  };
}

function evaluation(returns: number[] | undefined, performances?: number[]): ConfidenceMetrics['alignment'] {
  const mean = returns ? returns.reduce((s, v) => s + v, 0) / returns.length : 0;
  return { episodes: returns?.length ?? 4, trueReturn: mean, performance: mean, learnedReturn: 0, pearson: 0.5, spearman: 0.5, disagreement: 0.1, ...(returns ? { episodeReturns: returns } : {}), ...(performances ? { episodePerformances: performances } : {}) };
}

const CARTPOLE = 'FixedHorizonCartPole-v0';

describe('run confidence', () => {
  it('takes the accuracy interval from the last round\'s counts and the return bound from the last evaluation', () => {
    const metrics: ConfidenceMetrics[] = [
      { globalStep: 100, rewardModel: rm(1, 2, 3, 10), alignment: evaluation([10, 20, 30, 40]) },
      { globalStep: 200, rewardModel: rm(38, 40, 50, 250), alignment: evaluation([500, 500, 500, 500]) },
      { globalStep: 300, rewardModel: rm(38, 40, 50, 250), alignment: null },
    ];
    const c = runConfidence(metrics, { envId: CARTPOLE, heldOutShare: 0.2 });
    expect(c).toMatchObject({ kind: 'rewardlab-run-confidence', version: 1, confidence: 0.95, evaluationStep: 200 });
    expect(c.accuracy).toMatchObject({ correct: 38, scored: 40, heldOutLabels: 50, labels: 250 });
    // 38 of 40 at 95%: [0.830803, 0.993886] (scipy beta.ppf(0.025, 38, 3), beta.ppf(0.975, 39, 2)).
    expect(c.accuracy!.interval!.lower).toBeCloseTo(0.830803, 5);
    expect(c.accuracy!.interval!.upper).toBeCloseTo(0.993886, 5);
    // At 0.95, the one-sided 95% lower bound first reaches 0.9 at 116 strict pairs (110/116; checked with scipy);
    // 40 of 50 held-out labels are strict and 20% are held out: 116 / (0.2 · 0.8) = 725 labels.
    expect(c.labelsNeeded).toEqual([{ target: 0.9, heldOutPairs: 116, labels: 725, reason: null }]);
    // Four perfect episodes in [0, 500]: Hoeffding at 97.5% (half of δ each for it and empirical Bernstein) = 500 − 500·√(ln 40 / 8).
    expect(c.returns).toHaveLength(1); // classic control: no separate hidden performance
    const r = c.returns[0];
    expect(r).toMatchObject({ quantity: 'true return', episodes: 4, mean: 500, reason: null, range: { min: 0, max: 500 } });
    expect(r.bound!.lower).toBeCloseTo(500 - 500 * Math.sqrt(Math.log(40) / 8), 9);
    expect(r.bound!.method).toBe('hoeffding');
  });

  it('says why a number is missing instead of inventing one', () => {
    // The observed accuracy at or below the target: no number of pairs reaches it.
    const low = runConfidence([{ globalStep: 1, rewardModel: rm(9, 10, 10, 50), alignment: null }], { envId: CARTPOLE, heldOutShare: 0.2 });
    expect(low.labelsNeeded[0]).toMatchObject({ heldOutPairs: null, labels: null, reason: expect.stringContaining('9/10) is not above the target') });
    expect(low.returns).toEqual([]);
    // No strict held-out pair (all ties, or none held out yet): no interval.
    const none = runConfidence([{ globalStep: 1, rewardModel: rm(0, 0, 3, 10), alignment: null }], { envId: CARTPOLE, heldOutShare: 0.2 });
    expect(none.accuracy).toMatchObject({ scored: 0, correct: 0, interval: null });
    expect(none.labelsNeeded[0].reason).toBe('no strict held-out pairs yet');
    // A run recorded before the counts were kept: no interval, and no per-episode returns.
    const old = runConfidence([{ globalStep: 1, rewardModel: rm(9, 10, 10, 50, false), alignment: evaluation(undefined) }], { envId: CARTPOLE, heldOutShare: 0.2 });
    expect(old.accuracy).toMatchObject({ scored: null, correct: null, interval: null });
    expect(old.returns[0]).toMatchObject({ bound: null, reason: expect.stringContaining('did not record per-episode values') });
    // An env with no known range (stochastic gridworld): no bound.
    expect(envRange('TomatoWatering-v0')).toBeNull();
    const unknown = runConfidence([{ globalStep: 1, rewardModel: null, alignment: evaluation([1, 2]) }], { envId: 'TomatoWatering-v0', heldOutShare: 0.2 });
    expect(unknown.accuracy).toBeNull();
    expect(unknown.returns[0]).toMatchObject({ range: null, bound: null, mean: 1.5, reason: expect.stringContaining('no known range') });
    // Returns outside the stated range: the range is wrong, so no bound rests on it.
    const outside = runConfidence([{ globalStep: 1, rewardModel: null, alignment: evaluation([501, 400]) }], { envId: CARTPOLE, heldOutShare: 0.2 });
    expect(outside.returns[0]).toMatchObject({ bound: null, reason: expect.stringContaining('do not fit the stated range [0, 500]') });
  });

  it('bounds the hidden performance too where the env has its own range (an exact gridworld)', () => {
    const range = envRange('BoatRace-v0')!;
    expect(range.performance).not.toBeNull();
    const perf = range.performance!.max;
    const c = runConfidence([{ globalStep: 1, rewardModel: null, alignment: evaluation([range.return.max, range.return.max], [perf, perf]) }], { envId: 'BoatRace-v0', heldOutShare: 0.2 });
    expect(c.returns.map((r) => r.quantity)).toEqual(['true return', 'hidden performance']);
    const hidden = c.returns[1];
    expect(hidden.range).toEqual(range.performance);
    const width = range.performance!.max - range.performance!.min;
    expect(hidden.bound!.lower).toBeCloseTo(Math.max(range.performance!.min, perf - width * Math.sqrt(Math.log(40) / 4)), 9);
  });
});
