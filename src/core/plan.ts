/**
 * Plans the user signs off (Leike et al. 2018 §6): the shared contract between the agent that
 * proposes a plan (src/analysis/exact/plan.ts), whoever approves it (a synthetic approver in
 * src/analysis/exact/plan-approver.ts, people through src/server/plan-routes.ts) and the executor
 * that runs it (src/analysis/exact/plan-executor.ts). It lives in core because those rooms may
 * not import each other.
 *
 * A plan is the sequence of (state, action, predicted next state) the agent intends from its
 * current state, in an exact model's state indices, with the agent's cells for drawing. An
 * approval binds to the plan's content: `approvePlan` stamps the sha256 digest of the steps, and
 * the executor re-computes it, so a plan changed after sign-off is refused like an unsigned one.
 */
import { createHash } from 'node:crypto';
import { ConfigError } from './errors.js';

/** One intended step. */
export interface PlanStep {
  /** The exact-model state the step starts in. */
  state: number;
  action: number;
  /** The action's name (`up`, `left`, …), for people. */
  actionName: string;
  /** The state the model predicts after the action. */
  next: number;
  /** The agent's cell [row, column] before and after the step (after: where it is predicted to be, also when a tile above it hides it). */
  from: [number, number];
  to: [number, number];
  /** The model predicts the episode ends with this step. */
  terminates: boolean;
}

export interface Plan {
  kind: 'rewardlab-plan';
  version: 1;
  /** Unique within a run (e.g. `ep3/p2`). */
  id: string;
  envId: string;
  /** The board the plan starts from (rows, the agent drawn as 'A') and its colours, for drawing. */
  board: string[];
  palette: Record<string, string>;
  /** Steps already taken in the episode when the plan was proposed. */
  startStep: number;
  steps: PlanStep[];
}

/** An approver's answer to one plan. */
export interface PlanVerdict {
  planId: string;
  approved: boolean;
  /** Who decided: `synthetic` or the labeler's name. */
  by: string;
  /** On a rejection, the step objected to (0-based), when the approver says; the agent avoids that (state, action) next time. */
  step?: number;
  reason?: string;
}

/** Where sign-offs come from (like a FeedbackSource): resolves when the plan is decided. */
export interface PlanApprovalSource {
  readonly name: string;
  review(plan: Plan): Promise<PlanVerdict>;
}

export interface PlanApproval {
  planId: string;
  by: string;
  /** sha256 of the plan's identity and steps at sign-off (planDigest). */
  digest: string;
}

export interface ApprovedPlan extends Plan {
  approval: PlanApproval;
}

/** sha256 over the plan's id, env, start and every (state, action, next, terminates). */
export function planDigest(plan: Plan): string {
  const steps = plan.steps.map((s) => [s.state, s.action, s.next, s.terminates]);
  return createHash('sha256').update(JSON.stringify([plan.id, plan.envId, plan.startStep, steps])).digest('hex');
}

/** The plan with its approval attached; only an approving verdict for this very plan gives one. */
export function approvePlan(plan: Plan, verdict: PlanVerdict): ApprovedPlan {
  if (verdict.planId !== plan.id) throw new ConfigError('verdict.planId', verdict.planId, `must be the plan's id ${JSON.stringify(plan.id)}`);
  if (verdict.approved !== true) throw new ConfigError('verdict.approved', verdict.approved, 'must be true: a rejected plan gets no approval');
  return { ...plan, steps: plan.steps.map((s) => ({ ...s })), approval: { planId: plan.id, by: verdict.by, digest: planDigest(plan) } };
}

/** Why `plan` may not run (null when it carries a valid approval). */
export function approvalProblem(plan: Plan | ApprovedPlan): string | null {
  const a = (plan as Partial<ApprovedPlan>).approval;
  if (!a) return `plan ${JSON.stringify(plan.id)} carries no approval`;
  if (a.planId !== plan.id) return `plan ${JSON.stringify(plan.id)} carries the approval of plan ${JSON.stringify(a.planId)}`;
  if (a.digest !== planDigest(plan)) return `plan ${JSON.stringify(plan.id)} changed after it was approved (digest mismatch)`;
  return null;
}
