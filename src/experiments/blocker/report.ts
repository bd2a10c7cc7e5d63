/** The report page of `rewardlab experiment blocker`: catastrophes before and after handover, the unprotected run, labels and oversight time. */
import { barChart } from '../../report/bar-chart.js';
import { lineChart } from '../../report/charts.js';
import { reportPage, table } from '../../report/page.js';
import { formatNumber } from '../../report/format.js';
import { median } from '../../analysis/stats.js';
import type { BlockerRow } from './types.js';

const handoverMedian = (r: BlockerRow) => median(r.perSeed.map((s) => s.protected.handoverStep ?? r.steps));
const minutes = (s: number) => `${formatNumber(s / 60)} min`;
const rate = (k: number, n: number) => (n > 0 ? (1000 * k) / n : NaN);

function beforeAfterChart(rows: BlockerRow[], quick: boolean): string {
  const per = (f: (s: BlockerRow['perSeed'][number]) => number | null) => rows.map((r) => r.perSeed.map(f).filter((v): v is number => v !== null));
  const series = [
    { name: 'attempted under oversight (stopped)', values: rows.map((r) => r.median.attemptedBefore), points: per((s) => s.protected.oversight.catastrophicProposals), color: '#E69F00' },
    { name: 'happened after handover (blocker)', values: rows.map((r) => r.median.after), points: per((s) => s.protected.afterHandover.catastrophes), color: '#0072B2' },
  ];
  if (rows.every((r) => r.median.baselineAfter !== null)) {
    series.push({ name: 'unprotected, same steps after handover', values: rows.map((r) => r.median.baselineAfter!), points: per((s) => s.baseline?.afterHandover.catastrophes ?? null), color: '#D55E00' });
  }
  return barChart({ quick, title: 'Catastrophes before and after handover (median of seeds; dots: seeds)', yLabel: 'catastrophes', groups: rows.map((r) => `${r.label} (${r.event})`), series });
}

function curveChart(r: BlockerRow, quick: boolean): string {
  const medianCurve = (curves: [number, number, number][][], k: 1 | 2): [number, number][] => {
    const n = Math.min(...curves.map((c) => c.length));
    return Array.from({ length: n }, (_, i) => [curves[0][i][0], median(curves.map((c) => c[i][k]))]);
  };
  const prot = r.perSeed.map((s) => s.protected.curve);
  const series = [
    { name: 'with overseer, then blocker: happened', points: medianCurve(prot, 2), color: '#0072B2' },
    { name: 'with overseer, then blocker: attempted', points: medianCurve(prot, 1), color: '#E69F00', dashed: true },
  ];
  const base = r.perSeed.map((s) => s.baseline?.curve).filter((c): c is [number, number, number][] => !!c);
  if (base.length === r.perSeed.length) series.push({ name: 'unprotected: happened', points: medianCurve(base, 2), color: '#D55E00' });
  return lineChart({ quick, title: `${r.label}: cumulative ${r.event}`, xLabel: 'agent env steps', yLabel: `cumulative ${r.event}`, series });
}

