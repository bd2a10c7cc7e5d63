/** The powering ladder's report page: error by level (measured vs predicted), the user's verdicts, the sandwich, effort. */
import { escapeXml } from '../../report/svg.js';
import { lineChart, type Series } from '../../report/charts.js';
import { reportPage, table, type ReportSection } from '../../report/page.js';
import { formatNumber, formatSeconds, formatShare } from '../../report/format.js';
import { effortTable, groupedSandwichChart, levelChart, levelTable, type LevelRow } from '../../recursive/report.js';
import type { PoweringData, PoweringModelSummary } from './types.js';

const TITLE: Record<string, string> = {
  transient: 'transient noise (fresh coin per answer)',
  persistent: 'fixed faulty tables (systematic mistakes)',
  learned: 'learned by reward modeling',
};

function rows(m: PoweringModelSummary): LevelRow[] {
  return m.levels.map((l) => ({
    level: l.level,
    label: `σ^${2 ** l.level}`,
    measured: { error: l.median.error, oneStep: l.median.oneStep, oneStepPerTrial: l.median.oneStepPerTrial, ownError: l.median.ownError, approved: l.median.approved, verdictAccuracy: l.median.verdictAccuracy, wrongApproved: l.median.wrongApproved, rightRejected: l.median.rightRejected },
    predicted: { error: m.helper === 'learned' ? l.median.oneStepPerTrial : l.median.predicted },
    runs: { error: l.runs.error },
  }));
}

const METRICS = [
  { key: 'error', label: 'error e_k' },
  { key: 'oneStep', label: 'one-step prediction' },
  { key: 'oneStepPerTrial', label: 'one-step, per permutation' },
  { key: 'ownError', label: 'own error ε_k' },
  { key: 'approved', label: 'user approves' },
  { key: 'verdictAccuracy', label: 'verdict accuracy' },
  { key: 'wrongApproved', label: 'wrong answers approved' },
  { key: 'rightRejected', label: 'right answers rejected' },
];

function errorSection(d: PoweringData): ReportSection {
  const charts = d.models.map((m) => levelChart(rows(m), 'error', { title: `Error by level — ${TITLE[m.helper]}`, yLabel: 'P(answer wrong)' }));
  const tables = d.models.map((m) => `<h3>${escapeXml(TITLE[m.helper])}</h3>${levelTable(rows(m), METRICS)}`);
  return {
    heading: 'Error by level: measured vs predicted',
    html: `<div class="grid">${charts.join('')}</div>${tables.join('')}`,
    note:
      'Prediction: e_0 = ε, e_k = 1 − (1 − e_{k−1})²(1 − ε_k) (chain, dashed), and the same step from the measured e_{k−1} (one-step column). ' +
      'Transient noise matches it up to O(1/n) coincidences. Fixed tables sit slightly below: where σ^(2^(k−1))(x) = x the two asks are one answer, so one error, not two. ' +
      'Learned helpers: ε_k is not set but measured (disagreement with A_{k−1}∘A_{k−1}) and comes from the label budget. It varies a lot from one permutation to the next (how many inputs the ratings reach), ' +
      'so the pooled formula overshoots (E[(1 − e)²] > (1 − E e)²); their dashed line is the step applied per permutation and averaged (the per-permutation column). Band: range over seeds.',
  };
}

function misleadSection(d: PoweringData): ReportSection {
  const charts = d.models.map((m) => {
    const series: Series[] = [
      { name: 'truly right', points: m.levels.map((l): [number, number] => [l.level, 1 - l.median.error]) },
      { name: 'user approves', points: m.levels.map((l): [number, number] => [l.level, l.median.approved]), dashed: true },
      { name: 'wrong approved', points: m.levels.filter((l) => Number.isFinite(l.median.wrongApproved)).map((l): [number, number] => [l.level, l.median.wrongApproved]) },
    ];
    const pointer = m.levels.filter((l) => Number.isFinite(l.median.pointerWrongApproved));
    if (pointer.length) series.push({ name: 'wrong approved (pointers)', points: pointer.map((l): [number, number] => [l.level, l.median.pointerWrongApproved]), color: '#CC79A7', dashed: true });
    return lineChart({ title: `User verdicts — ${m.helper} helpers`, xLabel: 'level k', yLabel: 'fraction of answers', series, width: 580, height: 300, yRange: { min: 0, max: 1 } });
  });
  const fixed = d.models.filter((m) => m.levels.some((l) => Number.isFinite(l.median.pointerWrongApproved)));
  const pointerTable = table(
    fixed.flatMap((m) =>
      m.levels.map((l) => ({ helpers: m.helper, level: l.level, 're-computation: wrong approved': l.median.wrongApproved, 'pointers: wrong approved': l.median.pointerWrongApproved, 'pointers: right rejected': l.median.pointerRightRejected, 'pointers: false flaws reported': Math.max(...l.runs.pointerFalseFlaws), 're-computation accuracy': l.median.verdictAccuracy, 'pointer accuracy': l.median.pointerVerdictAccuracy })),
    ),
  );
  const chart = `<div class="grid">${charts.join('')}</div>${pointerTable}`;
  return {
    heading: 'Where assistance misleads: re-computation, not verification',
    html: chart,
    note:
      'The user judges an answer of level k by asking A_{k−1} twice and comparing. With fixed faulty (or learned) helpers it re-derives the same wrong answer and approves it: ' +
      'its approval stays near 1 − ε while the true accuracy falls with k. It cannot notice, because nothing it can check within its budget contradicts the helper. ' +
      'With transient noise the re-computation usually disagrees with a wrong answer, but then it also rejects right ones. ' +
      'The sound contrast (pink, fixed-table helpers): the helper shows its chain x → … → answer, a critic that errs with the same ε points at a broken step, and the user confirms it with one σ look-up. ' +
      'Wrong answers then slip through only when the critic misses (≈ ε, at every level), and no flaw the user reports is ever false (table above).',
  };
}

