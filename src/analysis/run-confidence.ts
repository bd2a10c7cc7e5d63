/**
 * The confidence bounds of one reward-modeling run (issue 17 item 4), from its metrics lines:
 *
 * - the exact (Clopper–Pearson) interval on the final reward model's held-out preference accuracy;
 * - how many held-out strict pairs, and so about how many labels, a one-sided lower bound of
 *   `targets` (default 0.9) would need if the model kept its observed accuracy;
 * - a one-sided lower bound on the final policy's expected true (hidden) return, and on its hidden
 *   performance where the env has one, from the episodes of the last evaluation
 *   (`returnLowerBound`: the better of Hoeffding and empirical Bernstein), over the env's known
 *   range (env-ranges.ts). With no known range there is no bound, and the result says so.
 *
 * Plain data (`{ kind, version }` first), so a run directory can keep it as confidence.json and a
 * certificate can quote it; report/confidence-section.ts draws it.
 */
import { ConfigError } from '../core/errors.js';
import type { RewardTrainingStats } from '../rewards/reward-trainer.js';
import type { AlignmentReport } from './alignment.js';
import { clopperPearson, labelsNeeded, returnLowerBound, type Interval } from './confidence.js';
import { envRange, type ValueRange } from './env-ranges.js';

/** What this needs of a metrics line (a LoopMetrics fits). */
export interface ConfidenceMetrics {
  globalStep: number;
  rewardModel: RewardTrainingStats | null;
  alignment: Omit<AlignmentReport, 'segments'> | null;
}

export interface RunConfidenceOptions {
  envId: string;
  /** The run's share of labels held out (config.heldOutShare), to turn held-out pairs into labels. */
  heldOutShare: number;
  /** Two-sided for the accuracy interval, one-sided for the lower bounds. Default 0.95. */
  confidence?: number;
  /** Lower bounds on held-out accuracy to say the pairs needed for. Default [0.9]. */
  targets?: number[];
  /** Give up counting pairs above this. Default 20,000. */
  maxPairs?: number;
}

export interface AccuracyConfidence {
  /** Strict (non-tie) held-out pairs scored, and predicted right; null when the run did not record the counts. */
  scored: number | null;
  correct: number | null;
  /** All held-out labels, ties included. */
  heldOutLabels: number;
  labels: number;
  interval: Interval | null;
}

export interface LabelsNeeded {
  target: number;
  /** Strict held-out pairs for the one-sided lower bound to reach `target` at the observed accuracy; null when unreachable. */
  heldOutPairs: number | null;
  /** About how many labels that takes at this run's held-out share and tie rate; null when unreachable. */
  labels: number | null;
  /** Why there is no number, if there is none. */
  reason: string | null;
}

export interface ReturnBound {
  quantity: 'true return' | 'hidden performance';
  /** The range the bound assumes, or null when the env's is not known. */
  range: ValueRange | null;
  episodes: number;
  mean: number | null;
  /** The one-sided lower bound on the expected value; null when there is none (see `reason`). */
  bound: Interval | null;
  reason: string | null;
}

export interface RunConfidence {
  kind: 'rewardlab-run-confidence';
  version: 1;
  envId: string;
  confidence: number;
  accuracy: AccuracyConfidence | null;
  labelsNeeded: LabelsNeeded[];
  /** Agent env steps at the evaluation the return bounds come from; null with no evaluation. */
  evaluationStep: number | null;
  returns: ReturnBound[];
}

function accuracyPart(rm: RewardTrainingStats | null, confidence: number): AccuracyConfidence | null {
  if (!rm) return null;
  const counted = rm.heldOutScored !== undefined && rm.heldOutCorrect !== undefined;
  return {
    scored: counted ? rm.heldOutScored! : null, correct: counted ? rm.heldOutCorrect! : null, heldOutLabels: rm.heldOutLabels, labels: rm.labels,
    interval: counted && rm.heldOutScored! > 0 ? clopperPearson(rm.heldOutCorrect!, rm.heldOutScored!, confidence) : null,
  };
}

function labelsNeededPart(a: AccuracyConfidence | null, o: Required<RunConfidenceOptions>): LabelsNeeded[] {
  return o.targets.map((target) => {
    const none = (reason: string): LabelsNeeded => ({ target, heldOutPairs: null, labels: null, reason });
    if (a?.scored === 0) return none('no strict held-out pairs yet');
    if (!a?.interval || a.correct === null || a.scored === null) return none('no held-out accuracy with pair counts');
    const accuracy = a.correct / a.scored;
    if (!(accuracy > target)) return none(`the observed accuracy (${a.correct}/${a.scored}) is not above the target: no number of pairs at this accuracy reaches it`);
    const pairs = labelsNeeded({ accuracy, targetLower: target, confidence: o.confidence, max: o.maxPairs });
    if (pairs === null) return none(`more than ${o.maxPairs} held-out pairs`);
    // Labels per scored held-out pair: 1 / (held-out share × share of held-out labels that are strict).
    const strictShare = a.scored / a.heldOutLabels;
    const labels = o.heldOutShare > 0 && strictShare > 0 ? Math.ceil(pairs / (o.heldOutShare * strictShare)) : null;
    return { target, heldOutPairs: pairs, labels, reason: labels === null ? 'the run holds out no labels' : null };
  });
}

function returnPart(quantity: ReturnBound['quantity'], values: number[] | undefined, episodes: number, range: ValueRange | null, envId: string, confidence: number): ReturnBound {
  const mean = values?.length ? values.reduce((s, v) => s + v, 0) / values.length : null;
  const none = (reason: string): ReturnBound => ({ quantity, range, episodes, mean, bound: null, reason });
  if (!values) return none('the evaluation did not record per-episode values (a run made before they were kept)');
  if (!range) return none(`no known range of the ${quantity} of ${envId} (env-ranges.ts): Hoeffding and empirical-Bernstein bounds need one, and none is invented`);
  try {
    return { quantity, range, episodes, mean, bound: returnLowerBound(values, range.min, range.max, confidence), reason: null };
  } catch (e) {
    if (e instanceof ConfigError) return none(`the episodes do not fit the stated range [${range.min}, ${range.max}]: ${e.message}`);
    throw e;
  }
}

/** The confidence bounds of a run from its metrics lines (the last reward model, the last evaluation). */
export function runConfidence(metrics: ConfidenceMetrics[], options: RunConfidenceOptions): RunConfidence {
  const o: Required<RunConfidenceOptions> = { confidence: 0.95, targets: [0.9], maxPairs: 20_000, ...options };
  const accuracy = accuracyPart(metrics.at(-1)?.rewardModel ?? null, o.confidence);
  const evaluated = [...metrics].reverse().find((m) => m.alignment);
  const ev = evaluated?.alignment ?? null;
  const range = envRange(o.envId);
  const returns: ReturnBound[] = ev
    ? [
        returnPart('true return', ev.episodeReturns, ev.episodes, range?.return ?? null, o.envId, o.confidence),
        ...(range?.performance ? [returnPart('hidden performance', ev.episodePerformances, ev.episodes, range.performance, o.envId, o.confidence)] : []),
      ]
    : [];
  return {
    kind: 'rewardlab-run-confidence', version: 1, envId: o.envId, confidence: o.confidence,
    accuracy, labelsNeeded: labelsNeededPart(accuracy, o), evaluationStep: evaluated?.globalStep ?? null, returns,
  };
}
