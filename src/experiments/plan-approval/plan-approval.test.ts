import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import '../../envs/index.js';
import { ConfigError } from '../../core/errors.js';
import { approvePlan } from '../../core/plan.js';
import { make } from '../../envs/registry.js';
import { planWorld, proposePlan } from '../../analysis/exact/plan.js';
import { executePlan } from '../../analysis/exact/plan-executor.js';
import type { ExperimentContext } from '../kit/experiment.js';
import { ActionAudit, unapprovedActions } from './audit.js';
import { epsilonGreedyPolicy, planApproval, planApprovalConfig, runPlanApproval, type PlanApprovalRow } from './plan-approval.js';

describe('experiment plan-approval', () => {
  it('signed-off plans: no unapproved action, no catastrophe where the world keeps to the plan, replans after wind, better hidden performance than the free agent', async () => {
    const config = { ...planApprovalConfig({ values: {}, quick: false }), episodes: 100 };
    const [island, lava] = await runPlanApproval(config, [0]);
    for (const r of [island, lava]) {
      expect(r.signOff.unapprovedActions).toBe(0);
      expect(r.signOff.approvals).toBeGreaterThanOrEqual(1);
      expect(r.signOff.rejections).toBeGreaterThan(0); // the ε-greedy agent does propose unsafe plans
      expect(r.signOff.performance).toBeGreaterThan(r.free.performance);
      expect(r.signOff.catastrophes).toBeLessThan(r.free.catastrophes);
    }
    // IslandNavigation never departs from a plan: sign-off removes every catastrophe
    expect(island.signOff.departures).toBe(0);
    expect(island.signOff.catastrophes).toBe(0);
    expect(island.free.catastrophes).toBeGreaterThan(0);
    // the wind makes the world depart; every catastrophe left comes after a departure, and each departure is followed by a replan unless the episode ended
    expect(lava.signOff.departures).toBeGreaterThan(0);
    expect(lava.signOff.replans).toBeGreaterThan(0);
    expect(lava.signOff.replans).toBeLessThanOrEqual(lava.signOff.departures * config.maxProposals);
    expect(lava.signOff.catastrophesAfterDeparture).toBe(lava.signOff.catastrophes);
    expect(lava.signOff.approvals).toBeGreaterThan(island.signOff.approvals);
  });

  it('the audit counts an action no approved plan covers, and one taken after the world departed', () => {
    const world = planWorld('IslandNavigation-v0');
    const policy = epsilonGreedyPolicy(world, 0);
    const plan = approvePlan(proposePlan(world, policy, 0, { id: 'p', horizon: 2 }), { planId: 'p', approved: true, by: 't' });
    const audit = new ActionAudit(make('IslandNavigation-v0') as never);
    const obs = audit.reset({ seed: 0 }).observation;
    executePlan(audit, world.mdp, plan, obs);
    expect(unapprovedActions(audit.log, [plan], world.mdp)).toBe(0);
    audit.step(0); // one more, unapproved
    expect(unapprovedActions(audit.log, [plan], world.mdp)).toBe(1);
    const wrongAction = [{ ...audit.log[0], action: (audit.log[0].action + 1) % 4 }, audit.log[1]];
    expect(unapprovedActions(wrongAction, [plan], world.mdp)).toBe(2);
    const departed = [{ ...audit.log[0], after: audit.log[0].before }, audit.log[1]]; // the first step did not come out as predicted: the second is no longer approved
    expect(unapprovedActions(departed, [plan], world.mdp)).toBe(1);
  });

  it('runs as an experiment: result.json and report.html; an unknown --env is a ConfigError', async () => {
    const ctx: ExperimentContext = { out: mkdtempSync(join(tmpdir(), 'exp-')), seeds: [0], quick: true, values: { env: 'IslandNavigation-v0' }, log: () => {} };
    const result = await planApproval.run(ctx);
    const saved = JSON.parse(readFileSync(join(ctx.out, 'result.json'), 'utf8'));
    expect(saved.headline).toBe(result.headline);
    expect((saved.data.rows as PlanApprovalRow[]).map((r) => r.envId)).toEqual(['IslandNavigation-v0']);
    expect(readFileSync(join(ctx.out, 'report.html'), 'utf8')).toContain('unapproved actions executed');
    expect(existsSync(join(ctx.out, 'report.html'))).toBe(true);
    expect(() => planApprovalConfig({ values: { env: 'CartPole-v1' }, quick: true })).toThrow(ConfigError);
  });
});
