/**
 * Goal examples asked by the loop ('goal' in config.ask): a clip whose frames the user marks as
 * "done". A person's answer — the frames as the labeling page sends them, turned into the record by
 * the server's code (src/server/goal-answers.ts) — is folded and trained on exactly as a synthetic
 * goal marker's answer for the same steps: the same metrics.jsonl line for line, the goal term's
 * examples included.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import '../envs/index.js';
import type { FeedbackStore } from '../feedback/feedback-store.js';
import { SqliteFeedbackStore } from '../feedback/sqlite-store.js';
import { GoalMarker } from '../preferences/goal-marker.js';
import type { FeedbackQuery, KindedAnswer, KindedFeedbackSource, TrainableKind } from '../preferences/kinded-feedback-source.js';
import { SyntheticKindsTeacher } from '../preferences/synthetic-kinds-teacher.js';
import { goalRecordAnswer } from '../server/goal-answers.js';
import { startRun } from '../app/train-run.js';
import { loadRewardModel } from '../app/run-report.js';
import { fragmentBatch } from '../rewards/reward-model.js';
import { decodeClip } from './rating-queries.js';

const options = {
  envId: 'FixedHorizonCartPole-v0', seed: 5, labels: 12, agentSteps: 256 * 8, queryEvery: 2, evalEvery: 4, evalEpisodes: 2, initialEpisodes: 3, fragmentLength: 20,
  ask: ['preference', 'goal'] as ('preference' | 'goal')[], rewardModel: { hidden: [16, 16] }, ppo: { numEnvs: 8, numSteps: 32, numMinibatches: 1, updateEpochs: 2 },
};
/** "Done" = the pole still up (hidden reward 1 per step alive); the absorbing state after a fall is not. */
const marker = () => new GoalMarker({ threshold: 1 }, 9);

/** A person at the page: marks the frames the marker would (the clip's last frame for its last step), stored through the server's code before the ask settles. */
class PageMarker implements KindedFeedbackSource {
  readonly name = 'page';
  readonly kinds: readonly TrainableKind[] = ['goal'];
  readonly storesAnswers = true;
  private readonly m = marker();
  constructor(private readonly store: FeedbackStore) {}
  async ask(q: FeedbackQuery): Promise<KindedAnswer> {
    if (q.kind !== 'goal') throw new Error(q.kind);
    const steps = this.m.mark(q.trajectory).goal;
    const last = q.trajectory.actions.length - 1;
    const frames = steps.map((s) => (s === last ? last + 1 : s)); // the page's last frame stands for the last step
    const r = await goalRecordAnswer(this.store, q.id, frames);
    if ('error' in r) throw new Error(r.error);
    await this.store.addFeedback({ queryId: q.id, labeler: 'ada', answer: r.answer });
    return { kind: 'goal', queryId: q.id, labeler: 'ada', goalSteps: [] };
  }
}

async function run(person: boolean, extra: Partial<typeof options> = {}): Promise<{ metrics: Record<string, unknown>[]; goals: [string, unknown][]; out: string; store: string }> {
  const out = join(mkdtempSync(join(tmpdir(), 'goal-fold-')), 'run');
  const store = await SqliteFeedbackStore.open(join(mkdtempSync(join(tmpdir(), 'goal-fold-store-')), 'f.sqlite'));
  const rater = person ? new PageMarker(store) : new SyntheticKindsTeacher({ goal: marker() });
  await startRun({ ...options, ...extra }, { out, roles: { rater, store } });
  const metrics = readFileSync(join(out, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => {
    const { wallSeconds: _w, time: _t, ...m } = JSON.parse(l) as Record<string, unknown>;
    return m;
  });
  const reopened = await SqliteFeedbackStore.open(store.location, { readonly: true });
  const goals = (await reopened.feedback()).filter((f) => f.kind === 'goal').map((f): [string, unknown] => [f.queryId, f.answer]);
  await reopened.close();
  return { metrics, goals, out, store: store.location };
}

describe('goal examples in the loop', () => {
  it("folds a person's marked frames (as the labeling server stores them) exactly as a synthetic goal marker's steps", { timeout: 60_000 }, async () => {
    const synthetic = await run(false);
    const person = await run(true);
    expect(synthetic.goals.length).toBeGreaterThanOrEqual(3);
    expect(person.goals).toEqual(synthetic.goals);
    const marked = synthetic.goals.map(([, a]) => (a as { goalSteps: number[] }).goalSteps.length);
    expect(marked.some((n) => n > 0)).toBe(true);
    const last = person.metrics.at(-1) as { goals: { folded: number; examples: number }; labels: number };
    expect(last.goals.folded).toBe(person.goals.length);
    expect(last.goals.examples).toBeGreaterThanOrEqual(person.goals.length); // marked and other steps of each clip
    expect(person.metrics).toEqual(synthetic.metrics);
  });

  it('trained on goal examples alone, the reward model scores the marked states above the others of the same clips', { timeout: 60_000 }, async () => {
    const r = await run(true, { ask: ['goal'], labels: 8 });
    const model = loadRewardModel(join(r.out, 'checkpoint'));
    const store = await SqliteFeedbackStore.open(r.store, { readonly: true });
    const goal: number[] = [];
    const other: number[] = [];
    try {
      for (const f of (await store.feedback()).filter((x) => x.kind === 'goal')) {
        const clip = decodeClip((await store.query(f.queryId))!.payload, f.queryId);
        const out = model.predict(fragmentBatch(clip.observations, clip.actions)).mean;
        const marked = new Set((f.answer as { goalSteps: number[] }).goalSteps);
        out.forEach((v, i) => (marked.has(i) ? goal : other).push(v));
      }
    } finally {
      await store.close();
    }
    expect(goal.length).toBeGreaterThan(0);
    expect(other.length).toBeGreaterThan(0);
    let above = 0;
    for (const g of goal) for (const o of other) above += g > o ? 1 : g === o ? 0.5 : 0;
    const auc = above / (goal.length * other.length);
    console.info(`goal term alone: ${goal.length} marked vs ${other.length} other states, AUC ${auc.toFixed(3)}`);
    expect(auc).toBeGreaterThanOrEqual(0.9);
  });
});
