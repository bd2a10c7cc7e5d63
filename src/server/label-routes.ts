/**
 * The state-changing routes: session, claim, answer (skip included) and undo. Each one acts
 * only for a labeler name its session owns; slot accounting happens in the in-memory index
 * synchronously (no await between check and reservation), so concurrent requests can never
 * give a query more answers than the redundancy asks for; the store's `maxAnswers` checks it
 * again inside the write.
 */
import type { Context, Hono } from 'hono';
import { parseBody } from './http.js';
import type { FeedbackStore } from '../feedback/feedback-store.js';
import { AnswerRequest, ClaimRequest } from './protocol.js';
import type { GroupCommitter } from './group-commit.js';
import type { QueryIndex } from './query-index.js';
import type { Sessions } from './sessions.js';

export interface LabelDeps {
  store: FeedbackStore;
  index: QueryIndex;
  sessions: Sessions;
  committer: GroupCommitter;
  clock: () => number;
  /** Pick up queries the loop added since the index was built; resolves when done. */
  refreshQueries(force: boolean): Promise<void>;
  onAnswer?(a: { queryId: string; labeler: string; answer: AnswerRequest['answer']; seq: number }): void;
}

const JSON_TYPE = { 'content-type': 'application/json' };

/** `{"query":{"id","payload"}}` with the payload spliced in as the store keeps it: a 20 KiB clip pair is never parsed and re-encoded per claim. */
async function claimBody(store: FeedbackStore, id: string): Promise<string> {
  const payload = await store.payloadText(id);
  return payload === undefined ? '{"query":null}' : `{"query":{"id":${JSON.stringify(id)},"payload":${payload}}}`;
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
    return c.body(await claimBody(d.store, id), 200, JSON_TYPE);
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
    let why = d.index.reserve(body.queryId, body.labeler, d.clock());
    if (why === 'unknown') {
      await d.refreshQueries(true);
      why = d.index.reserve(body.queryId, body.labeler, d.clock());
    }
    if (why === 'unknown') return c.json({ error: `queryId = ${JSON.stringify(body.queryId)} is not a known query` }, 400);
    if (why === 'answered') return c.json({ error: `labeler ${JSON.stringify(body.labeler)} already answered query ${JSON.stringify(body.queryId)}` }, 409);
    if (why === 'full') return c.json({ error: `query ${JSON.stringify(body.queryId)} already has all the answers it asked for; nothing stored` }, 409);
    if (why === 'not-claimed') return c.json({ error: `you did not claim query ${JSON.stringify(body.queryId)}: claim a query first (POST /api/claim); nothing stored` }, 409);
    try {
      const rec = await d.committer.add(body); // committed to disk (group commit) before we answer
      d.index.recordAnswer(body.queryId, body.labeler, body.answer);
      d.onAnswer?.({ ...body, seq: rec.seq });
      return c.json({ ok: true, seq: rec.seq });
    } catch (e) {
      d.index.release(body.queryId, body.labeler, d.clock());
      const name = (e as Error).name;
      if (name === 'DuplicateAnswerError' || name === 'AnswerLimitError') return c.json({ error: (e as Error).message }, 409);
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
    return c.body(`{"ok":true,"answer":${JSON.stringify(undone.answer)},${(await claimBody(d.store, undone.queryId)).slice(1)}`, 200, JSON_TYPE);
  });
}
