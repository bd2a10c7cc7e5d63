/** The timetable testbed's report page: conditions table, per-level table, sandwich plot, curves, Goodhart check, effort. */
import { lineChart, type Series } from '../../report/charts.js';
import { reportPage, table, type ReportSection } from '../../report/page.js';
import { formatNumber, formatSeconds } from '../../report/format.js';
import { effortTable, levelTable, sandwichChart, type LevelRow } from '../../recursive/report.js';
import type { ConditionId } from '../../recursive/timetable/conditions.js';
import type { ConditionSummary, TimetableData } from './types.js';

const f2 = (v: number | undefined) => formatNumber(v);

const PREDICTION = `Prediction (issue 7): a flaw the user detects with probability q is priced ≈ λ·q = 3q preferences by the learned reward, so the timetabler stops committing a flaw that buys g = 1 preference once 3q > 1, i.e. q > q* ≈ 1/3; with assistance q ≈ recall₂ · recall₁ (critic recall on the flaws that tell two compared timetables apart × witness-finder recall on the pairs the critic names).`;

export function conditionsTable(conditions: readonly ConditionSummary[]): string {
  return table(
    conditions.map((c) => ({
      condition: c.label, J: c.median.J, clashes: c.median.clashes, preferences: c.median.preferences,
      'checks / judgement': c.median.budget, 'user checks': c.median.checks, 'verdict accuracy': c.median.verdictAccuracy,
      'q measured': c.median.q, 'q predicted (r₂·r₁)': c.median.predictedQ, 'price of a flaw': c.median.price, 'price predicted (3q)': c.median.predictedPrice,
      'q > 1/3?': Number.isFinite(c.median.q) ? (c.median.q > 1 / 3 ? 'yes' : 'no') : '–',
      'critic precision': c.median.criticPrecision, 'critic recall': c.median.criticRecall, 'A1 recall': c.median.finderRecall,
    })),
  );
}

function levelRows(d: TimetableData): LevelRow[] {
  const by = (id: ConditionId) => d.conditions.find((c) => c.id === id);
  const levels: [number, ConditionId, string][] = [[0, 'unassisted', 'user alone'], [1, 'depth-1', 'A1 witness finder'], [2, 'depth-2', 'A2 critic alone'], [3, 'depth-3', 'A1 → A2 → A3']];
  return levels.filter(([, id]) => by(id)).map(([level, id, label]) => {
    const c = by(id)!;
    const pick = (keys: string[], src: Record<string, number>) => Object.fromEntries(keys.map((k) => [k, src[k]]));
    const keys = ['verdictAccuracy', 'criticPrecision', 'criticRecall', 'finderRecall', 'q', 'price', 'J', 'clashes'];
    return { level, label, measured: pick(keys, c.median), predicted: { q: c.median.predictedQ, price: c.median.predictedPrice }, runs: Object.fromEntries(keys.map((k) => [k, c.runs[k]])) };
  });
}

function curveChart(d: TimetableData, metric: 'J' | 'clashes'): string {
  const seed = d.seeds[0];
  const series: Series[] = d.results.filter((r) => r.seed === seed).map((r) => ({ name: r.label, points: r.curve.map((p): [number, number] => [p.step, p[metric]]), dashed: r.id === 'rl-true' || r.id === 'full-observation' }));
  return lineChart({ title: `Timetabler's ${metric === 'J' ? 'true objective J' : 'clashes'} over training (seed ${seed}, argmax timetable)`, xLabel: 'env steps', yLabel: metric, series, width: 760, quick: d.quick });
}

function goodhartChart(d: TimetableData): string {
  const seed = d.seeds[0];
  const series: Series[] = d.results.filter((r) => r.seed === seed && r.criticRecallCurve.length).map((r) => ({ name: r.label, points: r.criticRecallCurve }));
  return lineChart({ title: `Critic recall on the timetabler's current outputs (seed ${seed})`, xLabel: 'env steps', yLabel: 'critic recall (differing clashes named)', series, yRange: { min: 0, max: 1 }, quick: d.quick });
}

