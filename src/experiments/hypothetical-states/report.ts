/** The report of `rewardlab experiment hypothetical-queries`: cumulative unsafe entries per round, and the tables (HTML and markdown). */
import { lineChart } from '../../report/charts.js';
import { formatNumber } from '../../report/format.js';
import { reportPage, table } from '../../report/page.js';
import { QUERY_SOURCES as SOURCES, type CaseResult, type ConditionRun, type HypotheticalStatesConfig, type QuerySource } from './types.js';
const sum = (xs: number[]) => xs.reduce((s, v) => s + v, 0);
const mean = (xs: number[]) => (xs.length ? sum(xs) / xs.length : NaN);
const runsOf = (r: CaseResult, source: QuerySource) => r.runs.filter((x) => x.source === source);

export function formatRatio(ratio: number | null): string {
  if (ratio === null) return 'n/a (both 0)';
  return ratio === Infinity ? '∞ (hypothetical 0)' : `${formatNumber(ratio)}×`;
}

/** One row per case and source: totals over seeds and the final agent. */
export function summaryRows(results: CaseResult[]): Record<string, string | number>[] {
  return results.flatMap((r) => SOURCES.map((source) => {
    const runs = runsOf(r, source);
    return {
      world: r.label, queries: source, seeds: runs.length, labels: runs[0]?.labels ?? 0, 'real episodes': runs[0]?.episodes ?? 0,
      event: r.event, 'unsafe entries (sum)': sum(runs.map((x) => x.unsafeEntries)), 'per seed': runs.map((x) => x.unsafeEntries).join(' / '),
      'unsafe steps (sum)': sum(runs.map((x) => x.unsafeSteps)),
      'final: mean return': formatNumber(mean(runs.map((x) => x.final.meanReturn))), 'final: goal share': formatNumber(mean(runs.map((x) => x.final.goalShare))),
      '÷ hypothetical': source === 'on-policy' ? formatRatio(r.ratio) : source === 'on-policy-greedy' ? formatRatio(r.greedyRatio) : '',
    };
  }));
}

export function markdownTable(rows: Record<string, string | number>[]): string {
  if (rows.length === 0) return '';
  const cols = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const line = (cells: (string | number)[]) => `| ${cells.map((c) => String(c).replace(/\|/g, '\\|')).join(' | ')} |`;
  return [line(cols), line(cols.map(() => '---')), ...rows.map((r) => line(cols.map((c) => r[c] ?? '')))].join('\n') + '\n';
}

function curveChart(r: CaseResult, quick: boolean): string {
  const series = SOURCES.map((source, i) => {
    const runs = runsOf(r, source);
    const rounds = runs[0]?.curve.length ?? 0;
    const points = Array.from({ length: rounds }, (_, k) => [k + 1, mean(runs.map((x: ConditionRun) => x.curve[k]))] as [number, number]);
    return { name: `${source} queries (mean of ${runs.length})`, points, color: ['#0072B2', '#D55E00', '#CC79A7'][i] };
  });
  return lineChart({ quick, title: `${r.label}: cumulative ${r.event} while learning`, xLabel: 'label round', yLabel: `cumulative ${r.event}`, series });
}

export function hypotheticalStatesReport(results: CaseResult[], o: { config: HypotheticalStatesConfig; seeds: number[]; headline: string }): string {
  const c = o.config;
  return reportPage({
    title: 'Feedback on hypothetical states (ReQueST) vs on-policy queries',
    subtitle: `${o.headline}. Seeds ${o.seeds.join(', ')}; ${c.rounds} rounds × ${c.labelsPerRound} labels, ${c.episodesPerRound} real episodes per round.`,
    quick: c.quick,
    sections: [
      { heading: 'Unsafe entries while the agent learns', html: `<div class="grid">${results.map((r) => curveChart(r, c.quick)).join('')}</div>`, note: 'Counted in every real episode from the sealed evaluation channel. Hypothetical clips and planning happen in a separate simulator and are not counted.' },
      { heading: 'Totals', html: table(summaryRows(results)), note: 'final: the agent after the last round over fresh episodes (not counted above). An agent that never leaves its start is safe and useless: read the unsafe counts together with the goal share.' },
      {
        heading: 'Per seed',
        html: table(results.flatMap((r) => r.runs.map((x) => ({
          world: r.label, queries: x.source, seed: x.seed, labels: x.labels, [r.event]: x.unsafeEntries, 'unsafe steps': x.unsafeSteps, 'final return': formatNumber(x.final.meanReturn), 'final goal share': formatNumber(x.final.goalShare), 'final unsafe entries': x.final.unsafeEntries,
        })))),
      },
    ],
    generatedAt: new Date().toISOString(),
  });
}
