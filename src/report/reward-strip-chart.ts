/**
 * What the reward model says along an episode, drawn to sit under its clip (Leike et al. 2018
 * §6, interpretability):
 *
 * - `rewardStripChart`: the learned reward per step (ensemble mean line, ±1 sd band across
 *   members) and, on its own axis below, the true reward per step from the sealed evaluation
 *   channel — their units are unrelated, so they never share an axis.
 * - `attributionHeatStrip`: integrated-gradients attributions, one row per input coordinate and
 *   one cell per step, on one symmetric colour scale in reward units.
 * - `partialDependenceChart`: small multiples, one panel per observation dimension, all on ONE
 *   y scale so slopes compare across panels; the band is the ensemble's spread, the ticks under
 *   each curve the deciles of the visited states (where the curve rests on data).
 *
 * Honest axes, like charts.ts: every reward axis includes 0, the x axis is the step index of
 * the whole episode (the strip and the heat strip share it, so step t is at the same x in both),
 * and a quick-mode run's charts say so.
 */
import type { PartialDependenceCurve } from '../analysis/partial-dependence.js';
import { PALETTE, quickMark } from './charts.js';
import { formatNumber } from './format.js';
import { divergingColor } from './reward-map-chart.js';
import { formatTick, linearScale, niceStep } from './scale.js';
import { escapeXml } from './svg.js';

const LEFT = 58;
const RIGHT = 16;
const f1 = (v: number) => v.toFixed(1);

const svgOpen = (w: number, h: number, label: string, cls: string) =>
  `<svg xmlns="http://www.w3.org/2000/svg" class="${cls}" viewBox="0 0 ${w} ${h}" width="${w}" height="${h}" font-family="system-ui, -apple-system, Segoe UI, sans-serif" role="img" aria-label="${escapeXml(label)}"><rect width="${w}" height="${h}" fill="#fff"/>`;

/** x of step t (0-based) of an n-step episode: the centre of its 1/n-wide column of the plot. */
export function stepX(t: number, n: number, width: number): number {
  return LEFT + ((t + 0.5) / n) * (width - LEFT - RIGHT);
}

/** Step ticks along the bottom: nice step numbers 0, 100, 200, … within the episode. */
function stepAxis(n: number, width: number, y: number): string {
  const step = Math.max(1, niceStep(n, 5));
  const out = [`<line x1="${LEFT}" y1="${y}" x2="${width - RIGHT}" y2="${y}" stroke="#888"/>`];
  for (let t = 0; t < n; t += step) {
    const x = f1(stepX(t, n, width));
    out.push(`<line x1="${x}" y1="${y}" x2="${x}" y2="${y + 4}" stroke="#888"/>`, `<text x="${x}" y="${y + 16}" text-anchor="middle" font-size="10" fill="#444">${formatTick(t)}</text>`);
  }
  out.push(`<text x="${(LEFT + width - RIGHT) / 2}" y="${y + 30}" text-anchor="middle" font-size="11" fill="#222">step of the episode</text>`);
  return out.join('');
}

