/** The active-learning report: one table per env (labels to 90% of PPO-true, area, final return, t-intervals), a markdown copy, and return-vs-labels SVGs. */
import { lineChart } from '../../report/charts.js';
import { meanCurveSeries } from '../kit/curve-series.js';
import { reportPage, table } from '../../report/page.js';
import type { ActiveLearningConfig, Interval, PpoTrueReference, StrategyRun, StrategySummary } from './types.js';

const f = (v: number | null | undefined, d = 1) => (v === null || v === undefined || !Number.isFinite(v) ? 'n/a' : v.toFixed(d));
const ci = (i: Interval, d = 1, prefix = '') => `${prefix}${f(i.mean, d)}${i.lo === null ? '' : ` [${f(i.lo, d)}, ${f(i.hi, d)}]`}`;

function rows(summary: StrategySummary[], cfg: ActiveLearningConfig) {
  return summary.map((s) => ({
    env: s.envId, strategy: s.strategy, seeds: s.seeds, 'reach 90%': `${s.reached}/${s.seeds}`,
    'labels to 90% (mean [95% t])': ci(s.labelsTo90, 0, s.reached < s.seeds ? '≥' : ''), 'mean return over labels (area)': ci(s.area), 'final true return': ci(s.finalReturn), budget: cfg.labels[s.envId], 'labels folded': ci(s.labelsUsed, 0),
  }));
}

const NOTE = (cfg: ActiveLearningConfig) =>
  `One ordinary loop run per env × strategy × seed, same seed, labels and steps; labels ${cfg.envIds.map((e) => `${e} ${cfg.labels[e]}`).join(', ')}; agent steps ${cfg.envIds.map((e) => `${e} ${cfg.steps[e]}`).join(', ')}. ` +
  'Labels to 90%: the labels folded at the first evaluation whose greedy true return reached 90% of the median of PPO on the true reward (same agent settings, steps and evaluation episodes; plain ratio of returns); a seed that never reached it counts as the full budget, so a mean marked ≥ is a lower bound. ' +
  'Area: trapezoid area under return vs labels over the label range, divided by it (the mean return over the labels; the last evaluation held to the budget). ' +
  'Intervals: two-sided 95% Student-t over seeds (mean ± t·s/√n); none with one seed. The loop\'s first round is uniform for every strategy; labels follow the loop\'s schedule over agent steps, so the curve is also a curve over training. After it every strategy picks from the same number of candidate pairs (candidateFactor×, pairs nobody can tell apart dropped), so each asks its whole budget (column labels folded). ' +
  'red-team: only on enumerable gridworlds (exact soft planning for learned mean + β·spread, β 1, τ 0.1, half of each round), the rest of each round from disagreement.';

export function activeLearningMarkdown(o: { cfg: ActiveLearningConfig; summary: StrategySummary[]; references: PpoTrueReference[]; headline: string; quick: boolean }): string {
  const r = rows(o.summary, o.cfg);
  const cols = Object.keys(r[0] ?? {});
  const lines = [
    `# active-learning${o.quick ? ' (QUICK MODE — not a result)' : ''}`, '', o.headline, '',
    `| ${cols.join(' | ')} |`, `|${cols.map(() => '---').join('|')}|`, ...r.map((x) => `| ${cols.map((c) => String((x as Record<string, unknown>)[c])).join(' | ')} |`), '',
    'PPO on the true reward (per seed; bar = 90% of the median): ' + o.references.map((p) => `${p.envId} ${p.perSeed.map((v) => f(v)).join(' / ')} → bar ${f(p.bar)}`).join('; '), '',
    NOTE(o.cfg), '',
  ];
  return lines.join('\n');
}

/** Return vs labels per strategy: the mean over seeds at each evaluation (x the mean labels then), band = seed range. */
export function activeLearningSvg(runs: StrategyRun[], envId: string, ref: PpoTrueReference, quick: boolean): string {
  const strategies = [...new Set(runs.filter((r) => r.envId === envId).map((r) => r.strategy))];
  const series = meanCurveSeries(strategies.map((m) => ({ name: m, curves: runs.filter((r) => r.envId === envId && r.strategy === m).map((r) => r.curve) })));
  return lineChart({ title: `${envId}: true return vs labels (mean over seeds, band = seed range)`, xLabel: 'labels folded', yLabel: 'greedy true return', series, refLines: [{ y: ref.bar, label: '90% of PPO-true' }], quick });
}

export function activeLearningReport(o: { cfg: ActiveLearningConfig; summary: StrategySummary[]; references: PpoTrueReference[]; runs: StrategyRun[]; headline: string; quick: boolean }): string {
  const perRun = o.runs.map((r) => ({ env: r.envId, strategy: r.strategy, seed: r.seed, labels: r.labels, 'red-team queries': r.redTeamQueries, 'labels to 90%': r.labelsTo90 ?? 'not reached', area: f(r.area), final: f(r.finalReturn), run: r.runDir }));
  return reportPage({
    title: 'Active query selection (issue 16 item 3)',
    subtitle: o.headline,
    quick: o.quick,
    sections: [
      { heading: 'Strategies (mean over seeds, 95% t-interval)', html: table(rows(o.summary, o.cfg)), note: NOTE(o.cfg) },
      ...o.cfg.envIds.map((e) => ({ heading: `${e}: return vs labels`, html: activeLearningSvg(o.runs, e, o.references.find((r) => r.envId === e)!, o.quick) })),
      { heading: 'Per run', html: table(perRun) },
    ],
    generatedAt: new Date().toISOString(),
  });
}
