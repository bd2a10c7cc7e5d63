import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SqliteFeedbackStore } from '../feedback/sqlite-store.js';
import { resumeRun, startRun } from '../app/train-run.js';
import { loadRewardModel } from '../app/run-report.js';
import { fragmentBatch } from '../rewards/reward-model.js';
import { checkAsk, decodeClip, isStill, ratingsAmong } from './rating-queries.js';
import type { KindedFeedbackSource } from '../preferences/kinded-feedback-source.js';

const small = {
  envId: 'FixedHorizonCartPole-v0', labels: 40, agentSteps: 256 * 20, queryEvery: 5, evalEvery: 10, evalEpisodes: 2, initialEpisodes: 3,
  rewardModel: { hidden: [32, 32] },
  ppo: { numEnvs: 8, numSteps: 32, numMinibatches: 1, updateEpochs: 4 },
};
const out = () => join(mkdtempSync(join(tmpdir(), 'rl-rate-')), 'run');

async function stored(dir: string, file = join(dir, 'feedback.sqlite')) {
  const store = await SqliteFeedbackStore.open(file, { readonly: true });
  const answers = await store.feedback();
  await store.close();
  return answers;
}

/** Spearman rank correlation of the final model's clip return with the stored rating, over the run's rated clips. */
async function ratingRankCorrelation(dir: string): Promise<number> {
  const model = loadRewardModel(join(dir, 'checkpoint'));
  const store = await SqliteFeedbackStore.open(join(dir, 'feedback.sqlite'), { readonly: true });
  const rows: [number, number][] = [];
  for (const a of await store.feedback()) {
    if (a.kind !== 'rating') continue;
    const clip = decodeClip((await store.query(a.queryId))!.payload, a.queryId);
    rows.push([model.predict(fragmentBatch(clip.observations, clip.actions)).mean.reduce((x, y) => x + y, 0), a.answer as number]);
  }
  await store.close();
  const ranks = (xs: number[]) => {
    const order = xs.map((x, i) => [x, i] as const).sort((p, q) => p[0] - q[0]);
    const r = new Array<number>(xs.length);
    for (let i = 0; i < order.length;) {
      let j = i;
      while (j + 1 < order.length && order[j + 1][0] === order[i][0]) j++;
      for (let k = i; k <= j; k++) r[order[k][1]] = (i + j) / 2; // ties share their mean rank
      i = j + 1;
    }
    return r;
  };
  const a = ranks(rows.map((r) => r[0]));
  const b = ranks(rows.map((r) => r[1]));
  const mean = (xs: number[]) => xs.reduce((x, y) => x + y, 0) / xs.length;
  const ma = mean(a);
  const mb = mean(b);
  let num = 0;
  let da = 0;
  let db = 0;
  for (let i = 0; i < a.length; i++) {
    num += (a[i] - ma) * (b[i] - mb);
    da += (a[i] - ma) ** 2;
    db += (b[i] - mb) ** 2;
  }
  return num / Math.sqrt(da * db);
}

/** Share of the run's rated clips that show no change at all. */
async function stillShare(dir: string): Promise<number> {
  const store = await SqliteFeedbackStore.open(join(dir, 'feedback.sqlite'), { readonly: true });
  const rated = (await store.feedback()).filter((a) => a.kind === 'rating');
  let still = 0;
  for (const a of rated) if (isStill(decodeClip((await store.query(a.queryId))!.payload, a.queryId))) still++;
  await store.close();
  return still / rated.length;
}

