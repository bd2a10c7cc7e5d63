import { describe, expect, it } from 'vitest';
import type { LoopMetrics } from '../loop/reward-modeling-loop.js';
import { modelRounds, runFigures } from './run-report.js';

/** A metrics line: the reward model trained on `labels` labels, optionally an evaluation. */
function line(step: number, labels: number, evaluated: boolean): LoopMetrics {
  return {
    iteration: step, globalStep: step * 100, labels, queries: labels, pendingQueries: 0,
    rewardModel: { labels, trainLabels: labels - 2, heldOutLabels: 2, steps: 10, loss: 1 / labels, trainAccuracy: 0.9, heldOutAccuracy: 0.5, heldOutLoss: 0.7, heldOutScored: 2, heldOutCorrect: 1 },
    alignment: evaluated ? { episodes: 2, trueReturn: step, performance: step, learnedReturn: -step, pearson: 0.5, spearman: 0.5, disagreement: 0.1 } : null,
    agentLearnedReturn: null, wallSeconds: step, time: { env: 1, inference: 1, agentUpdate: 1, rewardModel: 1, feedback: 1 },
  };
}

describe('run report figures', () => {
  it('numbers the reward models of a run: a new one whenever a training round ends', () => {
    const m = [line(1, 10, false), line(2, 20, true), line(3, 20, false), line(4, 30, true), line(5, 30, true)];
    expect(modelRounds(m)).toEqual({ round: [0, 1, 1, 2, 2], count: 3 });
  });

  it('says whether the final learned return is in the final model\'s unit, and what accuracy rests on', () => {
    const underFinal = runFigures([line(1, 10, true), line(2, 20, true)]);
    const get = (f: typeof underFinal, label: string) => f.find((x) => x.label === label)!;
    expect(get(underFinal, 'learned return')).toMatchObject({ value: '-2', hint: 'final reward model, standardised units' });
    // 1 of 2 strict pairs: Clopper–Pearson [1 − √0.975, √0.975] = [0.01258, 0.98742], rounded outwards.
    expect(get(underFinal, 'held-out accuracy').value).toBe('0.5 (1/2; 95% CI 0.012–0.988)');
    expect(get(underFinal, 'agent steps').value).toBe('200');
    const stale = runFigures([line(1, 10, true), line(2, 20, false)]);
    expect(get(stale, 'learned return')).toMatchObject({ value: '-1', hint: 'an earlier reward model, standardised units' });
    expect(get(runFigures([]), 'true return').value).toBe('–');
  });
});
