/**
 * Pointer assistants (Leike et al. 2018 §3.2): an assistant outputs an *address* — a pair of
 * exams, a student, a step of a chain — never a verdict. The user spends its OWN checks to
 * confirm the flaw at each address, so assistance is sound: it can miss a flaw (by not
 * pointing at it, or by pointing somewhere useless), but it can never make the user report a
 * flaw that is not there — provided `confirm` itself only returns true on evidence from the
 * user's look-ups. The `trust` mode is the unsound contrast: every claim is accepted unchecked.
 *
 * API (small on purpose):
 *   type PointerAssistant<I, A> = (instance: I) => A[]          addresses of claimed flaws, best first
 *   type ConfirmFlaw<L, A>      = (check, address, remaining) => boolean   the user's own test
 *   confirmPointers(check, remaining, addresses, confirm, opts)  inside an ongoing user.judge(...)
 *   verifyPointers(user, purpose, addresses, confirm, opts)     one judgement of its own
 *   pointerStats(addresses, isFlaw, flawCount)                   precision / recall against the truth
 *
 *   const verdict = user.judge('solver', (check, remaining) =>
 *     confirmPointers(check, remaining, critic(timetable), (c, [i, j]) => c('slotOf', i) === c('slotOf', j) && ...));
 *   verdict.confirmed   // the flaws the user reports (each one verified by its own checks)
 *
 * A check budget running out in the middle of an address is not an error: that address and the
 * rest go to `unchecked` (never reported). Nested assistants (a witness finder consulted while
 * confirming a critic's pair) are just calls inside `confirm`.
 */
import { ConfigError } from '../core/errors.js';
import { CheckBudgetExceeded, type Check, type LimitedUser, type Lookups } from './limited-user.js';

/** An assistant: addresses of claimed flaws in an instance (possibly none), best first. */
export type PointerAssistant<I, A> = (instance: I) => A[];

/**
 * The user's own test of one address, using only `check`: true = the flaw is confirmed by what
 * the look-ups returned. Soundness of the whole scheme rests on this function being sound.
 */
export type ConfirmFlaw<L extends Lookups, A> = (check: Check<L>, address: A, remaining: () => number) => boolean;

export type PointerMode = 'verify' | 'trust';

export interface PointerOptions {
  /** Consider at most this many addresses (default: all). */
  maxPointers?: number;
  /** 'verify' (default, sound) or 'trust' (unsound contrast: claims accepted without checks). */
  mode?: PointerMode;
}

export interface PointerVerdict<A> {
  /** Flaws the user confirmed (and reports). In 'trust' mode: every claim considered. */
  confirmed: A[];
  /** Addresses the user checked and found no flaw at. */
  rejected: A[];
  /** Addresses left unchecked (budget ran out, or past maxPointers); never reported. */
  unchecked: A[];
  /** Checks spent on verification. */
  checks: number;
}

/** Verify addresses inside an ongoing judgement (`check`, `remaining` from LimitedUser.judge). */
export function confirmPointers<L extends Lookups, A>(check: Check<L>, remaining: () => number, addresses: readonly A[], confirm: ConfirmFlaw<L, A>, options: PointerOptions = {}): PointerVerdict<A> {
  const mode = options.mode ?? 'verify';
  if (mode !== 'verify' && mode !== 'trust') throw new ConfigError('mode', mode, "must be 'verify' or 'trust'");
  const max = options.maxPointers ?? addresses.length;
  if (!Number.isInteger(max) || max < 0) throw new ConfigError('maxPointers', options.maxPointers, 'must be a non-negative integer');
  const considered = addresses.slice(0, max);
  const verdict: PointerVerdict<A> = { confirmed: [], rejected: [], unchecked: addresses.slice(max), checks: 0 };
  if (mode === 'trust') {
    verdict.confirmed.push(...considered);
    return verdict;
  }
  const start = remaining();
  for (let k = 0; k < considered.length; k++) {
    try {
      (confirm(check, considered[k], remaining) ? verdict.confirmed : verdict.rejected).push(considered[k]);
    } catch (e) {
      if (!(e instanceof CheckBudgetExceeded)) throw e;
      verdict.unchecked.unshift(...considered.slice(k));
      break;
    }
  }
  verdict.checks = start - remaining();
  return verdict;
}

/** One judgement of its own: the user verifies the addresses with up to `budget` checks. */
export function verifyPointers<L extends Lookups, A>(user: LimitedUser<L>, purpose: string, addresses: readonly A[], confirm: ConfirmFlaw<L, A>, options: PointerOptions & { budget?: number } = {}): PointerVerdict<A> {
  return user.judge(purpose, (check, remaining) => confirmPointers(check, remaining, addresses, confirm, options), options.budget ?? user.options.budget);
}

export interface PointerStats {
  pointers: number;
  /** Addresses that are true flaws. */
  hits: number;
  /** hits / pointers (NaN with no pointers). */
  precision: number;
  /** Distinct true flaws pointed at / flawCount (NaN with no flaws). */
  recall: number;
}

/**
 * An assistant's precision and recall against the hidden truth (measurement only). `key` makes
 * addresses comparable for de-duplication (default JSON.stringify).
 */
export function pointerStats<A>(addresses: readonly A[], isFlaw: (a: A) => boolean, flawCount: number, key: (a: A) => string = (a) => JSON.stringify(a)): PointerStats {
  const seen = new Set<string>();
  let hits = 0;
  for (const a of addresses) {
    if (!isFlaw(a)) continue;
    hits++;
    seen.add(key(a));
  }
  return { pointers: addresses.length, hits, precision: addresses.length ? hits / addresses.length : NaN, recall: flawCount > 0 ? seen.size / flawCount : NaN };
}
