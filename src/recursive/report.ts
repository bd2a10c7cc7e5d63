/**
 * Report pieces shared by the recursive-reward-modeling testbeds (powering, timetable). Each
 * returns trusted HTML/SVG for a `ReportSection` of src/report/page.ts `reportPage`.
 *
 *   levelTable(rows, metrics)        per-level table: each metric measured (median over seeds),
 *                                    its prediction next to it when given, and the seed range
 *   levelChart(rows, metric, frame)  a metric by level: measured (band = seed range) vs predicted
 *   sandwichChart({ conditions })    the "sandwich" bars: unassisted / assisted / full observation
 *                                    (any conditions, in order; one dot per seed over each bar)
 *   groupedSandwichChart({ groups, conditions })  the same with several groups (bars per condition in each)
 *   effortTable(byCondition)         user effort per condition and purpose (LimitedUser.effort())
 *   seedSummary(values)              { median, min, max, runs } of one number over seeds
 *
 *   const rows: LevelRow[] = [{ level: 1, label: 'A1', measured: { error: 0.19 }, predicted: { error: 0.19 }, runs: { error: [...] } }];
 *   sections.push({ heading: 'Error by level', html: levelChart(rows, 'error', { title: 'Error', yLabel: 'error' }) + levelTable(rows, [{ key: 'error', label: 'error' }]) });
 */
import { median } from '../analysis/stats.js';
import { barChart } from '../report/bar-chart.js';
import { lineChart, type Series } from '../report/charts.js';
import { table } from '../report/page.js';
import type { Effort } from './limited-user.js';

export interface SeedSummary {
  median: number;
  min: number;
  max: number;
  runs: number[];
}

export function seedSummary(values: readonly number[]): SeedSummary {
  const finite = values.filter(Number.isFinite);
  return { median: median(finite), min: finite.length ? Math.min(...finite) : NaN, max: finite.length ? Math.max(...finite) : NaN, runs: [...values] };
}

/** One level (depth) of a testbed: metrics measured (median over seeds) and, where the theory says something, predicted. */
export interface LevelRow {
  level: number;
  /** e.g. 'A1 witness finder' or 'σ^(2^k)'. */
  label?: string;
  measured: Record<string, number>;
  predicted?: Record<string, number>;
  /** Per-seed values by metric (for the seed range). */
  runs?: Record<string, number[]>;
}

export interface MetricSpec {
  key: string;
  label: string;
}

/** Columns: level, label, then per metric: measured, predicted (if any row predicts it), seed range (if any row has runs). */
export function levelTable(rows: readonly LevelRow[], metrics: readonly MetricSpec[]): string {
  const cols = ['level', ...(rows.some((r) => r.label) ? ['what'] : [])];
  for (const m of metrics) {
    cols.push(m.label);
    if (rows.some((r) => r.predicted?.[m.key] !== undefined)) cols.push(`${m.label} (predicted)`);
    if (rows.some((r) => (r.runs?.[m.key]?.length ?? 0) > 1)) cols.push(`${m.label} (seed range)`);
  }
  const body = rows.map((r) => {
    const row: Record<string, unknown> = { level: r.level, what: r.label };
    for (const m of metrics) {
      row[m.label] = r.measured[m.key];
      row[`${m.label} (predicted)`] = r.predicted?.[m.key];
      const s = r.runs?.[m.key];
      if (s && s.length > 1) row[`${m.label} (seed range)`] = `${fmt(Math.min(...s))} – ${fmt(Math.max(...s))}`;
    }
    return row;
  });
  return table(body, cols);
}

const fmt = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(3));

/** A metric by level: measured (with the seed range as a band) and predicted (dashed), if given. */
export function levelChart(rows: readonly LevelRow[], metric: string, frame: { title: string; yLabel: string; xLabel?: string; refLines?: { y: number; label: string }[] }): string {
  const measured = rows.filter((r) => Number.isFinite(r.measured[metric]));
  const predicted = rows.filter((r) => Number.isFinite(r.predicted?.[metric]));
  const band = measured.filter((r) => (r.runs?.[metric]?.length ?? 0) > 1).map((r): [number, number, number] => [r.level, Math.min(...r.runs![metric]), Math.max(...r.runs![metric])]);
  const series: Series[] = [{ name: 'measured', points: measured.map((r): [number, number] => [r.level, r.measured[metric]]), band }];
  if (predicted.length) series.push({ name: 'predicted', points: predicted.map((r): [number, number] => [r.level, r.predicted![metric]]), dashed: true });
  return lineChart({ title: frame.title, xLabel: frame.xLabel ?? 'level k', yLabel: frame.yLabel, series, refLines: frame.refLines });
}

/** One condition of the sandwich plot: a median and the per-seed values. */
export interface SandwichCondition {
  name: string;
  value: number;
  runs?: number[];
}

/** The sandwich plot: a bar per condition (in the given order), a dot per seed. */
export function sandwichChart(o: { title: string; yLabel: string; conditions: readonly SandwichCondition[]; refLines?: { y: number; label: string }[]; seriesName?: string }): string {
  return barChart({
    title: o.title,
    yLabel: o.yLabel,
    groups: o.conditions.map((c) => c.name),
    series: [{ name: o.seriesName ?? 'median over seeds (dots: seeds)', values: o.conditions.map((c) => c.value), points: o.conditions.map((c) => c.runs ?? []) }],
    refLines: o.refLines,
  });
}

/** One condition across groups (e.g. helper models or testbeds): a median per group and the per-seed values. */
export interface GroupedCondition {
  name: string;
  values: number[];
  runs?: number[][];
}

/** The sandwich plot per group: one bar per condition inside each group, a dot per seed. */
export function groupedSandwichChart(o: { title: string; yLabel: string; groups: string[]; conditions: readonly GroupedCondition[]; refLines?: { y: number; label: string }[] }): string {
  return barChart({ title: o.title, yLabel: o.yLabel, groups: o.groups, series: o.conditions.map((c) => ({ name: c.name, values: c.values, points: c.runs })), refLines: o.refLines });
}

/** User effort as LimitedUser.effort() returns it. */
export interface EffortSummary {
  byPurpose: Record<string, Effort>;
  total: Effort;
}

/** Rows: condition × purpose (judgements, checks, checks per judgement), then the condition's total. */
export function effortTable(byCondition: Record<string, EffortSummary>): string {
  const rows: Record<string, unknown>[] = [];
  for (const [condition, e] of Object.entries(byCondition)) {
    for (const [purpose, p] of Object.entries(e.byPurpose)) rows.push({ condition, purpose, judgements: p.judgements, checks: p.checks, 'checks / judgement': p.judgements ? p.checks / p.judgements : NaN });
    rows.push({ condition, purpose: 'total', judgements: e.total.judgements, checks: e.total.checks, 'checks / judgement': e.total.judgements ? e.total.checks / e.total.judgements : NaN });
  }
  return table(rows, ['condition', 'purpose', 'judgements', 'checks', 'checks / judgement']);
}
