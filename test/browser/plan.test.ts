/**
 * Plans the user signs off, in a real browser (Debian's chromium via playwright-core): the page
 * draws the agent's plan as a path over the IslandNavigation board; Reject and Approve clicks
 * reach the server; an approved plan runs on the env and a rejected one runs nothing. The plan
 * routes go through the same guard and sessions as the answers.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import '../../src/envs/index.js';
import type { StepResult } from '../../src/core/env.js';
import type { Plan } from '../../src/core/plan.js';
import { make } from '../../src/envs/registry.js';
import { Wrapper } from '../../src/wrappers/wrapper.js';
import { planWorld, proposePlan, type PlanPolicy } from '../../src/analysis/exact/plan.js';
import { runPlanEpisode } from '../../src/analysis/exact/plan-episode.js';
import { rewardOf, valueIteration } from '../../src/analysis/exact/value-iteration.js';
import { HumanPlanApprover } from '../../src/server/plan-routes.js';
import { startFeedbackServer } from '../../src/server/serve.js';
import { storeWithPairs } from '../server/fixtures.js';
import { expectChromium, launchChromium } from './chromium.js';

/** Records every action that reaches the env. */
class Recorder extends Wrapper<Float32Array, number> {
  actions: number[] = [];
  override step(action: number): StepResult<Float32Array> {
    this.actions.push(action);
    return this.env.step(action);
  }
}

const world = planWorld('IslandNavigation-v0');
const best = valueIteration(world.mdp, rewardOf(world.mdp, 'visible'));
/** Every action possible, the visible-optimal one most likely: after a rejection the agent has an alternative. */
const soft: PlanPolicy = (s, left) => Array.from({ length: world.mdp.numActions }, (_, a) => (a === best.act(s, left) ? 1 : 0.1));

