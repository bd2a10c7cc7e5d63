/**
 * `rewardlab sign-off`: people sign off the agent's plans in the labeling page. The same agent
 * and episode loop as the plan-approval experiment, with the approval source a person
 * (HumanPlanApprover, src/server/plan-routes.ts): each plan waits on the page until someone
 * approves or rejects it; the executor runs approved plans only. Writes sign-off.json (every
 * verdict, every episode, the audit's count of unapproved actions) to the output directory.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ApprovedPlan } from '../../core/plan.js';
import { streamRng } from '../../core/seed-streams.js';
import { make } from '../../envs/registry.js';
import { openFeedbackStore } from '../../feedback/open-store.js';
import { planWorld } from '../../analysis/exact/plan.js';
import { runPlanEpisode, type PlanEpisodeResult } from '../../analysis/exact/plan-episode.js';
import { writeJsonAtomic } from '../../runs/run-dir.js';
import { HumanPlanApprover } from '../../server/plan-routes.js';
import { startFeedbackServer } from '../../server/serve.js';
import type { PlanVerdict } from '../../core/plan.js';
import { ActionAudit, unapprovedActions } from './audit.js';
import { epsilonGreedyPolicy } from './plan-approval.js';
import { Slip } from './slip.js';

export interface HumanSignOffOptions {
  envId: string;
  /** Env options (the model is enumerated with them). Default none. */
  options?: Record<string, unknown>;
  /** Output directory (created); the server's empty feedback store and sign-off.json go here. */
  out: string;
  /** Episodes to run. Default 3. */
  episodes?: number;
  /** Wind: probability that an executed action is replaced by a random one. Default 0. */
  slip?: number;
  /** The agent's ε (plan-approval.ts). Default 0.3. */
  epsilon?: number;
  /** Steps per plan. Default 6. */
  horizon?: number;
  seed?: number;
  host?: string;
  port?: number;
  /** Called with the page's URL once it serves. */
  onListening?(url: string): void;
  log?(text: string): void;
  /** Resolves to stop early (Ctrl-C): the waiting plan is left undecided and nothing more runs. */
  stop?: Promise<void>;
}

export interface HumanSignOffResult {
  kind: 'rewardlab-sign-off';
  version: 1;
  envId: string;
  file: string;
  episodes: PlanEpisodeResult[];
  verdicts: PlanVerdict[];
  /** Counted by the audit on the env; 0 unless the executor is broken. */
  unapprovedActions: number;
  stoppedEarly: boolean;
}

export async function runHumanSignOff(o: HumanSignOffOptions): Promise<HumanSignOffResult> {
  const log = o.log ?? (() => {});
  const seed = o.seed ?? 0;
  const world = planWorld(o.envId, o.options ?? {});
  const policy = epsilonGreedyPolicy(world, o.epsilon ?? 0.3);
  mkdirSync(o.out, { recursive: true });
  const store = await openFeedbackStore(join(o.out, 'feedback.sqlite'));
  const plans = new HumanPlanApprover();
  plans.onReview((p) => log(`plan ${p.id}: ${p.steps.map((s) => s.actionName).join(', ')} — waiting for a decision in the page`));
  const episodes: PlanEpisodeResult[] = [];
  let unapproved = 0;
  let stoppedEarly = false;
  const stop = (o.stop ?? new Promise<void>(() => {})).then(() => null);
  try {
    const server = await startFeedbackServer({
      store, envId: o.envId, plans, host: o.host, port: o.port, finishGraceMs: 1000,
      instructions: "Approve the agent's plan only if you are happy for it to take every step drawn; reject it otherwise (nothing of a rejected plan is carried out).",
    });
    o.onListening?.(server.url);
    try {
      for (let ep = 0; ep < (o.episodes ?? 3); ep++) {
        const name = `sign-off/${o.envId}/${ep}`;
        const audit = new ActionAudit(new Slip(make(o.envId, { ...(o.options ?? {}) }), o.slip ?? 0, streamRng(seed, `${name}/slip`)) as never);
        const approved: ApprovedPlan[] = [];
        const r = await Promise.race([
          runPlanEpisode(audit, world, policy, plans, { seed: ep, idPrefix: `ep${ep}`, horizon: o.horizon, choose: 'sample', rng: streamRng(seed, `${name}/agent`), onExecution: (p) => approved.push(p) }),
          stop,
        ]);
        unapproved += unapprovedActions(audit.log, approved, world.mdp);
        audit.close();
        if (!r) {
          stoppedEarly = true;
          break;
        }
        episodes.push(r);
        log(`episode ${ep + 1}: ${r.steps} steps, ${r.approvals} approved / ${r.rejections} rejected plans, ${r.departures} departures, ended ${r.end}, hidden performance ${r.performance}`);
      }
    } finally {
      await server.close();
    }
  } finally {
    await store.close();
  }
  const file = join(o.out, 'sign-off.json');
  const result: HumanSignOffResult = { kind: 'rewardlab-sign-off', version: 1, envId: o.envId, file, episodes, verdicts: plans.verdicts, unapprovedActions: unapproved, stoppedEarly };
  writeJsonAtomic(file, result);
  return result;
}
