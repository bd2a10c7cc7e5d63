/**
 * Cuts trajectories into fragments (what a user compares) and pairs them into queries.
 * Fragments keep their provenance (env id, seed, episode, step range) and the frames a
 * person needs to see them; ids are deterministic, so a stored query names its segments.
 */
import { ConfigError } from '../core/errors.js';
import type { Rng } from '../core/rng.js';
import type { Fragment, FragmentPair, Trajectory } from '../core/types.js';

export interface FragmenterOptions {
  /** Steps per fragment. Default 25. */
  length: number;
}

export function cutFragments(trajectories: Trajectory[], count: number, rng: Rng, options: Partial<FragmenterOptions> = {}): Fragment[] {
  const length = options.length ?? 25;
  if (!Number.isInteger(length) || length < 1) throw new ConfigError('fragment length', length, 'must be a positive integer');
  const usable = trajectories.filter((t) => t.actions.length >= length);
  if (usable.length === 0) {
    const longest = Math.max(0, ...trajectories.map((t) => t.actions.length));
    throw new ConfigError('fragment length', length, `is longer than every trajectory (the longest has ${longest} steps)`);
  }
  const out: Fragment[] = [];
  for (let i = 0; i < count; i++) {
    const t = usable[rng.int(usable.length)];
    const start = rng.int(t.actions.length - length + 1);
    const end = start + length;
    out.push({
      id: `${t.envId}/${t.seed}/${t.episode}/${start}`,
      envId: t.envId, seed: t.seed, episode: t.episode, start, end,
      observations: t.observations.slice(start, end + 1),
      actions: t.actions.slice(start, end),
      evaluation: t.evaluation.slice(start, end),
      ...(t.frames ? { frames: t.frames.slice(start, end + 1) } : {}),
    });
  }
  return out;
}

/** Random pairs of distinct fragments; pair id `left.id|right.id`. */
export function pairFragments(fragments: Fragment[], count: number, rng: Rng): FragmentPair[] {
  if (fragments.length < 2) throw new ConfigError('fragments', fragments.length, 'need at least two fragments to make pairs');
  const out: FragmentPair[] = [];
  const seen = new Set<string>();
  for (let tries = 0; out.length < count && tries < count * 20; tries++) {
    const a = fragments[rng.int(fragments.length)];
    const b = fragments[rng.int(fragments.length)];
    const id = `${a.id}|${b.id}`;
    if (a.id === b.id || seen.has(id)) continue;
    seen.add(id);
    out.push({ id, left: a, right: b });
  }
  return out;
}
