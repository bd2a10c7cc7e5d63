/** A feedback store filled with real CartPole clip pairs (with frames), as the loop would ask them. */
import '../../src/envs/index.js';
import { Rng } from '../../src/core/rng.js';
import { make } from '../../src/envs/registry.js';
import { FeedbackStore } from '../../src/feedback/store.js';
import { encodePair } from '../../src/loop/fragment-codec.js';
import { rolloutTrajectories } from '../../src/loop/trajectory-source.js';
import { cutFragments, pairFragments } from '../../src/preferences/fragmenter.js';
import { hideReward } from '../../src/wrappers/hide-reward.js';

export function storeWithPairs(path: string, count: number): FeedbackStore {
  const rng = new Rng(11);
  const trajs = rolloutTrajectories(hideReward(make('FixedHorizonCartPole-v0')) as never, { episodes: 2, seed: 5, envId: 'FixedHorizonCartPole-v0', recordFrames: true });
  const pairs = pairFragments(cutFragments(trajs, count * 3, rng, { length: 20 }), count, rng);
  const store = FeedbackStore.open(path);
  store.addQueries(pairs.map((p) => ({ id: p.id, kind: 'preference' as const, payload: encodePair(p, true) })));
  return store;
}
