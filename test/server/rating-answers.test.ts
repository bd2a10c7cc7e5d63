/**
 * Rating queries through the labeling server (issue 15 items 1 and 5): a claimed clip comes with
 * its scale; a rating answer is checked against the query's kind and scale (400 naming the answer
 * and value, nothing stored or reserved); a good one is stored as the query's 'rating' record in
 * the shape the loop stores the synthetic rater's (answer = the integer); undo, skip, redundancy,
 * sessions and the Origin check hold for ratings as for pairs.
 */
import '../../src/envs/index.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/rng.js';
import { rolloutTrajectories } from '../../src/core/rollout.js';
import { make } from '../../src/envs/registry.js';
import type { FeedbackStore } from '../../src/feedback/feedback-store.js';
import { SqliteFeedbackStore } from '../../src/feedback/sqlite-store.js';
import { RATING_ID_PREFIX, decodeClip, encodeClip } from '../../src/loop/rating-queries.js';
import { cutFragments } from '../../src/preferences/fragmenter.js';
import { checkRating } from '../../src/rewards/rating-loss.js';
import { createFeedbackApp } from '../../src/server/app.js';
import { hideReward } from '../../src/wrappers/hide-reward.js';
import { addPairs, labelerClient } from './fixtures.js';

/** A store holding `clips` rating queries (ids as the loop makes them, with frames), then `pairs` pair queries. */
async function storeWithClips(clips: number, pairs: number): Promise<{ store: FeedbackStore; ids: string[] }> {
  const store = await SqliteFeedbackStore.open(join(mkdtempSync(join(tmpdir(), 'rl-rate-srv-')), 'f.sqlite'));
  const trajs = rolloutTrajectories(hideReward(make('FixedHorizonCartPole-v0')) as never, { episodes: 2, seed: 3, envId: 'FixedHorizonCartPole-v0', recordFrames: true });
  const frags = cutFragments(trajs, clips, new Rng(5), { length: 20 });
  const ids = frags.map((f, i) => `${RATING_ID_PREFIX}${i}/${f.id}`);
  await store.addQueries(frags.map((f, i) => ({ id: ids[i], kind: 'rating' as const, payload: encodeClip(f, true) })));
  if (pairs > 0) await addPairs(store, pairs);
  return { store, ids };
}

type Claimed = { id: string; kind: string; scale?: { min: number; max: number; labels: string[]; prompt: string }; payload: { clip: { frames: unknown[] } } };