/** One reward panel [top, top + height]: y ticks including 0, the series as a polyline with one point per step, an optional band. */
function rewardPanel(o: { label: string; values: ArrayLike<number>; band?: ArrayLike<number>; color: string; cls: string; top: number; height: number; width: number }): string {
  const n = o.values.length;
  const ys: number[] = [];
  for (let t = 0; t < n; t++) ys.push(o.values[t], ...(o.band ? [o.values[t] - o.band[t], o.values[t] + o.band[t]] : []));
  const bottom = o.top + o.height;
  const y = linearScale(ys, [bottom, o.top + 14], { includeZero: true, count: 3 });
  const parts = [`<text x="${LEFT}" y="${o.top + 9}" font-size="11" fill="#333">${escapeXml(o.label)}</text>`];
  for (const t of y.ticks) {
    const py = f1(y.map(t));
    parts.push(`<line x1="${LEFT}" y1="${py}" x2="${o.width - RIGHT}" y2="${py}" stroke="${t === 0 ? '#999' : '#eee'}"/>`, `<text x="${LEFT - 6}" y="${f1(y.map(t) + 4)}" text-anchor="end" font-size="10" fill="#444">${formatTick(t)}</text>`);
  }
  parts.push(`<line x1="${LEFT}" y1="${bottom}" x2="${LEFT}" y2="${o.top + 14}" stroke="#888"/>`);
  if (o.band && n > 1) {
    const up = Array.from({ length: n }, (_, t) => `${f1(stepX(t, n, o.width))},${f1(y.map(o.values[t] + o.band![t]))}`);
    const down = Array.from({ length: n }, (_, k) => n - 1 - k).map((t) => `${f1(stepX(t, n, o.width))},${f1(y.map(o.values[t] - o.band![t]))}`);
    parts.push(`<polygon class="spread" points="${[...up, ...down].join(' ')}" fill="${o.color}" fill-opacity="0.2" stroke="none"/>`);
  }
  const pts = Array.from({ length: n }, (_, t) => `${f1(stepX(t, n, o.width))},${f1(y.map(o.values[t]))}`);
  parts.push(n === 1 ? `<circle class="${o.cls}" cx="${pts[0].split(',')[0]}" cy="${pts[0].split(',')[1]}" r="2" fill="${o.color}"/>` : `<polyline class="${o.cls}" points="${pts.join(' ')}" fill="none" stroke="${o.color}" stroke-width="1.5"/>`);
  return parts.join('');
}

export interface RewardStripOptions {
  title: string;
  /** Learned reward per step: the ensemble mean (standardised units). */
  mean: ArrayLike<number>;
  /** Its spread per step: the standard deviation across ensemble members. */
  std: ArrayLike<number>;
  /** True reward per step (from the sealed evaluation channel), drawn on its own axis. Default none. */
  trueReward?: ArrayLike<number>;
  /** Width in px (the clip's, so steps line up under it). Default 480. */
  width?: number;
  quick?: boolean;
}

/** The learned reward along an episode, with its ensemble spread, and the true reward on its own axis. */
export function rewardStripChart(o: RewardStripOptions): string {
  const w = o.width ?? 480;
  const n = o.mean.length;
  const learnedH = 96;
  const trueH = o.trueReward ? 64 : 0;
  const top = 26;
  const axisY = top + learnedH + (trueH ? 8 + trueH : 0) + 4;
  const h = axisY + 36;
  const parts = [svgOpen(w, h, o.title, 'reward-strip'), `<text x="${LEFT}" y="16" font-size="13" font-weight="600" fill="#111">${escapeXml(o.title)}</text>`];
  parts.push(rewardPanel({ label: 'learned reward: ensemble mean ± 1 sd (standardised)', values: o.mean, band: o.std, color: PALETTE[1], cls: 'learned-reward', top, height: learnedH, width: w }));
  if (o.trueReward) parts.push(rewardPanel({ label: 'true reward (hidden from the learner; own axis)', values: o.trueReward, color: PALETTE[2], cls: 'true-reward', top: top + learnedH + 8, height: trueH, width: w }));
  parts.push(stepAxis(n, w, axisY));
  if (n === 0) parts.push(`<text x="${w / 2}" y="${top + learnedH / 2}" text-anchor="middle" font-size="12" fill="#999">no steps</text>`);
  if (o.quick) parts.push(quickMark(LEFT, w - RIGHT, top, axisY));
  return `${parts.join('')}</svg>`;
}

export interface AttributionStripOptions {
  title: string;
  /** One name per input coordinate (rows, top to bottom). */
  labels: readonly string[];
  /** Per step, the attribution of each coordinate (in the reward's unit). */
  values: readonly ArrayLike<number>[];
  /** Width in px; the same as the reward strip's puts step t at the same x. Default 480. */
  width?: number;
  /** A line under the colour bar, e.g. the baseline and completeness gap. */
  caption?: string;
  quick?: boolean;
}

