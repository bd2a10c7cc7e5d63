/**
 * The labeling server (Hono): serves the page from a fixed directory, hands out queries to
 * named labelers (never to more labelers than answers are still needed), and writes each
 * answer durably to the run's store BEFORE acknowledging it. Who may answer is in protocol.ts
 * (Host/Origin checks, URL token beyond loopback, session-bound labeler names, redundancy).
 * Every request body is schema-validated; bodies over 16 KB are refused; security headers on
 * every response (http.ts). Claim, answer and status work on an in-memory index (query-index.ts)
 * rebuilt from the store at start, so they do not slow down as the store grows. Queries are
 * preference pairs, single clips to rate or to mark goal frames in, episodes to play, or agent
 * clips to correct (the index knows each one's kind; label-routes.ts checks an answer against it;
 * demo-routes.ts plays a demonstration on the run's env and stores it; correction-routes.ts
 * replays a clip to the person's take-over step and stores the corrected segment).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';
import type { FeedbackStore } from '../feedback/feedback-store.js';
import type { DemoKeyInfo, MetricsPoint, StatusResponse, StoredAnswer } from './protocol.js';
import type { BatchWriter } from '../feedback/sqlite-writer.js';
import { GroupCommitter } from './group-commit.js';
import { securityHeaders } from './http.js';
import { originGuard } from './guard.js';
import { QueryIndex, type QueryKind } from './query-index.js';
import { Sessions } from './sessions.js';
import { labelRoutes } from './label-routes.js';
import { demoRoutes } from './demo-routes.js';
import { correctionRoutes } from './correction-routes.js';
import type { DemoEnv } from './demo-sessions.js';
import { planRoutes, type HumanPlanApprover } from './plan-routes.js';
import { rewardMapRoutes } from './reward-map-route.js';
import { instructionsFor } from './instructions.js';
import { CHART_NAMES, MetricsLog, dashboardChart, downsample, type ChartName } from './dashboard.js';

/** The page's files: a fixed directory, served by exact name only (no path traversal possible). */
const UI_DIR = fileURLToPath(new URL('../../ui/', import.meta.url));
const UI_FILES: Record<string, string> = { '/': 'index.html', '/app.js': 'app.js', '/clip-render.js': 'clip-render.js', '/style.css': 'style.css', '/plan-view.js': 'plan-view.js', '/reward-map-view.js': 'reward-map-view.js', '/correction-view.js': 'correction-view.js' };
const TYPES: Record<string, string> = { html: 'text/html; charset=utf-8', js: 'text/javascript; charset=utf-8', css: 'text/css; charset=utf-8' };