function sandwichSection(d: PoweringData): ReportSection {
  const charts = d.levels.filter((k) => k >= 1).map((k) => {
    const at = (m: PoweringModelSummary) => m.levels.find((l) => l.level === k)!;
    const cond = (name: string, key: 'unassistedAccuracy' | 'equalEffortAccuracy' | 'verdictAccuracy' | 'pointerVerdictAccuracy' | 'fullObservationAccuracy') => ({ name, values: d.models.map((m) => at(m).median[key]), runs: d.models.map((m) => at(m).runs[key]) });
    return groupedSandwichChart({
      title: `User-verdict accuracy on A_${k}'s answers (level ${k})`,
      yLabel: 'verdicts right',
      groups: d.models.map((m) => `${m.helper} helpers`),
      conditions: [cond('unassisted (2 σ look-ups)', 'unassistedAccuracy'), cond('unassisted, equal effort', 'equalEffortAccuracy'), cond('assisted (re-computation)', 'verdictAccuracy'), cond('assisted (pointers, 1 look-up)', 'pointerVerdictAccuracy'), cond(`full observation (${2 ** k} look-ups)`, 'fullObservationAccuracy')],
    });
  });
  const budgets = table(
    d.models.flatMap((m) => m.levels.map((l) => ({ helpers: m.helper, level: l.level, 'equal-effort budget (σ look-ups)': l.median.equalEffortBudget, 'needed (2^k)': 2 ** l.level, unassisted: l.median.unassistedAccuracy, 'unassisted, equal effort': l.median.equalEffortAccuracy, assisted: l.median.verdictAccuracy, 'full observation': l.median.fullObservationAccuracy }))),
  );
  return {
    heading: 'The sandwich: unassisted / assisted / full observation',
    html: `<div class="grid">${charts.join('')}</div>${budgets}`,
    note:
      "Each group: the users judge the same answers (that helper model's A_k); bars are verdicts that agree with the truth. The unassisted user has the assisted user's 2 checks, all on σ: exact up to level 1; beyond, it cannot tell and approves. " +
      'At equal effort it also gets back the checks the assisted scheme spent training A_0 … A_{k−1}, spread over the ratings of level k (nothing for the noise models, whose helpers cost the user nothing); ' +
      'it is exact wherever that budget reaches 2^k. Full observation pays 2^k look-ups per judgement; re-computation pays 2 but inherits the helpers\' errors; ' +
      'pointer verification (fixed-table helpers only: they can show their chain) pays 1 and is limited only by the critic\'s misses.',
  };
}

function effortSection(d: PoweringData): ReportSection {
  const byModel = Object.fromEntries(d.models.map((m) => [m.helper, m.effort]));
  const perSeed = table(d.models.map((m) => ({ helper: m.helper, trials: m.config.trials, 'checks per seed (median)': [...m.checksBySeed].sort((a, b) => a - b)[m.checksBySeed.length >> 1], 'ratings per level per trial': m.helper === 'learned' ? m.levels.map((l) => Math.round(l.median.trainingLabels)).join(' / ') : '–' })));
  return {
    heading: 'User effort (counted by LimitedUser)',
    html: `${perSeed}<p class="note">Seed ${d.seeds[0]}, per purpose: train-k = ratings spent learning A_k; judge-k = the assisted verdicts measured above; unassisted-k, equal-effort-k, full-k = the other users; verify-k = pointer verification (fixed-table helpers).</p>${effortTable(byModel)}`,
  };
}

/** `quick`: a --quick run; the page and every chart on it say so. */
export function poweringReport(d: PoweringData, o: { quick?: boolean } = {}): string {
  const t = d.models.find((m) => m.helper === 'transient')!;
  const p = d.models.find((m) => m.helper === 'persistent')!;
  const topT = t.levels.at(-1)!;
  const topP = p.levels.at(-1)!;
  return reportPage({
    title: 'Recursive reward modeling — permutation-powering ladder',
    subtitle: `Level k answers σ^(2^k)(x) for a random permutation σ of ${t.config.n} elements; the user can look up σ(x) or ask level k−1 (twice). Seeds ${d.seeds.join(', ')} (medians), levels ${d.levels.join(', ')}, ε = ${t.config.epsilon}. Every error rate and accuracy pools ${formatNumber(t.config.trials)} permutations × ${formatNumber(t.config.n)} inputs = ${formatNumber(t.config.trials * t.config.n)} answers per seed and level.`,
    cards: [
      { label: `error at level ${topT.level}`, value: formatNumber(topT.median.error), hint: `predicted ${formatNumber(topT.median.predicted)} (transient); ${formatNumber(t.config.trials)} permutations per seed` },
      { label: 'wrong answers approved', value: formatShare(topP.median.wrongApproved), hint: `fixed faulty helpers, level ${topP.level}; ${formatNumber(p.config.trials)} permutations per seed` },
      { label: 'same, with pointers', value: formatShare(topP.median.pointerWrongApproved), hint: `critic + 1 σ look-up; false flaws ${formatNumber(Math.max(...topP.runs.pointerFalseFlaws))}` },
      { label: 'per-answer error ε', value: formatNumber(t.config.epsilon), hint: `${formatNumber(t.config.trials)} permutations per seed` },
      { label: 'wall time', value: formatSeconds(d.wallSeconds), hint: `${d.seeds.length} seed(s), 3 helper models` },
    ],
    quick: o.quick ?? false,
    sections: [errorSection(d), misleadSection(d), sandwichSection(d), effortSection(d)],
    generatedAt: new Date().toISOString(),
  });
}
