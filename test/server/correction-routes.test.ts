/**
 * Corrections through the labeling server (issue 15 items 1 and 5): a claimed correction query
 * comes with its key legend; taking over at step t replays the clip's reset seed and prefix and the
 * clip up to t on the server's env (reward hidden) and answers with the state there — the clip's
 * own observation; the person's steps follow; finishing stores ONE 'intervention' record (the
 * clip's first t actions, then the person's, with their frames) before the ack. A take-over past
 * the last allowed step, a finish before the clip's end, and a query whose replay does not reach
 * the clip are refused, naming why.
 */
import '../../src/envs/index.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Action } from '../../src/core/types.js';
import { make } from '../../src/envs/registry.js';
import { checkCorrectionAnswer, type CorrectionRequestPayload } from '../../src/feedback/correction-answer.js';
import { SqliteFeedbackStore } from '../../src/feedback/sqlite-store.js';
import { correctionPair, correctionQuery } from '../../src/loop/correction-queries.js';
import { demoKeysFor } from '../../src/loop/demo-queries.js';
import { createFeedbackApp } from '../../src/server/app.js';
import type { DemoEnv } from '../../src/server/demo-sessions.js';
import type { CorrectionStateResponse } from '../../src/server/protocol.js';
import { hideReward } from '../../src/wrappers/hide-reward.js';
import { addPairs, labelerClient } from './fixtures.js';

const envId = 'FixedHorizonCartPole-v0';
const pushLeft = (): Action => 0;

async function setup(payload: CorrectionRequestPayload) {
  const store = await SqliteFeedbackStore.open(join(mkdtempSync(join(tmpdir(), 'rl-corr-srv-')), 'f.sqlite'));
  await store.addQueries([{ id: 'correct/0', kind: 'intervention', payload }]);
  await addPairs(store, 1);
  const delivered: unknown[] = [];
  const app = createFeedbackApp({ store, envId, onAnswer: (a) => delivered.push(a), correction: { makeEnv: () => hideReward(make(envId)) as DemoEnv, keys: demoKeysFor(envId) } });
  const ada = labelerClient(app.request.bind(app), 'ada');
  const post = async (path: string, body: object) => {
    const r = await ada.post(path, { labeler: 'ada', queryId: 'correct/0', ...body });
    return { status: r.status, body: (await r.json()) as CorrectionStateResponse & { error?: string; seq?: number } };
  };
  return { store, app, ada, post, delivered };
}

describe('corrections on the labeling server', () => {
  it('takes over a claimed clip at a step, from exactly its state, and stores the corrected segment as one record before the ack', async () => {
    const q = correctionQuery(2, pushLeft, { envId, seed: 11, length: 12, recordFrames: true });
    expect(q.payload.prefix).toHaveLength(5); // the clip starts 5 steps into the agent's episode: the server replays them
    const { store, ada, post, delivered } = await setup(q.payload);
    const claimed = (await (await ada.post('/api/claim', { labeler: 'ada' })).json()).query as { id: string; kind: string; keys: { key: string; action: number }[]; payload: CorrectionRequestPayload };
    expect(claimed).toMatchObject({ id: 'correct/0', kind: 'correction', payload: q.payload });
    expect(claimed.keys.map((k) => `${k.key}=${k.action}`)).toEqual(['ArrowLeft=0', 'ArrowRight=1']);

    expect((await post('/api/correction/step', { action: 0 })).status).toBe(409); // not taken over yet
    const late = await post('/api/correction/start', { takeover: 10 });
    expect(late.status).toBe(400);
    expect(late.body.error).toMatch(/takeover = 10 must be an integer in 0…9 \(the clip has 12 steps, at least 3 are yours\)/);
    const start = await post('/api/correction/start', { takeover: 4 });
    expect(start.status).toBe(200);
    expect(start.body).toMatchObject({ takeover: 4, step: 4, length: 12, done: false });
    expect(start.body.observation).toEqual(q.payload.clip.observations[4]); // the clip's state at the take-over, exactly
    expect(start.body.frame).toMatchObject({ kind: 'shapes' });
    const bad = await post('/api/correction/step', { action: 2 });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/^action = 2 is not an action of FixedHorizonCartPole-v0's demonstration keys/);
    const mine = [1, 1, 0, 1, 0, 1, 1];
    for (const [i, a] of mine.entries()) {
      if (i === 3) expect((await post('/api/correction/finish', {})).body.error).toMatch(/has 7 of the clip's 12 steps: play on to its end/);
      const r = await post('/api/correction/step', { action: a });
      expect(r.body.step).toBe(5 + i);
    }
    const more = await post('/api/correction/step', { action: 1 });
    expect(more.status).toBe(200);
    expect(more.body.done).toBe(true);
    mine.push(1);
    const fin = await post('/api/correction/finish', {});
    expect(fin.status).toBe(200);
    const [rec] = await store.feedback({ kind: 'intervention' });
    expect(rec.seq).toBe(fin.body.seq);
    expect(rec.labeler).toBe('ada');
    const answer = checkCorrectionAnswer(rec.answer, q.payload, 'stored');
    expect(answer.actions).toEqual([...q.payload.clip.actions.slice(0, 4), ...mine]);
    expect(answer.frames).toHaveLength(13);
    // the person's steps are the env's: a replay of the same actions gives the same observations
    const env = hideReward(make(envId));
    env.reset({ seed: q.payload.seed });
    for (const a of q.payload.prefix) env.step(a);
    const replay = [q.payload.clip.observations[0], ...answer.actions.map((a) => Array.from(env.step(a).observation as Float32Array))];
    expect(answer.observations).toEqual(replay);
    expect(delivered).toEqual([{ queryId: 'correct/0', labeler: 'ada', answer: { stored: 'correction' }, seq: rec.seq }]);
    // folded as corrected ≻ original, both from the clip's first state
    const pair = correctionPair('correct/0', q.payload, rec.answer, 'stored');
    expect([pair.left.n, pair.right.n, pair.target]).toEqual([12, 12, 1]);
    expect(Array.from(pair.right.actions)).toEqual(q.payload.clip.actions);
    expect((await post('/api/correction/start', { takeover: 0 })).status).toBe(200); // a new take-over replaces the finished one…
    await post('/api/correction/step', { action: 0 });
    expect((await post('/api/correction/finish', {})).status).toBe(409); // …and nothing more is stored
    expect(await store.feedback({ kind: 'intervention' })).toHaveLength(1);
    // answering it like a pair is refused, naming the routes
    const wrong = await ada.post('/api/answer', { labeler: 'ada', queryId: 'correct/0', answer: 'left' });
    expect(wrong.status).toBe(400);
    expect(((await wrong.json()) as { error: string }).error).toMatch(/asks for a correction: take over \(POST \/api\/correction\/start/);
  });

  it('refuses a take-over when the replay does not reach the clip (the query is not this env\'s clip)', async () => {
    const q = correctionQuery(0, pushLeft, { envId, seed: 11, length: 12, recordFrames: false });
    const { ada, post } = await setup({ ...q.payload, seed: q.payload.seed + 1 });
    await ada.post('/api/claim', { labeler: 'ada' });
    const r = await post('/api/correction/start', { takeover: 2 });
    expect(r.status).toBe(500);
    expect(r.body.error).toMatch(/the replay did not reach the clip's state \(observation 0 differs\)/);
  });
});
