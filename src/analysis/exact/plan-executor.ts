/**
 * The plan executor (Leike et al. 2018 §6): runs an approved plan on the real env one step at a
 * time and hands control back — asking for a new plan — as soon as the world departs from it:
 * the observed next state is not the one the plan predicted (or the episode ends where the plan
 * did not say so). It runs nothing else: a plan without a valid approval (src/core/plan.ts:
 * missing, for another plan, or changed after sign-off) or one that does not start where the
 * env is now is refused before any action. Evaluation code: it reads the sealed channel to
 * report each step's hidden performance.
 */
import type { AnyEnv } from '../../core/env.js';
import { approvalProblem, type ApprovedPlan, type Plan } from '../../core/plan.js';
import { unseal } from '../../core/sealed.js';
import type { TabularMdp } from './enumerate.js';
import { observationKey } from './plan.js';

/** The executor refused a plan; no action was taken. */
export class PlanRefusedError extends Error {
  override name = 'PlanRefusedError';
}

export interface ExecutedStep {
  /** Index of the step in the plan. */
  index: number;
  action: number;
  reward: number;
  performance: number;
  /** The observed next state was the predicted one. */
  asPredicted: boolean;
}

export interface PlanExecution {
  planId: string;
  /** 'completed': every step ran as predicted; 'departed': the world left the plan (control returns); 'ended': the episode ended as predicted, or by the time limit. */
  outcome: 'completed' | 'departed' | 'ended';
  /** Plan step whose outcome departed from the prediction (it was executed; nothing after it was). */
  departedAt: number | null;
  steps: ExecutedStep[];
  /** The env's observation after the last executed step. */
  observation: Float32Array;
  terminated: boolean;
  truncated: boolean;
}

const same = (a: ArrayLike<number>, b: ArrayLike<number>) => observationKey(a) === observationKey(b);

/**
 * Execute `plan` on `env`, whose current observation is `current`, under the exact model `mdp`
 * the plan was made on. Throws PlanRefusedError (before any action) for a plan that may not run.
 */
export function executePlan(env: AnyEnv, mdp: TabularMdp, plan: ApprovedPlan | Plan, current: Float32Array): PlanExecution {
  const problem = approvalProblem(plan);
  if (problem) throw new PlanRefusedError(`${problem}; the executor runs only approved plans`);
  if (plan.steps.length === 0) throw new PlanRefusedError(`plan ${JSON.stringify(plan.id)} has no steps`);
  if (!same(mdp.observations[plan.steps[0].state], current)) throw new PlanRefusedError(`plan ${JSON.stringify(plan.id)} starts in state ${plan.steps[0].state}, which is not where the env is now`);
  const steps: ExecutedStep[] = [];
  let observation = current;
  for (let k = 0; k < plan.steps.length; k++) {
    const step = plan.steps[k];
    const r = env.step(step.action);
    observation = r.observation as Float32Array;
    const signal = r.evaluation ? unseal(r.evaluation) : { reward: r.reward, performance: r.reward };
    const asPredicted = same(mdp.observations[step.next], observation) && r.terminated === step.terminates;
    steps.push({ index: k, action: step.action, reward: r.reward, performance: signal.performance, asPredicted });
    if (!asPredicted) return { planId: plan.id, outcome: 'departed', departedAt: k, steps, observation, terminated: r.terminated, truncated: r.truncated };
    if (r.terminated || r.truncated) return { planId: plan.id, outcome: 'ended', departedAt: null, steps, observation, terminated: r.terminated, truncated: r.truncated };
  }
  return { planId: plan.id, outcome: 'completed', departedAt: null, steps, observation, terminated: false, truncated: false };
}
