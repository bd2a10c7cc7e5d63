/**
 * The one way a preference accuracy is written, on report pages and in command-line summaries
 * alike (issue 12 item 7, issue 17 item 4): the share, the pairs it rests on, and its exact
 * two-sided 95% Clopper–Pearson interval.
 *
 *   formatAccuracy(182, 200) → "0.91 (182/200; 95% CI 0.861–0.946)"
 *   formatAccuracy(0, 0)     → "– (0 pairs)"
 *
 * Numbers are in formatNumber's format; the interval's ends are rounded outwards (lower down,
 * upper up) to its digits, so the printed interval always contains the exact one.
 */
import { ConfigError } from '../core/errors.js';
import { clopperPearson } from '../analysis/confidence.js';
import { formatNumber } from './format.js';

/** Round a bound outwards to formatNumber's digits (3 below 1, 2 from 1 up; shares stay in [0, 1]). */
function outward(x: number, direction: 'down' | 'up'): string {
  const scale = Math.abs(x) >= 1 ? 100 : 1000;
  const rounded = direction === 'down' ? Math.floor(x * scale) / scale : Math.ceil(x * scale) / scale;
  return formatNumber(rounded);
}

/** "k/n" successes as an accuracy with its pair counts and exact interval (confidence two-sided, default 0.95). */
export function formatAccuracy(correct: number, scored: number, confidence = 0.95): string {
  if (scored === 0) return '– (0 pairs)';
  const ci = clopperPearson(correct, scored, confidence);
  const level = `${formatNumber(confidence * 100)}%`;
  return `${formatNumber(correct / scored)} (${formatNumber(correct)}/${formatNumber(scored)}; ${level} CI ${outward(ci.lower, 'down')}–${outward(ci.upper, 'up')})`;
}

/**
 * The count k behind a share measured as k / n (what an experiment stores: the share and n).
 * Refuses a share that is not a whole number of n, so a mean or a median is never passed off as a count.
 */
export function correctOf(share: number, n: number): number {
  const k = Math.round(share * n);
  if (!Number.isInteger(n) || n < 0 || !(Math.abs(share * n - k) < 1e-6)) throw new ConfigError('share', share, `is not a count out of n = ${n} (k / n for an integer k)`);
  return k;
}

/** formatAccuracy from a share k / n and its n; "–" when the share is unknown. */
export function formatAccuracyShare(share: number | null | undefined, n: number | null | undefined, confidence = 0.95): string {
  if (share === null || share === undefined || !Number.isFinite(share) || n === null || n === undefined) return n === 0 ? '– (0 pairs)' : '–';
  return formatAccuracy(correctOf(share, n), n, confidence);
}

/** The counts a reward-model training round records (RewardTrainingStats); older runs lack them. */
export interface HeldOutCounts {
  heldOutAccuracy: number | null;
  heldOutScored?: number;
  heldOutCorrect?: number;
}

/** The final held-out accuracy of a run as the report's card, its Confidence section and the CLI print it. */
export function formatHeldOutAccuracy(rm: HeldOutCounts | null | undefined, confidence = 0.95): string {
  if (!rm) return '–';
  if (rm.heldOutScored === undefined || rm.heldOutCorrect === undefined) return rm.heldOutAccuracy == null ? '–' : `${formatNumber(rm.heldOutAccuracy)} (pair counts not recorded)`;
  return formatAccuracy(rm.heldOutCorrect, rm.heldOutScored, confidence);
}
