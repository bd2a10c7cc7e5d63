/**
 * The conditions of the timetable testbed, each a full run: assistants trained by reward modeling
 * (as the condition needs), then the timetabler A3 trained from the user's comparisons.
 *
 *   unassisted      the user alone, given back the checks the assisted run spent on assistants
 *   depth-1         A1 (witness finder) only: the user looks for same-slot pairs itself
 *   depth-2         A2 (critic) only, trained and used without A1: the user hunts for witnesses itself
 *   depth-3         A1 → A2 → A3: A2 trained by the user helped by A1, retrained on current timetables
 *   a1-degraded     depth-3 with A1 trained on few ratings (error accumulation)
 *   frozen-critic   depth-3 with A2 trained once, on random timetables (Goodhart check)
 *   oracle          oracle A2 + A1 (the effect of assistance before any assistant is learned)
 *   full-observation comparisons by the true J (ordinary reward modeling with a perfect evaluator)
 *   rl-true         PPO on the true increments of J (no user)
 */
import { ConfigError } from '../../core/errors.js';
import { Rng } from '../../core/rng.js';
import type { EffortSummary } from '../report.js';
import { learnedCritic, learnedFinder, randomTimetables, uniformPairs, type LearnedCritic, type LearnedFinder } from './assistants.js';
import { hiddenObjective, sameSlotPairs, type Timetable, type TimetableInstance } from './instance.js';
import { differingPairs } from './oracle.js';
import { measureAssistants, measureDetection, priceOfFlaw, verdictAccuracy, type AssistantStats, type DetectionStats } from './measure.js';
import { oracleCritic, oracleFinder } from './oracle.js';
import { SOLVER_DEFAULTS, trainSolver, variant, type ComparisonLabeler, type SolverPoint } from './solver.js';
import { compareTimetables, timetableUser, type Assistance, type WitnessFinder } from './user.js';

export const CONDITIONS = ['unassisted', 'depth-1', 'depth-2', 'depth-3', 'a1-degraded', 'frozen-critic', 'oracle', 'full-observation', 'rl-true'] as const;
export type ConditionId = (typeof CONDITIONS)[number];

export const CONDITION_LABELS: Record<ConditionId, string> = {
  unassisted: 'unassisted (equal effort)', 'depth-1': 'depth 1: A1 only', 'depth-2': 'depth 2: A2 alone', 'depth-3': 'depth 3: A1→A2→A3',
  'a1-degraded': 'depth 3, A1 degraded', 'frozen-critic': 'depth 3, critic frozen', oracle: 'oracle A2+A1', 'full-observation': 'full observation', 'rl-true': 'RL on true J',
};

export interface TimetableBudgets {
  /** Check budget per timetable judgement (b). */
  budget: number;
  solverSteps: number;
  /** Comparisons of timetables for A3. */
  solverLabels: number;
  /** Comparisons for A1 (4 look-ups each), and for the degraded A1. */
  finderLabels: number;
  degradedFinderLabels: number;
  /** Critic comparisons on random timetables before A3, and on A3's current timetables during its training. */
  criticWarmLabels: number;
  criticOnlineLabels: number;
}

export const FULL_BUDGETS: TimetableBudgets = { budget: 9, solverSteps: 96_000, solverLabels: 600, finderLabels: 1500, degradedFinderLabels: 100, criticWarmLabels: 300, criticOnlineLabels: 300 };
export const QUICK_BUDGETS: TimetableBudgets = { budget: 9, solverSteps: 9_600, solverLabels: 100, finderLabels: 150, degradedFinderLabels: 20, criticWarmLabels: 60, criticOnlineLabels: 20 };

export interface ConditionResult {
  id: ConditionId;
  label: string;
  seed: number;
  final: SolverPoint;
  curve: SolverPoint[];
  /** Checks per solver judgement (b, plus the checks given back to the unassisted user). */
  budget: number;
  effort: EffortSummary | null;
  verdictAccuracy: number;
  detection: DetectionStats | null;
  assistants: AssistantStats | null;
  /** recall₂ · recall₁ (recall₁ alone without a critic). */
  predictedQ: number;
  /** The learned reward's price of a flaw, in preferences (prediction: ≈ λ·q). */
  price: number;
  /** Critic recall on the current timetables over A3's training: [step, recall]. */
  criticRecallCurve: [number, number][];
  /** The unsound contrast (depth-3 only): share of user-reported clashes that are not real when critic claims are accepted without a witness. */
  unsoundFalsePositiveRate: number | null;
}

/** Share of A1's ratings spent before A3 trains (uniform pairs); the rest follow A3, on the pairs A1 is asked about. */
export const A1_WARM_SHARE = 0.4;

/**
 * A pair A1 is asked about on the current distribution: one the critic names when comparing a
 * recent timetable with a variant (with no critic, a same-slot pair that differs, as the user
 * would find itself).
 */
function a1Query(inst: TimetableInstance, recent: readonly Timetable[], critic: LearnedCritic | undefined, rng: Rng): readonly [number, number] {
  const x = recent[rng.int(recent.length)];
  const y = variant(inst, x, 1 + rng.int(2), rng);
  const named = critic ? critic.critic(x, y).slice(0, 3) : differingPairs(inst, sameSlotPairs(inst, x), y).map((k) => inst.pairs[k]);
  return named.length ? named[rng.int(named.length)] : inst.pairs[rng.int(inst.pairs.length)];
}

