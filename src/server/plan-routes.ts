/**
 * People sign off plans in the labeling page (Leike et al. 2018 §6). `HumanPlanApprover` is a
 * PlanApprovalSource (src/core/plan.ts): `review(plan)` queues the plan and resolves when someone
 * approves or rejects it in the browser. Routes (registered by app.ts, so the Host/Origin guard
 * and the URL token apply as to every route):
 * - GET /api/plan → `{ plan: Plan | null, decided }`: the oldest plan waiting for a decision.
 * - POST /api/plan/approve and /api/plan/reject `{ planId, labeler }` → `{ ok, verdict }`. Both
 *   need the page's session cookie (401 without) and a labeler name no other session owns (403);
 *   a plan that is not the waiting one gets 409 and nothing is decided.
 */
import type { Hono } from 'hono';
import { z } from 'zod';
import type { Plan, PlanApprovalSource, PlanVerdict } from '../core/plan.js';
import { parseBody } from './http.js';
import { LabelerName } from './protocol.js';
import type { Sessions } from './sessions.js';

export const PlanDecision = z.object({ planId: z.string().min(1).max(200), labeler: LabelerName }).strict();

export class HumanPlanApprover implements PlanApprovalSource {
  readonly name = 'human';
  private readonly queue: { plan: Plan; resolve: (v: PlanVerdict) => void }[] = [];
  private readonly listeners: ((plan: Plan) => void)[] = [];
  /** Verdicts given so far, in order. */
  readonly verdicts: PlanVerdict[] = [];

  review(plan: Plan): Promise<PlanVerdict> {
    const verdict = new Promise<PlanVerdict>((resolve) => this.queue.push({ plan, resolve }));
    for (const l of this.listeners) l(plan);
    return verdict;
  }

  /** Called with every plan as it starts waiting. */
  onReview(listener: (plan: Plan) => void): void {
    this.listeners.push(listener);
  }

  /** The plan waiting longest, or null. */
  get waiting(): Plan | null {
    return this.queue[0]?.plan ?? null;
  }

  /** Decide the waiting plan; null when `planId` is not the waiting plan (nothing decided). */
  decide(planId: string, approved: boolean, by: string): PlanVerdict | null {
    if (this.queue[0]?.plan.id !== planId) return null;
    const { resolve } = this.queue.shift()!;
    const verdict: PlanVerdict = { planId, approved, by };
    this.verdicts.push(verdict);
    resolve(verdict);
    return verdict;
  }
}

export function planRoutes(app: Hono, d: { plans: HumanPlanApprover; sessions: Sessions }): void {
  app.get('/api/plan', (c) => c.json({ plan: d.plans.waiting, decided: d.plans.verdicts.length }, 200, { 'cache-control': 'no-store' }));

  for (const [route, approved] of [['/api/plan/approve', true], ['/api/plan/reject', false]] as const) {
    app.post(route, async (c) => {
      const body = await parseBody(c, PlanDecision);
      if (body instanceof Response) return body;
      const session = d.sessions.current(c);
      if (!session) return c.json({ error: 'no labeling session: open the labeling page first' }, 401);
      const taken = d.sessions.bind(session, body.labeler);
      if (taken) return c.json({ error: taken }, 403);
      const verdict = d.plans.decide(body.planId, approved, body.labeler);
      if (!verdict) return c.json({ error: `plan ${JSON.stringify(body.planId)} is not the plan waiting for a decision; nothing decided` }, 409);
      return c.json({ ok: true, verdict });
    });
  }
}
