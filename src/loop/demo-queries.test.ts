/**
 * Demonstrations asked by the loop ('demo' in config.ask): a person's demonstration — the record
 * the labeling server writes (src/server/demo-sessions.ts, stepped as the page's keys step it) —
 * is folded and trained on exactly as a synthetic demonstrator's (which the loop stores itself):
 * the same controller playing the same seeded episodes gives the same metrics.jsonl, line for
 * line, demo ≻ agent pairs included. And the refusals at config time name `ask` and the env.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import '../envs/index.js';
import type { RewardFreeEnv } from '../core/env.js';
import type { Action } from '../core/types.js';
import { make } from '../envs/registry.js';
import { hideReward } from '../wrappers/hide-reward.js';
import { checkDemoRequest } from '../feedback/demonstration-answer.js';
import type { FeedbackStore } from '../feedback/feedback-store.js';
import { SqliteFeedbackStore } from '../feedback/sqlite-store.js';
import type { FeedbackQuery, KindedAnswer, KindedFeedbackSource, TrainableKind } from '../preferences/kinded-feedback-source.js';
import { SyntheticKindsTeacher } from '../preferences/synthetic-kinds-teacher.js';
import { DemoPlay, type DemoEnv } from '../server/demo-sessions.js';
import { resolveConfig, resumeRun, startRun } from '../app/train-run.js';
import { GoalMarker } from '../preferences/goal-marker.js';
import { decodeDemonstration, demoKeysFor } from './demo-queries.js';

const envId = 'FixedHorizonCartPole-v0';
const options = {
  envId, seed: 3, labels: 12, agentSteps: 256 * 8, queryEvery: 2, evalEvery: 4, evalEpisodes: 2, initialEpisodes: 3, fragmentLength: 10, demoSteps: 30,
  ask: ['preference', 'demo'] as ('preference' | 'demo')[], rewardModel: { hidden: [16, 16] }, ppo: { numEnvs: 8, numSteps: 32, numMinibatches: 1, updateEpochs: 2 },
};
/** Balances the pole: push towards where it falls. */
const controller = (o: Float32Array): Action => (o[2] + 0.5 * o[3] > 0 ? 1 : 0);
const env = () => hideReward(make(envId)) as RewardFreeEnv<Float32Array, Action>;

/** A person at the labeling page, as the server sees them: the episode stepped through DemoPlay, its record written before the ask settles. */
class PageDemonstrator implements KindedFeedbackSource {
  readonly name = 'page';
  readonly kinds: readonly TrainableKind[] = ['demonstration'];
  readonly storesAnswers = true;
  constructor(private readonly store: FeedbackStore) {}
  async ask(q: FeedbackQuery): Promise<KindedAnswer> {
    const payload = checkDemoRequest((await this.store.query(q.id))!.payload, q.id);
    const play = new DemoPlay(q.id, payload, env() as unknown as DemoEnv);
    while (!play.done) play.step(controller(Float32Array.from(play.observations.at(-1)!)) as number);
    await this.store.addFeedback({ queryId: q.id, labeler: 'ada', answer: play.answer() });
    return { kind: 'demonstration', queryId: q.id, labeler: 'ada', trajectories: [] };
  }
}

