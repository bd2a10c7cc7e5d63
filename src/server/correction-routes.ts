/**
 * The correction routes (protocol.ts): a person watches a claimed correction query's agent clip,
 * takes over at a step of it, and plays the rest with the page's keys; the server replays the
 * clip's start exactly (correction-sessions.ts), steps the run's env (reward-free) and answers
 * each step with the frame to draw; finishing stores the corrected segment as ONE 'intervention'
 * record (src/feedback/correction-answer.ts) durably before the ack, then tells the loop's side
 * (onAnswer, with a marker: the loop folds it from the store). The same session, labeler and
 * answer-slot rules as demonstrations (demo-routes.ts).
 */
import type { Context, Hono } from 'hono';
import { checkCorrectionAnswer, checkCorrectionRequest } from '../feedback/correction-answer.js';
import { parseBody } from './http.js';
import { CorrectionStartRequest, DemoRequest, DemoStepRequest } from './protocol.js';
import { badAction } from './demo-sessions.js';
import { CorrectionSessions } from './correction-sessions.js';
import { ownerCheck, playQuery, storePlayed, takeSlot, type PlayDeps } from './play-routes.js';

export type CorrectionDeps = PlayDeps;

export function correctionRoutes(app: Hono, d: CorrectionDeps): void {
  const plays = new CorrectionSessions(d.makeEnv);
  const notOwner = ownerCheck(d, 'correct');
  const notPlaying = (c: Context, queryId: string) => c.json({ error: `you are not correcting query ${JSON.stringify(queryId)}: take over first (POST /api/correction/start)` }, 409);

  app.post('/api/correction/start', async (c) => {
    const body = await parseBody(c, CorrectionStartRequest);
    if (body instanceof Response) return body;
    const query = await playQuery(c, d, notOwner, body, 'correction');
    if (query instanceof Response) return query;
    const payload = checkCorrectionRequest(query.payload, `query ${body.queryId}`);
    try {
      return c.json(plays.start(body.labeler, body.queryId, payload, body.takeover).state());
    } catch (e) {
      if (e instanceof RangeError) return c.json({ error: e.message }, 400);
      if ((e as Error).name === 'CorrectionReplayError') return c.json({ error: (e as Error).message }, 500);
      throw e;
    }
  });

  app.post('/api/correction/step', async (c) => {
    const body = await parseBody(c, DemoStepRequest);
    if (body instanceof Response) return body;
    const refused = notOwner(c, body.labeler);
    if (refused) return refused;
    const play = plays.get(body.labeler, body.queryId);
    if (!play) return notPlaying(c, body.queryId);
    const bad = badAction(body.action, d.keys, d.envId);
    if (bad) return c.json({ error: bad }, 400);
    if (play.done) return c.json({ error: `the correction of query ${JSON.stringify(body.queryId)} is played to its end (${play.steps} steps): finish it (POST /api/correction/finish) or take over again` }, 409);
    play.step(body.action as number);
    return c.json(play.state());
  });

  app.post('/api/correction/finish', async (c) => {
    const body = await parseBody(c, DemoRequest);
    if (body instanceof Response) return body;
    const refused = notOwner(c, body.labeler);
    if (refused) return refused;
    const play = plays.get(body.labeler, body.queryId);
    if (!play) return notPlaying(c, body.queryId);
    if (!play.done) return c.json({ error: `the correction has ${play.steps} of the clip's ${play.payload.clip.actions.length} steps: play on to its end` }, 409);
    const refusedSlot = takeSlot(c, d, body.queryId, body.labeler);
    if (refusedSlot) return refusedSlot;
    return storePlayed(c, d, {
      queryId: body.queryId, labeler: body.labeler, kind: 'correction',
      answer: () => checkCorrectionAnswer(play.answer(), play.payload, `correction of query ${body.queryId}`),
      end: () => plays.end(body.labeler), reply: (answer) => ({ steps: answer.actions.length, takeover: answer.takeover }),
    });
  });
}
