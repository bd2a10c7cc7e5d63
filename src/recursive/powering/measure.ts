/**
 * One seed of the powering ladder: `trials` random permutations, helpers A_0 … A_K built by the
 * configured model, and per level (pooled over trials and all n inputs):
 *  - the helper's true error e_k (against σ^(2^k), hidden from the user),
 *  - the predictions (chain from ε, and one step from the measured e_{k−1}),
 *  - the helper's own error ε̂_k (disagreement with A_{k−1}∘A_{k−1}; fixed-table models only),
 *  - the assisted user's verdicts on A_k's answers (re-computation): approval rate, accuracy,
 *    wrong answers approved (the user misled), right answers rejected,
 *  - the verdict accuracy of the unassisted user (2 σ look-ups), of the unassisted user at equal
 *    effort (the checks the assisted scheme spent training A_0 … A_{k−1}, spread over the ratings
 *    of level k, given back as σ look-ups), and of a full-observation user (2^k σ look-ups: exact),
 *  - the sound contrast (fixed-table models): the same answers judged by pointer verification —
 *    a critic points at a broken step of the helper's chain, the user confirms it with one σ
 *    look-up (chains.ts) — wrong answers approved, right ones rejected, and false flaws (always 0),
 * with the user's effort counted by LimitedUser (purposes `train-k`, `judge-k`, `unassisted-k`,
 * `equal-effort-k`, `full-k`, `verify-k`).
 */
import { Rng } from '../../core/rng.js';
import { LimitedUser, type Effort } from '../limited-user.js';
import { verifyPointers } from '../pointer.js';
import { brokenSteps, chainCritic, chainOf } from './chains.js';
import { learnHelpers } from './learned.js';
import {
  JUDGE_BUDGET,
  oneStepPrediction,
  persistentHelpers,
  poweringLookups,
  predictedErrors,
  recomputeVerdict,
  resolvePoweringConfig,
  transientHelpers,
  truthPowers,
  unassistedVerdict,
  type Helper,
  type PoweringConfig,
  type PoweringLookups,
} from './ladder.js';

export interface PoweringLevelStats {
  level: number;
  /** Measured P(A_k(x) ≠ σ^(2^k)(x)). */
  error: number;
  /** Chain prediction from the per-level ε (configured; for 'learned' the measured ε̂_k). */
  predicted: number;
  /** 1 − (1 − ê_{k−1})²(1 − ε_k) from the measured error of the level below (level 0: ε_0). */
  oneStep: number;
  /**
   * The same step per permutation (from that trial's measured e_{k−1} and ε_k), averaged: the
   * right comparison when ε varies across trials (learned helpers), since E[(1 − e)²] > (1 − E e)².
   */
  oneStepPerTrial: number;
  /** The level's own error ε_k: configured (transient), measured disagreement with A_{k−1}∘A_{k−1} (fixed tables). */
  ownError: number;
  /** Assisted user (re-computation): fraction of A_k's answers approved. */
  approved: number;
  /** Assisted user: verdicts that agree with the truth. */
  verdictAccuracy: number;
  /** Assisted user: P(approve | answer wrong) — the user misled. NaN if no answer was wrong. */
  wrongApproved: number;
  /** Assisted user: P(reject | answer right). NaN if no answer was right. */
  rightRejected: number;
  /** Unassisted user with JUDGE_BUDGET σ look-ups: verdict accuracy. */
  unassistedAccuracy: number;
  /** Unassisted user with the equal-effort budget (mean over trials): 2 + assistant-training checks per rating of level k. */
  equalEffortBudget: number;
  equalEffortAccuracy: number;
  /** Full-observation user (2^k σ look-ups): verdict accuracy. */
  fullObservationAccuracy: number;
  /** Pointer verification (fixed-table models; NaN for transient): verdicts that agree with the truth. */
  pointerVerdictAccuracy: number;
  /** Pointer verification: P(approve | answer wrong). */
  pointerWrongApproved: number;
  /** Pointer verification: P(reject | answer right) — only right answers whose chain has a broken step. */
  pointerRightRejected: number;
  /** Pointer verification: flaws the user reported at steps that are fine (soundness: always 0). */
  pointerFalseFlaws: number;
  /** Learned model: ratings spent training this level per trial (mean). */
  trainingLabels: number;
}