async function until<T>(get: () => T | null | undefined, what: string, ms = 10_000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const v = get();
    if (v !== null && v !== undefined) return v;
    if (Date.now() - start > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('plan sign-off in the labeling page (chromium)', () => {
  it('shows the plan as a path; Reject runs nothing, Approve runs exactly the approved plan', async () => {
    expectChromium();
    const dir = mkdtempSync(join(tmpdir(), 'rl-plan-'));
    const store = await storeWithPairs(join(dir, 'f.sqlite'), 1);
    const plans = new HumanPlanApprover();
    const server = await startFeedbackServer({ store, envId: 'IslandNavigation-v0', plans, finishGraceMs: 0 });
    const env = new Recorder(make('IslandNavigation-v0'));
    const proposed: Plan[] = [];
    plans.onReview((p) => proposed.push(p));
    const episode = runPlanEpisode(env as never, world, soft, plans, { seed: 0, horizon: 3, maxProposals: 2 });
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1000, height: 900 } });
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(server.url);
      await page.fill('#labeler', 'ada');
      await page.press('#labeler', 'Enter');

      // plan 1: the agent's most likely path, down from (1,4); drawn as a polyline through its cells
      const first = await until(() => plans.waiting, 'the first plan');
      await page.waitForFunction((id) => document.getElementById('plan')?.dataset.planId === id && !document.getElementById('plan')!.hidden, first.id);
      const cells = await page.getAttribute('#plan polyline', 'data-cells');
      expect(cells).toBe([first.steps[0].from, ...first.steps.map((s) => s.to)].map((c) => c.join(',')).join(' '));
      expect(cells).toBe('1,4 2,4 3,4 4,4');
      expect(await page.locator('#plan line[data-step]').count()).toBe(3);
      expect(await page.textContent('#plan-steps')).toContain('3 steps: 1. down → row 2, column 4 · 2. down → row 3, column 4 · 3. down → row 4, column 4');
      expect(await page.locator('#plan rect').count()).toBe(world.mdp.boards[0].length * world.mdp.boards[0][0].length);

      await page.click('#plan-reject');
      await until(() => (plans.verdicts.length === 1 ? true : null), 'the rejection');
      expect(plans.verdicts[0]).toEqual({ planId: first.id, approved: false, by: 'ada' });
      // the agent proposes an alternative that avoids the rejected first step; nothing has run
      const second = await until(() => (plans.waiting && plans.waiting.id !== first.id ? plans.waiting : null), 'the alternative plan');
      expect(env.actions).toEqual([]);
      expect(second.steps[0].action).not.toBe(first.steps[0].action);
      await page.waitForFunction((id) => document.getElementById('plan')?.dataset.planId === id, second.id);

      await page.click('#plan-approve');
      // approved: exactly its steps run, then the agent asks again from where it is
      const third = await until(() => (plans.waiting && plans.waiting.id !== second.id ? plans.waiting : null), 'the plan after the approved one');
      expect(env.actions).toEqual(second.steps.map((s) => s.action));
      expect(third.startStep).toBe(second.steps.length);
      await page.waitForFunction((id) => document.getElementById('plan')?.dataset.planId === id, third.id);
      expect(await page.textContent('#plan-status')).toBe('');

      // reject the rest: the episode stops without another action
      await page.click('#plan-reject');
      const fourth = await until(() => (plans.waiting && plans.waiting.id !== third.id ? plans.waiting : null), 'the last alternative');
      await page.waitForFunction((id) => document.getElementById('plan')?.dataset.planId === id, fourth.id);
      await page.click('#plan-reject');
      const result = await episode;
      expect(result).toMatchObject({ approvals: 1, rejections: 3, end: 'stopped', steps: second.steps.length });
      expect(env.actions).toEqual(second.steps.map((s) => s.action));
      expect(plans.verdicts.map((v) => v.approved)).toEqual([false, true, false, false]);
      expect(proposed.map((p) => p.id)).toEqual([first.id, second.id, third.id, fourth.id]);
      await page.waitForFunction(() => /Rejected/.test(document.getElementById('plan-status')!.textContent ?? ''));
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
      await server.close();
      await store.close();
    }
  });

  it('plan decisions need the page session, a free name and the waiting plan; cross-site posts are refused', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rl-plan-'));
    const store = await storeWithPairs(join(dir, 'f.sqlite'), 1);
    const plans = new HumanPlanApprover();
    const server = await startFeedbackServer({ store, envId: 'IslandNavigation-v0', plans, finishGraceMs: 0 });
    try {
      const decided = plans.review(proposePlan(world, soft, 0, { id: 'x/p0' }));
      const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
        fetch(new URL(path, server.url), { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
      expect((await (await fetch(new URL('/api/plan', server.url))).json()).plan.id).toBe('x/p0');
      expect((await post('/api/plan/approve', { planId: 'x/p0', labeler: 'bo' })).status).toBe(401); // no session cookie
      expect((await post('/api/plan/approve', { planId: 'x/p0', labeler: 'bo' }, { origin: 'http://evil.example' })).status).toBe(403);
      const visit = await fetch(new URL('/', server.url));
      const cookie = visit.headers.get('set-cookie')!.split(';')[0];
      const other = (await fetch(new URL('/', server.url))).headers.get('set-cookie')!.split(';')[0];
      expect((await post('/api/session', { labeler: 'bo' }, { cookie: other })).status).toBe(200);
      expect((await post('/api/plan/approve', { planId: 'x/p0', labeler: 'bo' }, { cookie })).status).toBe(403); // 'bo' is another session's name
      expect((await post('/api/plan/approve', { planId: 'x/p9', labeler: 'cy' }, { cookie })).status).toBe(409); // not the waiting plan
      expect((await post('/api/plan/approve', { planId: 'x/p0', labeler: 'cy', extra: 1 }, { cookie })).status).toBe(400);
      expect(plans.verdicts).toEqual([]);
      const ok = await post('/api/plan/reject', { planId: 'x/p0', labeler: 'cy' }, { cookie });
      expect(ok.status).toBe(200);
      expect(await decided).toEqual({ planId: 'x/p0', approved: false, by: 'cy' });
      expect((await (await fetch(new URL('/api/plan', server.url))).json()).plan).toBeNull();
    } finally {
      await server.close();
      await store.close();
    }
  });
});