export interface FeedbackAppOptions {
  /** The run's store (SQLite or PostgreSQL, src/feedback/feedback-store.ts); several servers may share one. */
  store: FeedbackStore;
  envId: string;
  /** Required on every request when set (always set when not bound to loopback). */
  token?: string;
  /** How long a claimed query stays reserved for its labeler. Default 10 min. */
  leaseMs?: number;
  /** Called after an answer is durably stored (a rating query's answer is its rating, a number; a demonstration's a marker: its episode is in the store). */
  onAnswer?(a: { queryId: string; labeler: string; answer: StoredAnswer; seq: number }): void;
  /** People play demonstrations (demo-routes.ts): the run's env, reward-free, made per demonstration, and the keys it is played with. Absent: no demonstration routes. */
  demo?: { makeEnv(): DemoEnv; keys: DemoKeyInfo[] };
  /** People correct agent clips (correction-routes.ts): the run's env, reward-free, made per correction, and the keys (the demonstration legend's). Absent: no correction routes. */
  correction?: { makeEnv(): DemoEnv; keys: DemoKeyInfo[] };
  /** Loop metrics for the dashboard; the server keeps every point it has seen (merged by iteration). */
  metrics?(): MetricsPoint[];
  /** Frames of the agent's latest finished episode, for the dashboard clip. */
  agentClip?(): unknown[] | null;
  /** Answers wanted per query (several labelers on the same pair; agreement is reported). Default 1. */
  redundancy?: number;
  /** A run's report.html to serve read-only at /report (when the file exists). */
  reportFile?: string;
  /** The task sentence shown above the clips; default: the env's sentence from instructions.ts. */
  instructions?: string;
  /** The run's budget, for the "labels left / steps left" indicator. */
  budget?: { labels?: number; agentSteps?: number };
  /** The paced loop waits for labels: `answersNeeded` more let it continue. Default not paused. */
  pacing?(): { paused: boolean; answersNeeded: number };
  /** The page's finish button (POST /api/finish): ask the loop to end. Absent: the page shows no button. */
  requestFinish?(): void;
  /** How long queries found in the store but not announced through `control.queriesAdded` wait before the server reads the whole query list to pick them up. Default 1000 ms. */
  discoverQueriesMs?: number;
  /** Host:port names clients may use (guard.ts); null or absent: loopback names on any port. */
  allowedHosts?(): Set<string> | null;
  clock?: () => number;
  /** Called after each /api request with its path and the time spent in the server (ms, queueing excluded): the server bench's in-server percentiles. */
  onTiming?(path: string, ms: number): void;
  /** Where answers are committed: default the store itself; `startFeedbackServer` passes a writer thread for an SQLite file. */
  writer?: Pick<BatchWriter, 'addFeedbackBatch' | 'ready'>;
  /** Plans waiting for people's sign-off (plan-routes.ts): GET /api/plan, POST /api/plan/approve|reject. Absent: no plan routes. */
  plans?: HumanPlanApprover;
  /** A run's live folder (`<run>/live`): GET /api/reward-map serves the reward map the training side writes there (reward-map-route.ts). Absent: no reward-map routes. */
  liveDir?: string;
}

/** How a run ended: spent its budget, or stopped early (resumable). */
export type RunOutcome = 'finished' | 'stopped';

/** What the embedding code steers besides the routes. */
export interface FeedbackControl {
  /** Resolves when the index is built from the store. */
  ready: Promise<void>;
  /** Tell the server about queries just added to the store (cheaper than its periodic look); `kind` default 'preference'. */
  queriesAdded(ids: string[], kind?: QueryKind): void;
  /**
   * Mark the run over; resolves once every page polling in the last 15 s saw it, or after `maxWaitMs`.
   * `outcome` 'stopped': it ended before its budget (an error, a stop) and `rewardlab resume` continues it. Default 'finished'.
   */
  finish(maxWaitMs?: number, outcome?: RunOutcome): Promise<void>;
}

export type FeedbackApp = Hono & { control: FeedbackControl };