export interface PoweringRun {
  config: PoweringConfig;
  seed: number;
  levels: PoweringLevelStats[];
  effort: { byPurpose: Record<string, Effort>; total: Effort };
}

interface Tally {
  samples: number;
  wrong: number;
  own: number;
  approved: number;
  correctVerdicts: number;
  wrongApproved: number;
  rightRejected: number;
  unassistedCorrect: number;
  equalCorrect: number;
  equalBudgetSum: number;
  fullCorrect: number;
  labels: number;
  pointerCorrect: number;
  pointerWrongApproved: number;
  pointerRightRejected: number;
  pointerFalseFlaws: number;
  /** Σ over trials of the per-trial one-step prediction. */
  oneStepSum: number;
}

/** The helpers of one permutation, and what the assisted scheme spent on them (learned model only). */
function buildHelpers(config: PoweringConfig, sigma: number[], user: LimitedUser<PoweringLookups>, rng: Rng) {
  const { maxLevel, epsilon } = config;
  // assistantChecks[k]: checks spent training A_0 … A_{k−1}; ratings[k]: ratings spent on A_k.
  const assistantChecks = new Array<number>(maxLevel + 1).fill(0);
  const ratings = new Array<number>(maxLevel + 1).fill(0);
  if (config.helper === 'transient') return { helpers: transientHelpers(sigma, maxLevel, epsilon, rng), assistantChecks, ratings };
  if (config.helper === 'persistent') return { helpers: persistentHelpers(sigma, maxLevel, epsilon, rng), assistantChecks, ratings };
  const learned = learnHelpers(sigma, maxLevel, config.labelsPerLevel, user, rng);
  learned.forEach((l, k) => {
    ratings[k] = l.labels;
    for (let j = k + 1; j <= maxLevel; j++) assistantChecks[j] += l.labels * (k === 0 ? 1 : JUDGE_BUDGET);
  });
  return { helpers: learned.map((l) => l.helper), assistantChecks, ratings };
}

/**
 * Pointer verification of fixed-table helpers: for (k, x), the critic points at a step of A_k's
 * chain and the user confirms it with one σ look-up; it approves unless it confirmed a broken step.
 */
function pointerJudge(sigma: number[], helpers: Helper[], epsilon: number, rng: Rng, user: LimitedUser<PoweringLookups>) {
  const tables = helpers.map((h) => sigma.map((_, x) => h(x)));
  const critic = chainCritic(sigma, epsilon, rng);
  return (k: number, x: number) => {
    const chain = chainOf(tables, k, x);
    const verdict = verifyPointers(user, `verify-${k}`, critic(chain), (check, i: number) => check('sigma', chain[i]) !== chain[i + 1], { maxPointers: 1 });
    const broken = new Set(brokenSteps(sigma, chain));
    return { approve: verdict.confirmed.length === 0, falseFlaws: verdict.confirmed.filter((i) => !broken.has(i)).length };
  };
}

const emptyTally = (): Tally => ({ samples: 0, wrong: 0, own: 0, approved: 0, correctVerdicts: 0, wrongApproved: 0, rightRejected: 0, unassistedCorrect: 0, equalCorrect: 0, equalBudgetSum: 0, fullCorrect: 0, labels: 0, oneStepSum: 0, pointerCorrect: 0, pointerWrongApproved: 0, pointerRightRejected: 0, pointerFalseFlaws: 0 });

