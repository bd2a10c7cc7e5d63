/**
 * One episode under sign-off (Leike et al. 2018 §6): the agent proposes a plan from where it
 * is, the approval source decides, the executor runs an approved plan and hands control back
 * when the world departs from it; then the agent proposes again from where it actually is. A
 * rejection executes nothing: the agent proposes an alternative (avoiding the step objected to,
 * or the plan's first step) up to `maxProposals` times, then stops for good — the episode ends
 * without any unapproved action. Evaluation code (hidden performance per step).
 */
import type { AnyEnv } from '../../core/env.js';
import { ConfigError } from '../../core/errors.js';
import { approvePlan, type ApprovedPlan, type Plan, type PlanApprovalSource, type PlanVerdict } from '../../core/plan.js';
import type { Rng } from '../../core/rng.js';
import { executePlan, type PlanExecution } from './plan-executor.js';
import { proposePlan, type PlanPolicy, type PlanWorld } from './plan.js';

export interface PlanEpisodeOptions {
  /** Seed of env.reset. */
  seed: number;
  /** Prefix of the plan ids (`<prefix>/p<n>`). Default 'ep'. */
  idPrefix?: string;
  /** Steps per plan (H). Default 6. */
  horizon?: number;
  /** How the agent picks its intended actions (plan.ts). Default 'most-likely'. */
  choose?: 'most-likely' | 'sample';
  rng?: Rng;
  /** Proposals per decision point before the agent gives up and stops. Default 10. */
  maxProposals?: number;
  /** Episode length. Default 100. */
  maxSteps?: number;
  /** Every decided plan and its verdict (before execution), e.g. for an audit. */
  onVerdict?(plan: Plan, verdict: PlanVerdict): void;
  /** Every execution. */
  onExecution?(plan: ApprovedPlan, run: PlanExecution): void;
}

export interface PlanEpisodeResult {
  steps: number;
  visible: number;
  performance: number;
  proposals: number;
  approvals: number;
  rejections: number;
  /** Executions that ended because the world departed from the plan (each is followed by a new proposal unless the episode is over). */
  departures: number;
  /** Proposals made right after a departure. */
  replans: number;
  /** 'terminated' / 'truncated' by the env; 'stopped': no approved plan within maxProposals (or no action left); 'lost': the world left the model. */
  end: 'terminated' | 'truncated' | 'stopped' | 'lost';
}

export async function runPlanEpisode(env: AnyEnv, world: PlanWorld, policy: PlanPolicy, approver: PlanApprovalSource, o: PlanEpisodeOptions): Promise<PlanEpisodeResult> {
  const maxProposals = o.maxProposals ?? 10;
  const maxSteps = o.maxSteps ?? 100;
  if (!Number.isInteger(maxProposals) || maxProposals < 1) throw new ConfigError('maxProposals', maxProposals, 'must be an integer ≥ 1');
  const out: PlanEpisodeResult = { steps: 0, visible: 0, performance: 0, proposals: 0, approvals: 0, rejections: 0, departures: 0, replans: 0, end: 'truncated' };
  let observation = env.reset({ seed: o.seed }).observation as Float32Array;
  let afterDeparture = false;
  while (out.steps < maxSteps) {
    const s = world.stateOf(observation);
    if (s === null) {
      out.end = 'lost';
      return out;
    }
    const exclude = new Set<string>();
    let approved: ApprovedPlan | null = null;
    for (let k = 0; k < maxProposals && !approved; k++) {
      const plan = proposePlan(world, policy, s, { id: `${o.idPrefix ?? 'ep'}/p${out.proposals}`, horizon: o.horizon, choose: o.choose, rng: o.rng, exclude, startStep: out.steps, maxSteps });
      if (plan.steps.length === 0) break;
      out.proposals++;
      if (afterDeparture) out.replans++;
      const verdict = await approver.review(plan);
      o.onVerdict?.(plan, verdict);
      if (verdict.planId === plan.id && verdict.approved === true) {
        out.approvals++;
        approved = approvePlan(plan, verdict);
      } else {
        out.rejections++;
        const objected = plan.steps[verdict.step !== undefined && verdict.step >= 0 && verdict.step < plan.steps.length ? verdict.step : 0];
        exclude.add(`${objected.state}:${objected.action}`);
      }
    }
    if (!approved) {
      out.end = 'stopped';
      return out;
    }
    const run = executePlan(env, world.mdp, approved, observation);
    o.onExecution?.(approved, run);
    for (const st of run.steps) {
      out.steps++;
      out.visible += st.reward;
      out.performance += st.performance;
    }
    observation = run.observation;
    if (run.terminated || run.truncated) {
      if (run.outcome === 'departed') out.departures++;
      out.end = run.terminated ? 'terminated' : 'truncated';
      return out;
    }
    afterDeparture = run.outcome === 'departed';
    if (afterDeparture) out.departures++;
  }
  return out;
}
