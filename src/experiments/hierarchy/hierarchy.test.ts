/**
 * hierarchy on a small budget, fixed seed: with the same 32 labels, hierarchical feedback (subgoal
 * clips + task episodes) gets informative answers where flat clip preferences against the sparse
 * task get only ties, and on seed 0 its greedy agent solves KeyDoor while flat's never reaches the
 * goal. Seed 0 only: over six seeds at 64 labels the experiment does NOT show hierarchical ahead
 * (see its report); this pins the direction on the seed where it holds, so a change to the subgoal
 * teacher or the loop that loses it is seen. The summary and config say what they measured. Guards the subgoal teacher (flip its answer and the goal is
 * not reached). It does not guard the trainer's subgoal terms: at this budget a run that drops
 * them still reaches the goal on seed 0 (an untrained reward can point the planner there); the
 * trainer's own tests (src/rewards/hierarchical-trainer.test.ts) do.
 */
import { describe, expect, it } from 'vitest';
import { hierarchyConfig, summarise } from './hierarchy.js';
import { learnOnce } from './learn.js';
import type { ConditionRun, HierarchyConfig } from './types.js';

const small: HierarchyConfig = { ...hierarchyConfig({ quick: true, values: {} }), rounds: 4, labelsPerRound: 8, stepsPerRound: 40 };

describe('hierarchy', () => {
  it('KeyDoor, seed 0, 32 labels: hierarchical answers carry information and reach the goal (and end there), flat clip preferences only tie and do not', async () => {
    const hierarchical = await learnOnce('hierarchical', 0, small);
    const flat = await learnOnce('flat-clips', 0, small);
    expect(hierarchical.labels).toBe(32);
    expect(flat.labels).toBe(32);
    expect(hierarchical.labelsByLevel.task).toBe(8);
    expect(hierarchical.final.success).toBe(true);
    expect(hierarchical.final.performance).toBe(23); // the 27-step solution
    expect(hierarchical.labelsToGoal).not.toBeNull();
    expect(hierarchical.goalRoundShare).toBeGreaterThan(flat.goalRoundShare); // reaches the goal in more rounds than flat at the same labels
    expect(flat.labelsToGoal).toBeNull();
    expect(flat.final.performance).toBe(-100);
    expect(flat.ties).toBe(32); // against the sparse task every clip pair without the goal ties
    expect(hierarchical.ties).toBeLessThan(16);
    expect(hierarchical.probePairs).toBeGreaterThan(0);
  }, 90_000);

  it('the summary over seeds and the config checks', () => {
    const run = (seed: number, labelsToGoal: number | null, performance: number): ConditionRun => ({
      condition: 'hierarchical', seed, labels: 10, labelsByLevel: {}, ties: 0, seconds: 50, curve: [],
      final: { labels: 10, seconds: 50, performance, success: performance > 0, subgoalsDone: performance > 0 ? 3 : 1 }, labelsToGoal, goalRoundShare: performance > 0 ? 0.5 : 0, subgoalAgreement: performance > 0 ? 0.9 : null, probePairs: 10, trainingSuccess: 0.5,
    });
    const s = summarise('hierarchical', [run(0, 4, 23), run(1, null, -100), run(2, 8, 23), { ...run(3, 2, 23), condition: 'flat-clips' }]);
    expect(s).toEqual({ condition: 'hierarchical', seeds: 3, meanFinalPerformance: -18, finalSuccessRate: 2 / 3, reachedGoal: 2, meanLabelsToGoal: 6, meanGoalRoundShare: 1 / 3, meanSubgoalAgreement: 0.9, meanSeconds: 50, meanTrainingSuccess: 0.5 });
    expect(() => hierarchyConfig({ quick: false, values: { env: 'FixedHorizonCartPole-v0' } })).toThrow(/--env/);
    expect(() => hierarchyConfig({ quick: false, values: { labels: 3 } })).toThrow(/--labels/);
    expect(hierarchyConfig({ quick: false, values: { labels: 80 } }).labelsPerRound).toBe(10);
  });
});
