/**
 * The dashboard's data: every metrics point of the run (merged by iteration from whatever the
 * `metrics()` callback returns, so a caller that keeps only its latest points still yields the
 * whole history), downsampled for drawing, and one chart per quantity on its own axis: the
 * true return (hidden from the agent), the return under the learned reward (its own arbitrary
 * units), and held-out accuracy against the number of labels.
 */
import { lineChart } from '../report/charts.js';
import type { MetricsPoint } from './protocol.js';

/** Points drawn per chart and sent per status at most. */
export const MAX_DRAWN = 240;

export class MetricsLog {
  private readonly byIteration = new Map<number, MetricsPoint>();
  private sorted: MetricsPoint[] = [];

  constructor(private readonly source?: () => MetricsPoint[]) {}

  /** All points so far, in iteration order. */
  all(): MetricsPoint[] {
    const got = this.source?.() ?? [];
    let changed = false;
    for (const m of got) {
      const had = this.byIteration.get(m.iteration);
      if (had && had.globalStep === m.globalStep && had.labels === m.labels) continue;
      this.byIteration.set(m.iteration, m);
      changed = true;
    }
    if (changed) this.sorted = [...this.byIteration.values()].sort((a, b) => a.iteration - b.iteration);
    return this.sorted;
  }
}

/** At most `max` points, evenly spread, always keeping the first and the last. */
export function downsample<T>(xs: T[], max = MAX_DRAWN): T[] {
  if (xs.length <= max) return xs;
  const out: T[] = [];
  for (let i = 0; i < max; i++) out.push(xs[Math.round((i * (xs.length - 1)) / (max - 1))]);
  return out;
}

export type ChartName = 'true' | 'learned' | 'accuracy';
export const CHART_NAMES: readonly ChartName[] = ['true', 'learned', 'accuracy'];

export function dashboardChart(which: ChartName, all: MetricsPoint[]): string {
  const m = downsample(all);
  const frame = { width: 470, height: 260 };
  const n = (k: keyof MetricsPoint) => all.filter((x) => x[k] !== null).length;
  if (which === 'true') {
    return lineChart({
      ...frame, title: `True return (hidden from the agent) · ${n('trueReturn')} evaluations`, xLabel: 'agent env steps', yLabel: 'true return per episode',
      series: [{ name: 'true return', points: m.filter((x) => x.trueReturn !== null).map((x) => [x.globalStep, x.trueReturn!]) }],
    });
  }
  if (which === 'learned') {
    return lineChart({
      ...frame, title: `Return under the learned reward · ${n('learnedReturn')} evaluations`, xLabel: 'agent env steps', yLabel: 'learned return (arbitrary units)',
      series: [{ name: 'learned return', points: m.filter((x) => x.learnedReturn !== null).map((x) => [x.globalStep, x.learnedReturn!]), color: '#D55E00', dashed: true }],
    });
  }
  const last = all.at(-1);
  return lineChart({
    ...frame, title: `Held-out accuracy of the reward model · ${last?.labels ?? 0} labels`, xLabel: 'labels used for training', yLabel: 'held-out accuracy',
    series: [{ name: 'held-out accuracy', points: m.filter((x) => x.heldOutAccuracy !== null).map((x) => [x.labels, x.heldOutAccuracy!]), color: '#009E73' }],
  });
}
