import { describe, expect, it } from 'vitest';
import '../../envs/index.js';
import type { AnyEnv, StepResult } from '../../core/env.js';
import { ConfigError } from '../../core/errors.js';
import { approvePlan, type Plan, type PlanApprovalSource, type PlanVerdict } from '../../core/plan.js';
import { make } from '../../envs/registry.js';
import { Wrapper } from '../../wrappers/wrapper.js';
import { planWorld, proposePlan, type PlanPolicy } from './plan.js';
import { executePlan, PlanRefusedError } from './plan-executor.js';
import { SyntheticPlanApprover } from './plan-approver.js';
import { runPlanEpisode } from './plan-episode.js';
import { rewardOf, valueIteration } from './value-iteration.js';

/** Counts the actions that reach the env; `perturb` may replace the k-th one (a hand-made departure). */
class Counting extends Wrapper<Float32Array, number> {
  actions: number[] = [];
  constructor(env: AnyEnv, private readonly perturb: (k: number, a: number) => number = (_k, a) => a) {
    super(env as never);
  }
  override step(action: number): StepResult<Float32Array> {
    const a = this.perturb(this.actions.length, action);
    this.actions.push(action);
    return this.env.step(a);
  }
}

const world = planWorld('IslandNavigation-v0');
const best = valueIteration(world.mdp, rewardOf(world.mdp, 'visible'));
const greedy: PlanPolicy = (s, left) => Array.from({ length: world.mdp.numActions }, (_, a) => (a === best.act(s, left) ? 1 : 0));
const always = (name: string): PlanPolicy => () => world.actionNames.map((n) => (n === name ? 1 : 0));
const UP = world.actionNames.indexOf('up');
const approveAll: PlanApprovalSource = { name: 'all', review: (p) => Promise.resolve({ planId: p.id, approved: true, by: 'all' }) };

function fresh(perturb?: (k: number, a: number) => number) {
  const env = new Counting(make('IslandNavigation-v0'), perturb);
  const obs = env.reset({ seed: 0 }).observation as Float32Array;
  return { env, obs };
}

describe('plans on IslandNavigation', () => {
  it('the most likely plan from the start is the shortest path to the goal, drawn cell by cell', () => {
    const plan = proposePlan(world, greedy, 0, { id: 'p0', horizon: 6 });
    expect(plan.board[1]).toBe('WW  A  W');
    expect(plan.steps).toHaveLength(4); // (1,4) → (4,3): three down, one left, then the goal ends the episode
    expect(plan.steps[0].from).toEqual([1, 4]);
    expect(plan.steps.at(-1)!.to).toEqual([4, 3]);
    expect(plan.steps.at(-1)!.terminates).toBe(true);
    expect(plan.steps.map((s) => s.actionName).sort()).toEqual(['down', 'down', 'down', 'left']);
  });

  it('the synthetic approver rejects a plan into the water and names the step; a safe plan passes', async () => {
    const wet = proposePlan(world, always('right'), 0, { id: 'wet', horizon: 5 });
    expect(wet.steps.map((s) => s.to)).toEqual([[1, 5], [1, 6], [1, 7]]); // (1,7) is water: the episode ends there
    const approver = new SyntheticPlanApprover(world.mdp);
    const v = await approver.review(wet);
    expect(v).toMatchObject({ approved: false, step: 2 });
    expect((await approver.review(proposePlan(world, greedy, 0, { id: 'dry' }))).approved).toBe(true);
  });

  it('the executor refuses an unapproved plan, a plan changed after approval and a plan for another state; no action reaches the env', () => {
    const plan = proposePlan(world, greedy, 0, { id: 'p', horizon: 3 });
    const { env, obs } = fresh();
    expect(() => executePlan(env, world.mdp, plan, obs)).toThrow(PlanRefusedError);
    expect(() => approvePlan(plan, { planId: 'p', approved: false, by: 'x' })).toThrow(ConfigError);
    const signed = approvePlan(plan, { planId: 'p', approved: true, by: 'x' });
    const changed = { ...signed, steps: signed.steps.map((s, i) => (i === 0 ? { ...s, action: UP } : s)) };
    expect(() => executePlan(env, world.mdp, changed, obs)).toThrow(/changed after it was approved/);
    const elsewhere = approvePlan(proposePlan(world, greedy, plan.steps[1].state, { id: 'q' }), { planId: 'q', approved: true, by: 'x' });
    expect(() => executePlan(env, world.mdp, elsewhere, obs)).toThrow(/not where the env is now/);
    expect(env.actions).toEqual([]);
    const run = executePlan(env, world.mdp, signed, obs);
    expect(run.outcome).toBe('completed');
    expect(env.actions).toEqual(plan.steps.map((s) => s.action));
  });

  it('a departure stops execution at that step: the perturbed step runs, nothing after it', () => {
    const plan = approvePlan(proposePlan(world, greedy, 0, { id: 'p', horizon: 6 }), { planId: 'p', approved: true, by: 'x' });
    const { env, obs } = fresh((k, a) => (k === 1 ? UP : a)); // the wind pushes the agent back up on the second step
    const run = executePlan(env, world.mdp, plan, obs);
    expect(run.outcome).toBe('departed');
    expect(run.departedAt).toBe(1);
    expect(run.steps.map((s) => s.asPredicted)).toEqual([true, false]);
    expect(env.actions).toEqual(plan.steps.slice(0, 2).map((s) => s.action));
    expect(world.stateOf(run.observation)).toBe(0); // back where it started: the next plan starts here
  });

  it('a rejection stops execution: nothing runs after a reject, and the agent stops when no plan is approved', async () => {
    const rejectAll: PlanApprovalSource = { name: 'none', review: (p) => Promise.resolve({ planId: p.id, approved: false, by: 'none' }) };
    const none = fresh();
    const soft: PlanPolicy = (s, left) => Array.from(greedy(s, left), (p) => 0.1 + p); // every action possible, the greedy one most likely
    const r = await runPlanEpisode(none.env, world, soft, rejectAll, { seed: 0, maxProposals: 10 });
    expect(none.env.actions).toEqual([]);
    expect(r).toMatchObject({ steps: 0, approvals: 0, end: 'stopped' });
    expect(r.rejections).toBe(4); // each rejection rules out the plan's first step; after the four moves there is nothing left to propose

    // approve the first plan (2 steps), reject everything after: exactly those 2 actions run
    const decided: PlanVerdict[] = [];
    const firstOnly: PlanApprovalSource = { name: 'first', review: (p: Plan) => Promise.resolve({ planId: p.id, approved: decided.length === 0, by: 'first' }) };
    const one = fresh();
    const r1 = await runPlanEpisode(one.env, world, greedy, firstOnly, { seed: 0, horizon: 2, onVerdict: (_p, v) => decided.push(v) });
    expect(one.env.actions).toHaveLength(2);
    expect(r1).toMatchObject({ steps: 2, approvals: 1, end: 'stopped' });
    expect(decided.filter((v) => !v.approved).length).toBe(r1.rejections);
  });

  it('an episode with every plan approved reaches the goal in 4 steps with one approval', async () => {
    const { env } = fresh();
    const r = await runPlanEpisode(env, world, greedy, approveAll, { seed: 0 });
    expect(r).toMatchObject({ steps: 4, approvals: 1, rejections: 0, departures: 0, end: 'terminated' });
    expect(r.performance).toBe(r.visible);
  });
});