describe('rating queries on the labeling server', () => {
  it('hands out a clip with its scale, refuses answers off the scale naming the value, stores a good one as a rating record', async () => {
    const { store, ids } = await storeWithClips(2, 1);
    const delivered: unknown[] = [];
    const app = createFeedbackApp({ store, envId: 'FixedHorizonCartPole-v0', onAnswer: (a) => delivered.push(a) });
    const ada = labelerClient(app.request.bind(app), 'ada');
    const q = (await (await ada.post('/api/claim', { labeler: 'ada' })).json()).query as Claimed;
    expect(q.id).toBe(ids[0]);
    expect(q.kind).toBe('rating');
    expect(q.scale).toMatchObject({ min: 1, max: 5 });
    expect(q.scale!.labels).toHaveLength(5);
    expect(q.scale!.labels[4]).toMatch(/pole stays upright/);
    expect(q.payload.clip.frames).toHaveLength(21);

    const refused: [unknown, RegExp][] = [
      [0, /^answer = 0 must be an integer rating in 1…5 for query "rate\/0\//],
      [6, /^answer = 6 must be an integer rating in 1…5/],
      [2.5, /^answer = 2\.5 must be an integer rating in 1…5/],
      ['left', /^answer = "left" answers a pair, but query "rate\/0\/.*" asks for a rating: send an integer in 1…5/],
      ['good', /^answer: "good" is not an answer: use one of left, right, equal, cant-tell, skip for a pair, or an integer rating/],
    ];
    for (const [answer, why] of refused) {
      const r = await ada.post('/api/answer', { queryId: q.id, labeler: 'ada', answer });
      expect(r.status, JSON.stringify(answer)).toBe(400);
      expect((await r.json()).error).toMatch(why);
    }
    expect((await store.count()).feedback).toBe(0);

    // the claim still stands: the good answer goes through, durable before the ack
    const ok = await ada.post('/api/answer', { queryId: q.id, labeler: 'ada', answer: 4 });
    expect(await ok.json()).toMatchObject({ ok: true, seq: 1 });
    const [rec] = await store.feedback();
    expect(rec).toMatchObject({ seq: 1, queryId: ids[0], kind: 'rating', labeler: 'ada', answer: 4 });
    // what the loop folds (reward-modeling-loop foldRating): the clip decodes, the answer is a rating on the trainer's scale
    expect(decodeClip((await store.query(rec.queryId))!.payload, rec.queryId).observations).toHaveLength(21);
    expect(() => checkRating(rec.answer as number, 5, 'stored')).not.toThrow();
    expect(delivered).toEqual([{ queryId: ids[0], labeler: 'ada', answer: 4, seq: 1 }]);

    // a pair takes no rating
    await ada.post('/api/claim', { labeler: 'ada' }); // the second clip
    await ada.post('/api/answer', { queryId: ids[1], labeler: 'ada', answer: 'skip' });
    const pair = (await (await ada.post('/api/claim', { labeler: 'ada' })).json()).query as Claimed;
    expect(pair.kind).toBe('preference');
    expect(pair.scale).toBeUndefined();
    const wrong = await ada.post('/api/answer', { queryId: pair.id, labeler: 'ada', answer: 3 });
    expect(wrong.status).toBe(400);
    expect((await wrong.json()).error).toMatch(/^answer = 3 is a rating, but query ".*" compares two clips: send left, right, equal, cant-tell or skip/);
    expect((await store.count()).feedback).toBe(1);
    const status = await (await app.request('/api/status')).json();
    expect(status.instructions.rating).toMatchObject({ min: 1, max: 5 });
    await store.close();
  });

  it('undo takes a rating back and re-offers the clip; skip sends it to the back; after a restart the server still knows it is a rating', async () => {
    const { store, ids } = await storeWithClips(2, 0);
    const app = createFeedbackApp({ store, envId: 'FixedHorizonCartPole-v0' });
    const ada = labelerClient(app.request.bind(app), 'ada');
    const first = (await (await ada.post('/api/claim', { labeler: 'ada' })).json()).query as Claimed;
    expect(first.id).toBe(ids[0]);
    const skipped = await ada.post('/api/answer', { queryId: first.id, labeler: 'ada', answer: 'skip' });
    expect(await skipped.json()).toEqual({ ok: true, skipped: true });
    const second = (await (await ada.post('/api/claim', { labeler: 'ada' })).json()).query as Claimed;
    expect(second.id).toBe(ids[1]); // the skipped one went to the back
    expect((await ada.post('/api/answer', { queryId: second.id, labeler: 'ada', answer: 2 })).status).toBe(200);

    const undo = await (await ada.undo()).json();
    expect(undo).toMatchObject({ ok: true, answer: 2, query: { id: ids[1], kind: 'rating', scale: { max: 5 } } });
    expect(await store.feedback()).toHaveLength(0);
    expect(await store.feedback({ withRetracted: true })).toHaveLength(1);
    // re-offered to her first, and answerable again
    expect(((await (await ada.post('/api/claim', { labeler: 'ada' })).json()).query as Claimed).id).toBe(ids[1]);
    expect((await ada.post('/api/answer', { queryId: ids[1], labeler: 'ada', answer: 5 })).status).toBe(200);
    expect((await store.feedback()).map((f) => [f.queryId, f.kind, f.answer])).toEqual([[ids[1], 'rating', 5]]);

    // a new server on the same store (a resumed run) rebuilds the kinds from the store
    const again = createFeedbackApp({ store, envId: 'FixedHorizonCartPole-v0' });
    const bob = labelerClient(again.request.bind(again), 'bob');
    const q = (await (await bob.post('/api/claim', { labeler: 'bob' })).json()).query as Claimed;
    expect(q).toMatchObject({ id: ids[0], kind: 'rating' });
    expect((await bob.post('/api/answer', { queryId: q.id, labeler: 'bob', answer: 9 })).status).toBe(400);
    await store.close();
  });

  it('redundancy, sessions and the Origin check hold for ratings', async () => {
    const { store, ids } = await storeWithClips(1, 0);
    const app = createFeedbackApp({ store, envId: 'FixedHorizonCartPole-v0', redundancy: 2 });
    const [ada, bob, cy] = ['ada', 'bob', 'cy'].map((n) => labelerClient(app.request.bind(app), n));
    for (const l of [ada, bob]) expect(((await (await l.post('/api/claim', { labeler: l.labeler })).json()).query as Claimed).id).toBe(ids[0]);
    expect((await (await cy.post('/api/claim', { labeler: 'cy' })).json()).query).toBeNull(); // both slots are held
    const unclaimed = await cy.post('/api/answer', { queryId: ids[0], labeler: 'cy', answer: 3 });
    expect(unclaimed.status).toBe(409);
    // bob cannot answer as ada (her name belongs to her session)
    expect((await bob.post('/api/answer', { queryId: ids[0], labeler: 'ada', answer: 1 })).status).toBe(403);
    // a cross-site POST is refused even with her cookie
    expect((await ada.post('/api/answer', { queryId: ids[0], labeler: 'ada', answer: 1 }, { origin: 'https://evil.example' })).status).toBe(403);
    expect((await store.count()).feedback).toBe(0);
    expect((await ada.post('/api/answer', { queryId: ids[0], labeler: 'ada', answer: 4 })).status).toBe(200);
    expect((await ada.post('/api/answer', { queryId: ids[0], labeler: 'ada', answer: 5 })).status).toBe(409); // answered already
    expect((await bob.post('/api/answer', { queryId: ids[0], labeler: 'bob', answer: 4 })).status).toBe(200);
    expect((await cy.post('/api/answer', { queryId: ids[0], labeler: 'cy', answer: 4 })).status).toBe(409); // full
    expect((await store.feedback()).map((f) => [f.labeler, f.answer])).toEqual([['ada', 4], ['bob', 4]]);
    const status = await (await app.request('/api/status')).json();
    expect(status).toMatchObject({ pending: 0, answered: 2, agreement: { queries: 1, agreeing: 1 } });
    await store.close();
  });
});
