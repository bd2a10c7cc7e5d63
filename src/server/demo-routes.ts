/**
 * The demonstration routes (protocol.ts): a person plays a claimed demonstration query with the
 * page's keys; the server steps the run's env (reward-free, reset from the query's seed) and
 * answers each step with the frame to draw; finishing stores the episode as ONE 'demonstration'
 * record (src/feedback/demonstration-answer.ts) durably before the ack, then tells the loop's side
 * (onAnswer, with a marker: the loop folds the episode from the store). The same session and
 * labeler rules as answers: every request needs the session that owns the labeler name, and the
 * finish takes one of the query's answer slots as an answer does (claimed, not answered yet).
 */
import type { Context, Hono } from 'hono';
import { checkDemoRequest } from '../feedback/demonstration-answer.js';
import type { FeedbackStore } from '../feedback/feedback-store.js';
import type { GroupCommitter } from './group-commit.js';
import { parseBody } from './http.js';
import { DemoRequest, DemoStepRequest, type DemoKeyInfo, type StoredAnswer } from './protocol.js';
import type { QueryIndex } from './query-index.js';
import type { Sessions } from './sessions.js';
import { DemoSessions, badAction, type DemoEnv } from './demo-sessions.js';

export interface DemoDeps {
  store: FeedbackStore;
  index: QueryIndex;
  sessions: Sessions;
  committer: GroupCommitter;
  clock: () => number;
  envId: string;
  /** The run's env, reward-free, one per demonstration. */
  makeEnv(): DemoEnv;
  keys: DemoKeyInfo[];
  onAnswer?(a: { queryId: string; labeler: string; answer: StoredAnswer; seq: number }): void;
}

const NO_SESSION = { error: 'no labeling session: open the labeling page first (or POST /api/session and send back its rl_session cookie)' };

export function demoRoutes(app: Hono, d: DemoDeps): void {
  const plays = new DemoSessions(d.makeEnv);

  /** The refusal when this request's session does not own `labeler`. */
  const notOwner = (c: Context, labeler: string): Response | null => {
    const session = d.sessions.current(c);
    if (!session) return c.json(NO_SESSION, 401);
    return d.sessions.owns(session, labeler) ? null : c.json({ error: `labeler ${JSON.stringify(labeler)} belongs to another browser session; you can only play as yourself` }, 403);
  };
  const notPlaying = (c: Context, queryId: string) => c.json({ error: `you are not playing query ${JSON.stringify(queryId)}: start it first (POST /api/demo/start)` }, 409);

  app.post('/api/demo/start', async (c) => {
    const body = await parseBody(c, DemoRequest);
    if (body instanceof Response) return body;
    const refused = notOwner(c, body.labeler);
    if (refused) return refused;
    if (d.index.kindOf(body.queryId) !== 'demonstration') return c.json({ error: `queryId = ${JSON.stringify(body.queryId)} is not a demonstration query` }, 400);
    const query = await d.store.query(body.queryId);
    if (!query) return c.json({ error: `queryId = ${JSON.stringify(body.queryId)} is not a known query` }, 400);
    const payload = checkDemoRequest(query.payload, `query ${body.queryId}`);
    return c.json(plays.start(body.labeler, body.queryId, payload).state());
  });

  app.post('/api/demo/step', async (c) => {
    const body = await parseBody(c, DemoStepRequest);
    if (body instanceof Response) return body;
    const refused = notOwner(c, body.labeler);
    if (refused) return refused;
    const play = plays.get(body.labeler, body.queryId);
    if (!play) return notPlaying(c, body.queryId);
    const bad = badAction(body.action, d.keys, d.envId);
    if (bad) return c.json({ error: bad }, 400);
    if (play.done) return c.json({ error: `the demonstration of query ${JSON.stringify(body.queryId)} is over after ${play.steps} steps: finish it (POST /api/demo/finish) or start over` }, 409);
    play.step(body.action as number);
    return c.json(play.state());
  });

  app.post('/api/demo/finish', async (c) => {
    const body = await parseBody(c, DemoRequest);
    if (body instanceof Response) return body;
    const refused = notOwner(c, body.labeler);
    if (refused) return refused;
    const play = plays.get(body.labeler, body.queryId);
    if (!play) return notPlaying(c, body.queryId);
    const min = play.payload.minSteps;
    if (play.steps < min) return c.json({ error: `the demonstration has ${play.steps} steps; at least ${min} are needed (one compared segment): play on, or start over if the episode ended` }, 409);
    const q = JSON.stringify(body.queryId);
    const why = d.index.reserve(body.queryId, body.labeler, d.clock());
    if (why === 'unknown') return c.json({ error: `queryId = ${q} is not a known query` }, 400);
    if (why === 'answered') return c.json({ error: `labeler ${JSON.stringify(body.labeler)} already answered query ${q}` }, 409);
    if (why === 'full') return c.json({ error: `query ${q} already has all the answers it asked for; nothing stored` }, 409);
    if (why === 'not-claimed') return c.json({ error: `you did not claim query ${q}: claim a query first (POST /api/claim); nothing stored` }, 409);
    try {
      const rec = await d.committer.add({ queryId: body.queryId, labeler: body.labeler, answer: play.answer() }); // committed to disk before we answer
      d.index.recordAnswer(body.queryId, body.labeler, 'demonstration');
      plays.end(body.labeler);
      d.onAnswer?.({ queryId: body.queryId, labeler: body.labeler, answer: { stored: 'demonstration' }, seq: rec.seq });
      return c.json({ ok: true, seq: rec.seq, steps: play.steps });
    } catch (e) {
      d.index.release(body.queryId, body.labeler, d.clock());
      const name = (e as Error).name;
      if (name === 'DuplicateAnswerError' || name === 'AnswerLimitError') return c.json({ error: (e as Error).message }, 409);
      if (name === 'DataFormatError') return c.json({ error: (e as Error).message }, 400);
      throw e;
    }
  });
}
