/**
 * Demonstrations through the labeling server (issue 15 items 1 and 5): a claimed demonstration
 * query comes with its key legend; the person's steps are played on the server's env (reset from
 * the query's seed, reward hidden), each answered with the frame to draw; a bad action is refused
 * with 400 naming the field and the value; finishing stores ONE 'demonstration' record — the
 * episode as played, with its frames, the one a replay of the same actions gives — before the ack.
 * Sessions, labeler ownership and the Origin check hold as for answers.
 */
import '../../src/envs/index.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { make } from '../../src/envs/registry.js';
import type { DemoRequestPayload } from '../../src/feedback/demonstration-answer.js';
import { SqliteFeedbackStore } from '../../src/feedback/sqlite-store.js';
import { decodeDemonstration, demoKeysFor } from '../../src/loop/demo-queries.js';
import { createFeedbackApp } from '../../src/server/app.js';
import type { DemoEnv } from '../../src/server/demo-sessions.js';
import type { DemoStateResponse } from '../../src/server/protocol.js';
import { hideReward } from '../../src/wrappers/hide-reward.js';
import { addPairs, labelerClient } from './fixtures.js';

const envId = 'FixedHorizonCartPole-v0';
const payload: DemoRequestPayload = { kind: 'demonstration-request', version: 1, envId, seed: 42, maxSteps: 15, minSteps: 10 };

async function setup() {
  const store = await SqliteFeedbackStore.open(join(mkdtempSync(join(tmpdir(), 'rl-demo-srv-')), 'f.sqlite'));
  await store.addQueries([{ id: 'demo/0', kind: 'demonstration', payload }]);
  await addPairs(store, 1);
  const delivered: unknown[] = [];
  const app = createFeedbackApp({ store, envId, onAnswer: (a) => delivered.push(a), demo: { makeEnv: () => hideReward(make(envId)) as DemoEnv, keys: demoKeysFor(envId) } });
  return { store, app, delivered };
}

