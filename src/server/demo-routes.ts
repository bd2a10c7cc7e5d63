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
import { parseBody } from './http.js';
import { DemoRequest, DemoStepRequest } from './protocol.js';
import { DemoSessions, badAction } from './demo-sessions.js';
import { ownerCheck, playQuery, storePlayed, takeSlot, type PlayDeps } from './play-routes.js';

export type DemoDeps = PlayDeps;

export function demoRoutes(app: Hono, d: DemoDeps): void {
  const plays = new DemoSessions(d.makeEnv);
  const notOwner = ownerCheck(d, 'play');
  const notPlaying = (c: Context, queryId: string) => c.json({ error: `you are not playing query ${JSON.stringify(queryId)}: start it first (POST /api/demo/start)` }, 409);

  app.post('/api/demo/start', async (c) => {
    const body = await parseBody(c, DemoRequest);
    if (body instanceof Response) return body;
    const query = await playQuery(c, d, notOwner, body, 'demonstration');
    if (query instanceof Response) return query;
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
    const refusedSlot = takeSlot(c, d, body.queryId, body.labeler);
    if (refusedSlot) return refusedSlot;
    return storePlayed(c, d, { queryId: body.queryId, labeler: body.labeler, kind: 'demonstration', answer: () => play.answer(), end: () => plays.end(body.labeler), reply: () => ({ steps: play.steps }) });
  });
}