export function runPowering(over: Partial<PoweringConfig>, seed: number): PoweringRun {
  const config = resolvePoweringConfig(over);
  const { n, maxLevel, epsilon } = config;
  const rng = new Rng(seed);
  const user = new LimitedUser<PoweringLookups>(poweringLookups([], []), { budget: JUDGE_BUDGET, keepLog: false });
  const tallies = Array.from({ length: maxLevel + 1 }, emptyTally);
  const fixedTables = config.helper !== 'transient';
  for (let t = 0; t < config.trials; t++) {
    const trial = rng.fork();
    const sigma = trial.permutation(n);
    const truth = truthPowers(sigma, maxLevel);
    const { helpers, assistantChecks, ratings } = buildHelpers(config, sigma, user, trial);
    user.setLookups(poweringLookups(sigma, helpers));
    const pointers = fixedTables ? pointerJudge(sigma, helpers, epsilon, trial.fork(), user) : undefined;
    const trialWrong: number[] = [];
    for (let k = 0; k <= maxLevel; k++) {
      const tally = tallies[k];
      const [wrong0, own0] = [tally.wrong, tally.own];
      const equalBudget = JUDGE_BUDGET + (ratings[k] ? Math.floor(assistantChecks[k] / ratings[k]) : 0);
      tally.labels += ratings[k];
      tally.equalBudgetSum += equalBudget;
      for (let x = 0; x < n; x++) {
        // The truth is for measurement only; every user below sees just its own look-ups.
        const answer = helpers[k](x);
        const right = answer === truth[k][x];
        tally.samples++;
        if (!right) tally.wrong++;
        if (config.helper !== 'transient' && answer !== (k === 0 ? sigma[x] : helpers[k - 1](helpers[k - 1](x)))) tally.own++;
        const ok = user.judge(`judge-${k}`, (check) => recomputeVerdict(check, k, x, answer));
        if (ok) tally.approved++;
        if (ok === right) tally.correctVerdicts++;
        if (ok && !right) tally.wrongApproved++;
        if (!ok && right) tally.rightRejected++;
        if (user.judge(`unassisted-${k}`, (check) => unassistedVerdict(check, k, x, answer, JUDGE_BUDGET)) === right) tally.unassistedCorrect++;
        if (user.judge(`equal-effort-${k}`, (check) => unassistedVerdict(check, k, x, answer, equalBudget), equalBudget) === right) tally.equalCorrect++;
        if (user.judge(`full-${k}`, (check) => unassistedVerdict(check, k, x, answer, 2 ** k), 2 ** k) === right) tally.fullCorrect++;
        if (pointers) {
          const { approve, falseFlaws } = pointers(k, x);
          if (approve === right) tally.pointerCorrect++;
          if (approve && !right) tally.pointerWrongApproved++;
          if (!approve && right) tally.pointerRightRejected++;
          tally.pointerFalseFlaws += falseFlaws;
        }
      }
      trialWrong.push((tally.wrong - wrong0) / n);
      const ownK = config.helper === 'transient' ? epsilon : (tally.own - own0) / n;
      tally.oneStepSum += k === 0 ? ownK : oneStepPrediction(trialWrong[k - 1], ownK);
    }
  }
  return { config, seed, levels: summarize(config, tallies), effort: user.effort() };
}

function summarize(config: PoweringConfig, tallies: Tally[]): PoweringLevelStats[] {
  const { epsilon, maxLevel } = config;
  const fixed = config.helper !== 'transient';
  const own = tallies.map((t) => (config.helper === 'transient' ? epsilon : t.own / t.samples));
  const chain: number[] = config.helper === 'learned' ? [] : predictedErrors(epsilon, maxLevel);
  if (config.helper === 'learned') own.forEach((e, k) => chain.push(k === 0 ? e : oneStepPrediction(chain[k - 1], e)));
  return tallies.map((t, k): PoweringLevelStats => {
    const error = t.wrong / t.samples;
    const below = k === 0 ? 0 : tallies[k - 1].wrong / tallies[k - 1].samples;
    return {
      level: k,
      error,
      predicted: chain[k],
      oneStep: k === 0 ? own[0] : oneStepPrediction(below, own[k]),
      oneStepPerTrial: t.oneStepSum / config.trials,
      ownError: own[k],
      approved: t.approved / t.samples,
      verdictAccuracy: t.correctVerdicts / t.samples,
      wrongApproved: t.wrong ? t.wrongApproved / t.wrong : NaN,
      rightRejected: t.samples - t.wrong ? t.rightRejected / (t.samples - t.wrong) : NaN,
      unassistedAccuracy: t.unassistedCorrect / t.samples,
      equalEffortBudget: t.equalBudgetSum / config.trials,
      equalEffortAccuracy: t.equalCorrect / t.samples,
      fullObservationAccuracy: t.fullCorrect / t.samples,
      trainingLabels: t.labels / config.trials,
      pointerVerdictAccuracy: fixed ? t.pointerCorrect / t.samples : NaN,
      pointerWrongApproved: fixed && t.wrong ? t.pointerWrongApproved / t.wrong : NaN,
      pointerRightRejected: fixed && t.samples - t.wrong ? t.pointerRightRejected / (t.samples - t.wrong) : NaN,
      pointerFalseFlaws: fixed ? t.pointerFalseFlaws : NaN,
    };
  });
}
