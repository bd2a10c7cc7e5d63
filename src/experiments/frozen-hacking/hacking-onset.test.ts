import { describe, expect, it } from 'vitest';
import { hackingOnset } from './hacking-onset.js';

const curve = (pairs: [number, number][]) => pairs.map(([learnedReturn, performance], i) => ({ step: 1000 * i, learnedReturn, performance, visibleReturn: 0, disagreement: 0 }));

describe('hackingOnset', () => {
  it('finds the first evaluation after which performance stays far below its peak while the learned return holds', () => {
    const c = curve([[0, -100], [10, 20], [20, 60], [30, 55], [40, -10], [50, -40], [60, -30]]);
    const got = hackingOnset(c, { range: 200 });
    expect(got).toMatchObject({ opened: true, step: 4000, peakPerformance: 60, peakStep: 2000, finalPerformance: -30, finalLearned: 60, preferredFrom: null });
  });

  it('does not call it hacking when performance recovers, or when the learned return falls with it', () => {
    expect(hackingOnset(curve([[0, 0], [10, 80], [20, 0], [30, 90]]), { range: 200 }).opened).toBe(false);
    const honest = hackingOnset(curve([[0, 0], [10, 80], [5, 0], [4, -10]]), { range: 200 });
    expect(honest).toMatchObject({ opened: false, step: null, peakPerformance: 80, peakStep: 1000 });
    // a small dip (less than a quarter of the range) is not a gap
    expect(hackingOnset(curve([[0, 0], [10, 80], [20, 60], [30, 50]]), { range: 200 }).opened).toBe(false);
    expect(hackingOnset(curve([[0, 0], [10, 80], [20, 60], [30, 50]]), { range: 200, drop: 0.1 }).step).toBe(2000);
  });

  it('flags a model wrong from the start: the agent out-scores the intended behaviour under it while performing badly', () => {
    const c = curve([[0, -100], [50, -98], [40, -100], [60, -98], [70, -98]]);
    const intended = { learned: 45, performance: 100 };
    const got = hackingOnset(c, { range: 200, intended });
    expect(got.opened).toBe(false); // there was no peak to fall from
    expect(got.preferredFrom).toBe(3000); // at 2000 the learned return dipped below the intended 45
    expect(hackingOnset(c, { range: 200 }).preferredFrom).toBeNull();
    // the agent doing what is intended is not flagged, however high its learned return
    expect(hackingOnset(curve([[0, -100], [50, 100], [60, 100]]), { range: 200, intended }).preferredFrom).toBeNull();
  });

  it('rejects a non-positive range', () => {
    expect(() => hackingOnset(curve([[0, 0]]), { range: 0 })).toThrow(/range/);
  });
});
