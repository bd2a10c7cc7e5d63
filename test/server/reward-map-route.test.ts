/** GET /api/reward-map: 404 until the training side wrote a map, then the map (new rounds only with ?after), behind the guard and token like every route. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import '../../src/envs/index.js';
import { rewardMap } from '../../src/analysis/reward-map.js';
import { writeLiveRewardMap, type LiveRewardMap } from '../../src/app/live-reward-map.js';
import { createFeedbackApp } from '../../src/server/app.js';
import { storeWithPairs } from './fixtures.js';

describe('GET /api/reward-map', () => {
  it('404 (pending) before the first round, then the written map; ?after=N answers 204 until a newer update; the SVG alone; token and Host guard apply', async () => {
    const run = mkdtempSync(join(tmpdir(), 'rl-map-route-'));
    const store = await storeWithPairs(join(run, 'feedback.sqlite'), 1);
    const app = createFeedbackApp({ store, envId: 'BoatRace-v0', liveDir: join(run, 'live') });
    const get = (path: string, headers: Record<string, string> = {}) => app.request(path, { headers });

    const before = await get('/api/reward-map');
    expect(before.status).toBe(404);
    expect(await before.json()).toMatchObject({ pending: true, error: expect.stringMatching(/first reward-model round/) });
    expect((await get('/api/reward-map.svg')).status).toBe(404);

    const learned = (sign: number) => rewardMap('BoatRace-v0', (b) => Float32Array.from({ length: b.n }, (_, i) => sign * (b.actions[i] + 1)));
    const one = writeLiveRewardMap(run, { envId: 'BoatRace-v0', update: 3, round: 1, labels: 12, map: learned(1) });
    const r1 = await get('/api/reward-map');
    expect(r1.status).toBe(200);
    const doc1 = (await r1.json()) as LiveRewardMap;
    expect(doc1).toEqual(one);
    expect(doc1.update).toBe(3);
    expect((await get('/api/reward-map?after=3')).status).toBe(204);
    expect((await get('/api/reward-map?after=2')).status).toBe(200);
    const svg = await get('/api/reward-map.svg');
    expect(svg.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
    expect(await svg.text()).toBe(one.svg);

    const two = writeLiveRewardMap(run, { envId: 'BoatRace-v0', update: 4, round: 1, labels: 18, map: learned(-1) });
    const r2 = await get('/api/reward-map?after=3');
    expect(r2.status).toBe(200);
    const doc2 = (await r2.json()) as LiveRewardMap;
    expect(doc2.update).toBe(4);
    expect(doc2.map.learned).toEqual(two.map.learned);
    expect(doc2.map.learned).not.toEqual(doc1.map.learned);

    expect((await get('/api/reward-map?after=x')).status).toBe(400);
    expect((await get('/api/reward-map', { host: 'evil.example:80' })).status).toBe(403); // DNS rebinding
    const guarded = createFeedbackApp({ store, envId: 'BoatRace-v0', liveDir: join(run, 'live'), token: 'sesame' });
    expect((await guarded.request('/api/reward-map')).status).toBe(401);
    expect((await guarded.request('/api/reward-map?token=sesame')).status).toBe(200);
    // A server given no live folder (a vector-observation run) has no such route.
    const plain = createFeedbackApp({ store, envId: 'BoatRace-v0' });
    expect(await (await plain.request('/api/reward-map')).json()).toEqual({ error: 'not found' });
    await store.close();
  });
});
