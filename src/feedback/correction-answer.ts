/**
 * The stored shapes of a correction (issue 15 items 1 and 5): the query shows ONE agent clip and
 * says how to reach its first state exactly — the episode's reset seed and the agent's actions
 * from the reset up to the clip's start (`prefix`), replayed on the run's env (deterministic given
 * the seed; no env state is saved). The person (or the synthetic corrector) takes over at a step t
 * of the clip and plays the rest; the answer of its ONE record (kind 'intervention', the store's
 * name for a correction) is the corrected segment: the clip's first t actions, then the person's,
 * with the observations the env produced — reward-free, no evaluation channel. Plain JSON, shared
 * by whoever writes them (the labeling server, the loop for a synthetic corrector) and the loop
 * that folds them as corrected ≻ original (src/loop/correction-queries.ts).
 */
import { DataFormatError, show } from '../core/errors.js';
import type { Scene } from '../core/scene.js';

export interface CorrectionRequestPayload {
  kind: 'correction-request';
  version: 1;
  envId: string;
  /** The reset seed of the agent's episode. */
  seed: number;
  /** The agent's actions from the reset up to the clip's first state (replayed to reach it). */
  prefix: number[];
  /** The agent clip: L + 1 observations, L discrete actions, L + 1 frames when recorded. */
  clip: { observations: number[][]; actions: number[]; frames?: Scene[] };
  /** At least this many steps must be the person's own (so the latest take-over step is L − minCorrected). */
  minCorrected: number;
}

export interface CorrectionAnswer {
  kind: 'rewardlab-correction';
  version: 1;
  /** The clip step the person took over at (0 … L − minCorrected). */
  takeover: number;
  /** o_0 … o_T of the corrected segment (T ≤ L; shorter only when the person's play ended the episode). */
  observations: number[][];
  /** a_0 … a_{T−1}: the clip's first `takeover` actions, then the person's. */
  actions: number[];
  /** T + 1 frames, when recorded. */
  frames?: Scene[];
  terminated: boolean;
}

/** Throws DataFormatError unless `p` is a correction request with a consistent clip; `where` names it. */
export function checkCorrectionRequest(p: unknown, where: string): CorrectionRequestPayload {
  const r = p as CorrectionRequestPayload;
  if (r?.kind !== 'correction-request' || r.version !== 1) throw new DataFormatError(`${where}: payload kind/version = ${show([r?.kind, r?.version])}, expected ["correction-request", 1]`);
  if (!Number.isInteger(r.seed) || r.seed < 0) throw new DataFormatError(`${where}: seed = ${show(r.seed)} must be a non-negative integer`);
  if (!Array.isArray(r.prefix) || !r.prefix.every((a) => Number.isInteger(a))) throw new DataFormatError(`${where}: prefix must be a list of discrete actions (integers)`);
  const c = r.clip;
  if (!Array.isArray(c?.actions) || !Array.isArray(c.observations) || c.actions.length < 1 || c.observations.length !== c.actions.length + 1) throw new DataFormatError(`${where}: clip has ${show(c?.observations?.length)} observations for ${show(c?.actions?.length)} actions (needs at least one action and one more observation than actions)`);
  if (!c.actions.every((a) => Number.isInteger(a))) throw new DataFormatError(`${where}: clip actions must be integers (discrete actions)`);
  if (!Number.isInteger(r.minCorrected) || r.minCorrected < 1 || r.minCorrected > c.actions.length) throw new DataFormatError(`${where}: minCorrected = ${show(r.minCorrected)} must be an integer in 1…${c.actions.length}`);
  return r;
}

/** The latest clip step a person may take over at. */
export function lastTakeover(p: CorrectionRequestPayload): number {
  return p.clip.actions.length - p.minCorrected;
}

/**
 * Throws DataFormatError unless `a` is a correction of the clip of `request`: a take-over step in
 * 0…L − minCorrected, the clip's actions and observations up to it, at least one own step, and no
 * more steps than the clip has; `where` names it.
 */
export function checkCorrectionAnswer(a: unknown, request: CorrectionRequestPayload, where: string): CorrectionAnswer {
  const d = a as CorrectionAnswer;
  if (d?.kind !== 'rewardlab-correction' || d.version !== 1) throw new DataFormatError(`${where}: answer kind/version = ${show([d?.kind, d?.version])}, expected ["rewardlab-correction", 1]`);
  const L = request.clip.actions.length;
  const last = lastTakeover(request);
  if (!Number.isInteger(d.takeover) || d.takeover < 0 || d.takeover > last) throw new DataFormatError(`${where}: takeover = ${show(d.takeover)} must be an integer in 0…${last} (the clip has ${L} steps, at least ${request.minCorrected} corrected)`);
  if (!Array.isArray(d.actions) || !Array.isArray(d.observations) || d.observations.length !== d.actions.length + 1) throw new DataFormatError(`${where}: ${show(d?.observations?.length)} observations for ${show(d?.actions?.length)} actions (needs one more observation than actions)`);
  if (!d.actions.every((x) => Number.isInteger(x))) throw new DataFormatError(`${where}: actions must be integers (discrete actions)`);
  if (d.actions.length <= d.takeover || d.actions.length > L) throw new DataFormatError(`${where}: ${d.actions.length} actions; a correction taking over at ${d.takeover} has ${d.takeover + 1}…${L}`);
  if (d.actions.length < L && !d.terminated) throw new DataFormatError(`${where}: ${d.actions.length} of the clip's ${L} steps, but the episode did not end; play on to step ${L}`);
  for (let k = 0; k < d.takeover; k++) if (d.actions[k] !== request.clip.actions[k]) throw new DataFormatError(`${where}: action ${k} = ${show(d.actions[k])} differs from the clip's ${request.clip.actions[k]} before the take-over step ${d.takeover}`);
  for (let k = 0; k <= d.takeover; k++) {
    const o = d.observations[k];
    const c = request.clip.observations[k];
    if (!Array.isArray(o) || o.length !== c.length || o.some((x, i) => x !== c[i])) throw new DataFormatError(`${where}: observation ${k} differs from the clip's before the take-over step ${d.takeover} (the replay did not reach the clip's state)`);
  }
  if (d.frames !== undefined && (!Array.isArray(d.frames) || d.frames.length !== d.observations.length)) throw new DataFormatError(`${where}: ${show(d.frames?.length)} frames for ${d.observations.length} observations`);
  return d;
}
