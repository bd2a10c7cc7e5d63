/**
 * The labeling server (Hono): serves the page from a fixed directory, hands out queries to
 * named labelers (never the same query to two labelers), and writes each answer durably to
 * the run's SQLite store BEFORE acknowledging it. Every request body is schema-validated;
 * bodies over 16 KB are refused; security headers on every response; when a token is set,
 * every request must carry it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { secureHeaders } from 'hono/secure-headers';
import type { ZodTypeAny, z } from 'zod';
import { DataFormatError } from '../core/errors.js';
import { DuplicateAnswerError, type FeedbackStore } from '../feedback/store.js';
import { AnswerRequest, ClaimRequest, type StatusResponse } from './protocol.js';
import { lineChart } from '../report/charts.js';
import { GroupCommitter } from './group-commit.js';

/** The page's files: a fixed directory, served by exact name only (no path traversal possible). */
const UI_DIR = fileURLToPath(new URL('../../ui/', import.meta.url));
const UI_FILES: Record<string, string> = { '/': 'index.html', '/app.js': 'app.js', '/style.css': 'style.css' };
const TYPES: Record<string, string> = { html: 'text/html; charset=utf-8', js: 'text/javascript; charset=utf-8', css: 'text/css; charset=utf-8' };

export interface FeedbackAppOptions {
  store: FeedbackStore;
  envId: string;
  /** Required on every request when set (always set when not bound to loopback). */
  token?: string;
  /** How long a claimed query stays reserved for its labeler. Default 10 min. */
  leaseMs?: number;
  /** Called after an answer is durably stored. */
  onAnswer?(a: { queryId: string; labeler: string; answer: AnswerRequest['answer']; seq: number }): void;
  /** Latest loop metrics for the dashboard. */
  metrics?(): StatusResponse['metrics'];
  /** Frames of the agent's latest finished episode, for the dashboard clip. */
  agentClip?(): unknown[] | null;
  /** Answers wanted per query (several labelers on the same pair; agreement is reported). Default 1. */
  redundancy?: number;
  /** A run's report.html to serve read-only at /report (when the file exists). */
  reportFile?: string;
  clock?: () => number;
}

async function parseBody<S extends ZodTypeAny>(c: Context, schema: S): Promise<z.infer<S> | Response> {
  let raw: unknown;
  try {
    raw = await c.req.json();
  } catch {
    return c.json({ error: 'body must be JSON' }, 400);
  }
  const r = schema.safeParse(raw);
  if (!r.success) {
    const issue = r.error.issues[0];
    return c.json({ error: `${issue.path.join('.') || 'body'}: ${issue.message}` }, 400);
  }
  return r.data;
}