async function run(person: boolean): Promise<{ metrics: Record<string, unknown>[]; store: FeedbackStore }> {
  const out = join(mkdtempSync(join(tmpdir(), 'demo-fold-')), 'run');
  const store = await SqliteFeedbackStore.open(join(mkdtempSync(join(tmpdir(), 'demo-fold-store-')), 'f.sqlite'));
  const rater = person ? new PageDemonstrator(store) : new SyntheticKindsTeacher({ demonstration: { env: env(), envId, controller } });
  await startRun(options, { out, roles: { rater, store } });
  const metrics = readFileSync(join(out, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => {
    const { wallSeconds: _w, time: _t, ...m } = JSON.parse(l) as Record<string, unknown>;
    return m;
  });
  return { metrics, store: await SqliteFeedbackStore.open(store.location, { readonly: true }) };
}

describe('demonstrations in the loop', () => {
  it("folds a person's demonstration record (as the labeling server writes it) exactly as a synthetic demonstrator's", { timeout: 60_000 }, async () => {
    const synthetic = await run(false);
    const person = await run(true);
    const demos = async (s: FeedbackStore) => (await s.feedback()).filter((f) => f.kind === 'demonstration');
    const [a, b] = [await demos(synthetic.store), await demos(person.store)];
    expect(a.length).toBeGreaterThanOrEqual(2);
    expect(b.map((f) => f.queryId)).toEqual(a.map((f) => f.queryId));
    // the same episodes (the server adds frames; the loop cut the synthetic one at demoSteps)
    const ea = a.map((f) => decodeDemonstration(f.answer, f.queryId)[0]);
    const eb = b.map((f) => decodeDemonstration(f.answer, f.queryId)[0]);
    expect(eb.map((t) => t.actions)).toEqual(ea.map((t) => t.actions));
    expect(eb.map((t) => t.actions.length)).toEqual(ea.map(() => 30));
    expect(eb[0].frames).toHaveLength(31);
    expect(Object.keys((b[0].answer as { episodes: object[] }).episodes[0]).sort()).toEqual(['actions', 'envId', 'frames', 'observations', 'seed', 'terminated', 'truncated']); // no reward, no evaluation channel
    // trained on: the last rounds had demo ≻ agent pairs, and the two runs are the same run
    const last = person.metrics.at(-1) as { demonstrations: { folded: number; pairs: number }; labels: number };
    expect(last.demonstrations.folded).toBe(b.length);
    expect(last.demonstrations.pairs).toBe(16 * b.length);
    expect(person.metrics).toEqual(synthetic.metrics);
    await synthetic.store.close();
    await person.store.close();
  });

  it('demonstrations and goal examples with preferences: a killed run resumes to the same metrics and answers as the uninterrupted one', { timeout: 90_000 }, async () => {
    const o = { ...options, ask: ['preference', 'demo', 'goal'] as ('preference' | 'demo' | 'goal')[], labels: 18, agentSteps: 256 * 16, queryEvery: 3, evalEvery: 5 };
    const teacher = () => new SyntheticKindsTeacher({ demonstration: { env: env(), envId, controller }, goal: new GoalMarker({ threshold: 1 }, 4) });
    const metrics = (dir: string) => readFileSync(join(dir, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => {
      const { time: _t, wallSeconds: _w, ...m } = JSON.parse(l) as Record<string, unknown>;
      return m;
    });
    const answers = async (dir: string) => {
      const s = await SqliteFeedbackStore.open(join(dir, 'feedback.sqlite'), { readonly: true });
      try {
        return (await s.feedback()).map((f) => [f.queryId, f.kind, f.answer]);
      } finally {
        await s.close();
      }
    };
    const whole = join(mkdtempSync(join(tmpdir(), 'demo-whole-')), 'run');
    await startRun(o, { out: whole, roles: { rater: teacher() } });
    const killed = join(mkdtempSync(join(tmpdir(), 'demo-killed-')), 'run');
    await startRun(o, { out: killed, roles: { rater: teacher() }, stopAfterIterations: 13 }); // checkpoint at 10
    await resumeRun(killed, { roles: { rater: teacher() } });
    const kinds = (await answers(whole)).map(([, k]) => k);
    expect(kinds.filter((k) => k === 'demonstration').length).toBe(6); // every third of the 18 slots
    expect(kinds.filter((k) => k === 'goal').length).toBe(6);
    const last = metrics(whole).at(-1) as { demonstrations: { folded: number; pairs: number }; goals: { folded: number } };
    expect(last.demonstrations).toEqual({ folded: 6, pairs: 96 });
    expect(last.goals.folded).toBe(6);
    expect(metrics(killed)).toEqual(metrics(whole));
    expect(await answers(killed)).toEqual(await answers(whole));
  });

  it('refuses demonstrations where people cannot play with keys, naming ask and the env', async () => {
    expect(() => resolveConfig({ envId: 'Pendulum-v1', ask: ['preference', 'demo'], feedback: 'human' })).toThrow(/ask = "demo".*Pendulum-v1.*continuous/);
    expect(() => resolveConfig({ envId: 'FixedHorizonCartPole-v0', ask: ['preference', 'demo'], feedback: 'human', demoSteps: 5 })).toThrow(/demoSteps = 5: must be an integer in 25…10000/);
    expect(demoKeysFor('FixedHorizonAcrobot-v1').map((k) => `${k.key}=${k.action}`)).toEqual(['ArrowLeft=0', 'ArrowDown=1', 'ArrowRight=2']);
    expect(demoKeysFor('IslandNavigation-v0').map((k) => k.key)).toEqual(['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight']);
    // the CLI's synthetic demonstrator needs a scripted controller (src/loop/synthetic-teachers.ts); a gridworld has none
    await expect(startRun({ ...options, envId: 'IslandNavigation-v0', feedback: 'synthetic' }, { out: join(mkdtempSync(join(tmpdir(), 'demo-none-')), 'run') })).rejects.toThrow(/ask = "demo".*IslandNavigation-v0.*no scripted controller/);
  });
});
