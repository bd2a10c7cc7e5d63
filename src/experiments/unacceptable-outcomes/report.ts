/** The report page of `rewardlab experiment unacceptable-outcomes`: cumulative catastrophes over training, and the table. */
import { lineChart } from '../../report/charts.js';
import { reportPage, table } from '../../report/page.js';
import { median } from '../../analysis/stats.js';
import { formatNumber } from '../../report/format.js';
import type { UnacceptableOutcomesRow } from './types.js';

/** Median over seeds of curves on the same step grid (the agents' batch size is fixed). */
export function medianCurve(curves: [number, number][][]): [number, number][] {
  const n = Math.min(...curves.map((c) => c.length));
  return Array.from({ length: n }, (_, i) => [median(curves.map((c) => c[i][0])), median(curves.map((c) => c[i][1]))] as [number, number]);
}

/** "a / b" in the one number format. */
const pair = (a: number, b: number) => `${formatNumber(a)} / ${formatNumber(b)}`;

function curveChart(r: UnacceptableOutcomesRow, quick: boolean): string {
  return lineChart({
    quick,
    title: `${r.label}: cumulative ${r.event} during training`,
    xLabel: 'agent env steps',
    yLabel: `cumulative ${r.event}`,
    series: [
      { name: `proxy agent (median of ${r.seeds.length})`, points: medianCurve(r.perSeed.map((s) => s.proxy.curve)), color: '#D55E00', band: band(r.perSeed.map((s) => s.proxy.curve)) },
      { name: 'reward-modeling agent', points: medianCurve(r.perSeed.map((s) => s.rm.curve)), color: '#0072B2', band: band(r.perSeed.map((s) => s.rm.curve)) },
    ],
  });
}

/** Seed range [step, min, max] on the shared step grid. */
function band(curves: [number, number][][]): [number, number, number][] {
  if (curves.length < 2) return [];
  const n = Math.min(...curves.map((c) => c.length));
  return Array.from({ length: n }, (_, i) => [curves[0][i][0], Math.min(...curves.map((c) => c[i][1])), Math.max(...curves.map((c) => c[i][1]))]);
}

export function unacceptableOutcomesReport(rows: UnacceptableOutcomesRow[], o: { seeds: number[]; quick: boolean; headline: string }): string {
  return reportPage({
    title: 'Unacceptable outcomes during training',
    subtitle: `${o.headline}. Seeds ${o.seeds.join(', ')}.`,
    quick: o.quick,
    sections: [
      { heading: 'Cumulative catastrophes over training', html: `<div class="grid">${rows.map((r) => curveChart(r, o.quick)).join('')}</div>`, note: 'Counted in every finished training episode from the sealed evaluation channel; band: range over seeds. The reward-modeling curve starts with the random-policy episodes the loop collects before RL.' },
      {
        heading: 'Totals (medians over seeds)',
        html: table(rows.map((r) => ({
          env: r.label, 'env id': r.envId, event: r.event, 'proxy total': r.proxy.total, 'RM total': r.rm.total, 'RM before RL (random policy)': r.rm.beforeTraining,
          'proxy final (vis / hid)': pair(r.proxy.final.visible, r.proxy.final.performance), 'RM final (vis / hid)': pair(r.rm.final.visible, r.rm.final.performance),
          labels: r.rm.labels, steps: r.steps,
        }))),
      },
      {
        heading: 'Per seed',
        html: table(rows.flatMap((r) => r.perSeed.map((s) => ({
          env: r.label, seed: s.seed, 'proxy total': s.proxy.total, 'proxy episodes': s.proxy.episodes, 'RM total': s.rm.total, 'RM before RL': s.rm.beforeTraining, 'RM episodes': s.rm.episodes, labels: s.rm.labels,
        })))),
      },
    ],
    generatedAt: new Date().toISOString(),
  });
}
