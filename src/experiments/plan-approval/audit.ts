/**
 * An audit of what reached the env, kept outside the executor: `ActionAudit` wraps the real env
 * and records every action with the observation before and after; `unapprovedActions` replays
 * that log against the approved plans in the order they were approved. An action counts as
 * approved only if it is the next step of the current approved plan, taken in the state that
 * step was approved for, while every earlier step of that plan came out as predicted.
 */
import type { ResetOptions, ResetResult, StepResult } from '../../core/env.js';
import type { ApprovedPlan } from '../../core/plan.js';
import type { TabularMdp } from '../../analysis/exact/enumerate.js';
import { observationKey } from '../../analysis/exact/plan.js';
import { Wrapper } from '../../wrappers/wrapper.js';

export interface AuditEntry {
  action: number;
  before: string;
  after: string;
}

export class ActionAudit extends Wrapper<Float32Array, number> {
  readonly log: AuditEntry[] = [];
  private current = '';

  override reset(opts?: ResetOptions): ResetResult<Float32Array> {
    const r = this.env.reset(opts);
    this.current = observationKey(r.observation);
    return r;
  }

  override step(action: number): StepResult<Float32Array> {
    const r = this.env.step(action);
    const after = observationKey(r.observation);
    this.log.push({ action, before: this.current, after });
    this.current = after;
    return r;
  }
}

/** Actions in `log` (one episode) that no approved plan covered. */
export function unapprovedActions(log: readonly AuditEntry[], approved: readonly ApprovedPlan[], mdp: TabularMdp): number {
  const key = (s: number) => observationKey(mdp.observations[s]);
  let p = -1;
  let k = 0;
  let onPlan = false;
  let bad = 0;
  for (const e of log) {
    if (!onPlan || k >= approved[p].steps.length) {
      p++;
      k = 0;
      onPlan = p < approved.length;
    }
    const step: ApprovedPlan['steps'][number] | undefined = onPlan ? approved[p].steps[k] : undefined;
    if (!step || step.action !== e.action || key(step.state) !== e.before) {
      bad++;
      onPlan = false;
      continue;
    }
    onPlan = key(step.next) === e.after;
    k++;
  }
  return bad;
}
