/** The frozen-hacking report: learned return and hidden performance over training, frozen vs online, per seed and as medians. */
import { lineChart, PALETTE, type Series } from '../../report/charts.js';
import { reportPage, table } from '../../report/page.js';
import { median } from '../../analysis/stats.js';
import { formatNumber } from '../../report/format.js';
import type { CurvePoint } from '../kit/frozen-model.js';
import type { FrozenHackingConfig, SeedResult } from './types.js';

/** Median over seeds at each evaluation index, with the seed range as a band. */
function medianSeries(name: string, curves: CurvePoint[][], pick: (p: CurvePoint) => number, color: string, dashed = false): Series {
  const len = Math.min(...curves.map((c) => c.length));
  const points: [number, number][] = [];
  const band: [number, number, number][] = [];
  for (let i = 0; i < len; i++) {
    const ys = curves.map((c) => pick(c[i]));
    const x = curves[0][i].step;
    points.push([x, median(ys)]);
    band.push([x, Math.min(...ys), Math.max(...ys)]);
  }
  return { name, points, band: curves.length > 1 ? band : undefined, color, dashed };
}

/** The one number format; 'n/a' for what was not measured. */
const fmt = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? formatNumber(v) : 'n/a');

export function frozenHackingReport(o: { cfg: FrozenHackingConfig; summary: Record<string, unknown>; seeds: SeedResult[]; headline: string; quick?: boolean }): string {
  const quick = o.quick ?? false;
  const { cfg, summary, seeds } = o;
  const frozen = seeds.map((s) => s.frozen.curve);
  const online = seeds.map((s) => s.online.curve);
  const range = summary.performanceRange as { min: number; max: number } | null;
  // The axis spans the exact performance range (value iteration); the optimum is the solid line.
  const perfRange = range ? { yRange: { min: range.min, max: range.max }, optimum: { y: range.max, label: `performance-optimal ${formatNumber(range.max)}` } } : {};
  const perf = lineChart({
    title: 'Hidden performance over training', xLabel: 'agent env steps', yLabel: 'hidden performance per episode', quick,
    series: [medianSeries('frozen model', frozen, (p) => p.performance, PALETTE[1]), medianSeries('online feedback', online, (p) => p.performance, PALETTE[0], true)], ...perfRange,
  });
  const learned = lineChart({
    title: 'Return under the learned reward', xLabel: 'agent env steps', yLabel: 'learned return (standardised units)', quick,
    series: [medianSeries('frozen model', frozen, (p) => p.learnedReturn, PALETTE[1]), medianSeries('online feedback (current model)', online, (p) => p.learnedReturn, PALETTE[0], true)],
  });
  const perCondition = (which: 'frozen' | 'online') =>
    lineChart({
      title: `${which === 'frozen' ? 'Frozen model' : 'Online feedback'}: both curves, seed by seed`, xLabel: 'agent env steps', yLabel: 'value', width: 520, height: 300, quick,
      series: seeds.flatMap((s, i) => [
        { name: `perf s${s.seed}`, points: s[which].curve.map((p) => [p.step, p.performance] as [number, number]), color: PALETTE[(2 * i) % PALETTE.length] },
        { name: `learned s${s.seed}`, points: s[which].curve.map((p) => [p.step, p.learnedReturn] as [number, number]), color: PALETTE[(2 * i) % PALETTE.length], dashed: true },
      ]),
    });
  const rows = seeds.flatMap((s) =>
    (['frozen', 'online'] as const).map((w) => {
      const c = s[w];
      return {
        seed: s.seed, condition: w, labels: c.labels, 'gap opened': c.onset.opened ? 'yes' : 'no', 'onset step': c.onset.step ?? '–', 'prefers agent (exact)': c.exact ? (c.exact.prefersAgent ? 'yes' : 'no') : 'n/a', 'preferred from step': c.onset.preferredFrom ?? '–',
        'peak perf.': c.onset.peakPerformance, 'peak step': c.onset.peakStep, 'final perf.': c.onset.finalPerformance, 'final learned': c.onset.finalLearned,
        'EPIC to hidden': c.exact ? fmt(c.exact.epicVsHidden) : 'n/a', 'reward-result gap': c.exact ? fmt(c.exact.rewardResultGap.gap) : 'n/a',
        'perf. of learned-optimal policy': c.exact ? c.exact.learnedOptimal.performance : 'n/a',
      };
    }),
  );
  return reportPage({
    title: `Reward hacking of a frozen reward model — ${cfg.envId}`,
    subtitle: o.headline,
    quick,
    cards: [
      { label: 'gap opened (frozen)', value: `${summary.frozenOpened}/${seeds.length}`, hint: summary.frozenOnsetStep !== null ? `median onset ${fmt(summary.frozenOnsetStep)} steps` : 'no onset' },
      { label: 'gap opened (online)', value: `${summary.onlineOpened}/${seeds.length}` },
      { label: 'model prefers agent to intended', value: `${summary.frozenPreferred} / ${summary.onlinePreferred} of ${seeds.length}`, hint: 'frozen / online, exact, at the end' },
      { label: 'final perf. frozen / online', value: `${fmt(summary.frozenFinalPerformance)} / ${fmt(summary.onlineFinalPerformance)}`, hint: range ? `range ${formatNumber(range.min)} … ${formatNumber(range.max)}` : undefined },
      { label: 'EPIC to hidden frozen / online', value: `${fmt(summary.frozenEpic)} / ${fmt(summary.onlineEpic)}`, hint: `visible reward: ${fmt(summary.epicVisibleVsHidden)}` },
    ],
    sections: [
      { heading: 'Hidden performance and learned return (median over seeds, band = seed range)', html: `<div class="grid">${perf}${learned}</div>`,
        note: `Frozen: a fresh PPO agent trained ${cfg.longSteps} steps on the reward model of a ${cfg.trainSteps}-step loop run with ${cfg.labels} labels (no more feedback). Online: the ordinary loop for the same ${cfg.longSteps} steps and ${cfg.labels} labels. Evaluations: deterministic policy, fixed seeds. Learned return: the reward model's output standardised to mean 0, std 1 per ensemble member over a sample of labelled clips when it was last trained, summed over an episode. The frozen model is one model, so its curve is in one unit; the online curve is in the unit of the model current at each evaluation (the loop retrains and re-standardises it after every round of labels), so its points are comparable only while no labels arrive.` },
      { heading: 'Both curves per condition', html: `<div class="grid">${perCondition('frozen')}${perCondition('online')}</div>`, note: 'Solid: hidden performance; dashed: learned return (standardised units, its own scale; online: the unit of the model current at that evaluation).' },
      { heading: 'Per seed', html: table(rows),
        note: 'Gap criterion: the first evaluation after which hidden performance stays at least 25% of the performance range below its running peak while the learned return stays at or above its value at that peak. "Prefers agent": the model gives the agent\'s final policy at least the learned return of the performance-optimal policy while the agent performs at least 25% of the range below the optimum (exact); "preferred from": the first evaluation from which that holds to the end (frozen model only: the online model changes). EPIC, reward-result gap and the learned-optimal policy\'s performance are exact on the enumerated gridworld (src/analysis/exact).' },
    ],
    generatedAt: new Date().toISOString(),
  });
}
