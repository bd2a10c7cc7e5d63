/**
 * Measurements on the solver's CURRENT distribution (evaluation code: reads the hidden truth).
 *   detection: how often the user confirms a flaw that tells two compared timetables apart (q)
 *   assistant precision and recall (A2 in comparison mode; A1 on the clashing pairs A2 names)
 *   price of a flaw: −(learned-return slope on clashes) / (slope on preferences), in preference
 *   units, from local variants of the solver's timetables
 *   user-verdict accuracy: comparisons whose verdict agrees with the order of J
 */
import type { Rng } from '../../core/rng.js';
import type { RewardModel } from '../../rewards/reward-model.js';
import { LimitedUser } from '../limited-user.js';
import { clashesInSameSlot, hiddenObjective, pairIndex, preferencesMet, type Timetable, type TimetableInstance } from './instance.js';
import { differingPairs } from './oracle.js';
import { timetableBatch } from './solver-env.js';
import { variant } from './solver.js';
import { judgeTimetable, timetableLookups, type Assistance, type Critic, type WitnessFinder } from './user.js';

export interface DetectionStats {
  /** Flaws (differing clashes) the user confirmed / differing clashes. */
  q: number;
  /** Share of judgements with at least one confirmed clash. */
  judgementsWithClash: number;
  /** Reported clashes that are not real (0 when the user verifies; the unsound 'trust' contrast is not). */
  falsePositiveRate: number;
  flaws: number;
}

/** The user's detection on comparisons (timetable vs a 1–2 exam variant), with a fresh ledger (measurement effort is not counted). */
export function measureDetection(inst: TimetableInstance, timetables: readonly Timetable[], assistance: Assistance, budget: number, rng: Rng, comparisons = 64): DetectionStats {
  const user = new LimitedUser(timetableLookups(inst, timetables[0]), { budget, keepLog: false });
  let flaws = 0;
  let found = 0;
  let reported = 0;
  let falseReports = 0;
  let withClash = 0;
  let judgements = 0;
  for (let q = 0; q < comparisons; q++) {
    const x = timetables[rng.int(timetables.length)];
    const y = variant(inst, x, 1 + rng.int(2), rng);
    for (const [t, other] of [[x, y], [y, x]] as const) {
      const v = judgeTimetable(user, inst, t, { purpose: 'measure', rng, assistance, budget, other });
      const real = new Set(clashesInSameSlot(inst, t));
      const differing = differingPairs(inst, [...real], other);
      flaws += differing.length;
      found += differing.filter((k) => v.confirmed.includes(k)).length;
      reported += v.confirmed.length;
      falseReports += v.confirmed.filter((k) => !real.has(k)).length;
      judgements++;
      if (v.confirmed.length) withClash++;
    }
  }
  return { q: flaws ? found / flaws : NaN, judgementsWithClash: withClash / judgements, falsePositiveRate: reported ? falseReports / reported : 0, flaws };
}

export interface AssistantStats {
  /** A2 in comparison mode: named pairs that clash / named (top 3). */
  criticPrecision: number;
  /** A2: differing clashes named / differing clashes. */
  criticRecall: number;
  /** A1 on the clashing pairs A2 names (else on the differing clashes): valid witnesses / queries. */
  finderRecall: number;
}

export function measureAssistants(inst: TimetableInstance, timetables: readonly Timetable[], critic: Critic | undefined, finder: WitnessFinder | undefined, rng: Rng, comparisons = 64): AssistantStats {
  let named = 0;
  let hits = 0;
  let flaws = 0;
  let caught = 0;
  let queries = 0;
  let valid = 0;
  for (let q = 0; q < comparisons; q++) {
    const x = timetables[rng.int(timetables.length)];
    const y = variant(inst, x, 1 + rng.int(2), rng);
    for (const [t, other] of [[x, y], [y, x]] as const) {
      const real = new Set(clashesInSameSlot(inst, t));
      const differing = differingPairs(inst, [...real], other);
      const claims = critic ? critic(t, other).slice(0, 3).map(([i, j]) => pairIndex(i, j, inst.exams)) : [];
      named += claims.length;
      hits += claims.filter((k) => real.has(k)).length;
      flaws += differing.length;
      caught += differing.filter((k) => claims.includes(k)).length;
      for (const k of critic ? claims.filter((c) => real.has(c)) : differing) {
        queries++;
        const u = finder?.(...inst.pairs[k]) ?? null;
        if (u !== null && inst.witnesses[k].includes(u)) valid++;
      }
    }
  }
  return { criticPrecision: named ? hits / named : NaN, criticRecall: critic ? (flaws ? caught / flaws : NaN) : NaN, finderRecall: finder ? (queries ? valid / queries : NaN) : NaN };
}

/** The reward model's price of one flaw, in preferences: regress Δ(learned return) on Δpreferences and Δclashes over local variants. */
export function priceOfFlaw(inst: TimetableInstance, model: RewardModel, timetables: readonly Timetable[], rng: Rng, samples = 200): { price: number; perPreference: number; perClash: number } {
  const ret = (t: Timetable) => model.predict(timetableBatch(inst, t)).mean.reduce((a, b) => a + b, 0);
  const rows: [number, number, number][] = [];
  for (let s = 0; s < samples; s++) {
    const x = timetables[rng.int(timetables.length)];
    const y = variant(inst, x, 1 + rng.int(2), rng);
    rows.push([preferencesMet(inst, y) - preferencesMet(inst, x), clashesInSameSlot(inst, y).length - clashesInSameSlot(inst, x).length, ret(y) - ret(x)]);
  }
  // Least squares without intercept: [Σpp Σpc; Σpc Σcc] [a b]ᵀ = [Σpr Σcr]ᵀ
  let pp = 0, pc = 0, cc = 0, pr = 0, cr = 0;
  for (const [p, c, r] of rows) {
    pp += p * p; pc += p * c; cc += c * c; pr += p * r; cr += c * r;
  }
  const det = pp * cc - pc * pc;
  const a = det ? (pr * cc - cr * pc) / det : NaN;
  const b = det ? (pp * cr - pc * pr) / det : NaN;
  return { price: a > 0 ? -b / a : NaN, perPreference: a, perClash: b };
}

/** Share of comparisons (with J different) whose verdict matches the order of J; a tie counts ½. */
export function verdictAccuracy(inst: TimetableInstance, comparisons: readonly { left: Timetable; right: Timetable; target: number }[]): number {
  let n = 0;
  let correct = 0;
  for (const c of comparisons) {
    const d = hiddenObjective(inst, c.left) - hiddenObjective(inst, c.right);
    if (d === 0) continue;
    n++;
    correct += c.target === 0.5 ? 0.5 : (c.target === 1) === d > 0 ? 1 : 0;
  }
  return n ? correct / n : NaN;
}
