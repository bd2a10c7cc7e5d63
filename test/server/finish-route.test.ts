/** The page's finish button: POST /api/finish asks the run to end, guarded like every state-changing request. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFeedbackApp } from '../../src/server/app.js';
import { labelerClient, storeWithPairs } from './fixtures.js';

describe('POST /api/finish', () => {
  it('needs a session and this site; then asks the run to end once per press; the status offers it only when there is a run to end', async () => {
    const store = await storeWithPairs(join(mkdtempSync(join(tmpdir(), 'rl-finish-')), 'f.sqlite'), 1);
    let asked = 0;
    const app = createFeedbackApp({ store, envId: 'FixedHorizonCartPole-v0', requestFinish: () => asked++ });
    expect((await (await app.request('/api/status')).json()).canFinish).toBe(true);
    const noSession = await app.request('/api/finish', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(noSession.status).toBe(401);
    const ada = labelerClient(app.request.bind(app), 'ada');
    await ada.post('/api/session', { labeler: 'ada' });
    const hostiles: Record<string, string>[] = [{ origin: 'https://evil.example' }, { 'sec-fetch-site': 'cross-site' }];
    for (const hostile of hostiles) {
      expect((await ada.post('/api/finish', {}, hostile)).status).toBe(403);
    }
    expect(asked).toBe(0);
    const ok = await ada.post('/api/finish', {});
    expect(ok.status).toBe(200);
    expect(asked).toBe(1);
    await app.control.finish(0);
    expect((await (await app.request('/api/status')).json()).canFinish).toBe(false);

    const plain = createFeedbackApp({ store, envId: 'FixedHorizonCartPole-v0' });
    expect((await (await plain.request('/api/status')).json()).canFinish).toBe(false);
    const bob = labelerClient(plain.request.bind(plain), 'bob');
    await bob.post('/api/session', { labeler: 'bob' });
    expect((await bob.post('/api/finish', {})).status).toBe(409);
    await store.close();
  });
});