describe('demonstrations on the labeling server', () => {
  it('plays a claimed demonstration step by step and stores it, with its frames, as one record before the ack', async () => {
    const { store, app, delivered } = await setup();
    const ada = labelerClient(app.request.bind(app), 'ada');
    const q = (await (await ada.post('/api/claim', { labeler: 'ada' })).json()).query as { id: string; kind: string; keys: { key: string; action: number }[]; payload: DemoRequestPayload };
    expect(q).toMatchObject({ id: 'demo/0', kind: 'demonstration', payload });
    expect(q.keys.map((k) => `${k.key}=${k.action}`)).toEqual(['ArrowLeft=0', 'ArrowRight=1']);

    const post = async (path: string, body: object) => {
      const r = await ada.post(path, { labeler: 'ada', queryId: 'demo/0', ...body });
      return { status: r.status, body: (await r.json()) as DemoStateResponse & { error?: string; seq?: number } };
    };
    expect((await post('/api/demo/step', { action: 0 })).status).toBe(409); // not started
    const start = await post('/api/demo/start', {});
    expect(start.status).toBe(200);
    expect(start.body).toMatchObject({ step: 0, maxSteps: 15, minSteps: 10, done: false });
    expect(start.body.frame).toMatchObject({ kind: 'shapes' });
    const reference = hideReward(make(envId));
    expect(start.body.observation).toEqual(Array.from(reference.reset({ seed: 42 }).observation as Float32Array));

    // bad actions: 400 naming the field and the value, nothing played
    for (const [action, why] of [[2, /^action = 2 is not an action of FixedHorizonCartPole-v0's demonstration keys; use one of 0 \(ArrowLeft: push the cart left\), 1 \(ArrowRight: push the cart right\)/], ['left', /^action = "left" is not an action/], [0.5, /^action = 0\.5 is not/]] as const) {
      const r = await post('/api/demo/step', { action });
      expect(r.status).toBe(400);
      expect(r.body.error).toMatch(why);
    }
    const played: number[] = [];
    const frames: unknown[] = [start.body.frame];
    for (let i = 0; i < 3; i++) {
      const a = i % 2;
      const r = await post('/api/demo/step', { action: a });
      played.push(a);
      frames.push(r.body.frame);
      expect(r.body.step).toBe(played.length);
    }
    // too short to store: refused, nothing stored
    const short = await post('/api/demo/finish', {});
    expect(short.status).toBe(409);
    expect(short.body.error).toMatch(/has 3 steps; at least 10 are needed/);
    for (let i = 3; i < 15; i++) {
      const r = await post('/api/demo/step', { action: i % 3 === 0 ? 1 : 0 });
      played.push(i % 3 === 0 ? 1 : 0);
      frames.push(r.body.frame);
      expect(r.body.done).toBe(i === 14); // maxSteps
    }
    expect((await post('/api/demo/step', { action: 0 })).body.error).toMatch(/is over after 15 steps/);

    // someone else cannot finish it for ada, nor play as ada
    const bob = labelerClient(app.request.bind(app), 'bob');
    await bob.post('/api/session', { labeler: 'bob' });
    expect((await bob.post('/api/demo/finish', { labeler: 'ada', queryId: 'demo/0' })).status).toBe(403);
    expect((await bob.post('/api/demo/finish', { labeler: 'bob', queryId: 'demo/0' })).status).toBe(409);
    expect((await labelerClient(app.request.bind(app), 'eve').post('/api/demo/start', { labeler: 'eve', queryId: 'demo/0' })).status).toBe(401);
    // a demonstration query takes no pair answer
    const wrong = await ada.answer('demo/0', 'left');
    expect(wrong.status).toBe(400);
    expect(((await wrong.json()) as { error: string }).error).toMatch(/asks for a demonstration: play it/);
    expect(await store.feedback()).toEqual([]);

    const done = await post('/api/demo/finish', {});
    expect(done.status).toBe(200);
    const recs = await store.feedback();
    expect(recs).toHaveLength(1);
    expect(recs[0]).toMatchObject({ seq: done.body.seq, queryId: 'demo/0', kind: 'demonstration', labeler: 'ada' });
    expect(delivered).toEqual([{ queryId: 'demo/0', labeler: 'ada', answer: { stored: 'demonstration' }, seq: done.body.seq }]);
    const [episode] = decodeDemonstration(recs[0].answer, 'record');
    expect(episode.actions).toEqual(played);
    expect(episode.frames).toEqual(frames);
    expect(episode.truncated).toBe(true);
    // the stored observations are those of replaying the actions from the seeded reset
    const replay = [Array.from(reference.reset({ seed: 42 }).observation as Float32Array)];
    for (const a of played) replay.push(Array.from(reference.step(a).observation as Float32Array));
    expect(episode.observations.map((o) => Array.from(o))).toEqual(replay);
    // finished means answered: not again, and the next claim is the pair
    expect((await post('/api/demo/finish', {})).status).toBe(409);
    expect((await ada.claim())!.id).not.toBe('demo/0');
    await store.close();
  });

  it('refuses demonstration requests from another site, for non-demonstration queries, and where the run asks for none', async () => {
    const { store, app } = await setup();
    const ada = labelerClient(app.request.bind(app), 'ada');
    await ada.post('/api/session', { labeler: 'ada' });
    const cross = await ada.post('/api/demo/start', { labeler: 'ada', queryId: 'demo/0' }, { origin: 'http://evil.example' });
    expect(cross.status).toBe(403);
    const pairId = (await store.queryIds({ kind: 'preference' }))[0];
    const notDemo = await ada.post('/api/demo/start', { labeler: 'ada', queryId: pairId });
    expect(notDemo.status).toBe(400);
    expect(((await notDemo.json()) as { error: string }).error).toMatch(/is not a demonstration query/);
    const extra = await ada.post('/api/demo/step', { labeler: 'ada', queryId: 'demo/0', action: 0, reward: 1 });
    expect(extra.status).toBe(400);
    const plain = createFeedbackApp({ store, envId });
    expect((await labelerClient(plain.request.bind(plain), 'ada').post('/api/demo/start', { labeler: 'ada', queryId: 'demo/0' })).status).toBe(404);
    await store.close();
  });
});
