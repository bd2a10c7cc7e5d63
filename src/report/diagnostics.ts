/**
 * The run report's diagnostics part, from a run's diagnostics.jsonl (src/analysis/run-diagnostics.ts):
 * the answers given, the reward model's accuracy on the agent's own segments, the agent's entropy
 * and value error over training, and — when the run missed its target or the diagnosis found
 * something — "what went wrong" (`diagnoseRun`).
 */
import { diagnoseRun, type DiagnosisFinding, type DiagnosticsLine, type RunTarget } from '../analysis/run-diagnostics.js';
import { lineChart } from './charts.js';
import { formatNumber, formatShare } from './format.js';
import { table, type ReportSection } from './page.js';
import { escapeXml } from './svg.js';

type Line<K extends DiagnosticsLine['kind']> = Extract<DiagnosticsLine, { kind: K }>;

export interface DiagnosticsPart {
  /** "What went wrong": for a run that missed its target or has findings (the report puts it first). */
  wrong: ReportSection | null;
  /** The diagnostics charts and the answers table. */
  details: ReportSection | null;
  findings: DiagnosisFinding[];
  /** Whether the final evaluation reached the target (null: no target known, or no evaluation yet). */
  reached: boolean | null;
}

const what = (t: RunTarget) => (t.metric === 'performance' ? 'hidden performance' : 'true return');

/** The report sections for `lines` (none when the run recorded no diagnostics). */
export function diagnosticsPart(lines: readonly DiagnosticsLine[], target: RunTarget | null): DiagnosticsPart {
  if (!lines.length) return { wrong: null, details: null, findings: [], reached: null };
  const rollouts = lines.filter((l): l is Line<'rollout'> => l.kind === 'rollout');
  const evals = lines.filter((l): l is Line<'evaluation'> => l.kind === 'evaluation');
  const answers = lines.filter((l): l is Line<'answers'> => l.kind === 'answers').at(-1);
  const last = evals.at(-1);
  const score = last && target ? (target.metric === 'performance' ? (last.performance ?? NaN) : last.trueReturn) : null;
  const reached = score === null || !target ? null : score >= target.threshold;
  const findings = diagnoseRun(lines, target ? { successThreshold: target.threshold, metric: target.metric } : {});

  let wrong: ReportSection | null = null;
  if (reached === false || findings.length) {
    const verdict = target && score !== null ? `<p>Target: ${escapeXml(what(target))} ≥ ${escapeXml(formatNumber(target.threshold))}; the final evaluation scored ${escapeXml(formatNumber(score))} — ${reached ? 'reached' : 'missed'}.</p>` : '';
    const list = findings.length ? `<ul>${findings.map((f) => `<li><b>${escapeXml(f.code)}</b> — ${escapeXml(f.message)}</li>`).join('')}</ul>` : '<p>The diagnosis found nothing in particular.</p>';
    wrong = { heading: 'What went wrong', html: verdict + list, note: 'From diagnostics.jsonl by diagnoseRun (src/analysis/run-diagnostics.ts); most telling first. Agent-side findings (entropy, value error) are named only for a run that missed its target.' };
  }

  const accuracy = lineChart({
    title: 'Reward model on the agent\'s own segments', xLabel: 'iteration', yLabel: 'oracle accuracy (strict pairs)', yRange: { min: 0, max: 1 }, width: 520,
    series: [
      { name: 'training rollouts', points: rollouts.filter((r) => typeof r.accuracy === 'number').map((r) => [r.iteration, r.accuracy!]) },
      { name: 'greedy evaluation (oracle: true reward)', points: evals.filter((e) => e.accuracy !== null).map((e) => [e.iteration, e.accuracy!]), dashed: true },
    ],
    refLines: [{ y: 0.5, label: 'chance' }],
  });
  const agent = lineChart({
    title: 'The agent: policy entropy and value fit', xLabel: 'iteration', yLabel: 'nats / share explained', width: 520,
    series: [
      { name: 'policy entropy', points: rollouts.filter((r) => r.entropy !== null).map((r) => [r.iteration, r.entropy!]) },
      { name: 'explained variance', points: rollouts.filter((r) => r.explainedVariance !== null).map((r) => [r.iteration, r.explainedVariance!]), dashed: true },
    ],
  });
  const n = answers?.answered ?? 0;
  const answerRows = answers ? (Object.entries(answers.counts) as [string, number][]).map(([kind, count]) => ({ answer: kind, count, share: formatShare(n ? count / n : null) })) : [];
  const details: ReportSection = {
    heading: 'Diagnostics',
    html: `<div class="grid">${accuracy}${agent}</div>${answerRows.length ? table(answerRows) : ''}`,
    note: `Oracle accuracy: the share of pairs of the agent's segments (this iteration's rollouts; dashed, the evaluation episodes) that the learned reward orders as the hidden oracle does (ties in the oracle not scored). Answers: every answer folded by the end (${formatNumber(n)}); 'equal', 'cant-tell' and 'skip' carry no preference. Lines: diagnostics.jsonl in the run directory.`,
  };
  return { wrong, details, findings, reached };
}