const ROW = 14;
/** Colour levels per side of the attribution scale. */
const LEVELS = 10;

/**
 * Attributions as a heat strip: coordinate × step, blue negative, red positive, one scale
 * (±max |attribution|) in 21 colour levels; consecutive steps at one level share one cell.
 */
export function attributionHeatStrip(o: AttributionStripOptions): string {
  const w = o.width ?? 480;
  const n = o.values.length;
  const d = o.labels.length;
  const top = 26;
  const axisY = top + d * ROW + 2;
  const barY = axisY + 40;
  const h = barY + (o.caption ? 40 : 26);
  let scale = 0;
  for (const v of o.values) for (let j = 0; j < d; j++) scale = Math.max(scale, Math.abs(v[j]));
  const parts = [svgOpen(w, h, o.title, 'attribution-strip'), `<text x="${LEFT}" y="16" font-size="13" font-weight="600" fill="#111">${escapeXml(o.title)}</text>`];
  const cell = (w - LEFT - RIGHT) / Math.max(1, n);
  o.labels.forEach((label, j) => {
    const y = top + j * ROW;
    parts.push(`<text x="${LEFT - 6}" y="${y + ROW - 3}" text-anchor="end" font-size="10" fill="#333">${escapeXml(label)}</text>`);
    // Colours in 21 levels (±10 per side); a run of steps at one level is one cell.
    const level = (t: number) => (scale > 0 ? Math.round((o.values[t][j] / scale) * LEVELS) : 0);
    for (let t = 0; t < n; ) {
      const k = level(t);
      let end = t + 1;
      while (end < n && level(end) === k) end++;
      parts.push(`<rect class="attr" x="${(LEFT + t * cell).toFixed(2)}" y="${y}" width="${((end - t) * cell).toFixed(2)}" height="${ROW - 1}" fill="${divergingColor((k / LEVELS) * scale, scale)}"/>`);
      t = end;
    }
  });
  parts.push(stepAxis(n, w, axisY));
  const barW = Math.min(220, w - LEFT - RIGHT);
  for (let i = 0; i < 11; i++) parts.push(`<rect x="${f1(LEFT + (i * barW) / 11)}" y="${barY}" width="${f1(barW / 11 + 0.5)}" height="8" fill="${divergingColor(-scale + (2 * scale * i) / 10, scale)}"/>`);
  parts.push(
    `<text x="${LEFT}" y="${barY + 19}" font-size="10" fill="#444">${escapeXml(`−${formatNumber(scale)}`)}</text>`,
    `<text x="${f1(LEFT + barW / 2)}" y="${barY + 19}" font-size="10" fill="#444" text-anchor="middle">0</text>`,
    `<text x="${f1(LEFT + barW)}" y="${barY + 19}" font-size="10" fill="#444" text-anchor="end">${escapeXml(`+${formatNumber(scale)}`)}</text>`,
    `<text x="${f1(LEFT + barW + 8)}" y="${barY + 8}" font-size="10" fill="#444">reward units</text>`,
  );
  if (o.caption) parts.push(`<text x="${LEFT}" y="${barY + 34}" font-size="10" fill="#555">${escapeXml(o.caption)}</text>`);
  if (o.quick) parts.push(quickMark(LEFT, w - RIGHT, top, axisY));
  return `${parts.join('')}</svg>`;
}

export interface PartialDependenceChartOptions {
  title: string;
  curves: readonly PartialDependenceCurve[];
  /** Name of each observation dimension, indexed by `curve.dim`. */
  labels: readonly string[];
  /** Panels per row. Default 2. */
  columns?: number;
  /** Width of the whole chart in px. Default 560. */
  width?: number;
  quick?: boolean;
}

