/**
 * The limited user of the timetable testbed. It never sees the hidden objective J. For each
 * timetable it judges it gets, for free, the summary "preferences satisfied n/24", plus b = 9
 * atomic look-ups (LimitedUser checks):
 *   sameSlot(i, j)     one slot look-up: are exams i and j in the same slot?
 *   slotOf(i)          the slot of exam i
 *   enrolled(u, i)     is student u enrolled in exam i?
 * A clash counts only when the user has confirmed it with its own look-ups: same slot, and a
 * student enrolled in both. Assistants only *point* (src/recursive/pointer.ts): the critic
 * names pairs, the witness finder names a student; the user checks each pointer itself, so
 * assistance can miss a clash but never invent one ('trust' mode is the unsound contrast).
 *
 * Score of a timetable = preferences met − λ · (clashes confirmed).
 */
import type { Rng } from '../../core/rng.js';
import { CheckBudgetExceeded, LimitedUser, type Check } from '../limited-user.js';
import { confirmPointers, type PointerMode } from '../pointer.js';
import { pairIndex, preferencesMet, type Timetable, type TimetableInstance } from './instance.js';

export type TimetableLookups = {
  sameSlot: (i: number, j: number) => boolean;
  slotOf: (exam: number) => number;
  enrolled: (student: number, exam: number) => boolean;
};

export type TimetableUser = LimitedUser<TimetableLookups>;

/** The look-ups for one timetable. */
export function timetableLookups(inst: TimetableInstance, t: Timetable): TimetableLookups {
  return {
    sameSlot: (i, j) => t[i] === t[j],
    slotOf: (i) => t[i],
    enrolled: (u, i) => inst.enrolled[u * inst.exams + i] === 1,
  };
}

/** A user with the budget (b = 9 look-ups per timetable). */
export function timetableUser(inst: TimetableInstance, budget = 9): TimetableUser {
  return new LimitedUser(timetableLookups(inst, new Array<number>(inst.exams).fill(0)), { budget, keepLog: false });
}

/** A2: pair addresses (i < j) it claims clash, best first; `other` = the timetable compared against, if any. */
export type Critic = (t: Timetable, other?: Timetable) => [number, number][];
/** A1: a student it claims takes both exams, or null. */
export type WitnessFinder = (i: number, j: number) => number | null;

export interface Assistance {
  critic?: Critic;
  finder?: WitnessFinder;
  /** 'verify' (sound, default) or 'trust' (critic claims accepted without a witness). */
  mode?: PointerMode;
  /** Claims the user considers (default 3). */
  maxClaims?: number;
}

export interface TimetableVerdict {
  /** preferences met − λ · confirmed.length */
  score: number;
  preferences: number;
  /** Pair indices the user reports as clashes. */
  confirmed: number[];
  /** Pair indices the critic named (whether or not confirmed). */
  named: number[];
}

/**
 * Is there a student taking both i and j? With a witness finder: check its student (2 look-ups).
 * Without one: probe random students (enrolled in i? then in j?) until one takes both, `maxChecks`
 * probing look-ups are spent (→ false), or the budget runs out (CheckBudgetExceeded propagates).
 */
export function confirmWitness(check: Check<TimetableLookups>, inst: TimetableInstance, i: number, j: number, finder: WitnessFinder | undefined, rng: Rng, maxChecks = Infinity): boolean {
  if (finder) {
    const u = finder(i, j);
    return u !== null && check('enrolled', u, i) && check('enrolled', u, j);
  }
  for (let used = 0; used < maxChecks; ) {
    const u = rng.int(inst.students);
    used++;
    if (!check('enrolled', u, i) || used >= maxChecks) continue;
    used++;
    if (check('enrolled', u, j)) return true;
  }
  return false;
}

/**
 * One judgement of one timetable. First the critic's claims (each: 1 slot look-up + the
 * witness), then, with whatever budget is left, the user's own search: random pairs checked
 * for a shared slot, and a witness sought for each same-slot pair.
 */
export function judgeTimetable(user: TimetableUser, inst: TimetableInstance, t: Timetable, o: { purpose: string; rng: Rng; assistance?: Assistance; budget?: number; other?: Timetable }): TimetableVerdict {
  const a = o.assistance ?? {};
  user.setLookups(timetableLookups(inst, t));
  const n = inst.exams;
  return user.judge(
    o.purpose,
    (check, remaining) => {
      const confirmed = new Set<number>();
      const tried = new Set<number>();
      const claims = a.critic ? a.critic(t, o.other).slice(0, a.maxClaims ?? 3) : [];
      const verdict = confirmPointers(check, remaining, claims, (c, [i, j]) => c('sameSlot', i, j) && confirmWitness(c, inst, i, j, a.finder, o.rng), { mode: a.mode ?? 'verify' });
      for (const [i, j] of claims) tried.add(pairIndex(i, j, n));
      for (const [i, j] of verdict.confirmed) confirmed.add(pairIndex(i, j, n));
      try {
        while (remaining() > 0 && tried.size < inst.pairs.length) {
          const k = o.rng.int(inst.pairs.length);
          if (tried.has(k)) continue;
          tried.add(k);
          const [i, j] = inst.pairs[k];
          if (check('sameSlot', i, j) && confirmWitness(check, inst, i, j, a.finder, o.rng)) confirmed.add(k);
        }
      } catch (e) {
        if (!(e instanceof CheckBudgetExceeded)) throw e;
      }
      const preferences = preferencesMet(inst, t);
      return { score: preferences - inst.options.clashPenalty * confirmed.size, preferences, confirmed: [...confirmed], named: claims.map(([i, j]) => pairIndex(i, j, n)) };
    },
    o.budget,
  );
}

/** A comparison of two timetables (one judgement each): 1 = left better, 0 = right, ½ = equal score. */
export function compareTimetables(user: TimetableUser, inst: TimetableInstance, left: Timetable, right: Timetable, o: { purpose: string; rng: Rng; assistance?: Assistance; budget?: number }): { target: number; left: TimetableVerdict; right: TimetableVerdict } {
  const l = judgeTimetable(user, inst, left, { ...o, other: right });
  const r = judgeTimetable(user, inst, right, { ...o, other: left });
  return { target: l.score > r.score ? 1 : l.score < r.score ? 0 : 0.5, left: l, right: r };
}
