/**
 * Named seed streams: every random stream of a run derives from (run seed, stream name) by
 * one function, so streams never collide by accident and adding a stream never shifts
 * another. `streamSeed(seed, 'agent')` is a 32-bit seed; `streamRng` an Rng on it.
 *
 * Derivation: h = FNV-1a-32 over the UTF-8 bytes of the name, then
 *   streamSeed = murmur3-fmix32(h ⊕ fmix32(seed_lo) ⊕ fmix32(seed_hi + 0x9e3779b9)).
 * Changing it changes every run: version it (SEED_STREAMS_VERSION) and say so in the changelog.
 *
 * The streams of a reward-modeling run (src/loop) are listed in LOOP_STREAMS; per-item streams
 * (one per query, one per episode) append the item: `teacher/<query id>`.
 */
import { Rng } from './rng.js';

export const SEED_STREAMS_VERSION = 1;

function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) {
    h ^= byte;
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** The 32-bit seed of stream `name` of a run seeded `seed` (a non-negative integer). */
export function streamSeed(seed: number, name: string): number {
  if (!Number.isSafeInteger(seed) || seed < 0) throw new RangeError(`seed = ${seed} must be a non-negative safe integer`);
  if (typeof name !== 'string' || name === '') throw new RangeError('stream name must be a non-empty string');
  const lo = seed >>> 0;
  const hi = Math.floor(seed / 0x100000000) >>> 0;
  return fmix32(fnv1a(name) ^ fmix32(lo) ^ fmix32((hi + 0x9e3779b9) >>> 0));
}

/** A fresh Rng on stream `name` of run seed `seed`. */
export function streamRng(seed: number, name: string): Rng {
  return new Rng(streamSeed(seed, name));
}

/** A uniform number in [0, 1) fixed by (seed, name): a one-draw stream (e.g. held-out membership of a query). */
export function streamUniform(seed: number, name: string): number {
  return streamSeed(seed, name) / 0x100000000;
}
