/** A feedback store filled with real CartPole clip pairs (with frames), as the loop would ask them. */
import '../../src/envs/index.js';
import { Rng } from '../../src/core/rng.js';
import { make } from '../../src/envs/registry.js';
import type { FeedbackStore } from '../../src/feedback/feedback-store.js';
import { SqliteFeedbackStore } from '../../src/feedback/sqlite-store.js';
import { encodePair } from '../../src/loop/fragment-codec.js';
import { rolloutTrajectories } from '../../src/core/rollout.js';
import { cutFragments, pairFragments } from '../../src/preferences/fragmenter.js';
import { hideReward } from '../../src/wrappers/hide-reward.js';

/** Add `count` clip-pair queries to any store (SQLite or PostgreSQL); returns it. */
export async function addPairs<S extends FeedbackStore>(store: S, count: number): Promise<S> {
  const rng = new Rng(11);
  const trajs = rolloutTrajectories(hideReward(make('FixedHorizonCartPole-v0')) as never, { episodes: 2, seed: 5, envId: 'FixedHorizonCartPole-v0', recordFrames: true });
  const pairs = pairFragments(cutFragments(trajs, count * 3, rng, { length: 20 }), count, rng);
  await store.addQueries(pairs.map((p) => ({ id: p.id, kind: 'preference' as const, payload: encodePair(p, true) })));
  return store;
}

/** A new SQLite store at `path` with `count` clip-pair queries. */
export async function storeWithPairs(path: string, count: number): Promise<FeedbackStore> {
  return addPairs(await SqliteFeedbackStore.open(path), count);
}

type Request = (path: string, init?: RequestInit) => Response | Promise<Response>;

/**
 * One labeler's client: keeps the session cookie the server sets (as a browser does) and
 * posts JSON. `request` is `app.request` (in-process) or a fetch against a base URL.
 */
export function labelerClient(request: Request, labeler: string, headers: Record<string, string> = {}) {
  let cookie = '';
  const post = async (path: string, body: unknown, extra: Record<string, string> = {}): Promise<Response> => {
    const r = await request(path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers, ...(cookie ? { cookie } : {}), ...extra }, body: typeof body === 'string' ? body : JSON.stringify(body) });
    const set = r.headers.get('set-cookie');
    if (set) cookie = set.split(';')[0];
    return r;
  };
  return {
    labeler,
    post,
    get cookie() {
      return cookie;
    },
    claim: async () => (await (await post('/api/claim', { labeler })).json()).query as { id: string; payload: { left: { frames: unknown[] }; right: { frames: unknown[] } } } | null,
    answer: (queryId: string, answer: string) => post('/api/answer', { queryId, labeler, answer }),
    undo: () => post('/api/undo', { labeler }),
  };
}
