/**
 * The stored shapes of a demonstration: the query (what to play: env, reset seed, step bounds) and
 * the answer of its ONE 'demonstration' record (the episode played: observations, actions and,
 * when recorded, frames — reward-free, no evaluation channel). Plain JSON, shared by whoever
 * writes them (the labeling server for a person, the loop for a synthetic demonstrator) and the
 * loop that folds them (src/loop/demo-queries.ts).
 */
import { DataFormatError, show } from '../core/errors.js';
import type { Scene } from '../core/scene.js';

export interface DemoRequestPayload {
  kind: 'demonstration-request';
  version: 1;
  envId: string;
  /** The reset seed of the episode to play. */
  seed: number;
  /** The episode is cut after this many steps (it may end earlier). */
  maxSteps: number;
  /** Fewer steps than this are refused (shorter than one compared segment). */
  minSteps: number;
}

export interface DemonstrationEpisode {
  envId: string;
  seed: number;
  /** T + 1 observations. */
  observations: number[][];
  /** T discrete actions. */
  actions: number[];
  /** T + 1 frames, when recorded. */
  frames?: Scene[];
  terminated: boolean;
  truncated: boolean;
}

export interface DemonstrationAnswer {
  kind: 'rewardlab-demonstration';
  version: 1;
  episodes: DemonstrationEpisode[];
}

/** Throws DataFormatError unless `p` is a demonstration request; `where` names it. */
export function checkDemoRequest(p: unknown, where: string): DemoRequestPayload {
  const r = p as DemoRequestPayload;
  if (r?.kind !== 'demonstration-request' || r.version !== 1) throw new DataFormatError(`${where}: payload kind/version = ${show([r?.kind, r?.version])}, expected ["demonstration-request", 1]`);
  for (const k of ['seed', 'maxSteps', 'minSteps'] as const) if (!Number.isInteger(r[k]) || r[k] < 0) throw new DataFormatError(`${where}: ${k} = ${show(r[k])} must be a non-negative integer`);
  return r;
}

/** Throws DataFormatError unless `a` is a demonstration answer with consistent episodes; `where` names it. */
export function checkDemonstrationAnswer(a: unknown, where: string): DemonstrationAnswer {
  const d = a as DemonstrationAnswer;
  if (d?.kind !== 'rewardlab-demonstration' || d.version !== 1 || !Array.isArray(d.episodes)) throw new DataFormatError(`${where}: answer kind/version = ${show([d?.kind, d?.version])}, expected ["rewardlab-demonstration", 1] with episodes`);
  d.episodes.forEach((e, i) => {
    if (!Array.isArray(e?.observations) || !Array.isArray(e.actions) || e.observations.length !== e.actions.length + 1) throw new DataFormatError(`${where}: episode ${i} has ${show(e?.observations?.length)} observations for ${show(e?.actions?.length)} actions (needs one more observation than actions)`);
    if (!e.actions.every((x) => Number.isInteger(x))) throw new DataFormatError(`${where}: episode ${i} actions must be integers (discrete actions)`);
    if (e.frames !== undefined && (!Array.isArray(e.frames) || e.frames.length !== e.observations.length)) throw new DataFormatError(`${where}: episode ${i} has ${show(e.frames?.length)} frames for ${e.observations.length} observations`);
  });
  return d;
}
