/** The distributional-shift report: disagreement histograms (training vs test maps) and the error / uncertainty table. */
import { barChart } from '../../report/bar-chart.js';
import { PALETTE } from '../../report/charts.js';
import { reportPage, table } from '../../report/page.js';
import { formatNumber, formatShare } from '../../report/format.js';
import { correctOf, formatAccuracy, formatAccuracyShare, formatHeldOutAccuracy } from '../../report/accuracy-format.js';
import type { DistributionalShiftConfig, ShiftSeedResult, TransformSummary } from './types.js';

const MAP_NAMES = ['training map (level 0)', 'test map level 1', 'test map level 2'];

/** Share of transitions per disagreement bin, one series per map (all seeds pooled). */
function histogram(seeds: ShiftSeedResult[], title: string, quick: boolean, bins = 8): string {
  const perMap = [0, 1, 2].map((level) => seeds.flatMap((s) => s.stds[level]));
  const max = Math.max(1e-9, ...perMap.flat());
  const width = max / bins;
  const groups = Array.from({ length: bins }, (_, b) => `${formatNumber(b * width)}–${formatNumber((b + 1) * width)}`);
  const series = perMap.map((xs, level) => {
    const counts = new Array<number>(bins).fill(0);
    for (const x of xs) counts[Math.min(bins - 1, Math.floor(x / width))]++;
    return { name: MAP_NAMES[level], values: counts.map((c) => c / Math.max(1, xs.length)), color: PALETTE[level] };
  });
  return barChart({ title, quick, xLabel: 'std across ensemble members (standardised reward units)', yLabel: 'share of transitions', groups, series, width: 900 });
}

/** The one number format; 'n/a' for what was not measured. */
const f = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? formatNumber(v) : 'n/a');

/** Median strict pairs behind a map's segment accuracy, over the runs of one input transform. */
function strictPairs(runs: ShiftSeedResult[], level: number): number | null {
  const n = runs.flatMap((r) => r.maps.filter((m) => m.level === level).map((m) => m.strictPairs)).sort((a, b) => a - b);
  return n.length ? n[n.length >> 1] : null;
}

/**
 * A map's segment accuracy over the runs of one input transform, their pairs pooled: Σ right / Σ strict,
 * with its exact interval (conservative for the mean accuracy over seeds: seeds with different
 * accuracies spread the count less than one common accuracy would).
 */
function pooledAccuracy(runs: ShiftSeedResult[], level: number): string {
  const maps = runs.flatMap((r) => r.maps.filter((m) => m.level === level && m.strictPairs > 0));
  const k = maps.reduce((s, m) => s + correctOf(m.preferenceAccuracy, m.strictPairs), 0);
  return formatAccuracy(k, maps.reduce((s, m) => s + m.strictPairs, 0));
}

export function distributionalShiftReport(o: { cfg: DistributionalShiftConfig; byTransform: TransformSummary[]; runs: ShiftSeedResult[]; headline: string; quick?: boolean }): string {
  const { cfg, runs } = o;
  const quick = o.quick ?? false;
  const cards = o.byTransform.flatMap((t) => [
    { label: `${t.inputTransform}: disagreement test / train`, value: `×${f(t.disagreementRatio)}`, hint: `AUROC ${f(t.auroc)} (0.5 = no signal)` },
    { label: `${t.inputTransform}: segment accuracy`, value: `${formatShare(t.perMap[0].preferenceAccuracy)} → ${formatShare(t.perMap[1].preferenceAccuracy)} / ${formatShare(t.perMap[2].preferenceAccuracy)}`, hint: `train → test maps 1 / 2; of ${[0, 1, 2].map((l) => formatNumber(strictPairs(runs.filter((r) => r.inputTransform === t.inputTransform), l))).join(' / ')} strict pairs (median)` },
  ]);
  const sections = o.byTransform.flatMap((t) => {
    const mine = runs.filter((r) => r.inputTransform === t.inputTransform);
    const rows = t.perMap.map((m, level) => ({
      map: MAP_NAMES[level], 'per-step Pearson': f(m.pearson), 'EPIC to hidden': f(m.epic), 'segment accuracy': formatShare(m.preferenceAccuracy), 'strict pairs (median)': strictPairs(mine, level), 'segment accuracy, seeds pooled': pooledAccuracy(mine, level),
      'disagreement (exact)': f(m.meanStd), 'disagreement (segments)': f(m.segmentStd), 'agent performance': f(m.agentPerformance), 'optimal performance': f(m.optimalPerformance),
    }));
    return [
      { heading: `${t.inputTransform} inputs — does uncertainty flag the shift?`, html: histogram(mine, `Ensemble disagreement per transition, ${t.inputTransform} inputs (every feasible transition, seeds pooled)`, quick),
        note: `Each bar: the share of a map's feasible (state, action) transitions whose ensemble spread falls in that bin. AUROC of the spread as a detector of test-map transitions: ${f(t.auroc)}; mean spread on the test maps ×${f(t.disagreementRatio)} that on the training map.` },
      { heading: `${t.inputTransform} inputs — reward-model error and disagreement per map (median over seeds)`, html: table(rows) },
    ];
  });
  const perSeed = runs.flatMap((s) =>
    s.maps.map((m) => ({
      seed: s.seed, inputs: s.inputTransform, map: MAP_NAMES[m.level], states: m.states, pearson: f(m.pearson), EPIC: f(m.epic), 'segment accuracy': formatAccuracyShare(m.preferenceAccuracy, m.strictPairs),
      disagreement: f(m.meanStd), 'agent perf.': m.agentPerformance, 'held-out acc. (training)': m.level === 0 ? formatHeldOutAccuracy({ heldOutAccuracy: s.heldOutAccuracy, ...(s.heldOutCounts ? { heldOutScored: s.heldOutCounts.scored, heldOutCorrect: s.heldOutCounts.correct } : {}) }) : '', AUROC: m.level === 0 ? f(s.auroc) : '',
    })),
  );
  return reportPage({
    title: `Distributional shift — ${cfg.envId}`,
    subtitle: o.headline,
    quick,
    cards,
    sections: [
      ...sections,
      { heading: 'Per seed', html: table(perSeed),
        note: `Per-step Pearson and EPIC: exact, over every feasible transition of the enumerated map. Segment accuracy: ${cfg.pairs} random pairs of 25-step segments from ${cfg.episodes} random-policy and ${cfg.episodes} agent episodes per map, strict pairs only; per seed and seeds pooled with pair counts and exact 95% Clopper–Pearson intervals. Agent: the trained deterministic policy, one episode.` },
    ],
    generatedAt: new Date().toISOString(),
  });
}
