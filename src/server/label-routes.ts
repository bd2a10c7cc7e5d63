/**
 * The state-changing routes: session, claim, answer (skip included) and undo, for preference
 * pairs, rating clips and goal clips alike (a rating is stored as the query's 'rating' record: its
 * answer is the integer, as the synthetic rater's is, src/loop/ask-round.ts; a goal answer's frames
 * as the record's goalSteps, goal-answers.ts). Demonstrations are played through demo-routes.ts. Each one acts
 * only for a labeler name its session owns; slot accounting happens in the in-memory index
 * synchronously (no await between check and reservation), so concurrent requests can never
 * give a query more answers than the redundancy asks for; the store's `maxAnswers` checks it
 * again inside the write.
 */
import type { Context, Hono } from 'hono';
import { parseBody } from './http.js';
import type { FeedbackStore } from '../feedback/feedback-store.js';
import { AnswerRequest, ClaimRequest, type DemoKeyInfo, type StoredAnswer } from './protocol.js';
import type { GroupCommitter } from './group-commit.js';
import type { QueryIndex, QueryKind } from './query-index.js';
import type { RatingGuide } from './instructions.js';
import type { Sessions } from './sessions.js';
import { goalRecordAnswer } from './goal-answers.js';

export interface LabelDeps {
  store: FeedbackStore;
  index: QueryIndex;
  sessions: Sessions;
  committer: GroupCommitter;
  clock: () => number;
  /** Record answers other servers stored since the index was built (after the store refused a write for them). */
  syncAnswers(): Promise<void>;
  /** Pick up queries the loop added since the index was built; resolves when done. */
  refreshQueries(force: boolean): Promise<void>;
  onAnswer?(a: { queryId: string; labeler: string; answer: StoredAnswer; seq: number }): void;
  /** The scale rating answers must be on. */
  scale: RatingGuide;
  /** The keys a demonstration is played with (demo-routes.ts); sent with each claimed demonstration query. */
  demoKeys?: DemoKeyInfo[];
}

const JSON_TYPE = { 'content-type': 'application/json' };

/**
 * `{"query": ClaimedQuery}` with the payload spliced in as the store keeps it: a 20 KiB clip pair
 * is never parsed and re-encoded per claim. A rating query carries its scale.
 */
async function claimBody(d: LabelDeps, id: string): Promise<string> {
  const payload = await d.store.payloadText(id);
  if (payload === undefined) return '{"query":null}';
  const kind = d.index.kindOf(id) ?? 'preference';
  const extra = kind === 'rating' ? `"scale":${JSON.stringify(d.scale)},` : kind === 'demonstration' || kind === 'correction' ? `"keys":${JSON.stringify(d.demoKeys ?? [])},` : '';
  return `{"query":{"id":${JSON.stringify(id)},"kind":"${kind}",${extra}"payload":${payload}}}`;
}

/** Null when `answer` fits the query's kind (and a rating its scale); else why not, naming the answer. */
function misfit(answer: AnswerRequest['answer'], kind: QueryKind, queryId: string, scale: RatingGuide): string | null {
  const q = JSON.stringify(queryId);
  if (kind === 'demonstration' && answer !== 'skip') return `answer = ${JSON.stringify(answer)}, but query ${q} asks for a demonstration: play it (POST /api/demo/start, /api/demo/step, /api/demo/finish) or skip`;
  if (kind === 'correction' && answer !== 'skip') return `answer = ${JSON.stringify(answer)}, but query ${q} asks for a correction: take over (POST /api/correction/start, /api/correction/step, /api/correction/finish) or skip`;
  if (kind === 'goal') return typeof answer === 'object' ? null : `answer = ${JSON.stringify(answer)}, but query ${q} asks which frames of its clip look done: send { goalFrames: [frame, …] } ([] for none of them) or skip`;
  if (typeof answer === 'object') return `answer = ${JSON.stringify(answer)} marks goal frames, but query ${q} asks ${kind === 'rating' ? 'for a rating' : 'to compare two clips'}`;
  if (kind === 'rating') {
    if (typeof answer !== 'number') return `answer = ${JSON.stringify(answer)} answers a pair, but query ${q} asks for a rating: send an integer in ${scale.min}…${scale.max} (or skip)`;
    if (!Number.isInteger(answer) || answer < scale.min || answer > scale.max) return `answer = ${answer} must be an integer rating in ${scale.min}…${scale.max} for query ${q}`;
    return null;
  }
  return typeof answer === 'number' ? `answer = ${answer} is a rating, but query ${q} compares two clips: send left, right, equal, cant-tell or skip` : null;
}

const NO_SESSION = { error: 'no labeling session: open the labeling page first (or POST /api/session and send back its rl_session cookie)' };
const notYours = (labeler: string) => ({ error: `labeler ${JSON.stringify(labeler)} belongs to another browser session; you can only answer as yourself` });

