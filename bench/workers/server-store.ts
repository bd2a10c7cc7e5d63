/**
 * The labeling-server bench's store: ≥ 5,000 CartPole pair queries with real clip payloads
 * (25-step fragments with their scene frames, as `encodePair(pair, true)` stores them for
 * people), built once and copied per round so every round starts from the same unanswered store.
 */
import '../../src/envs/index.js';
import { closeSync, copyFileSync, existsSync, fsyncSync, mkdtempSync, openSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Rng } from '../../src/core/rng.js';
import { make } from '../../src/envs/registry.js';
import { SqliteFeedbackStore } from '../../src/feedback/sqlite-store.js';
import { encodePair } from '../../src/loop/fragment-codec.js';
import { rolloutTrajectories } from '../../src/core/rollout.js';
import { cutFragments, pairFragments } from '../../src/preferences/fragmenter.js';
import { hideReward } from '../../src/wrappers/hide-reward.js';

export interface SeedStore {
  path: string;
  queries: number;
  /** Mean stored payload size (bytes of JSON). */
  payloadBytes: number;
  fileBytes: number;
}

export async function buildSeedStore(queries: number): Promise<SeedStore> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-srv-seed-'));
  const path = join(dir, 'seed.sqlite');
  const rng = new Rng(11);
  const env = hideReward(make('FixedHorizonCartPole-v0')) as never;
  const trajs = rolloutTrajectories(env, { episodes: 8, seed: 5, envId: 'FixedHorizonCartPole-v0', recordFrames: true });
  const pairs = pairFragments(cutFragments(trajs, Math.ceil(queries * 1.5), rng, { length: 25 }), queries, rng);
  if (pairs.length < queries) throw new Error(`bench store: only ${pairs.length} distinct pairs, wanted ${queries}`);
  const store = await SqliteFeedbackStore.open(path);
  const payloads = pairs.map((p) => encodePair(p, true));
  await store.addQueries(pairs.map((p, i) => ({ id: p.id, kind: 'preference' as const, payload: payloads[i] })));
  await store.close();
  const payloadBytes = payloads.reduce((s, p) => s + JSON.stringify(p).length, 0) / payloads.length;
  return { path, queries, payloadBytes, fileBytes: statSync(path).size };
}

/** A fresh copy of the seed store for one round (in its own temporary folder: remove it with `dropStore`). */
export function copyStore(seed: SeedStore): string {
  const path = join(mkdtempSync(join(tmpdir(), 'bench-srv-')), 'f.sqlite');
  copyFileSync(seed.path, path);
  for (const ext of ['-wal', '-shm']) if (existsSync(seed.path + ext)) copyFileSync(seed.path + ext, path + ext);
  // Flush the copy to disk now: otherwise the kernel writes its 120 MiB back during the round and
  // the server's commits (each an fsync) queue behind the bench's own copy.
  for (const file of [path, path + '-wal']) {
    if (!existsSync(file)) continue;
    const fd = openSync(file, 'r+');
    fsyncSync(fd);
    closeSync(fd);
  }
  return path;
}

/** Removes a round's copy and its folder (each is a real run's size: 120 MiB). */
export function dropStore(path: string): void {
  rmSync(dirname(path), { recursive: true, force: true });
}
