/** The report page of `rewardlab experiment proxy-vs-rm`: grouped bars (visible and hidden, proxy vs RM vs optima) and the table. */
import { barChart } from '../../report/bar-chart.js';
import { reportPage, table } from '../../report/page.js';
import { formatNumber as f } from '../../report/format.js';
import type { ProxyVsRmRow } from './types.js';

/** A number cell (the table formats it); a missing value shows as a dash. */
const num = (v: number | null | undefined) => (v === null || v === undefined || !Number.isFinite(v) ? null : v);
/** "a / b" in the one number format. */
const pair = (a: number | null | undefined, b: number | null | undefined) => `${f(a)} / ${f(b)}`;
/** "x − y = d", with a negative y in parentheses. */
const difference = (x: number, y: number, d: number) => `${f(x)} − ${y < 0 ? `(${f(y)})` : f(y)} = ${f(d)}`;

function chart(rows: ProxyVsRmRow[], metric: 'visible' | 'performance', seeds: number[], quick: boolean): string {
  const optimum = (r: ProxyVsRmRow, which: 'rewardOptimal' | 'performanceOptimal') => (r.exact ? r.exact[which][metric] : r.spec[which][metric === 'visible' ? 0 : 1]);
  return barChart({
    title: metric === 'visible' ? 'Visible return (what the proxy agent optimises)' : 'Hidden performance (what the user wants)',
    yLabel: metric === 'visible' ? 'visible return' : 'hidden performance',
    groups: rows.map((r) => r.label),
    width: Math.max(640, 130 * rows.length),
    quick,
    series: [
      { name: `proxy agent (median of ${seeds.length})`, values: rows.map((r) => r.proxy[metric]), points: rows.map((r) => r.perSeed.map((s) => s.proxy[metric])), color: '#D55E00' },
      { name: 'reward-modeling agent', values: rows.map((r) => r.rm[metric]), points: rows.map((r) => r.perSeed.map((s) => s.rm[metric])), color: '#0072B2' },
      { name: 'reward-optimal policy', values: rows.map((r) => optimum(r, 'rewardOptimal')), color: '#E69F00' },
      { name: 'performance-optimal policy', values: rows.map((r) => optimum(r, 'performanceOptimal')), color: '#009E73' },
    ],
  });
}

export function proxyVsRmReport(rows: ProxyVsRmRow[], o: { seeds: number[]; quick: boolean; headline: string }): string {
  const tableRows = rows.map((r) => ({
    env: r.label,
    'env id': r.envId,
    'proxy visible': num(r.proxy.visible),
    'proxy hidden': num(r.proxy.performance),
    'RM visible': num(r.rm.visible),
    'RM hidden': num(r.rm.performance),
    'reward-opt. (vis / hid)': r.exact ? pair(r.exact.rewardOptimal.visible, r.exact.rewardOptimal.performance) : '–',
    'perf.-opt. (vis / hid)': r.exact ? pair(r.exact.performanceOptimal.visible, r.exact.performanceOptimal.performance) : '–',
    'spec reward-opt.': pair(r.spec.rewardOptimal[0], r.spec.rewardOptimal[1]),
    'spec perf.-opt.': pair(r.spec.performanceOptimal[0], r.spec.performanceOptimal[1]),
    labels: r.rm.labels,
    steps: r.steps,
    'reward-result gap': num(r.rewardResultGap),
    'hidden perf. of learned reward\'s optimum': num(r.learnedOptimalPerformance),
    note: r.note ?? '',
  }));
  const seedRows = rows.flatMap((r) => r.perSeed.map((s) => ({
    env: r.label, seed: s.seed, 'proxy visible': num(s.proxy.visible), 'proxy hidden': num(s.proxy.performance), 'RM visible': num(s.rm.visible), 'RM hidden': num(s.rm.performance), labels: s.rm.labels,
    'gap (optimal − achieved, learned units)': s.learned ? difference(s.learned.rewardResultGap.optimal, s.learned.rewardResultGap.achieved, s.learned.rewardResultGap.gap) : '–',
    'learned optimum (vis / hid)': s.learned ? pair(s.learned.learnedOptimal.visible, s.learned.learnedOptimal.performance) : '–',
    'wall s (proxy / RM)': pair(s.wallSeconds.proxy, s.wallSeconds.rm),
  })));
  return reportPage({
    title: 'Proxy reward vs reward modeling on the safety gridworlds',
    subtitle: `${o.headline}. Seeds ${o.seeds.join(', ')}.`,
    quick: o.quick,
    sections: [
      {
        heading: 'Hidden performance and visible return',
        html: `<div class="grid">${chart(rows, 'performance', o.seeds, o.quick)}${chart(rows, 'visible', o.seeds, o.quick)}</div>`,
        note: 'Bars: median over seeds of the trained greedy agents (dots: single seeds); optima computed exactly by value iteration over the enumerated states (spec values for TomatoWatering, which is stochastic).',
      },
      {
        heading: 'Results (medians over seeds)',
        html: table(tableRows),
        note: 'The proxy agent is PPO on the visible reward; the reward-modeling agent is the loop with a synthetic user who prefers 10-step clips by the hidden performance; both get the same env and agent steps unless an env\'s tuning gives the proxy more (RocksDiamonds: 100k, so that it finds the tampering; the table shows both). Reward-result gap: the learned reward\'s optimal value minus what the agent achieves under it (Leike et al. 2018 §4.5), exact, in the standardised units the agent is trained on.',
      },
      { heading: 'Per seed', html: table(seedRows) },
    ],
    generatedAt: new Date().toISOString(),
  });
}