export function timetableReport(d: TimetableData): string {
  const c = (id: ConditionId) => d.conditions.find((s) => s.id === id);
  const sandwichIds: ConditionId[] = ['unassisted', 'depth-1', 'depth-2', 'depth-3', 'a1-degraded', 'oracle', 'full-observation', 'rl-true'];
  const sandwich = sandwichIds.map(c).filter((s): s is ConditionSummary => !!s).map((s) => ({ name: s.label, value: s.median.J, runs: s.runs.J }));
  const effort = Object.fromEntries(d.results.filter((r) => r.seed === d.seeds[0] && r.effort).map((r) => [r.label, r.effort!]));
  const deg = c('a1-degraded');
  const full = c('depth-3');
  const sections: ReportSection[] = [
    { heading: 'Conditions (median over seeds)', html: conditionsTable(d.conditions), note: `${PREDICTION} q measured = share of the clashes that differ between a current timetable and a 1–2 exam variant which the user confirms; price = −(slope of the learned return on clashes) / (slope on preferences) over such variants. Verdict accuracy: share of the A3 comparisons (J different; at most ${formatNumber(d.budgets.solverLabels)} per seed) where the user's verdict matches J.` },
    { heading: 'Sandwich: true objective J by condition', html: sandwichChart({ title: 'J of the final timetable (median; dots: seeds)', yLabel: 'J', conditions: sandwich, refLines: [{ y: 0, label: 'J = 0' }] }) },
    { heading: 'Per level', html: levelTable(levelRows(d), [{ key: 'verdictAccuracy', label: 'verdict accuracy' }, { key: 'criticPrecision', label: 'A2 precision' }, { key: 'criticRecall', label: 'A2 recall' }, { key: 'finderRecall', label: 'A1 recall' }, { key: 'q', label: 'q' }, { key: 'price', label: 'price of a flaw' }, { key: 'J', label: 'J' }, { key: 'clashes', label: 'clashes' }]), note: 'Level 0: the user alone (equal effort); 1: A1 only (the user looks for same-slot pairs itself); 2: A2 alone (trained and used without A1: the user hunts witnesses itself); 3: the full recursion. Precision and recall on the timetabler’s current distribution.' },
    { heading: 'Training curves', html: `<div class="grid">${curveChart(d, 'J')}${curveChart(d, 'clashes')}</div>` },
  ];
  if (deg && full) sections.push({ heading: 'Error accumulation: degrading A1', html: table([full, deg].map((s) => ({ condition: s.label, 'A1 recall': s.median.finderRecall, 'critic recall': s.median.criticRecall, 'q measured': s.median.q, 'q predicted': s.median.predictedQ, 'price of a flaw': s.median.price, clashes: s.median.clashes, J: s.median.J }))), note: `A1 trained on ${d.budgets.degradedFinderLabels} instead of ${d.budgets.finderLabels} ratings; the critic (trained with its help) and the timetabler follow.` });
  if (d.results.some((r) => r.criticRecallCurve.length)) sections.push({ heading: 'Goodhart check: frozen vs retrained critic', html: goodhartChart(d), note: 'The retrained critic keeps learning on the timetabler’s current timetables; the frozen one was trained once, on random timetables.' });
  if (full) sections.push({ heading: 'Unsound contrast: claims accepted without a witness', html: table([{ mode: 'verify (sound)', 'false-positive rate of reported clashes': 0 }, { mode: 'trust (no witness)', 'false-positive rate of reported clashes': full.median.unsoundFalsePositiveRate }]), note: 'Measured on the depth-3 timetabler’s current timetables with the learned critic; in verify mode a clash is reported only with a confirmed witness, so the rate is 0 by construction.' });
  sections.push(
    { heading: 'Instances', html: table(d.instances.map((s) => ({ seed: s.seed, 'clashing pairs': `${s.clashingPairs} / ${s.pairs}`, 'all-preferred: clashes': s.allPreferredClashes, 'all-preferred: J': s.allPreferredJ, 'unaided: judgements confirming a clash': s.unaidedJudgementsWithClash, 'unaided: clashes confirmed': s.unaidedFlawsConfirmed }))), note: 'Unaided user, b = 9, on the all-preferred timetable and random ones (a judgement on its own, no comparison).' },
    { heading: `User effort (seed ${d.seeds[0]})`, html: effortTable(effort) },
  );
  const u = c('unassisted');
  const a = c('depth-3');
  const fo = c('full-observation');
  return reportPage({
    title: 'Recursive reward modeling: the exam timetable',
    subtitle: `${d.seeds.length} seed(s); A3 ${formatNumber(d.budgets.solverSteps)} steps, ${formatNumber(d.budgets.solverLabels)} comparisons; A1 ${formatNumber(d.budgets.finderLabels)} ratings; ${formatSeconds(d.wallSeconds)}`,
    quick: d.quick,
    cards: [
      ...(u ? [{ label: 'unassisted J', value: f2(u.median.J), hint: `${f2(u.median.clashes)} clashes` }] : []),
      ...(a ? [{ label: 'assisted J (A1→A2)', value: f2(a.median.J), hint: `${f2(a.median.clashes)} clashes` }] : []),
      ...(fo ? [{ label: 'full observation J', value: f2(fo.median.J), hint: `${f2(fo.median.clashes)} clashes` }] : []),
    ],
    sections,
    generatedAt: new Date().toISOString(),
  });
}
