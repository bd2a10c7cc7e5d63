/**
 * `close()` stops the server even while a page keeps polling over one keep-alive connection
 * (the labeling page asks for /api/status every 2 s), and while a browser holds a connection
 * it opened ahead of time and never sent a request on: Node counts such a connection as busy,
 * and once `close()` began nothing timed it out, so the server, and the run waiting for it,
 * stayed alive forever.
 */
import { Agent, request } from 'node:http';
import { connect } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startFeedbackServer } from '../../src/server/serve.js';
import { storeWithPairs } from './fixtures.js';

function get(url: string, agent: Agent): Promise<{ status: number; connection: string | undefined }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('closing the labeling server', () => {
  it('finishes while a client polls back to back on a keep-alive connection', async () => {
    const store = await storeWithPairs(join(mkdtempSync(join(tmpdir(), 'rl-close-')), 'f.sqlite'), 1);
    const server = await startFeedbackServer({ store, envId: 'FixedHorizonCartPole-v0', finishGraceMs: 300 });
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const seen: (string | undefined)[] = [];
    let polling = true;
    const poller = (async () => {
      while (polling) {
        try {
          seen.push((await get(`${server.url}api/status`, agent)).connection);
        } catch {
          break; // the server has stopped
        }
        await new Promise((r) => setImmediate(r));
      }
    })();
    // close while the poller is in full swing (a few requests answered), not after a fixed delay: under load 300 ms saw one
    for (let waited = 0; seen.length < 4 && waited < 10_000; waited += 20) await new Promise((r) => setTimeout(r, 20));
    const closed = await Promise.race([server.close().then(() => 'closed'), new Promise((r) => setTimeout(() => r('still open after 8 s'), 8000))]);
    polling = false;
    await poller;
    agent.destroy();
    await store.close();
    expect(closed).toBe('closed');
    expect(seen.length).toBeGreaterThan(3);
    expect(seen.slice(0, 3)).toEqual(['keep-alive', 'keep-alive', 'keep-alive']);
  });

  it('finishes while a connection is open that never sent a request (a browser preconnect)', async () => {
    const store = await storeWithPairs(join(mkdtempSync(join(tmpdir(), 'rl-close-')), 'f.sqlite'), 1);
    const server = await startFeedbackServer({ store, envId: 'FixedHorizonCartPole-v0', finishGraceMs: 0 });
    const { hostname, port } = new URL(server.url);
    const socket = connect(Number(port), hostname);
    await new Promise<void>((r) => socket.once('connect', () => r()));
    const ended = new Promise<void>((r) => socket.once('close', () => r()));
    const closed = await Promise.race([server.close().then(() => 'closed'), new Promise((r) => setTimeout(() => r('still open after 8 s'), 8000))]);
    socket.destroy();
    await ended;
    await store.close();
    expect(closed).toBe('closed');
  });
});