export function createFeedbackApp(o: FeedbackAppOptions): FeedbackApp {
  const app = new Hono();
  const store = o.store;
  const clock = o.clock ?? Date.now;
  const redundancy = o.redundancy ?? 1;
  const index = new QueryIndex({ redundancy, leaseMs: o.leaseMs ?? 10 * 60_000 });
  const sessions = new Sessions();
  const metricsLog = new MetricsLog(o.metrics);
  const guide = instructionsFor(o.envId, o.instructions);
  let finishedAt: number | null = null;
  let outcome: RunOutcome = 'finished';
  const lastPoll = new Map<string, number>();
  /** Each stored query's kind, as the index knows them (ids only, no payloads read). */
  const storedKinds = async (): Promise<(id: string) => QueryKind> => {
    const ratings = new Set(await store.queryIds({ kind: 'rating' }));
    const demos = new Set(await store.queryIds({ kind: 'demonstration' }));
    const goals = new Set(await store.queryIds({ kind: 'goal' }));
    const corrections = new Set(await store.queryIds({ kind: 'intervention' }));
    return (id) => (ratings.has(id) ? 'rating' : demos.has(id) ? 'demonstration' : goals.has(id) ? 'goal' : corrections.has(id) ? 'correction' : 'preference');
  };

  let rebuiltUpto = 0;
  const ready = (async () => {
    const byQuery = new Map<string, { labeler: string; answer: unknown }[]>();
    for (const f of await store.feedback()) {
      byQuery.set(f.queryId, [...(byQuery.get(f.queryId) ?? []), { labeler: f.labeler, answer: f.answer }]);
      rebuiltUpto = Math.max(rebuiltUpto, f.seq);
    }
    const kindOf = await storedKinds();
    for (const id of await store.queryIds()) index.addQuery(id, byQuery.get(id), kindOf(id));
    // The writer thread opens its own connection meanwhile; serving before it is up made the first
    // answers wait for it (0.4–0.5 s in the server bench).
    await o.writer?.ready;
  })();
  ready.catch(() => {}); // reported by the first request that awaits it

  let lastLook = 0;
  let looking: Promise<void> | null = null;
  let unannouncedSince: number | null = null;
  const grace = o.discoverQueriesMs ?? 1000;
  /**
   * Queries written to the store that nobody announced (queriesAdded): a cheap count first (at
   * most every 500 ms, or 50 ms when a claim found nothing), and the full list — which costs a
   * read of every payload — only once the surplus has lasted `discoverQueriesMs`, so a query
   * whose announcement is on its way never triggers it (the list is ids only, no payloads).
   */
  const refreshQueries = (force: boolean): Promise<void> => {
    if (looking) return looking;
    const now = clock();
    if (now - lastLook < (force ? 50 : 500)) return Promise.resolve();
    lastLook = now;
    looking = (async () => {
      try {
        if ((await store.count()).queries <= index.size) {
          unannouncedSince = null;
          return;
        }
        unannouncedSince ??= now;
        if (now - unannouncedSince < grace) return;
        const kindOf = await storedKinds();
        for (const id of await store.queryIds()) index.addQuery(id, [], kindOf(id));
        unannouncedSince = null;
      } finally {
        looking = null;
      }
    })();
    return looking;
  };

  let syncing: Promise<void> | null = null;
  let syncAgain = false;
  /**
   * Record answers stored since the rebuild that this index does not know (written through
   * another server). A call made while a read is under way gets a read that starts after it,
   * so the answer that caused a refusal is always seen.
   */
  const syncAnswers = (): Promise<void> => {
    if (syncing) {
      syncAgain = true;
      return syncing;
    }
    syncing = (async () => {
      try {
        do {
          syncAgain = false;
          for (const f of await store.feedback({ sinceSeq: rebuiltUpto })) if (!index.hasAnswer(f.queryId, f.labeler)) index.recordAnswer(f.queryId, f.labeler, f.answer);
        } while (syncAgain);
      } finally {
        syncing = null;
      }
    })();
    return syncing;
  };

  app.use('*', securityHeaders());
  if (o.onTiming) {
    const report = o.onTiming;
    app.use('/api/*', async (c, next) => {
      const t0 = performance.now();
      await next();
      report(c.req.path, performance.now() - t0); // time spent in the server, queueing excluded
    });
  }
  app.use('*', originGuard(() => o.allowedHosts?.() ?? null));
  app.use('*', async (c, next) => {
    if (o.token) {
      const given = c.req.header('authorization')?.replace(/^Bearer /, '') ?? c.req.query('token');
      if (given !== o.token) return c.json({ error: 'missing or wrong token' }, 401);
    }
    await next();
  });
  app.use('/api/*', async (_c, next) => {
    await ready;
    await next();
  });

  for (const [route, file] of Object.entries(UI_FILES)) {
    app.get(route, (c) => {
      if (route === '/' && c.req.header('sec-fetch-site') !== 'cross-site') sessions.ensure(c); // the labeler's session starts with their first visit
      const body = readFileSync(join(UI_DIR, file), 'utf8');
      return c.body(body, 200, { 'content-type': TYPES[file.split('.').pop()!] });
    });
  }

  const reportUrl = () => (o.reportFile && existsSync(o.reportFile) ? `/report${o.token ? `?token=${encodeURIComponent(o.token)}` : ''}` : null);
  app.get('/report', (c) => {
    if (!o.reportFile || !existsSync(o.reportFile)) return c.json({ error: 'this run has no report yet (rewardlab report RUN_DIR writes it)' }, 404);
    return c.body(readFileSync(o.reportFile, 'utf8'), 200, { 'content-type': TYPES.html });
  });

  app.get('/api/status', (c) => {
    const session = sessions.current(c);
    if (session) lastPoll.set(session, clock());
    const all = metricsLog.all();
    const last = all.at(-1);
    const pacing = o.pacing?.() ?? { paused: false, answersNeeded: 0 };
    const status: StatusResponse = {
      kind: 'rewardlab-status', version: 1, envId: o.envId, pending: index.pending, answered: index.answered, byLabeler: index.byLabeler(), agreement: index.agreement(),
      instructions: guide, metrics: downsample(all), metricsTotal: all.length,
      labelsLeft: o.budget?.labels === undefined ? null : Math.max(0, o.budget.labels - (last?.labels ?? 0)),
      stepsLeft: o.budget?.agentSteps === undefined ? null : Math.max(0, o.budget.agentSteps - (last?.globalStep ?? 0)),
      paused: pacing.paused, answersNeeded: pacing.answersNeeded,
      finished: finishedAt !== null, stopped: finishedAt !== null && outcome === 'stopped', report: reportUrl(), you: session ? sessions.names(session) : [], canFinish: Boolean(o.requestFinish) && finishedAt === null,
    };
    return c.json(status, 200, { 'cache-control': 'no-store' });
  });

  app.get('/api/chart/:name{[a-z]+\\.svg}', (c) => {
    const name = c.req.param('name').replace(/\.svg$/, '') as ChartName;
    if (!CHART_NAMES.includes(name)) return c.json({ error: `chart ${JSON.stringify(name)} is unknown; use ${CHART_NAMES.join(', ')}` }, 404);
    return c.body(dashboardChart(name, metricsLog.all()), 200, { 'content-type': 'image/svg+xml; charset=utf-8', 'cache-control': 'no-store' });
  });

  app.post('/api/finish', (c) => {
    if (!sessions.current(c)) return c.json({ error: 'no labeling session: open the labeling page first' }, 401);
    if (!o.requestFinish) return c.json({ error: 'this server runs no training to finish' }, 409);
    o.requestFinish();
    return c.json({ ok: true });
  });

  app.get('/api/agent-clip', (c) => c.json({ frames: o.agentClip?.() ?? null }));

  if (o.plans) planRoutes(app, { plans: o.plans, sessions });
  if (o.liveDir) rewardMapRoutes(app, { dir: o.liveDir });
  labelRoutes(app, { store, index, sessions, committer: new GroupCommitter(o.writer ?? store, redundancy), clock, refreshQueries, syncAnswers, onAnswer: o.onAnswer, scale: guide.rating, demoKeys: o.demo?.keys ?? o.correction?.keys });
  const committer = new GroupCommitter(o.writer ?? store, redundancy);
  if (o.demo) demoRoutes(app, { store, index, sessions, committer, clock, onAnswer: o.onAnswer, envId: o.envId, makeEnv: o.demo.makeEnv, keys: o.demo.keys });
  if (o.correction) correctionRoutes(app, { store, index, sessions, committer, clock, onAnswer: o.onAnswer, envId: o.envId, makeEnv: o.correction.makeEnv, keys: o.correction.keys });

  app.notFound((c) => c.json({ error: 'not found' }, 404));

  const control: FeedbackControl = {
    ready,
    queriesAdded: (ids, kind = 'preference') => ids.forEach((id) => index.addQuery(id, [], kind)),
    finish: async (maxWaitMs = 5000, how: RunOutcome = 'finished') => {
      if (finishedAt === null) outcome = how;
      finishedAt ??= clock();
      const since = finishedAt;
      const live = [...lastPoll.entries()].filter(([, t]) => since - t < 15_000).map(([s]) => s);
      const start = Date.now();
      while (live.some((s) => (lastPoll.get(s) ?? 0) < since) && Date.now() - start < maxWaitMs) await new Promise((r) => setTimeout(r, 100));
    },
  };
  return Object.assign(app, { control });
}
