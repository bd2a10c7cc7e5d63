/**
 * Fragments as plain JSON for the feedback store's query payloads (so a person's browser, a
 * resumed run, or an export can rebuild exactly what was compared). The sealed evaluation
 * channel is NOT stored: learners rebuilding their dataset from the store cannot see it.
 */
import { DataFormatError } from '../core/errors.js';
import type { Scene } from '../core/scene.js';
import type { Action, Fragment, FragmentPair } from '../core/types.js';

export interface FragmentJSON {
  id: string;
  envId: string;
  seed: number;
  episode: number;
  start: number;
  end: number;
  observations: number[][];
  /** Discrete actions as numbers, Box actions as number arrays. */
  actions: (number | number[])[];
  frames?: Scene[];
}

export interface PairPayload {
  kind: 'fragment-pair';
  version: 1;
  left: FragmentJSON;
  right: FragmentJSON;
}

/** One fragment as plain JSON (frames only when asked for). */
export function encodeFragment(f: Fragment, withFrames = false): FragmentJSON {
  return {
    id: f.id, envId: f.envId, seed: f.seed, episode: f.episode, start: f.start, end: f.end,
    observations: f.observations.map((o) => Array.from(o)),
    actions: f.actions.map((a) => (typeof a === 'number' ? a : Array.from(a))),
    ...(withFrames && f.frames ? { frames: f.frames } : {}),
  };
}

export function encodePair(pair: FragmentPair, withFrames = false): PairPayload {
  return { kind: 'fragment-pair', version: 1, left: encodeFragment(pair.left, withFrames), right: encodeFragment(pair.right, withFrames) };
}

/** The learner's view of a stored fragment: observations and actions (no evaluation). */
export interface StoredFragment {
  id: string;
  observations: Float32Array[];
  actions: Action[];
}

export function decodePair(payload: unknown, source: string): { left: StoredFragment; right: StoredFragment } {
  const p = payload as PairPayload;
  if (p?.kind !== 'fragment-pair' || p.version !== 1) throw new DataFormatError(`${source}: payload kind/version = ${JSON.stringify([p?.kind, p?.version])}, expected ["fragment-pair", 1]`);
  return { left: decodeFragment(p.left), right: decodeFragment(p.right) };
}

/** The learner's view of one stored fragment. */
export function decodeFragment(f: FragmentJSON): StoredFragment {
  return {
    id: f.id,
    observations: f.observations.map((o) => Float32Array.from(o)),
    actions: f.actions.map((a) => (typeof a === 'number' ? a : Float32Array.from(a))),
  };
}