export function labelRoutes(app: Hono, d: LabelDeps): void {
  /** The session that owns `labeler`, binding the name when `bind` and it is free; else the refusal. */
  const who = (c: Context, labeler: string, bind: boolean): Response | null => {
    const session = bind ? d.sessions.ensure(c) : d.sessions.current(c);
    if (!session) return c.json(NO_SESSION, 401);
    if (bind) {
      const err = d.sessions.bind(session, labeler);
      return err ? c.json({ error: err }, 403) : null;
    }
    return d.sessions.owns(session, labeler) ? null : c.json(notYours(labeler), 403);
  };

  app.post('/api/session', async (c) => {
    const body = await parseBody(c, ClaimRequest);
    if (body instanceof Response) return body;
    return who(c, body.labeler, true) ?? c.json({ ok: true, labeler: body.labeler });
  });

  app.post('/api/claim', async (c) => {
    const body = await parseBody(c, ClaimRequest);
    if (body instanceof Response) return body;
    const refused = who(c, body.labeler, true);
    if (refused) return refused;
    await d.refreshQueries(false);
    let id = d.index.claim(body.labeler, d.clock());
    if (id === null) {
      await d.refreshQueries(true);
      id = d.index.claim(body.labeler, d.clock());
    }
    if (id === null) return c.json({ query: null });
    return c.body(await claimBody(d, id), 200, JSON_TYPE);
  });

  app.post('/api/answer', async (c) => {
    const body = await parseBody(c, AnswerRequest);
    if (body instanceof Response) return body;
    const refused = who(c, body.labeler, false);
    if (refused) return refused;
    if (body.answer === 'skip') {
      if (!d.index.skip(body.queryId, body.labeler)) return c.json({ error: `you hold no claim on query ${JSON.stringify(body.queryId)}; nothing to skip` }, 409);
      return c.json({ ok: true, skipped: true });
    }
    if (!d.index.has(body.queryId)) await d.refreshQueries(true);
    const kind = d.index.kindOf(body.queryId);
    if (kind === undefined) return c.json({ error: `queryId = ${JSON.stringify(body.queryId)} is not a known query` }, 400);
    const bad = misfit(body.answer, kind, body.queryId, d.scale);
    if (bad) return c.json({ error: bad }, 400); // before any slot is reserved: nothing changes
    let stored: unknown = body.answer;
    if (kind === 'goal' && typeof body.answer === 'object') {
      const goal = await goalRecordAnswer(d.store, body.queryId, body.answer.goalFrames);
      if ('error' in goal) return c.json({ error: goal.error }, 400);
      stored = goal.answer;
    }
    const why = d.index.reserve(body.queryId, body.labeler, d.clock());
    if (why === 'unknown') return c.json({ error: `queryId = ${JSON.stringify(body.queryId)} is not a known query` }, 400);
    if (why === 'answered') return c.json({ error: `labeler ${JSON.stringify(body.labeler)} already answered query ${JSON.stringify(body.queryId)}` }, 409);
    if (why === 'full') return c.json({ error: `query ${JSON.stringify(body.queryId)} already has all the answers it asked for; nothing stored` }, 409);
    if (why === 'not-claimed') return c.json({ error: `you did not claim query ${JSON.stringify(body.queryId)}: claim a query first (POST /api/claim); nothing stored` }, 409);
    try {
      const rec = await d.committer.add({ ...body, answer: stored }); // committed to disk (group commit) before we answer
      d.index.recordAnswer(body.queryId, body.labeler, body.answer);
      d.onAnswer?.({ ...body, seq: rec.seq });
      return c.json({ ok: true, seq: rec.seq });
    } catch (e) {
      const name = (e as Error).name;
      if (name === 'DuplicateAnswerError' || name === 'AnswerLimitError') {
        // Another server on the same store wrote what this index did not see: learn it, so this
        // query is not offered again (re-holding the claim made a labeler retry it until the lease ran out).
        d.index.abandon(body.queryId, body.labeler);
        await d.syncAnswers();
        return c.json({ error: `${(e as Error).message}; claim another query` }, 409);
      }
      d.index.release(body.queryId, body.labeler, d.clock());
      if (name === 'DataFormatError') return c.json({ error: (e as Error).message }, 400);
      throw e;
    }
  });

  app.post('/api/undo', async (c) => {
    const body = await parseBody(c, ClaimRequest);
    if (body instanceof Response) return body;
    const refused = who(c, body.labeler, false);
    if (refused) return refused;
    const undone = await d.store.retractLast(body.labeler);
    if (!undone) return c.json({ error: 'nothing to undo: no answer yet, or training already used it' }, 409);
    d.index.recordRetraction(undone.queryId, body.labeler);
    d.index.hold(undone.queryId, body.labeler, d.clock()); // re-offer it to the same person first
    return c.body(`{"ok":true,"answer":${JSON.stringify(undone.answer)},${(await claimBody(d, undone.queryId)).slice(1)}`, 200, JSON_TYPE);
  });
}
