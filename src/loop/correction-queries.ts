/**
 * Correction queries in the loop (issue 15 items 1 and 5): with 'correction' in `config.ask`, some
 * of the budget's query slots show ONE clip of the current agent and ask the user to take over at
 * a step t of it and play the rest (a person with the page's keys, or the synthetic corrector).
 *
 * Reaching the clip's state exactly: the loop plays CORRECTION_EPISODES episodes of the agent
 * (its deterministic policy, on the reward-free env, reset seeds from stream
 * `correction-episode/<query number>`), cuts the clip from them (stream `correction/<query
 * number>`, still tails left out as for ratings) and stores, with the clip, the episode's reset
 * seed and the agent's actions from the reset up to the clip's start. Replaying them on the run's
 * env (deterministic given the seed) reaches the clip's first state; the server checks that every
 * replayed observation up to t equals the clip's (src/feedback/correction-answer.ts).
 *
 * The answer is ONE record (kind 'intervention', the store's name for a correction): the corrected
 * segment — the clip's first t actions, then the user's. Folded from the store, it trains the mixed
 * trainer's correction term as corrected ≻ original (src/rewards/correction-pairs.ts), both from
 * the clip's first state and equally long (the original is cut to the corrected one's length when
 * the user's play ended the episode early).
 */
import { DataFormatError } from '../core/errors.js';
import type { Rng } from '../core/rng.js';
import { rolloutTrajectories } from '../core/rollout.js';
import { streamRng, streamSeed } from '../core/seed-streams.js';
import type { Action, Fragment } from '../core/types.js';
import { make } from '../envs/registry.js';
import { hideReward } from '../wrappers/hide-reward.js';
import type { RewardFreeEnv } from '../core/env.js';
import { cutFragments } from '../preferences/fragmenter.js';
import type { KindedAnswer } from '../preferences/kinded-feedback-source.js';
import { fragmentBatch } from '../rewards/reward-model.js';
import { correctionPairs } from '../rewards/correction-pairs.js';
import type { LabeledPair } from '../rewards/reward-trainer.js';
import { checkCorrectionAnswer, checkCorrectionRequest, type CorrectionAnswer, type CorrectionRequestPayload } from '../feedback/correction-answer.js';
import { withoutStillTail } from './rating-queries.js';

export type { CorrectionAnswer, CorrectionRequestPayload } from '../feedback/correction-answer.js';

/** Correction query ids start with this (then the query number). */
export const CORRECTION_ID_PREFIX = 'correct/';

/** Agent episodes played per correction query (the clip is cut from one of them). */
export const CORRECTION_EPISODES = 3;

export interface CorrectionQueryOptions {
  envId: string;
  /** The run seed (streams `correction-episode/<n>` and `correction/<n>`). */
  seed: number;
  /** Steps of the clip (the run's fragmentLength). */
  length: number;
  /** Steps the user must play at least (the latest take-over step is length − minCorrected). Default ⌈length / 5⌉. */
  minCorrected?: number;
  recordFrames: boolean;
}

export interface CorrectionQuery {
  id: string;
  payload: CorrectionRequestPayload;
  /** The clip as the synthetic corrector is asked it (the sealed channel included). */
  clip: Fragment;
}

/** Query number `n`: the clip of the agent (`policy`, deterministic) and how to reach its first state. */
export function correctionQuery(n: number, policy: (o: Float32Array) => Action, o: CorrectionQueryOptions, env: RewardFreeEnv<Float32Array, Action> = hideReward(make(o.envId)) as RewardFreeEnv<Float32Array, Action>): CorrectionQuery {
  const L = o.length;
  const episodes = rolloutTrajectories(env, { episodes: CORRECTION_EPISODES, seed: streamSeed(o.seed, `correction-episode/${n}`), policy, envId: o.envId, recordFrames: o.recordFrames });
  env.close();
  const rng: Rng = streamRng(o.seed, `correction/${n}`);
  // Cut as rating clips are: a clip may start at the episode's last change at the latest (measured
  // against "at least half of the clip before the still tail", corrector lead 3: held-out ordering
  // above preferences alone on 8 of 8 seeds vs 7 of 8, mean 0.855 vs 0.805, correction-effect.test.ts)
  const [clip] = cutFragments(episodes.map((t) => withoutStillTail(t, L)), 1, rng, { length: L });
  const episode = episodes.find((t) => t.episode === clip.episode)!;
  const id = `${CORRECTION_ID_PREFIX}${n}`;
  const payload: CorrectionRequestPayload = {
    kind: 'correction-request', version: 1, envId: o.envId, seed: episode.seed,
    prefix: episode.actions.slice(0, clip.start).map((a) => a as number),
    clip: { observations: clip.observations.map((x) => Array.from(x)), actions: clip.actions.map((a) => a as number), ...(clip.frames ? { frames: clip.frames } : {}) },
    minCorrected: o.minCorrected ?? Math.ceil(L / 5),
  };
  checkCorrectionRequest(payload, `correction query ${id}`);
  return { id, payload, clip: { ...clip, id } };
}

/** A kinded source's correction as the record's answer (checked against the query). */
export function encodeCorrection(a: Extract<KindedAnswer, { kind: 'intervention' }>, request: CorrectionRequestPayload, where: string): CorrectionAnswer {
  const answer: CorrectionAnswer = {
    kind: 'rewardlab-correction', version: 1, takeover: a.takeover ?? 0,
    observations: a.corrected.observations.map((x) => Array.from(x)),
    actions: a.corrected.actions.map((x) => x as number),
    terminated: a.corrected.actions.length < request.clip.actions.length,
  };
  return checkCorrectionAnswer(answer, request, where);
}

/** The corrected ≻ original pair of a stored correction (query payload + answer); `where` names the record in errors. */
export function correctionPair(queryId: string, payload: unknown, answer: unknown, where: string): LabeledPair {
  const request = checkCorrectionRequest(payload, `query ${queryId}`);
  const a = checkCorrectionAnswer(answer, request, where);
  const T = a.actions.length;
  const f32 = (xs: number[][]) => xs.map((x) => Float32Array.from(x));
  const original = fragmentBatch(f32(request.clip.observations.slice(0, T + 1)), request.clip.actions.slice(0, T));
  const corrected = fragmentBatch(f32(a.observations), a.actions);
  const [pair] = correctionPairs([{ id: queryId, original, corrected }]);
  if (!pair) throw new DataFormatError(`${where}: no correction pair`);
  return pair;
}

/** Observations of a stored correction, both segments (for the reward model's input statistics). */
export function correctionObservations(payload: unknown, answer: unknown): Float32Array[] {
  const request = payload as CorrectionRequestPayload;
  const a = answer as CorrectionAnswer;
  return [...request.clip.observations, ...a.observations].map((x) => Float32Array.from(x));
}