export function createFeedbackApp(o: FeedbackAppOptions): Hono {
  const app = new Hono();
  const clock = o.clock ?? Date.now;
  const lease = o.leaseMs ?? 10 * 60_000;
  const redundancy = o.redundancy ?? 1;
  /** queryId → labeler → lease expiry. At most (redundancy − answers) live leases per query. */
  const claims = new Map<string, Map<string, number>>();
  const liveHolders = (queryId: string, now: number) => [...(claims.get(queryId) ?? new Map<string, number>()).entries()].filter(([, until]) => until > now).map(([l]) => l);
  const committer = new GroupCommitter(o.store);

  app.use('*', secureHeaders({ contentSecurityPolicy: { defaultSrc: ["'self'"], imgSrc: ["'self'", 'data:'], styleSrc: ["'self'"], scriptSrc: ["'self'"] }, referrerPolicy: 'no-referrer' }));
  app.use('*', async (c, next) => {
    if (o.token) {
      const given = c.req.header('authorization')?.replace(/^Bearer /, '') ?? c.req.query('token');
      if (given !== o.token) return c.json({ error: 'missing or wrong token' }, 401);
    }
    await next();
  });
  app.use('/api/*', bodyLimit({ maxSize: 16 * 1024, onError: (c) => c.json({ error: 'request body too large (limit 16 KB)' }, 413) }));

  for (const [route, file] of Object.entries(UI_FILES)) {
    app.get(route, (c) => {
      const body = readFileSync(join(UI_DIR, file), 'utf8');
      return c.body(body, 200, { 'content-type': TYPES[file.split('.').pop()!] });
    });
  }

  app.get('/report', (c) => {
    if (!o.reportFile || !existsSync(o.reportFile)) return c.json({ error: 'this run has no report yet (rewardlab report RUN_DIR writes it)' }, 404);
    return c.body(readFileSync(o.reportFile, 'utf8'), 200, { 'content-type': TYPES.html });
  });

  app.get('/api/status', (c) => {
    const answers = o.store.feedback();
    const byLabeler: Record<string, number> = {};
    for (const a of answers) byLabeler[a.labeler] = (byLabeler[a.labeler] ?? 0) + 1;
    const status: StatusResponse = {
      kind: 'rewardlab-status', version: 1, envId: o.envId, pending: o.store.pendingQueries({ redundancy }).length, answered: answers.length, byLabeler, agreement: o.store.agreement(), metrics: o.metrics?.() ?? [],
    };
    return c.json(status);
  });

  app.get('/api/chart.svg', (c) => {
    const m = o.metrics?.() ?? [];
    const svg = lineChart({
      title: 'The agent over training', xLabel: 'agent env steps', yLabel: 'return per episode', width: 640, height: 300,
      series: [
        { name: 'true return (hidden from the agent)', points: m.filter((x) => x.trueReturn !== null).map((x) => [x.globalStep, x.trueReturn!]) },
        { name: 'return under the learned reward', points: m.filter((x) => x.learnedReturn !== null).map((x) => [x.globalStep, x.learnedReturn!]), dashed: true },
      ],
    });
    return c.body(svg, 200, { 'content-type': 'image/svg+xml; charset=utf-8', 'cache-control': 'no-store' });
  });

  app.get('/api/agent-clip', (c) => c.json({ frames: o.agentClip?.() ?? null }));

  app.post('/api/claim', async (c) => {
    const body = await parseBody(c, ClaimRequest);
    if (body instanceof Response) return body;
    const now = clock();
    // One synchronous pass (no await between check and set): a query is never handed to more
    // labelers than it still needs answers from.
    const answers = new Map<string, number>();
    for (const f of o.store.feedback()) answers.set(f.queryId, (answers.get(f.queryId) ?? 0) + 1);
    for (const q of o.store.pendingQueries({ redundancy, labeler: body.labeler })) {
      const holders = liveHolders(q.id, now);
      if (!holders.includes(body.labeler) && holders.length >= redundancy - (answers.get(q.id) ?? 0)) continue;
      if (!claims.has(q.id)) claims.set(q.id, new Map());
      claims.get(q.id)!.set(body.labeler, now + lease);
      return c.json({ query: { id: q.id, payload: q.payload } });
    }
    return c.json({ query: null });
  });

  app.post('/api/answer', async (c) => {
    const body = await parseBody(c, AnswerRequest);
    if (body instanceof Response) return body;
    const holders = liveHolders(body.queryId, clock());
    if (redundancy === 1 && holders.length > 0 && !holders.includes(body.labeler)) return c.json({ error: 'query is claimed by another labeler' }, 409);
    try {
      const rec = await committer.add(body); // committed to disk (group commit) before we answer
      claims.get(body.queryId)?.delete(body.labeler);
      o.onAnswer?.({ ...body, seq: rec.seq });
      return c.json({ ok: true, seq: rec.seq });
    } catch (e) {
      if (e instanceof DuplicateAnswerError) return c.json({ error: e.message }, 409);
      if (e instanceof DataFormatError) return c.json({ error: e.message }, 400);
      throw e;
    }
  });

  app.post('/api/undo', async (c) => {
    const body = await parseBody(c, ClaimRequest);
    if (body instanceof Response) return body;
    const undone = o.store.retractLast(body.labeler);
    if (!undone) return c.json({ error: 'nothing to undo: no answer yet, or training already used it' }, 409);
    if (!claims.has(undone.queryId)) claims.set(undone.queryId, new Map());
    claims.get(undone.queryId)!.set(body.labeler, clock() + lease); // re-offer it to the same person first
    const q = o.store.query(undone.queryId)!;
    return c.json({ ok: true, answer: undone.answer, query: { id: q.id, payload: q.payload } });
  });

  app.notFound((c) => c.json({ error: 'not found' }, 404));
  return app;
}
