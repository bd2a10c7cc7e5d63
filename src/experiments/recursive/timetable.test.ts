import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../core/errors.js';
import { FULL_BUDGETS, equalEffortBudget, runCondition } from '../../recursive/timetable/conditions.js';
import { instanceStats, timetableConditions } from './timetable.js';
import { makeTimetableInstance } from '../../recursive/timetable/instance.js';

describe('timetable experiment plumbing', () => {
  it('runs depth 3 first (its effort sets the unassisted budget) and always the baselines', () => {
    expect(timetableConditions([0, 3])).toEqual(['depth-3', 'unassisted', 'a1-degraded', 'frozen-critic', 'oracle', 'full-observation', 'rl-true']);
    expect(timetableConditions([1])).toEqual(['depth-1', 'oracle', 'full-observation', 'rl-true']);
  });

  it('gives the unassisted user the assistants’ checks back per solver judgement', () => {
    expect(equalEffortBudget(FULL_BUDGETS, 0)).toBe(9);
    expect(equalEffortBudget(FULL_BUDGETS, 2 * FULL_BUDGETS.solverLabels * 5 + 1)).toBe(14);
  });

  it('the unaided user confirms a clash in only a few percent of its judgements', () => {
    for (const seed of [0, 1]) {
      const s = instanceStats(makeTimetableInstance(seed), seed);
      expect(s.allPreferredJ).toBeLessThan(0);
      expect(s.unaidedJudgementsWithClash).toBeGreaterThan(0.005);
      expect(s.unaidedJudgementsWithClash).toBeLessThan(0.1);
      expect(s.unaidedFlawsConfirmed).toBeLessThan(0.01);
    }
  });

  it('rejects an unknown condition', () => {
    expect(() => runCondition(makeTimetableInstance(0), 'depth-9' as never, 0, FULL_BUDGETS)).toThrow(ConfigError);
  });
});
