/**
 * Goal-marking queries through the labeling server (issue 15 items 1 and 5): a claimed goal query
 * is a clip (with frames); the answer names the frames that look "done" ({ goalFrames }, [] for
 * none) and is checked against the clip — a frame outside it, a frame named twice, an answer of
 * another kind: 400 naming the field and value, nothing stored or reserved — and stored as the
 * 'goal' record the loop folds ({ goalSteps }: the clip's last frame stands for its last step);
 * a goal answer to a rating or pair query is refused; undo and skip work as for any query.
 */
import '../../src/envs/index.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/rng.js';
import { rolloutTrajectories } from '../../src/core/rollout.js';
import { make } from '../../src/envs/registry.js';
import { SqliteFeedbackStore } from '../../src/feedback/sqlite-store.js';
import { GOAL_ID_PREFIX, RATING_ID_PREFIX, encodeClip } from '../../src/loop/rating-queries.js';
import { cutFragments } from '../../src/preferences/fragmenter.js';
import { createFeedbackApp } from '../../src/server/app.js';
import { hideReward } from '../../src/wrappers/hide-reward.js';
import { labelerClient } from './fixtures.js';

async function setup() {
  const store = await SqliteFeedbackStore.open(join(mkdtempSync(join(tmpdir(), 'rl-goal-srv-')), 'f.sqlite'));
  const trajs = rolloutTrajectories(hideReward(make('FixedHorizonCartPole-v0')) as never, { episodes: 2, seed: 3, envId: 'FixedHorizonCartPole-v0', recordFrames: true });
  const [a, b, c] = cutFragments(trajs, 3, new Rng(5), { length: 20 });
  const ids = [`${GOAL_ID_PREFIX}0/${a.id}`, `${GOAL_ID_PREFIX}1/${b.id}`, `${RATING_ID_PREFIX}2/${c.id}`];
  await store.addQueries([{ id: ids[0], kind: 'goal', payload: encodeClip(a, true) }, { id: ids[1], kind: 'goal', payload: encodeClip(b, true) }, { id: ids[2], kind: 'rating', payload: encodeClip(c, true) }]);
  const delivered: unknown[] = [];
  const app = createFeedbackApp({ store, envId: 'FixedHorizonCartPole-v0', onAnswer: (x) => delivered.push(x) });
  return { store, app, ids, delivered };
}

describe('goal-marking queries on the labeling server', () => {
  it('hands out the clip, refuses frames that do not fit it naming them, stores the marked steps as a goal record', async () => {
    const { store, app, ids, delivered } = await setup();
    const ada = labelerClient(app.request.bind(app), 'ada');
    const q = (await (await ada.post('/api/claim', { labeler: 'ada' })).json()).query as { id: string; kind: string; payload: { clip: { frames: unknown[] } } };
    expect(q).toMatchObject({ id: ids[0], kind: 'goal' });
    expect(q.payload.clip.frames).toHaveLength(21);
    const refused: [unknown, RegExp][] = [
      [{ goalFrames: [21] }, /^answer\.goalFrames: frame 21 must be an integer in 0…20 \(the clip of query "goal\/0\/.*" has 21 frames\)/],
      [{ goalFrames: [-1] }, /frame -1 must be an integer in 0…20/],
      [{ goalFrames: [2.5] }, /frame 2\.5 must be an integer/],
      [{ goalFrames: [3, 3] }, /goalFrames = \[3,3\] names a frame twice/],
      ['left', /^answer = "left", but query "goal\/0\/.*" asks which frames of its clip look done: send \{ goalFrames/],
      [4, /^answer = 4, but query .* asks which frames/],
      [{ frames: [1] }, /^answer: .* is not an answer: .*or \{ goalFrames: \[frame, …\] \} for a goal query/],
    ];
    for (const [answer, why] of refused) {
      const r = await ada.post('/api/answer', { queryId: q.id, labeler: 'ada', answer });
      expect(r.status, JSON.stringify(answer)).toBe(400);
      expect(((await r.json()) as { error: string }).error).toMatch(why);
    }
    expect(await store.feedback()).toEqual([]);
    // nothing was reserved by the refusals: the good answer goes through
    const ok = await ada.post('/api/answer', { queryId: q.id, labeler: 'ada', answer: { goalFrames: [20, 3, 12] } });
    expect(ok.status).toBe(200);
    const [rec] = await store.feedback();
    expect(rec).toMatchObject({ queryId: ids[0], kind: 'goal', labeler: 'ada', answer: { goalSteps: [3, 12, 19] } });
    expect(delivered).toEqual([{ queryId: ids[0], labeler: 'ada', answer: { goalFrames: [20, 3, 12] }, seq: rec.seq }]);

    // undo gives the clip back with what was stored; "none of these" is an empty list
    const undo = (await (await ada.undo()).json()) as { answer: unknown; query: { id: string } };
    expect(undo).toMatchObject({ answer: { goalSteps: [3, 12, 19] }, query: { id: ids[0] } });
    expect((await ada.post('/api/answer', { queryId: ids[0], labeler: 'ada', answer: { goalFrames: [] } })).status).toBe(200);
    expect((await store.feedback()).map((f) => f.answer)).toEqual([{ goalSteps: [] }]);
    // skip works as for any query
    const next = (await (await ada.post('/api/claim', { labeler: 'ada' })).json()).query as { id: string };
    expect(next.id).toBe(ids[1]);
    expect((await ada.answer(ids[1], 'skip')).status).toBe(200);
    // a rating query takes no goal frames
    const rating = (await (await ada.post('/api/claim', { labeler: 'ada' })).json()).query as { id: string };
    expect(rating.id).toBe(ids[2]);
    const wrong = await ada.post('/api/answer', { queryId: ids[2], labeler: 'ada', answer: { goalFrames: [1] } });
    expect(wrong.status).toBe(400);
    expect(((await wrong.json()) as { error: string }).error).toMatch(/marks goal frames, but query "rate\/2\/.*" asks for a rating/);
    await store.close();
  });

  it('a rebuilt server knows stored goal queries as goal queries', async () => {
    const { store, ids } = await setup();
    const again = createFeedbackApp({ store, envId: 'FixedHorizonCartPole-v0' });
    const q = (await (await labelerClient(again.request.bind(again), 'bob').post('/api/claim', { labeler: 'bob' })).json()).query as { id: string; kind: string };
    expect(q).toMatchObject({ id: ids[0], kind: 'goal' });
    await store.close();
  });
});