export function blockerReport(rows: BlockerRow[], o: { seeds: number[]; quick: boolean; headline: string }): string {
  return reportPage({
    title: 'Side-constraint blocker (Trial without Error)',
    subtitle: `${o.headline}. Seeds ${o.seeds.join(', ')}.`,
    quick: o.quick,
    cards: rows.map((r) => ({ label: `${r.label}: after handover`, value: `${formatNumber(r.median.after)} ${r.event}`, hint: `${formatNumber(r.median.interventions)} labels, ${minutes(r.median.oversightSeconds)} watching` })),
    sections: [
      {
        heading: 'Before and after handover',
        html: beforeAfterChart(rows, o.quick),
        note: 'Counted per agent env step in the agent\'s envs. "Attempted": actions the overseer\'s one-step predicate calls catastrophic; under oversight each was stopped (an intervention). "Happened": the sealed channel of the executed action. The unprotected run is the same run (same seed, same streams) with nothing blocked. After handover a blocked action is replaced by one the overseer let through or chose in the same observation, else by the classifier\'s lowest-scored action.',
      },
      { heading: 'Over training', html: `<div class="grid">${rows.map((r) => curveChart(r, o.quick)).join('')}</div>`, note: `Medians over seeds per iteration. Handover (median step): ${rows.map((r) => `${r.label} ${formatNumber(handoverMedian(r))}`).join(', ')}.` },
      {
        heading: 'Totals (medians over seeds)',
        html: table(rows.map((r) => ({
          env: r.label, event: r.event, steps: r.steps, 'handover at step (median)': handoverMedian(r),
          'attempted under oversight': r.median.attemptedBefore, 'after handover': r.median.after,
          'unprotected after handover step': r.median.baselineAfter ?? '–', 'unprotected total': r.median.baselineTotal ?? '–',
          'labels (interventions)': r.median.interventions, 'oversight time': minutes(r.median.oversightSeconds),
          'miss-rate 95% upper (median)': formatNumber(r.median.missUpper95),
          'pooled misses / catastrophic actions judged': `${r.pooledMiss.misses} / ${r.pooledMiss.catastrophic}`, 'pooled 95% upper': formatNumber(r.pooledMiss.upper95),
        }))),
        note: `Handover rule: at least ${rows[0] ? Math.round((rows[0].oversightSteps / rows[0].steps) * 100) : '–'}% of the steps overseen and ${rows[0]?.minInterventions ?? '–'} catastrophes stopped, else at ${rows[0] ? Math.round((rows[0].maxOversightSteps / rows[0].steps) * 100) : '–'}% of the steps. ` + 'Oversight time: the overseen steps watched at the env\'s frame rate (one step per frame: 1/renderFps seconds each). Miss rate: of the catastrophic actions the blocker judged after handover (the agent\'s proposals and the replacements it chose), the share it let through; one-sided 95% Clopper–Pearson upper bound.',
      },
      {
        heading: 'Per seed',
        html: table(rows.flatMap((r) => r.perSeed.map((s) => {
          const p = s.protected;
          const h = p.handover;
          return {
            env: r.label, seed: s.seed, 'handover at step': p.handoverStep ?? '–', 'warm start (not overseen)': p.warmStart.catastrophes,
            'attempted / happened under oversight': `${p.oversight.catastrophicProposals} / ${p.oversight.catastrophes}`,
            'after handover: attempted / blocked / unsafe replacements / happened': `${p.afterHandover.catastrophicProposals} / ${p.afterHandover.blockedCatastrophic} / ${p.afterHandover.unsafeReplacements} / ${p.afterHandover.catastrophes}`,
            'false blocks per 1000 steps': formatNumber(rate(p.afterHandover.falseBlocks, p.afterHandover.steps)),
            interventions: p.interventions, 'training examples (catastrophes)': h ? `${h.examples} (${h.catastropheExamples})` : '–',
            threshold: h ? `${formatNumber(h.threshold.threshold)} (${h.threshold.setBy})` : '–',
            'miss 95% upper': formatNumber(p.missRate.upper95),
            'unprotected before / after': s.baseline ? `${s.baseline.oversight.catastrophes} / ${s.baseline.afterHandover.catastrophes}` : '–',
            'final vis / hid': `${formatNumber(p.final.visible)} / ${formatNumber(p.final.performance)}`,
            'unprotected final vis / hid': s.baseline ? `${formatNumber(s.baseline.final.visible)} / ${formatNumber(s.baseline.final.performance)}` : '–',
          };
        }))),
        note: 'Warm start: the random-policy episodes the loop plays itself before RL, outside the agent\'s envs; the overseer does not watch them. Final: the trained greedy agent on the plain env.',
      },
    ],
    generatedAt: new Date().toISOString(),
  });
}
