/**
 * The CLI's default goal marker on an env whose hidden reward is constant except at the goal
 * (FixedHorizonAcrobot: −1 per step until the tip is up, 0 from then on, absorbed): the threshold
 * calibrated on the top share of the calibration steps is 0, so the marker marks exactly the steps
 * at the goal of a demonstrator's episode that reaches it — known answer from the sealed channel.
 * (Mutation: the share taken from the bottom — sorted ascending in topShareThreshold — marks every
 * step. The never-the-lowest-value rule is pinned by topShareThreshold's known answers in
 * correction-queries.test.ts; here the goal's 0 is already in the top share.)
 */
import { describe, expect, it } from 'vitest';
import '../envs/index.js';
import { unseal } from '../core/sealed.js';
import { resolveConfig } from '../app/resolve-config.js';
import { syntheticRater } from './synthetic-teachers.js';

describe('the default goal marker on FixedHorizonAcrobot', () => {
  it('marks exactly the steps whose hidden reward is the goal\'s', async () => {
    const rater = syntheticRater(resolveConfig({ envId: 'FixedHorizonAcrobot-v1', ask: ['preference', 'demo', 'goal'], seed: 1 }))!;
    const demo = await rater.ask({ kind: 'demonstration', id: 'd', episodes: 1, seed: 5 });
    if (demo.kind !== 'demonstration') throw new Error(demo.kind);
    const [t] = demo.trajectories;
    const marks = await rater.ask({ kind: 'goal', id: 'g', trajectory: t });
    if (marks.kind !== 'goal') throw new Error(marks.kind);
    const atGoal = t.evaluation.flatMap((e, i) => (unseal(e).reward === 0 ? [i] : []));
    expect(atGoal.length).toBeGreaterThan(0); // the ε-noisy energy controller swings the tip up
    expect(atGoal.length).toBeLessThan(t.actions.length);
    expect(marks.goalSteps).toEqual(atGoal);
  });
});
