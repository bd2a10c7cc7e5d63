import { describe, expect, it } from 'vitest';
import '../envs/index.js';
import type { RewardFreeEnv } from '../core/env.js';
import { Rng } from '../core/rng.js';
import { unseal } from '../core/sealed.js';
import type { Action, Fragment, Trajectory } from '../core/types.js';
import { make } from '../envs/registry.js';
import { hideReward } from '../wrappers/hide-reward.js';
import { goalExamples, ratedClip } from '../rewards/fold-feedback.js';
import { MixedRewardTrainer } from '../rewards/mixed-trainer.js';
import { RewardModel, fragmentBatch } from '../rewards/reward-model.js';
import { cutFragments } from './fragmenter.js';
import { GoalMarker } from './goal-marker.js';
import type { KindedAnswer } from './kinded-feedback-source.js';
import { SyntheticRater } from './noisy-rater.js';
import { SyntheticKindsTeacher } from './synthetic-kinds-teacher.js';
import { SyntheticTeacher } from './synthetic-teacher.js';

const envId = 'FixedHorizonAcrobot-v1';
const env = () => hideReward(make(envId)) as RewardFreeEnv<Float32Array, Action>;
const controller = (o: Float32Array): Action => (o[5] > 0 ? 2 : 0);
const clipReturn = (f: Fragment) => f.evaluation.reduce((s, e) => s + unseal(e).reward, 0);

describe('one contract for every synthetic feedback kind', () => {
  it('demonstrations, goal marks and ratings come through ask(); folded, they train a reward that scores the goal states highest', async () => {
    const teacher = new SyntheticKindsTeacher({
      preference: new SyntheticTeacher({}, 1),
      rating: new SyntheticRater({ low: -25, high: 0, noise: 0.3 }, 2), // a 25-step clip returns −25 (never at the goal) … 0 (at the goal throughout)
      goal: new GoalMarker({ threshold: 0 }, 3), // Acrobot pays 0 per step once the goal is reached, −1 before
      demonstration: { env: env(), envId, controller, noise: 0.2 },
    });
    expect(teacher.kinds).toEqual(['preference', 'rating', 'goal', 'demonstration']);
    const demo = (await teacher.ask({ kind: 'demonstration', id: 'd1', episodes: 3, seed: 11 })) as Extract<KindedAnswer, { kind: 'demonstration' }>;
    expect(demo.trajectories).toHaveLength(3);
    expect(demo.noise).toEqual([0.2, 0.2, 0.2]);
    const trajectories: Trajectory[] = demo.trajectories;
    const goals = await Promise.all(trajectories.map((t, i) => teacher.ask({ kind: 'goal', id: `g${i}`, trajectory: t })));
    const clips = cutFragments(trajectories, 60, new Rng(4), { length: 25 });
    const ratings = await Promise.all(clips.map((c) => teacher.ask({ kind: 'rating', id: `r/${c.id}`, clip: c })));
    const goal = goals.flatMap((a, i) => (a.kind === 'goal' ? goalExamples(trajectories[i], a.goalSteps) : []));
    expect(goal.filter((g) => g.goal).reduce((s, g) => s + g.states.n, 0)).toBeGreaterThan(300); // the demonstrator reaches the goal early
    const rated = ratings.map((a, i) => ratedClip(clips[i], a.kind === 'rating' ? a.rating : NaN));
    expect(new Set(rated.map((r) => r.rating)).size).toBeGreaterThan(1);
    // clips rated higher have the higher true return on average
    const byRating = (r: number) => clips.filter((_, i) => rated[i].rating === r).map(clipReturn);
    expect(byRating(5).length).toBeGreaterThan(0);
    expect(byRating(1).length).toBeGreaterThan(0);
    expect(Math.min(...byRating(5))).toBeGreaterThan(Math.max(...byRating(1)));

    const model = new RewardModel(7, { kind: 'discrete', n: 3 }, { members: 1, hidden: [16], useAction: false }, new Rng(5));
    for (const t of trajectories) model.observe(t.observations);
    new MixedRewardTrainer(model, { stepsPerRound: 200, learningRate: 3e-3 }).train({ goal, rating: rated }, new Rng(6));
    const held = (await teacher.ask({ kind: 'demonstration', id: 'd2', episodes: 1, seed: 99 })) as Extract<KindedAnswer, { kind: 'demonstration' }>;
    const t = held.trajectories[0];
    const r = model.predict(fragmentBatch(t.observations, t.actions)).mean;
    const marks = (await teacher.ask({ kind: 'goal', id: 'g-held', trajectory: t })) as Extract<KindedAnswer, { kind: 'goal' }>;
    const inGoal = new Set(marks.goalSteps);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const rs = Array.from(r);
    expect(mean(rs.filter((_, i) => inGoal.has(i)))).toBeGreaterThan(mean(rs.filter((_, i) => !inGoal.has(i))) + 1);
  });

  it('rejects a kind it has no teacher for, naming the kind', async () => {
    const teacher = new SyntheticKindsTeacher({ goal: new GoalMarker({ threshold: 0 }, 0) });
    const clip = cutFragments(teacherTrajectory(), 1, new Rng(0), { length: 5 })[0];
    await expect(teacher.ask({ kind: 'intervention', id: 'x', clip })).rejects.toThrow(/feedback query kind = "intervention"/);
    await expect(teacher.ask({ kind: 'rating', id: 'y', clip })).rejects.toThrow(/it answers goal/);
    expect(() => new SyntheticKindsTeacher({})).toThrow(/synthetic teacher parts/);
  });
});

function teacherTrajectory(): Trajectory[] {
  const e = env();
  const first = e.reset({ seed: 0 });
  const t: Trajectory = { envId, seed: 0, episode: 0, observations: [first.observation], actions: [], evaluation: [], terminated: false, truncated: false };
  for (let i = 0; i < 10; i++) {
    const r = e.step(1);
    t.actions.push(1);
    t.observations.push(r.observation);
    t.evaluation.push(r.evaluation);
  }
  return [t];
}
