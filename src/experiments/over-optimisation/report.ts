/** The over-optimisation report: per gridworld a chart of true return vs d = √KL for both arms, the summary table (HTML and markdown), the runs. */
import { lineChart, PALETTE, type Series } from '../../report/charts.js';
import { formatNumber } from '../../report/format.js';
import { reportPage, table } from '../../report/page.js';
import { type ArmRun, type ArmSummary, type OverOptConfig } from './types.js';

const fmt = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? formatNumber(v) : 'n/a');
const COLOR = { baseline: PALETTE[1], 'red-team': PALETTE[0], control: PALETTE[2] } as const;

/** The true-return curves of one case: KL planning solid, best-of-n dashed, one line per arm × seed. */
export function caseChart(runs: ArmRun[], caseName: string, quick: boolean): string {
  const rs = runs.filter((r) => r.case === caseName);
  const series: Series[] = rs.flatMap((r) => [
    { name: `${r.arm} s${r.seed} KL planning`, color: COLOR[r.arm], points: r.curves.kl.map((p) => [p.d, p.true] as [number, number]) },
    { name: `${r.arm} s${r.seed} best-of-n`, color: COLOR[r.arm], dashed: true, points: r.curves.bestOfN.map((p) => [p.d, p.true] as [number, number]) },
  ]);
  const first = rs[0]?.curves;
  return lineChart({
    title: `${caseName} (${rs[0]?.envId ?? ''}): true return as pressure on the learned reward grows`,
    xLabel: 'd = √KL(π ‖ uniform) over the episode', yLabel: 'hidden performance (exact expectation)', width: 760, height: 360, quick,
    series,
    ...(first ? { optimum: { y: first.optimalTrue, label: `optimum ${formatNumber(first.optimalTrue)}` }, refLines: [{ y: first.baseTrue, label: 'uniform policy' }] } : {}),
  });
}

function rows(summary: ArmSummary[]) {
  return summary.map((s) => ({
    case: s.case, arm: s.arm, seeds: s.seeds,
    'red-team queries': fmt(s.redTeamQueries),
    'KL: turns over (seeds)': `${s.klTurnsOver}/${s.seeds}`, 'KL: peak d': fmt(s.klPeakD), 'KL: peak true': fmt(s.klPeakTrue), 'KL: true at max pressure': fmt(s.klFinalTrue),
    'KL fit d*': s.klFitTurnoverD === null ? `none (${s.klFitNoTurnover})` : fmt(s.klFitTurnoverD),
    'learned optimum: true': fmt(s.learnedOptimumTrue),
    'BoN: turns over': `${s.bestOfNTurnsOver}/${s.seeds}`, 'BoN: peak n': fmt(s.bestOfNPeakN), 'BoN: true at max n': fmt(s.bestOfNFinalTrue), 'BoN fit d*': fmt(s.bestOfNFitTurnoverD),
    'held-out acc.': fmt(s.heldOutAccuracy), 'PPO agent hidden perf.': fmt(s.agentPerformance),
  }));
}

const NOTE = (cfg: OverOptConfig) =>
  `Both arms: ${cfg.labels} labels, ${cfg.steps} agent steps, the same seed and initial reward model; red team β = ${cfg.redTeam.beta}, τ = ${cfg.redTeam.tau}, ${Math.round(cfg.redTeam.share * 100)}% of each round after the warm start; the control arm asks the same share of segments from a nearly uniform policy (β = 0, τ = 100) in the same place. ` +
  `Curves are exact on the enumerated gridworld for each arm's final reward model (ensemble mean): KL planning over ${cfg.taus.length} coefficients τ from ${formatNumber(cfg.taus[0])} to ${formatNumber(cfg.taus[cfg.taus.length - 1])}; best-of-n by exact order statistics over ${cfg.bestOfN.episodes} sampled uniform-policy episodes (n up to ${cfg.bestOfN.ns[cfg.bestOfN.ns.length - 1]}). ` +
  "Peak: the point of highest true return; 'turns over': true return at the highest pressure is below the peak. Fit d*: the turnover of Gao et al.'s form fitted to the curve (none: fitted β ≤ 0).";

export function overOptimisationMarkdown(o: { cfg: OverOptConfig; summary: ArmSummary[]; headline: string; quick: boolean }): string {
  const rs = rows(o.summary);
  const cols = rs.length ? Object.keys(rs[0]) : [];
  const line = (cells: unknown[]) => `| ${cells.map((c) => String(c)).join(' | ')} |`;
  return [
    '# over-optimisation', '', o.quick ? '**QUICK MODE: not a result.**\n' : '', o.headline, '',
    line(cols), line(cols.map(() => '---')), ...rs.map((r) => line(cols.map((c) => (r as Record<string, unknown>)[c]))), '', NOTE(o.cfg), '',
  ].join('\n');
}

export function overOptimisationReport(o: { cfg: OverOptConfig; summary: ArmSummary[]; runs: ArmRun[]; headline: string; quick: boolean }): string {
  const perRun = o.runs.map((r) => ({
    case: r.case, arm: r.arm, seed: r.seed, labels: r.labels, 'red-team queries': r.redTeamQueries,
    'KL peak d': fmt(r.curves.klTurnover.d), 'KL peak true': fmt(r.curves.klTurnover.peakTrue), 'KL true at max': fmt(r.curves.klTurnover.finalTrue),
    'KL fit α': fmt(r.curves.klFit?.alpha), 'KL fit β': fmt(r.curves.klFit?.beta), 'KL fit d*': fmt(r.curves.klFit?.turnoverD), 'KL fit rmse': fmt(r.curves.klFit?.rmse),
    'BoN fit α': fmt(r.curves.bestOfNFit?.alpha), 'BoN fit β': fmt(r.curves.bestOfNFit?.beta), 'BoN fit d*': fmt(r.curves.bestOfNFit?.turnoverD),
    'uniform true': fmt(r.curves.baseTrue), optimum: fmt(r.curves.optimalTrue), run: r.runDir,
  }));
  return reportPage({
    title: 'Adversarial training and over-optimisation (Leike et al. 2018 §5.8; Gao et al. 2022)',
    subtitle: o.headline,
    quick: o.quick,
    sections: [
      { heading: 'With and without red-team queries (median over seeds)', html: table(rows(o.summary)), note: NOTE(o.cfg) },
      ...o.cfg.cases.map((c) => ({ heading: `${c.name}: exact curves`, html: caseChart(o.runs, c.name, o.quick), note: c.note })),
      { heading: 'Per run (fits relative to the uniform policy)', html: table(perRun) },
    ],
    generatedAt: new Date().toISOString(),
  });
}

/** One SVG file per case (the same charts as the page). */
export function overOptimisationSvgs(runs: ArmRun[], cases: readonly string[], quick: boolean): Record<string, string> {
  return Object.fromEntries(cases.map((c) => [c, caseChart(runs, c, quick)]));
}

