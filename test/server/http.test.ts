/**
 * The HTTP plumbing (src/server/http.ts): our pre-set security headers are exactly what Hono's
 * secureHeaders would send with our policy, on pages, API answers and errors alike; an
 * oversized body is refused over a real socket too (chunked, no content-length) and nothing is stored.
 */
import { Hono } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import { describe, expect, it } from 'vitest';
import { startFeedbackServer } from '../../src/server/serve.js';
import { SECURITY_HEADERS } from '../../src/server/http.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { storeWithPairs } from './fixtures.js';

describe('server http plumbing', () => {
  it('sends the same security headers as Hono secureHeaders with our policy', async () => {
    const ref = new Hono();
    ref.use('*', secureHeaders({ contentSecurityPolicy: { defaultSrc: ["'self'"], imgSrc: ["'self'", 'data:'], styleSrc: ["'self'"], scriptSrc: ["'self'"] }, referrerPolicy: 'no-referrer' }));
    ref.get('/', (c) => c.text('x'));
    const want: Record<string, string> = {};
    (await ref.request('/')).headers.forEach((v, k) => {
      if (k !== 'content-type') want[k] = v;
    });
    expect(SECURITY_HEADERS).toEqual(want);
    const store = await storeWithPairs(join(mkdtempSync(join(tmpdir(), 'http-')), 'f.sqlite'), 2);
    const server = await startFeedbackServer({ store, envId: 'FixedHorizonCartPole-v0', finishGraceMs: 0 });
    try {
      for (const [path, init] of [['/', {}], ['/api/status', {}], ['/nope', {}], ['/api/claim', { method: 'POST', body: '{oops', headers: { 'content-type': 'application/json' } }]] as const) {
        const r = await fetch(server.url.replace(/\/$/, '') + path, init);
        const got = Object.fromEntries(Object.keys(SECURITY_HEADERS).map((k) => [k, r.headers.get(k)]));
        expect(got, path).toEqual(SECURITY_HEADERS);
      }
      const huge = new ReadableStream({ start(ctl) { for (let i = 0; i < 20; i++) ctl.enqueue(new TextEncoder().encode(`{"labeler":"${'a'.repeat(1000)}`)); ctl.close(); } });
      const r = await fetch(server.url + 'api/claim', { method: 'POST', body: huge, headers: { 'content-type': 'application/json' }, duplex: 'half' } as RequestInit);
      expect(r.status).toBe(413);
      expect((await r.json()).error).toMatch(/request body too large \(limit 16 KB\)/);
      expect((await store.count()).feedback).toBe(0);
    } finally {
      await server.close();
      await store.close();
    }
  });
});
