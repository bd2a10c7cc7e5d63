/**
 * The typed protocol between the labeling page and the server, validated on every request
 * with zod. The page (ui/app.js) speaks exactly these shapes.
 *
 * Who may answer (enforced in app.ts, guard.ts, sessions.ts):
 * - Every request: the Host header must be this server's own address (loopback names or the
 *   bound address:port), else 403 — this defeats DNS rebinding. When the server listens beyond
 *   loopback, every request must also carry the URL token (`?token=` or `Authorization: Bearer`).
 * - Every POST: an Origin, when sent, must be this server; `Sec-Fetch-Site: cross-site` is
 *   refused; both with 403 and `{ error }` saying why — this defeats cross-site POSTs.
 * - Session: the page's first load (GET /) or `POST /api/session` sets an HttpOnly,
 *   SameSite=Strict cookie `rl_session`. claim, answer, skip and undo need it (401 without).
 *   A labeler name belongs to the first session that uses it: a request naming a labeler that
 *   another session owns is refused with 403. Clients that are not browsers keep the cookie
 *   from the Set-Cookie of their first `POST /api/session` and send it back.
 * - Answers: only for a query this labeler claimed (or whose claim lapsed while a slot is
 *   still free) and that still needs answers; otherwise 409 and nothing is stored.
 *
 * Endpoints: GET /api/status (StatusResponse), POST /api/session {labeler}, POST /api/claim
 * {labeler} → {query: ClaimedQuery | null}, POST /api/answer {queryId, labeler, answer} → {ok, seq}
 * ('skip' stores nothing: the query goes back to the end of the queue, → {ok, skipped: true}; a
 * preference query takes left/right/equal/cant-tell, a rating query an integer on its scale, else
 * 400 naming the answer; a goal query takes {goalFrames: [frame, …]}, the frames of its clip that look
 * like "done", [] for none — stored as the record's {goalSteps}, src/feedback/goal-answer.ts), POST /api/undo {labeler} → {ok, answer, query: ClaimedQuery}, POST /api/finish {} → {ok} (ends the run after the
 * agent's current iteration; needs a session), GET /api/chart/{true|learned|accuracy}.svg,
 * GET /api/agent-clip, GET /report.
 *
 * Demonstrations (a claimed query of kind 'demonstration', when the run asks for them): POST
 * /api/demo/start {labeler, queryId} → DemoStateResponse (a fresh episode from the query's seed;
 * again = start over), POST /api/demo/step {labeler, queryId, action} → DemoStateResponse (400
 * naming the action when it is not one of the legend's), POST /api/demo/finish {labeler, queryId}
 * → {ok, seq}: the episode is stored as ONE 'demonstration' record before the ack (409 when shorter
 * than minSteps). Same session and labeler rules as answers; skip and undo work as for any query.
 *
 * Corrections (a claimed query of kind 'correction', when the run asks for them; correction-routes.ts):
 * POST /api/correction/start {labeler, queryId, takeover} → CorrectionStateResponse (the server
 * replays the clip's reset seed and prefix, then the clip up to step `takeover`, checking every
 * observation against the clip's; again = start over), POST /api/correction/step {labeler,
 * queryId, action} → CorrectionStateResponse, POST /api/correction/finish {labeler, queryId} →
 * {ok, seq}: stored as ONE 'intervention' record before the ack (409 before the clip's length is
 * played, unless the episode ended).
 */
import { z } from 'zod';
import type { RatingGuide, LabelerInstructions } from './instructions.js';
import type { QueryKind } from './query-index.js';

export const LabelerName = z.string().trim().min(1).max(60);

export const ClaimRequest = z.object({ labeler: LabelerName }).strict();
const PREFERENCE_ANSWERS = ['left', 'right', 'equal', 'cant-tell', 'skip'] as const;
/** A pair's answer, a clip's rating, or the frames of a clip marked as "done" (checked against the query's kind, scale and clip in label-routes.ts). */
const Answer = z.union([z.enum(PREFERENCE_ANSWERS), z.number(), z.object({ goalFrames: z.array(z.number()).max(10_000) }).strict()], {
  errorMap: (_issue, ctx) => ({ message: `${JSON.stringify(ctx.data) ?? String(ctx.data)} is not an answer: use one of ${PREFERENCE_ANSWERS.join(', ')} for a pair, or an integer rating for a clip, or { goalFrames: [frame, …] } for a goal query` }),
});
export const AnswerRequest = z
  .object({
    queryId: z.string().min(1).max(500),
    labeler: LabelerName,
    answer: Answer,
  })
  .strict();

