/**
 * Labeler sessions. Each browser gets a random session id at its first visit, in an HttpOnly,
 * SameSite=Strict cookie (`rl_session`): page scripts cannot read it, and browsers never send
 * it with a request started by another site. A labeler name is bound to the first session that
 * uses it and to no other: answers, skips and undo for a name are accepted only from its
 * session. A session may own several names (someone who retypes their name); it answers as
 * the one it names in each request. Sessions live in memory: after a restart the first session
 * to use a name owns it again.
 */
import { randomBytes } from 'node:crypto';
import type { Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';

export const SESSION_COOKIE = 'rl_session';
/** Sessions kept at most (unused ones forgotten first; see evict). */
const MAX_SESSIONS = 10_000;

export class Sessions {
  /** session id → names it owns. */
  private readonly owned = new Map<string, Set<string>>();
  /** name → session id. */
  private readonly owner = new Map<string, string>();

  /** The request's session id when it is one we issued, else null. */
  current(c: Context): string | null {
    const id = getCookie(c, SESSION_COOKIE);
    return id !== undefined && this.owned.has(id) ? id : null;
  }

  /** The request's session, issuing a new one (and its cookie) when it has none. */
  ensure(c: Context): string {
    const have = this.current(c);
    if (have) return have;
    const id = randomBytes(24).toString('base64url');
    if (this.owned.size >= MAX_SESSIONS) this.evict();
    this.owned.set(id, new Set());
    setCookie(c, SESSION_COOKIE, id, { httpOnly: true, sameSite: 'Strict', path: '/' });
    return id;
  }

  /** Forget the oldest session that owns no name (pages opened but never used); else the oldest. */
  private evict(): void {
    let victim: string | undefined;
    for (const [id, names] of this.owned) {
      if (names.size === 0) {
        victim = id;
        break;
      }
      victim ??= id;
    }
    if (victim === undefined) return;
    for (const n of this.owned.get(victim)!) this.owner.delete(n);
    this.owned.delete(victim);
  }

  /** Bind `name` to `session` (no-op when it already is). Returns the error when another session owns it. */
  bind(session: string, name: string): string | null {
    const holder = this.owner.get(name);
    if (holder === session) return null;
    if (holder !== undefined) return `labeler name ${JSON.stringify(name)} is in use by another browser session; choose another name`;
    this.owner.set(name, session);
    this.owned.get(session)!.add(name);
    return null;
  }

  owns(session: string, name: string): boolean {
    return this.owner.get(name) === session;
  }

  names(session: string): string[] {
    return [...(this.owned.get(session) ?? [])];
  }
}