/** One panel per dimension, one shared y scale (with 0), band = ensemble spread, ticks = deciles of the visited states. */
export function partialDependenceChart(o: PartialDependenceChartOptions): string {
  const w = o.width ?? 560;
  const cols = Math.max(1, Math.min(o.columns ?? 2, o.curves.length || 1));
  const rows = Math.ceil(o.curves.length / cols);
  const panelW = w / cols;
  const panelH = 150;
  const top = 54;
  const h = top + rows * panelH;
  const all = o.curves.flatMap((c) => c.mean.flatMap((m, g) => [m - c.spread[g], m + c.spread[g]]));
  const plotTop = 22;
  const plotBottom = panelH - 40;
  const y = linearScale(all, [plotBottom, plotTop], { includeZero: true, count: 4 });
  const samples = o.curves[0]?.samples ?? 0;
  const parts = [
    svgOpen(w, h, o.title, 'partial-dependence'),
    `<text x="10" y="16" font-size="13" font-weight="600" fill="#111">${escapeXml(o.title)}</text>`,
    `<text x="10" y="31" font-size="11" fill="#444">${escapeXml(`learned reward (standardised), averaged over ${formatNumber(samples)} visited transitions`)}</text>`,
    `<text x="10" y="45" font-size="11" fill="#444">${escapeXml('band: ±1 sd across ensemble members · ticks: deciles of the visited values')}</text>`,
  ];
  o.curves.forEach((c, k) => {
    const ox = (k % cols) * panelW;
    const oy = top + Math.floor(k / cols) * panelH;
    const x0 = ox + 46;
    const x1 = ox + panelW - 12;
    const x = linearScale(c.grid, [x0, x1], { count: 4 });
    const py = (v: number) => f1(oy + y.map(v));
    parts.push(`<g class="pd-panel">`, `<text x="${x0}" y="${oy + 14}" font-size="11" font-weight="600" fill="#222">${escapeXml(o.labels[c.dim] ?? `obs[${c.dim}]`)}</text>`);
    for (const t of y.ticks) parts.push(`<line x1="${x0}" y1="${py(t)}" x2="${x1}" y2="${py(t)}" stroke="${t === 0 ? '#999' : '#eee'}"/>`, `<text x="${x0 - 5}" y="${f1(oy + y.map(t) + 4)}" text-anchor="end" font-size="10" fill="#444">${formatTick(t)}</text>`);
    const base = oy + plotBottom;
    parts.push(`<line x1="${x0}" y1="${base}" x2="${x1}" y2="${base}" stroke="#888"/>`);
    for (const t of x.ticks) parts.push(`<text x="${f1(x.map(t))}" y="${base + 24}" text-anchor="middle" font-size="10" fill="#444">${formatTick(t)}</text>`);
    for (const q of c.deciles) parts.push(`<line class="decile" x1="${f1(x.map(q))}" y1="${base}" x2="${f1(x.map(q))}" y2="${base + 7}" stroke="#333"/>`);
    if (c.grid.length > 1) {
      const up = c.grid.map((v, g) => `${f1(x.map(v))},${py(c.mean[g] + c.spread[g])}`);
      const down = [...c.grid.keys()].reverse().map((g) => `${f1(x.map(c.grid[g]))},${py(c.mean[g] - c.spread[g])}`);
      parts.push(`<polygon class="spread" points="${[...up, ...down].join(' ')}" fill="${PALETTE[1]}" fill-opacity="0.2" stroke="none"/>`);
      parts.push(`<polyline class="pd-curve" points="${c.grid.map((v, g) => `${f1(x.map(v))},${py(c.mean[g])}`).join(' ')}" fill="none" stroke="${PALETTE[1]}" stroke-width="2"/>`);
    } else parts.push(`<circle class="pd-curve" cx="${f1(x.map(c.grid[0]))}" cy="${py(c.mean[0])}" r="3" fill="${PALETTE[1]}"/><text x="${x0 + 4}" y="${base - 6}" font-size="10" fill="#777">constant in the sample</text>`);
    parts.push('</g>');
  });
  if (o.quick) parts.push(quickMark(0, w, top, h));
  return `${parts.join('')}</svg>`;
}