export type ClaimRequest = z.infer<typeof ClaimRequest>;
export type AnswerRequest = z.infer<typeof AnswerRequest>;

/** What the server passes on about a stored answer: a pair's answer, a rating, or the marker of a stored demonstration or correction (its steps are in the store). */
export type StoredAnswer = AnswerRequest['answer'] | { stored: 'demonstration' | 'correction' };

/** One key of the page's demonstration legend: KeyboardEvent.key, the action it takes, what it does. */
export interface DemoKeyInfo {
  key: string;
  action: number;
  label: string;
}

/** Demonstration play (demo-routes.ts): start (or start over) and finish name the query; a step also the action. */
export const DemoRequest = z.object({ labeler: LabelerName, queryId: z.string().min(1).max(500) }).strict();
export const DemoStepRequest = z.object({ labeler: LabelerName, queryId: z.string().min(1).max(500), action: z.unknown() }).strict();
export type DemoRequest = z.infer<typeof DemoRequest>;

/** Taking over a correction query's clip at step `takeover`; steps and finish as a demonstration's. */
export const CorrectionStartRequest = z.object({ labeler: LabelerName, queryId: z.string().min(1).max(500), takeover: z.number().int().min(0) }).strict();

/** Where a correction stands after start or a step: the frame to draw, the clip step reached and whether it may be finished. */
export interface CorrectionStateResponse {
  queryId: string;
  /** The clip step the person took over at. */
  takeover: number;
  /** Steps of the corrected segment so far (the clip's up to takeover, then the person's). */
  step: number;
  /** The clip's length: the correction is played to here (or until the episode ends). */
  length: number;
  done: boolean;
  frame: unknown;
  observation: number[];
}

/** Where a demonstration stands after start or a step: the frame to draw and whether it may (or must) be finished. */
export interface DemoStateResponse {
  queryId: string;
  /** Steps played so far. */
  step: number;
  maxSteps: number;
  minSteps: number;
  /** The episode ended or reached maxSteps: no more steps; finish it (or start over when it is shorter than minSteps). */
  done: boolean;
  /** The env's scene now (src/core/scene.ts), drawn with the page's clip renderer. */
  frame: unknown;
  observation: number[];
}

/**
 * A claimed query as the page receives it: `payload` is the store's (a 'fragment-pair' with left
 * and right clips, or a 'fragment-clip' with one clip); a rating query carries its scale.
 */
export interface ClaimedQuery {
  id: string;
  kind: QueryKind;
  scale?: RatingGuide;
  payload: unknown;
}

/** One dashboard point (one loop iteration). */
export interface MetricsPoint {
  iteration: number;
  globalStep: number;
  labels: number;
  trueReturn: number | null;
  learnedReturn: number | null;
  heldOutAccuracy: number | null;
}

/** What /api/status returns: counters for the queue and the dashboard. */
export interface StatusResponse {
  kind: 'rewardlab-status';
  version: 1;
  envId: string;
  /** Queries with fewer answers than the redundancy asks for. */
  pending: number;
  answered: number;
  byLabeler: Record<string, number>;
  /** Inter-labeler agreement over queries answered by several labelers (redundancy > 1). */
  agreement: { queries: number; agreeing: number; rate: number | null };
  /** What "better" means for this env, what each answer does, and the gridworld tile names. */
  instructions: LabelerInstructions;
  /** The run's loop metrics, downsampled to at most 240 points (first and last kept). */
  metrics: MetricsPoint[];
  /** How many metrics points the run has (before downsampling). */
  metricsTotal: number;
  /** Budget left, when the run told the server its budget (null otherwise). */
  labelsLeft: number | null;
  stepsLeft: number | null;
  /** The loop waits for labels: `answersNeeded` more answers let it continue. */
  paused: boolean;
  answersNeeded: number;
  /** The run (or this labeling session) has ended; `report` links the run's report when it exists. */
  finished: boolean;
  /** It ended before its budget was spent (an error or a stop); `rewardlab resume` continues it. */
  stopped: boolean;
  report: string | null;
  /** The page may offer "finish the run" (POST /api/finish): the server runs the training loop and it has not finished. */
  canFinish: boolean;
  /** The names this browser session labels as (empty before it chose one). */
  you: string[];
}
