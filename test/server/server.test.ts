/** The labeling server's protocol, security and concurrency, through Hono's in-process request API. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFeedbackApp } from '../../src/server/app.js';
import { labelerClient, storeWithPairs } from './fixtures.js';

const post = (body: unknown, extra: Record<string, string> = {}) => ({ method: 'POST', headers: { 'content-type': 'application/json', ...extra }, body: typeof body === 'string' ? body : JSON.stringify(body) });

describe('labeling server', () => {
  it('hands out queries, stores answers durably, reports counts; the page and headers are served', async () => {
    const store = await storeWithPairs(join(mkdtempSync(join(tmpdir(), 'rl-srv-')), 'f.sqlite'), 3);
    const answers: string[] = [];
    const frame = { kind: 'shapes', width: 10, height: 10, shapes: [] };
    const app = createFeedbackApp({ store, envId: 'FixedHorizonCartPole-v0', onAnswer: (a) => answers.push(a.queryId), agentClip: () => [frame, frame] });
    expect((await (await app.request('/api/agent-clip')).json()).frames).toHaveLength(2);
    const page = await app.request('/');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await page.text()).toContain('<canvas id="left"');
    const ada = labelerClient(app.request.bind(app), 'ada');
    const claim = { query: (await ada.claim())! };
    expect(claim.query.payload.left.frames.length).toBe(21);
    const ok = await ada.answer(claim.query.id, 'left');
    expect(await ok.json()).toMatchObject({ ok: true, seq: 1 });
    expect((await store.feedback()).map((f) => [f.queryId, f.answer])).toEqual([[claim.query.id, 'left']]);
    expect(answers).toEqual([claim.query.id]);
    const again = await ada.answer(claim.query.id, 'right');
    expect(again.status).toBe(409);
    const status = await (await app.request('/api/status')).json();
    expect(status).toMatchObject({ pending: 2, answered: 1, byLabeler: { ada: 1 }, finished: false, paused: false, answersNeeded: 0 });
    expect(status.instructions.task).toMatch(/pole more upright/);
    // undo works until the loop has consumed the answer
    const undo = await (await ada.undo()).json();
    expect(undo).toMatchObject({ ok: true, answer: 'left', query: { id: claim.query.id } });
    expect(await store.pendingQueries()).toHaveLength(3);
    const seq = (await (await ada.answer(claim.query.id, 'right')).json()).seq;
    await store.markConsumed(seq);
    expect((await ada.undo()).status).toBe(409);
    expect((await store.feedback()).map((f) => f.answer)).toEqual(['right']);
    expect((await store.verify()).ok).toBe(true);
    for (const name of ['true', 'learned', 'accuracy']) {
      const chart = await app.request(`/api/chart/${name}.svg`);
      expect(chart.headers.get('content-type')).toContain('image/svg+xml');
    }
    expect((await app.request('/api/chart/other.svg')).status).toBe(404);
    await store.close();
  });

  it('refuses requests without the token, malformed and oversized bodies, and unknown paths', async () => {
    const store = await storeWithPairs(join(mkdtempSync(join(tmpdir(), 'rl-srv-')), 'f.sqlite'), 1);
    const app = createFeedbackApp({ store, envId: 'x', token: 's3cret' });
    expect((await app.request('/api/status')).status).toBe(401);
    expect((await app.request('/')).status).toBe(401);
    expect((await app.request('/api/status', { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
    expect((await app.request('/api/status?token=s3cret')).status).toBe(200);
    const auth = { authorization: 'Bearer s3cret' };
    const bad = await app.request('/api/answer', post('{oops', auth));
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toBe('body must be JSON');
    const wrong = await app.request('/api/answer', post({ queryId: 'q', labeler: 'a', answer: 'maybe' }, auth));
    expect(wrong.status).toBe(400);
    expect((await wrong.json()).error).toMatch(/^answer: "maybe" is not an answer: use one of left, right, equal, cant-tell, skip/);
    const extra = await app.request('/api/claim', post({ labeler: 'a', admin: true }, auth));
    expect(extra.status).toBe(400);
    const big = await app.request('/api/claim', post({ labeler: 'a'.repeat(20_000) }, auth));
    expect(big.status).toBe(413);
    expect((await app.request('/../../etc/passwd', { headers: auth })).status).toBe(404);
    expect((await app.request('/app.js/../../package.json', { headers: auth })).status).toBe(404);
    expect((await store.count()).feedback).toBe(0);
    await store.close();
  });

  it('many labelers at once: no query handed out twice, no answer lost or double-counted', async () => {
    const store = await storeWithPairs(join(mkdtempSync(join(tmpdir(), 'rl-srv-')), 'f.sqlite'), 40);
    const app = createFeedbackApp({ store, envId: 'x' });
    const labelers = Array.from({ length: 12 }, (_, i) => labelerClient(app.request.bind(app), `labeler-${i}`));
    const seen = new Set<string>();
    let acked = 0;
    for (let round = 0; round < 5; round++) {
      const claims = await Promise.all(labelers.map(async (l) => ({ l, q: await l.claim() })));
      const got = claims.filter((c) => c.q);
      for (const c of got) {
        expect(seen.has(c.q!.id)).toBe(false);
        seen.add(c.q!.id);
      }
      const results = await Promise.all(got.map((c) => c.l.answer(c.q!.id, 'equal')));
      acked += results.filter((r) => r.status === 200).length;
    }
    expect(seen.size).toBe(40);
    expect(acked).toBe(40);
    expect(await store.feedback()).toHaveLength(40);
    expect(new Set((await store.feedback()).map((f) => f.queryId)).size).toBe(40);
    await store.close();
  });

  it('with redundancy 2, each pair goes to exactly two different labelers and agreement is reported', async () => {
    const store = await storeWithPairs(join(mkdtempSync(join(tmpdir(), 'rl-srv-')), 'f.sqlite'), 6);
    const app = createFeedbackApp({ store, envId: 'x', redundancy: 2 });
    const labelers = ['ann', 'bob', 'cy'].map((l) => labelerClient(app.request.bind(app), l));
    for (let round = 0; round < 6; round++) {
      for (const l of labelers) {
        const query = await l.claim();
        if (!query) continue;
        const answer = l.labeler === 'cy' ? 'right' : 'left';
        expect((await l.answer(query.id, answer)).status).toBe(200);
      }
    }
    const by = new Map<string, string[]>();
    for (const f of await store.feedback()) by.set(f.queryId, [...(by.get(f.queryId) ?? []), f.labeler]);
    expect(by.size).toBe(6);
    for (const ls of by.values()) {
      expect(ls).toHaveLength(2);
      expect(new Set(ls).size).toBe(2);
    }
    const status = await (await app.request('/api/status')).json();
    expect(status.pending).toBe(0);
    expect(status.agreement.queries).toBe(6);
    const expected = [...by.values()].filter((ls) => !ls.includes('cy')).length;
    expect(status.agreement.agreeing).toBe(expected);
    await store.close();
  });
});

describe('labeling server: the whole run on one page', () => {
  it('keeps every metrics point although the caller keeps only its latest 50, downsampling what it sends', async () => {
    const store = await storeWithPairs(join(mkdtempSync(join(tmpdir(), 'rl-srv-')), 'f.sqlite'), 1);
    const window: { iteration: number; globalStep: number; labels: number; trueReturn: number | null; learnedReturn: number | null; heldOutAccuracy: number | null }[] = [];
    const app = createFeedbackApp({ store, envId: 'FixedHorizonCartPole-v0', metrics: () => window, budget: { labels: 1000, agentSteps: 1_000_000 }, instructions: 'Pick the calmer clip.' });
    for (let i = 0; i < 300; i++) {
      window.push({ iteration: i, globalStep: i * 1000, labels: i * 2, trueReturn: i, learnedReturn: -i, heldOutAccuracy: 0.5 });
      window.splice(0, Math.max(0, window.length - 50)); // what train-run does today
      if (i % 7 === 0) await app.request('/api/status'); // the page polls now and then
    }
    const s = await (await app.request('/api/status')).json();
    expect(s.metricsTotal).toBeGreaterThan(250); // points polled at least once are kept
    expect(s.metrics.length).toBeLessThanOrEqual(240);
    expect(s.metrics[0].iteration).toBe(0);
    expect(s.metrics.at(-1).iteration).toBe(299);
    expect(s).toMatchObject({ labelsLeft: 1000 - 598, stepsLeft: 1_000_000 - 299_000, paused: false, answersNeeded: 0, finished: false });
    expect(s.instructions.task).toBe('Pick the calmer clip.');
    expect(s.instructions.answers.skip).toMatch(/ask me later/);
    await store.close();
  });

  it("'skip' stores nothing and sends the pair to the back of the queue; new queries in the store are offered", async () => {
    const store = await storeWithPairs(join(mkdtempSync(join(tmpdir(), 'rl-srv-')), 'f.sqlite'), 2);
    const app = createFeedbackApp({ store, envId: 'x', discoverQueriesMs: 0 });
    const ada = labelerClient(app.request.bind(app), 'ada');
    const first = (await ada.claim())!;
    expect(await (await ada.answer(first.id, 'skip')).json()).toEqual({ ok: true, skipped: true });
    const second = (await ada.claim())!;
    expect(second.id).not.toBe(first.id); // skipped: asked later
    expect((await ada.answer(second.id, 'left')).status).toBe(200);
    expect((await ada.claim())!.id).toBe(first.id); // later has come
    expect((await store.feedback()).map((f) => f.answer)).toEqual(['left']);
    const bob = labelerClient(app.request.bind(app), 'bob');
    expect(await bob.claim()).toBeNull(); // ada holds the last one
    await store.addQueries([{ id: 'late', kind: 'preference', payload: { kind: 'fragment-pair', version: 1, left: { frames: [] }, right: { frames: [] } } }]);
    await new Promise((r) => setTimeout(r, 120)); // the server looks for new queries at most every 50 ms when its queue is empty
    expect((await bob.claim())!.id).toBe('late'); // the loop added it after the server started, without telling the server
    app.control.queriesAdded(['later']); // announced: offered at once (the store has it too)
    await store.addQueries([{ id: 'later', kind: 'preference', payload: { kind: 'fragment-pair', version: 1, left: { frames: [] }, right: { frames: [] } } }]);
    expect((await labelerClient(app.request.bind(app), 'cy').claim())!.id).toBe('later');
    await store.close();
  });
});