describe('rating queries in the loop (ask: rating)', () => {
  it('a clip is still when every observation equals the first', () => {
    expect(isStill({ observations: [Float32Array.of(1, 2), Float32Array.of(1, 2)] })).toBe(true);
    expect(isStill({ observations: [Float32Array.of(1, 2), Float32Array.of(1, 3)] })).toBe(false);
  });

  it('the kinds of `ask` take turns query by query', () => {
    expect(ratingsAmong(['preference', 'rating'], 0, 5)).toBe(2); // p r p r p
    expect(ratingsAmong(['preference', 'rating'], 1, 5)).toBe(3); // r p r p r
    expect(ratingsAmong(['rating'], 7, 4)).toBe(4);
    expect(ratingsAmong(['preference'], 0, 9)).toBe(0);
  });

  it('a run asked only for ratings stores them as rating records and trains on them: its model orders the rated clips as rated', async () => {
    const dir = out();
    const r = await startRun({ ...small, ask: ['rating'] }, { out: dir });
    const answers = await stored(dir);
    expect(answers.length).toBe(40);
    expect(new Set(answers.map((a) => a.kind))).toEqual(new Set(['rating']));
    for (const a of answers) expect([1, 2, 3, 4, 5]).toContain(a.answer);
    expect(new Set(answers.map((a) => a.answer)).size).toBeGreaterThan(1); // clips differ, so do their ratings
    expect(r.labels).toBe(40);
    expect(await ratingRankCorrelation(dir)).toBeGreaterThan(0.5);
    // clips that show change are asked first: a still clip (the absorbing state alone) gives a person nothing to judge
    expect(await stillShare(dir)).toBeLessThan(0.1);
  });

  it('mixed with preferences: both kinds asked in turn, and a killed run resumes to the same metrics as the uninterrupted one', async () => {
    const whole = out();
    await startRun({ ...small, ask: ['preference', 'rating'] }, { out: whole });
    const kinds = (await stored(whole)).map((a) => a.kind);
    const ratings = kinds.filter((k) => k === 'rating').length;
    expect(kinds.length).toBeGreaterThanOrEqual(38); // a pair drawn twice is asked once
    expect(ratings).toBe(20); // every second query slot of the 40

    const killed = out();
    await startRun({ ...small, ask: ['preference', 'rating'] }, { out: killed, stopAfterIterations: 13 }); // checkpoint at 10
    await resumeRun(killed);
    const metrics = (dir: string) => readFileSync(join(dir, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => {
      const { time: _t, wallSeconds: _w, ...m } = JSON.parse(l) as Record<string, unknown>;
      return m;
    });
    expect(metrics(killed)).toEqual(metrics(whole));
    expect((await stored(killed)).map((a) => [a.queryId, a.answer])).toEqual((await stored(whole)).map((a) => [a.queryId, a.answer]));
  });

  it('a rater that stores its own answers (people through the server) is not written twice: the run folds each rating once', async () => {
    const dir = out();
    const file = join(mkdtempSync(join(tmpdir(), 'rl-rate-store-')), 'feedback.sqlite');
    const store = await SqliteFeedbackStore.open(file);
    let n = 0;
    const rater: KindedFeedbackSource = {
      name: 'stores-itself', kinds: ['rating'], storesAnswers: true,
      async ask(q) {
        const rating = 1 + (n++ % 5);
        await store.addFeedback({ queryId: q.id, labeler: 'self', answer: rating }); // as the server does before its ack
        return { kind: 'rating', queryId: q.id, labeler: 'self', rating };
      },
    };
    const r = await startRun({ ...small, labels: 12, agentSteps: 256 * 8, ask: ['rating'] }, { out: dir, roles: { rater, store } }); // the run closes the store
    const answers = await stored(dir, file);
    expect(answers.length).toBe(n);
    expect(new Set(answers.map((a) => a.queryId)).size).toBe(n);
    expect(r.labels).toBe(n);
  });

  it('names bad settings: an unknown kind, an env without a rater scale; people rate on the page without one', async () => {
    await expect(startRun({ ...small, ask: ['preference', 'poll' as never] }, { out: out() })).rejects.toThrow(/ask = "poll"/);
    await expect(startRun({ ...small, ask: [] }, { out: out() })).rejects.toThrow(/ask = \[\]/);
    await expect(startRun({ ...small, envId: 'Pendulum-v1', ask: ['rating'], ppo: {} }, { out: out() })).rejects.toThrow(/rating = null/);
    // People rate in the labeling page's rating mode (test/browser/rating-loop.test.ts): no synthetic scale needed, nothing refused.
    expect(() => checkAsk(['preference', 'rating'], null, 'human')).not.toThrow();
    expect(() => checkAsk(['rating'], null, 'synthetic')).toThrow(/rating = null/);
  });
});
