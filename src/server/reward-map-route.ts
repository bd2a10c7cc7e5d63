/**
 * The dashboard's "what the reward model has learned" panel reads the reward map the training
 * side writes after each reward-model round of a gridworld run (`<run>/live/reward-map.json`,
 * src/app/live-reward-map.ts). Routes (registered by app.ts after its guards, so the Host/Origin
 * check and the URL token apply as to every route); both read-only:
 * - GET /api/reward-map → the document as written (`{ kind: 'rewardlab-live-reward-map', update,
 *   round, labels, epic, map, svg, … }`); `?after=N` → 204 while the stored update is ≤ N, so a
 *   page that polls gets the (large) document only when a newer one exists; 404 with
 *   `pending: true` until the first round wrote one (a vector-observation run never does).
 * - GET /api/reward-map.svg → the drawing alone (to open it by itself).
 * The server only serves the file: it computes nothing and never writes.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Context, Hono } from 'hono';

export interface RewardMapRouteOptions {
  /** The run's live folder (`<run>/live`) where reward-map.json appears. */
  dir: string;
}

interface Cached { mtimeMs: number; size: number; text: string; update: number; svg: string }

const NOT_YET = 'no reward map yet: the training side writes one after its first reward-model round (gridworld runs only)';

export function rewardMapRoutes(app: Hono, o: RewardMapRouteOptions): void {
  const file = join(o.dir, 'reward-map.json');
  let cached: Cached | null = null;
  /** The current document, parsed again only when the file changed (it is replaced atomically, never torn). */
  const current = (): Cached | null => {
    let st;
    try {
      st = statSync(file);
    } catch {
      return null;
    }
    if (cached && cached.mtimeMs === st.mtimeMs && cached.size === st.size) return cached;
    const text = readFileSync(file, 'utf8');
    const doc = JSON.parse(text) as { kind?: unknown; update?: unknown; svg?: unknown };
    if (doc.kind !== 'rewardlab-live-reward-map' || typeof doc.update !== 'number' || typeof doc.svg !== 'string') return null;
    cached = { mtimeMs: st.mtimeMs, size: st.size, text, update: doc.update, svg: doc.svg };
    return cached;
  };
  const notYet = (c: Context) => c.json({ error: NOT_YET, pending: true }, 404, { 'cache-control': 'no-store' });

  app.get('/api/reward-map', (c) => {
    const after = c.req.query('after');
    if (after !== undefined && !/^-?\d{1,9}$/.test(after)) return c.json({ error: `after must be an update number (an integer); got ${JSON.stringify(after)}` }, 400);
    const doc = current();
    if (!doc) return notYet(c);
    if (after !== undefined && doc.update <= Number(after)) return c.body(null, 204, { 'cache-control': 'no-store' });
    return c.body(doc.text, 200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  });

  app.get('/api/reward-map.svg', (c) => {
    const doc = current();
    if (!doc) return notYet(c);
    return c.body(doc.svg, 200, { 'content-type': 'image/svg+xml; charset=utf-8', 'cache-control': 'no-store' });
  });
}
