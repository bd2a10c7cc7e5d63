/**
 * Only the invited can answer: each rule of the labeling server's access policy (protocol.ts),
 * tried the way an attacker would, with the store checked afterwards (nothing stored).
 */
import { request as httpRequest } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFeedbackApp } from '../../src/server/app.js';
import { startFeedbackServer } from '../../src/server/serve.js';
import { labelerClient, storeWithPairs } from './fixtures.js';

const fresh = (n: number) => storeWithPairs(join(mkdtempSync(join(tmpdir(), 'rl-sec-')), 'f.sqlite'), n);

/** A raw HTTP request with any Host header (fetch would not let us forge it). */
function raw(url: string, o: { method?: string; host?: string; headers?: Record<string, string>; body?: string }): Promise<{ status: number; body: string }> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ hostname: u.hostname, port: u.port, path: u.pathname + u.search, method: o.method ?? 'GET', headers: { ...(o.host ? { host: o.host } : {}), ...o.headers } }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode!, body }));
    });
    req.on('error', reject);
    req.end(o.body);
  });
}

describe('labeling server access rules', () => {
  it('refuses a cross-site POST (foreign Origin, Origin null, Sec-Fetch-Site cross-site) with 403 and a reason; same-origin passes', async () => {
    const store = await fresh(2);
    const app = createFeedbackApp({ store, envId: 'x' });
    const ada = labelerClient(app.request.bind(app), 'ada');
    const q = (await ada.claim())!;
    for (const headers of <Record<string, string>[]>[{ origin: 'https://evil.example' }, { origin: 'null' }, { origin: 'http://127.0.0.1.evil.example' }, { 'sec-fetch-site': 'cross-site' }]) {
      for (const [path, body] of [['/api/answer', { queryId: q.id, labeler: 'ada', answer: 'left' }], ['/api/undo', { labeler: 'ada' }], ['/api/claim', { labeler: 'ada' }], ['/api/session', { labeler: 'eve' }]] as const) {
        const r = await ada.post(path, body, headers);
        expect(r.status, `${path} with ${JSON.stringify(headers)}`).toBe(403);
        expect((await r.json()).error).toMatch(/cross-site request refused/);
      }
    }
    expect((await store.count()).feedback).toBe(0);
    const same = await ada.post('/api/answer', { queryId: q.id, labeler: 'ada', answer: 'left' }, { origin: 'http://localhost', 'sec-fetch-site': 'same-origin' });
    expect(same.status).toBe(200);
    expect((await store.feedback()).map((f) => f.answer)).toEqual(['left']);
    await store.close();
  });

  it("refuses a Host that is not the server's own (DNS rebinding), on reads and writes; its own names pass", async () => {
    const store = await fresh(2);
    const server = await startFeedbackServer({ store, envId: 'x', finishGraceMs: 0 });
    try {
      const port = new URL(server.url).port;
      const rebound = await raw(`${server.url}api/status`, { host: `evil.example:${port}` });
      expect(rebound.status).toBe(403);
      expect(JSON.parse(rebound.body).error).toMatch(/DNS rebinding/);
      const post = await raw(`${server.url}api/claim`, { method: 'POST', host: `evil.example:${port}`, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ labeler: 'eve' }) });
      expect(post.status).toBe(403);
      expect((await raw(`${server.url}api/status`, { host: `127.0.0.1:${Number(port) + 1}` })).status).toBe(403);
      for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]) expect((await raw(`${server.url}api/status`, { host })).status, host).toBe(200);
      expect((await store.count()).feedback).toBe(0);
    } finally {
      await server.close();
      await store.close();
    }
  });

  it('binds a labeler name to its session: another session can neither claim, answer nor undo as that name', async () => {
    const store = await fresh(3);
    const app = createFeedbackApp({ store, envId: 'x' });
    const ada = labelerClient(app.request.bind(app), 'ada');
    const q = (await ada.claim())!;
    expect(ada.cookie).toMatch(/^rl_session=/);
    const setCookie = (await app.request('/')).headers.get('set-cookie')!;
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    expect((await ada.answer(q.id, 'left')).status).toBe(200);
    const eve = labelerClient(app.request.bind(app), 'ada'); // another session naming ada
    const claim = await eve.post('/api/claim', { labeler: 'ada' });
    expect(claim.status).toBe(403);
    expect((await claim.json()).error).toMatch(/another browser session/);
    const undo = await eve.undo();
    expect([401, 403]).toContain(undo.status);
    await eve.post('/api/session', { labeler: 'eve' }); // eve now has a session of her own
    expect((await eve.undo()).status).toBe(403);
    expect((await eve.answer(q.id, 'right')).status).toBe(403);
    const noSession = await app.request('/api/answer', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ queryId: q.id, labeler: 'ada', answer: 'right' }) });
    expect(noSession.status).toBe(401);
    expect((await store.feedback({ withRetracted: true })).map((f) => [f.labeler, f.answer])).toEqual([['ada', 'left']]);
    await store.close();
  });

  it('redundancy 1: an answer to an answered query, or to one this labeler did not claim, gets 409 and is stored nowhere', async () => {
    const store = await fresh(3);
    const app = createFeedbackApp({ store, envId: 'x', redundancy: 1 });
    const ada = labelerClient(app.request.bind(app), 'ada');
    const bob = labelerClient(app.request.bind(app), 'bob');
    const qa = (await ada.claim())!;
    const qb = (await bob.claim())!;
    expect(qb.id).not.toBe(qa.id);
    expect((await ada.answer(qa.id, 'left')).status).toBe(200);
    const late = await bob.answer(qa.id, 'right'); // already has its one answer
    expect(late.status).toBe(409);
    expect((await late.json()).error).toMatch(/already has all the answers/);
    const stolen = await ada.answer(qb.id, 'left'); // bob's claim, not ada's
    expect(stolen.status).toBe(409);
    const unclaimedId = (await store.queries()).map((q) => q.id).find((id) => id !== qa.id && id !== qb.id)!;
    const unclaimed = await ada.answer(unclaimedId, 'left');
    expect(unclaimed.status).toBe(409);
    expect((await unclaimed.json()).error).toMatch(/did not claim/);
    expect((await store.feedback()).map((f) => [f.queryId, f.labeler])).toEqual([[qa.id, 'ada']]);
    await store.close();
  });

  it('a non-loopback bind requires the URL token', async () => {
    const store = await fresh(1);
    const server = await startFeedbackServer({ store, envId: 'x', host: '0.0.0.0', finishGraceMs: 0 });
    try {
      expect(server.token).toMatch(/^[0-9a-f]{32}$/);
      const port = new URL(server.url).port;
      expect((await raw(`http://127.0.0.1:${port}/api/status`, {})).status).toBe(401);
      expect((await raw(`http://127.0.0.1:${port}/api/status?token=${server.token}`, {})).status).toBe(200);
    } finally {
      await server.close();
      await store.close();
    }
  });
});

