/**
 * The "Confidence" section of a run report (issue 17 item 4): the held-out accuracy with its exact
 * interval, the labels a target lower bound needs, and the lower bound on the policy's expected
 * true return (and hidden performance) with the range it assumes — from a RunConfidence
 * (analysis/run-confidence.ts). Where there is no number, the table says why.
 */
import type { RunConfidence } from '../analysis/run-confidence.js';
import { formatAccuracy } from './accuracy-format.js';
import { formatNumber } from './format.js';
import { table, type ReportSection } from './page.js';
import { escapeXml } from './svg.js';

const pct = (c: number) => `${formatNumber(c * 100)}%`;

/** The held-out accuracy as every report and the CLI print it, or why there is none. */
export function accuracyText(c: RunConfidence): string {
  const a = c.accuracy;
  if (!a) return 'no reward model trained';
  if (a.scored === null || a.correct === null) return 'pair counts not recorded (a run made before they were kept)';
  return formatAccuracy(a.correct, a.scored, c.confidence);
}

/** One line for the terminal: the lower bounds on the expected true return (and hidden performance), as the Confidence section shows them, or why there are none. */
export function returnBoundLine(c: RunConfidence): string {
  if (!c.returns.length) return `${pct(c.confidence)} lower bound on the expected true return: – (no evaluation yet)`;
  return c.returns
    .map((r) => {
      const what = `${pct(c.confidence)} lower bound on the expected ${r.quantity}`;
      if (!r.bound || !r.range) return `${what}: – (${r.reason})`;
      return `${what}: ${formatNumber(r.bound.lower)} (mean ${formatNumber(r.mean)} of ${formatNumber(r.episodes)} evaluation episodes, range ${formatNumber(r.range.min)} to ${formatNumber(r.range.max)})`;
    })
    .join('; ');
}

export function confidenceSection(c: RunConfidence): ReportSection {
  const level = pct(c.confidence);
  const accuracyRows = [{ quantity: 'held-out preference accuracy', value: accuracyText(c), 'rests on': c.accuracy ? `${formatNumber(c.accuracy.scored)} strict pairs of ${formatNumber(c.accuracy.heldOutLabels)} held-out labels (${formatNumber(c.accuracy.labels)} labels in all)` : '–', method: `Clopper–Pearson, exact, two-sided ${level}` }];
  const neededRows = c.labelsNeeded.map((n) => ({
    'lower bound wanted': formatNumber(n.target),
    'held-out strict pairs needed': n.heldOutPairs ?? '–',
    'labels needed (about)': n.labels ?? '–',
    'held-out strict pairs now': c.accuracy?.scored ?? '–',
    why: n.reason ?? '',
  }));
  const returnRows = c.returns.map((r) => ({
    quantity: `expected ${r.quantity}`,
    [`${level} lower bound`]: r.bound ? formatNumber(r.bound.lower) : '–',
    'mean of the episodes': r.mean,
    episodes: r.episodes,
    'range used': r.range ? `${formatNumber(r.range.min)} to ${formatNumber(r.range.max)} (${r.range.source})` : 'unknown',
    method: r.bound ? `${r.bound.method === 'hoeffding' ? 'Hoeffding' : 'empirical Bernstein'} (the better of it and ${r.bound.method === 'hoeffding' ? 'empirical Bernstein' : 'Hoeffding'}, each at ${pct(1 - (1 - c.confidence) / 2)})` : '',
    why: r.reason ?? '',
  }));
  const returnsHtml = returnRows.length ? table(returnRows) : '<p>No evaluation yet: no bound on the return.</p>';
  const html = `<p>${escapeXml(returnBoundLine(c))}.</p>${table(accuracyRows)}<h3>Labels for a target lower bound on the accuracy</h3>${table(neededRows)}<h3>The final policy's expected return${c.evaluationStep === null ? '' : ` (evaluation at ${escapeXml(formatNumber(c.evaluationStep))} agent steps)`}</h3>${returnsHtml}`;
  return {
    heading: 'Confidence',
    html,
    note:
      `Accuracy: the share of strict (non-tie) held-out pairs the final reward model orders as the user did; the interval holds with ${level} probability for pairs like the ones this run asked about (each asked pair was held out at random, so the held-out pairs are a random sample of them; the query selector chose which pairs were asked). ` +
      `Labels needed: the strict held-out pairs for the one-sided ${level} Clopper–Pearson lower bound to reach the target if the model kept its observed accuracy, and the labels that takes at this run's held-out share and share of ties. ` +
      `Return: a one-sided ${level} lower bound on the mean over start states of the final deterministic policy's episode return, from the last evaluation's episodes (seeded, independent of training), valid for returns inside the range used; with few episodes it is loose.`,
  };
}
