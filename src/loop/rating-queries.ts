/**
 * Rating queries in the loop (issue 15 item 1): besides comparing two clips, the user can be
 * asked to rate ONE clip on 1…levels (`config.ask` lists the kinds; they take turns, query by
 * query, within the label budget). A rating query's payload is the clip as plain JSON, as a
 * pair's is; its answer is stored as a 'rating' record and folded into the mixed trainer's
 * ordered-logit term (src/rewards/rating-loss.ts) — from the store, so a resumed run folds the
 * same ratings in the same order.
 */
import { ConfigError, DataFormatError, checkNumber } from '../core/errors.js';
import type { Fragment, Trajectory } from '../core/types.js';
import { encodeFragment, decodeFragment, type FragmentJSON, type StoredFragment } from './fragment-codec.js';
import { demoKeysFor } from './demo-queries.js';

/** The kinds of question the loop can ask ('demo': play the env, src/loop/demo-queries.ts; 'goal': mark the frames of a clip that look done; 'correction': take over an agent clip, src/loop/correction-queries.ts). */
export type AskKind = 'preference' | 'rating' | 'demo' | 'goal' | 'correction';
export const ASK_KINDS: readonly AskKind[] = ['preference', 'rating', 'demo', 'goal', 'correction'];

/** Goal-marking query ids start with this (then the query number and the clip's id). */
export const GOAL_ID_PREFIX = 'goal/';

/**
 * The synthetic rater's scale, in hidden reward PER STEP of a clip (so it does not depend on the
 * fragment length): a clip averaging `low` or less is rated 1, `high` or more the top rating.
 */
export interface RatingScale {
  low: number;
  high: number;
  /** Std of the rater's Gaussian noise, in rating units. Default 0.5. */
  noise: number;
}

export interface ClipPayload {
  kind: 'fragment-clip';
  version: 1;
  clip: FragmentJSON;
}

export function encodeClip(clip: Fragment, withFrames = false): ClipPayload {
  return { kind: 'fragment-clip', version: 1, clip: encodeFragment(clip, withFrames) };
}

export function decodeClip(payload: unknown, source: string): StoredFragment {
  const p = payload as ClipPayload;
  if (p?.kind !== 'fragment-clip' || p.version !== 1) throw new DataFormatError(`${source}: payload kind/version = ${JSON.stringify([p?.kind, p?.version])}, expected ["fragment-clip", 1]`);
  return decodeFragment(p.clip);
}

/** Rating query ids start with this (then the query number and the clip's id). */
export const RATING_ID_PREFIX = 'rate/';

/** How many of the `need` queries starting at query number `asked` are of `kind` (default ratings; the kinds of `ask` take turns). */
export function ratingsAmong(ask: readonly AskKind[], asked: number, need: number, kind: AskKind = 'rating'): number {
  let n = 0;
  for (let i = 0; i < need; i++) if (ask[(asked + i) % ask.length] === kind) n++;
  return n;
}

/**
 * Checks `ask` and, when it asks a synthetic teacher for ratings, the rater's scale (people rate on
 * the labeling page's 1…5 scale and need none); demonstrations need an env people can play with
 * keys (`envId` given: demoKeysFor refuses continuous action spaces, naming `ask` and the env).
 */
export function checkAsk(ask: unknown, rating: RatingScale | null | undefined, feedback: string, envId?: string): void {
  if (!Array.isArray(ask) || ask.length === 0) throw new ConfigError('ask', ask, `must be a non-empty list of ${ASK_KINDS.join(', ')}`);
  for (const k of ask) if (!ASK_KINDS.includes(k as AskKind)) throw new ConfigError('ask', k, `must be one of ${ASK_KINDS.join(', ')}`);
  if (new Set(ask).size !== ask.length) throw new ConfigError('ask', ask.join(','), 'names a kind twice');
  if ((ask.includes('demo') || ask.includes('correction')) && envId !== undefined) demoKeysFor(envId, ask.includes('demo') ? 'demo' : 'correction');
  if (!ask.includes('rating')) return;
  if (feedback === 'human') return; // the page's rating mode (src/server/label-routes.ts, ui/app.js); the worker's rater: HumanFeedbackSource.rater
  if (rating === null || rating === undefined) throw new ConfigError('rating', rating ?? null, 'this env has no synthetic rater scale; give rating: { low, high } (hidden reward per step rated 1 and top)');
  checkNumber('rating.low', rating.low, {});
  checkNumber('rating.noise', rating.noise, { min: 0 });
  if (!(rating.high > rating.low)) throw new ConfigError('rating.high', rating.high, `must be above rating.low (${rating.low})`);
}

/** Every observation of the clip equals its first (e.g. only the absorbing state): nothing to judge. */
export function isStill(clip: { observations: ArrayLike<number>[] }): boolean {
  const [first, ...rest] = clip.observations;
  return rest.every((o) => o.length === first.length && Array.prototype.every.call(o, (x: number, i: number) => x === first[i]));
}

/**
 * The episode cut where its observations stop changing: a window of `length` steps can start at
 * the last change at the latest, so none is the still tail alone (a window keeps its id). Episodes
 * that never change, or whose tail is shorter than that, are returned whole.
 */
export function withoutStillTail(t: Trajectory, length: number): Trajectory {
  const obs = t.observations;
  let last = obs.length - 2; // the last transition index whose two observations differ
  const same = (a: ArrayLike<number>, b: ArrayLike<number>) => a.length === b.length && Array.prototype.every.call(a, (x: number, i: number) => x === b[i]);
  while (last >= 0 && same(obs[last], obs[last + 1])) last--;
  const steps = Math.max(length, last + length);
  if (last < 0 || steps >= t.actions.length) return t;
  return { ...t, observations: obs.slice(0, steps + 1), actions: t.actions.slice(0, steps), evaluation: t.evaluation.slice(0, steps), ...(t.frames ? { frames: t.frames.slice(0, steps + 1) } : {}) };
}