/** Checks per solver judgement for the unassisted user: b plus what the assisted run spent on its assistants, per solver judgement. */
export function equalEffortBudget(b: TimetableBudgets, assistantChecks?: number): number {
  const spent = assistantChecks ?? b.finderLabels * 4 + (b.criticWarmLabels + b.criticOnlineLabels) * 6;
  return b.budget + Math.floor(spent / (2 * b.solverLabels));
}

export function runCondition(inst: TimetableInstance, id: ConditionId, seed: number, b: TimetableBudgets, o: { unassistedBudget?: number; log?: (s: string) => void } = {}): ConditionResult {
  if (!CONDITIONS.includes(id)) throw new ConfigError('condition', id, `must be one of ${CONDITIONS.join(', ')}`);
  const rng = new Rng(seed ^ 0xc0de);
  const user = timetableUser(inst, b.budget);
  let finder: WitnessFinder | undefined;
  let a1: LearnedFinder | undefined;
  let critic: LearnedCritic | undefined;
  let assistance: Assistance = {};
  const a1Labels = id === 'a1-degraded' ? b.degradedFinderLabels : b.finderLabels;
  const a1Warm = Math.round(A1_WARM_SHARE * a1Labels);
  if (id === 'depth-1' || id === 'depth-3' || id === 'a1-degraded' || id === 'frozen-critic') {
    a1 = learnedFinder(inst, user, seed);
    a1.train(uniformPairs(inst, rng.fork()), a1Warm);
    finder = a1.finder;
  }
  if (id === 'depth-2' || id === 'depth-3' || id === 'a1-degraded' || id === 'frozen-critic') {
    critic = learnedCritic(inst, user, finder, seed);
    const warm = randomTimetables(inst, 200, seed);
    for (let r = 0; r < 4; r++) critic.train(warm, Math.round(b.criticWarmLabels / 4));
  }
  if (id === 'oracle') assistance = { critic: oracleCritic(inst, rng.fork()), finder: oracleFinder(inst) };
  else assistance = { critic: critic?.critic, finder };
  const budget = id === 'unassisted' ? (o.unassistedBudget ?? equalEffortBudget(b)) : b.budget;
  const labeler: ComparisonLabeler | null =
    id === 'rl-true' ? null
    : id === 'full-observation' ? (l, r) => Math.sign(hiddenObjective(inst, l) - hiddenObjective(inst, r)) * 0.5 + 0.5
    : (l, r) => compareTimetables(user, inst, l, r, { purpose: 'solver', rng, assistance, budget }).target;
  const online = critic && id !== 'frozen-critic' ? critic : undefined;
  const onlineRounds = Math.max(1, Math.floor(b.solverSteps / (SOLVER_DEFAULTS.ppo.numEnvs! * SOLVER_DEFAULTS.ppo.numSteps!) / SOLVER_DEFAULTS.queryEvery));
  const criticRecallCurve: [number, number][] = [];
  const measureRng = new Rng(seed ^ 0x5ea);
  const a1Rng = rng.fork();
  const a1Queries = (recent: readonly Timetable[]) => () => a1Query(inst, recent, critic, a1Rng);
  const run = trainSolver(inst, labeler, seed, { steps: b.solverSteps, labels: b.solverLabels }, {
    onIteration: (recent, iteration) => {
      if (iteration % SOLVER_DEFAULTS.queryEvery === 0) {
        a1?.train(a1Queries(recent), Math.round((a1Labels - a1Warm) / onlineRounds));
        online?.train(recent, Math.round(b.criticOnlineLabels / onlineRounds));
      }
      if (critic && iteration % SOLVER_DEFAULTS.evalEvery === 0) criticRecallCurve.push([iteration * 384, measureAssistants(inst, recent, critic.critic, finder, measureRng, 16).criticRecall]);
    },
  });
  const recent = run.recent;
  const usesUser = id !== 'rl-true' && id !== 'full-observation';
  const detection = usesUser ? measureDetection(inst, recent, assistance, budget, measureRng) : null;
  const assistants = assistance.critic || assistance.finder ? measureAssistants(inst, recent, assistance.critic, assistance.finder, measureRng) : null;
  const predictedQ = assistants ? (assistance.critic ? assistants.criticRecall * assistants.finderRecall : NaN) : NaN;
  const unsound = id === 'depth-3' ? measureDetection(inst, recent, { ...assistance, mode: 'trust' }, budget, measureRng).falsePositiveRate : null;
  o.log?.(`timetable ${id} seed ${seed}: J ${run.final.J}, clashes ${run.final.clashes}, preferences ${run.final.preferences}`);
  return {
    id, label: CONDITION_LABELS[id], seed, final: run.final, curve: run.curve, budget,
    effort: usesUser ? user.effort() : null,
    verdictAccuracy: run.comparisons.length ? verdictAccuracy(inst, run.comparisons) : NaN,
    detection, assistants, predictedQ,
    price: run.model ? priceOfFlaw(inst, run.model, recent, measureRng).price : NaN,
    criticRecallCurve, unsoundFalsePositiveRate: unsound,
  };
}
