/**
 * What the routes where a person plays the run's env share (demonstrations, demo-routes.ts;
 * corrections, correction-routes.ts): their dependencies, the session check (every request needs
 * the session that owns the labeler name), taking one of the query's answer slots as an answer
 * does (claimed, not answered yet, not full), and storing the played answer durably before the ack.
 */
import type { Context } from 'hono';
import type { FeedbackStore } from '../feedback/feedback-store.js';
import type { GroupCommitter } from './group-commit.js';
import type { DemoKeyInfo, StoredAnswer } from './protocol.js';
import type { QueryIndex } from './query-index.js';
import type { Sessions } from './sessions.js';
import type { DemoEnv } from './demo-sessions.js';

export interface PlayDeps {
  store: FeedbackStore;
  index: QueryIndex;
  sessions: Sessions;
  committer: GroupCommitter;
  clock: () => number;
  envId: string;
  /** The run's env, reward-free, one per play. */
  makeEnv(): DemoEnv;
  keys: DemoKeyInfo[];
  onAnswer?(a: { queryId: string; labeler: string; answer: StoredAnswer; seq: number }): void;
}

const NO_SESSION = { error: 'no labeling session: open the labeling page first (or POST /api/session and send back its rl_session cookie)' };

/** The refusal when a request's session does not own `labeler` (`verb`: what the person would do, "play", "correct"), or null. */
export function ownerCheck(d: PlayDeps, verb: string): (c: Context, labeler: string) => Response | null {
  return (c, labeler) => {
    const session = d.sessions.current(c);
    if (!session) return c.json(NO_SESSION, 401);
    return d.sessions.owns(session, labeler) ? null : c.json({ error: `labeler ${JSON.stringify(labeler)} belongs to another browser session; you can only ${verb} as yourself` }, 403);
  };
}

/** Take one of the query's answer slots for `labeler`, or the refusal saying why it cannot have one (nothing is stored then). */
export function takeSlot(c: Context, d: PlayDeps, queryId: string, labeler: string): Response | null {
  const q = JSON.stringify(queryId);
  const why = d.index.reserve(queryId, labeler, d.clock());
  if (why === 'unknown') return c.json({ error: `queryId = ${q} is not a known query` }, 400);
  if (why === 'answered') return c.json({ error: `labeler ${JSON.stringify(labeler)} already answered query ${q}` }, 409);
  if (why === 'full') return c.json({ error: `query ${q} already has all the answers it asked for; nothing stored` }, 409);
  if (why === 'not-claimed') return c.json({ error: `you did not claim query ${q}: claim a query first (POST /api/claim); nothing stored` }, 409);
  return null;
}

export interface StorePlayedOptions<A> {
  queryId: string;
  labeler: string;
  /** What the index and the loop's side are told was stored. */
  kind: 'demonstration' | 'correction';
  /** The record's answer, checked (a DataFormatError refuses it with 400 and frees the slot). */
  answer(): A;
  /** The play is over (called once the record is stored). */
  end(): void;
  /** The reply's fields beside `ok` and `seq`. */
  reply(answer: A): Record<string, unknown>;
}

/** Store the played answer in the slot `takeSlot` took (group commit: on disk before the reply), or free the slot and refuse. */
export async function storePlayed<A>(c: Context, d: PlayDeps, o: StorePlayedOptions<A>): Promise<Response> {
  try {
    const answer = o.answer();
    const rec = await d.committer.add({ queryId: o.queryId, labeler: o.labeler, answer }); // committed to disk before we answer
    d.index.recordAnswer(o.queryId, o.labeler, o.kind);
    o.end();
    d.onAnswer?.({ queryId: o.queryId, labeler: o.labeler, answer: { stored: o.kind }, seq: rec.seq });
    return c.json({ ok: true, seq: rec.seq, ...o.reply(answer) });
  } catch (e) {
    d.index.release(o.queryId, o.labeler, d.clock());
    const name = (e as Error).name;
    if (name === 'DuplicateAnswerError' || name === 'AnswerLimitError') return c.json({ error: (e as Error).message }, 409);
    if (name === 'DataFormatError') return c.json({ error: (e as Error).message }, 400);
    throw e;
  }
}

/**
 * The start of a play (demo/start, correction/start): the session owns `labeler` (`notOwner`), the
 * query is of `kind` and stored; its payload, or the refusal.
 */
export async function playQuery(
  c: Context, d: PlayDeps, notOwner: (c: Context, labeler: string) => Response | null,
  body: { labeler: string; queryId: string }, kind: 'demonstration' | 'correction',
): Promise<{ payload: unknown } | Response> {
  const refused = notOwner(c, body.labeler);
  if (refused) return refused;
  const q = JSON.stringify(body.queryId);
  if (d.index.kindOf(body.queryId) !== kind) return c.json({ error: `queryId = ${q} is not a ${kind} query` }, 400);
  const query = await d.store.query(body.queryId);
  if (!query) return c.json({ error: `queryId = ${q} is not a known query` }, 400);
  return { payload: query.payload };
}