describe('many concurrent labelers never over-answer a query', () => {
  for (const redundancy of [1, 2]) {
    it(`redundancy ${redundancy}: 24 racing clients (claims expiring mid-answer, answers to others' queries) leave no query with more than ${redundancy} answers`, async () => {
      const store = await fresh(30);
      let now = 0;
      // a tiny lease and a clock that moves on every read: claims lapse while their holder answers
      const app = createFeedbackApp({ store, envId: 'x', redundancy, leaseMs: 40, clock: () => (now += 7) });
      const ids = (await store.queries()).map((q) => q.id);
      const clients = Array.from({ length: 24 }, (_, i) => labelerClient(app.request.bind(app), `l${i}`));
      let acked = 0;
      await Promise.all(
        clients.map(async (c, i) => {
          for (let k = 0; k < 12; k++) {
            const q = await c.claim();
            // every third client also tries a query it did not claim
            const target = i % 3 === 0 ? ids[(i + k) % ids.length] : q?.id;
            if (!target) continue;
            const r = await c.answer(target, k % 2 ? 'left' : 'right');
            if (r.status === 200) acked++;
            else expect([409]).toContain(r.status);
          }
        }),
      );
      const by = new Map<string, string[]>();
      for (const f of await store.feedback()) by.set(f.queryId, [...(by.get(f.queryId) ?? []), f.labeler]);
      for (const [id, ls] of by) {
        expect(ls.length, id).toBeLessThanOrEqual(redundancy);
        expect(new Set(ls).size).toBe(ls.length);
      }
      expect(await store.feedback()).toHaveLength(acked);
      expect(acked).toBeGreaterThan(0);
      const status = await (await app.request('/api/status')).json();
      expect(status.answered).toBe(acked);
      await store.close();
    });
  }
});
