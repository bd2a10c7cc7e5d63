/**
 * Hand-written SVG charts for reports and the dashboard: self-contained, legible, escaped.
 * lineChart (series + optional bands + reference lines) and scatterChart (with a
 * least-squares line, Pearson r and how many distinct points it rests on) — the plots of
 * Leike et al. 2018 Figs. 4–5. Charts that do not mislead: the y axis of a line chart starts at
 * the env's minimum (`yRange`) or at 0, the optimum is a solid line (`optimum`), and a chart
 * of a quick-mode run says so across its plot (`quick`).
 */
import { escapeXml } from './svg.js';
import { pearson } from '../analysis/stats.js';
import { formatNumber } from './format.js';
import { formatTick, linearScale, type Scale } from './scale.js';

/** Colour-blind-safe palette (Okabe–Ito). */
export const PALETTE = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000'];

export interface Series {
  name: string;
  points: [number, number][];
  color?: string;
  dashed?: boolean;
  /** Shaded band [x, lo, hi] (e.g. ensemble spread, seed range). */
  band?: [number, number, number][];
  /** Break the line at non-finite points instead of joining across them (e.g. where the unit changes). */
  gaps?: boolean;
}

export interface ChartFrame {
  title: string;
  xLabel: string;
  yLabel: string;
  width?: number;
  height?: number;
  /** A quick-mode (tiny-budget) run: the chart carries a QUICK MODE mark across its plot. */
  quick?: boolean;
}

/** The quick-mode watermark over the plot area [x0, x1] × [yTop, yBottom]. */
export function quickMark(x0: number, x1: number, yTop: number, yBottom: number): string {
  const cx = ((x0 + x1) / 2).toFixed(1);
  const cy = ((yTop + yBottom) / 2).toFixed(1);
  return `<text class="quick-mark" x="${cx}" y="${cy}" text-anchor="middle" dominant-baseline="middle" font-size="28" font-weight="700" fill="#C00000" fill-opacity="0.22" transform="rotate(-12 ${cx} ${cy})">QUICK MODE · not a result</text>`;
}

export interface LineChartOptions extends ChartFrame {
  series: Series[];
  /** Horizontal reference lines, e.g. { y: 500, label: 'PPO on true reward' }. */
  refLines?: { y: number; label: string }[];
  /**
   * The range the y axis must cover, e.g. the env's return range: the axis starts at `min` and
   * reaches `max`. Default: the data, with 0 included (the axis starts at 0 or below).
   */
  yRange?: { min: number; max: number };
  /** The optimum, drawn as a solid green line with its label, e.g. { y: 500, label: 'optimum 500' }. */
  optimum?: { y: number; label: string };
  /** Vertical markers, e.g. where the reward model changed. */
  vLines?: { x: number; label?: string }[];
}

const M = { top: 50, right: 16, bottom: 44, left: 58 };

function axes(x: Scale, y: Scale, f: ChartFrame, w: number, h: number): string[] {
  const out: string[] = [];
  const [x0, x1] = x.range;
  const [y0, y1] = y.range;
  for (const t of y.ticks) {
    const py = y.map(t);
    out.push(`<line x1="${x0}" y1="${py}" x2="${x1}" y2="${py}" stroke="#e5e5e5"/>`, `<text x="${x0 - 6}" y="${py + 4}" text-anchor="end" font-size="11" fill="#444">${formatTick(t)}</text>`);
  }
  for (const t of x.ticks) {
    const px = x.map(t);
    out.push(`<line x1="${px}" y1="${y0}" x2="${px}" y2="${y0 + 4}" stroke="#888"/>`, `<text x="${px}" y="${y0 + 17}" text-anchor="middle" font-size="11" fill="#444">${formatTick(t)}</text>`);
  }
  out.push(`<line x1="${x0}" y1="${y0}" x2="${x1}" y2="${y0}" stroke="#888"/>`, `<line x1="${x0}" y1="${y0}" x2="${x0}" y2="${y1}" stroke="#888"/>`);
  out.push(`<text x="${(x0 + x1) / 2}" y="${h - 8}" text-anchor="middle" font-size="12" fill="#222">${escapeXml(f.xLabel)}</text>`);
  out.push(`<text transform="translate(14 ${(y0 + y1) / 2}) rotate(-90)" text-anchor="middle" font-size="12" fill="#222">${escapeXml(f.yLabel)}</text>`);
  out.push(`<text x="${M.left}" y="20" font-size="14" font-weight="600" fill="#111">${escapeXml(f.title)}</text>`);
  void w;
  return out;
}

type LegendItem = { name: string; color: string; dashed?: boolean };

/** Legend entries under the title, left-aligned with the plot, in as many rows as `width` needs. */
function legendRows(items: LegendItem[], width: number): LegendItem[][] {
  const rows: LegendItem[][] = [[]];
  let x = M.left;
  for (const it of items) {
    const wItem = 32 + it.name.length * 6.2;
    if (rows[rows.length - 1].length && x + wItem > width - M.right) {
      rows.push([]);
      x = M.left;
    }
    rows[rows.length - 1].push(it);
    x += wItem;
  }
  return rows;
}

function legend(rows: LegendItem[][]): string[] {
  const out: string[] = [];
  rows.forEach((row, r) => {
    let x = M.left;
    const y = 34 + 14 * r;
    for (const it of row) {
      out.push(`<line x1="${x}" y1="${y}" x2="${x + 16}" y2="${y}" stroke="${it.color}" stroke-width="3"${it.dashed ? ' stroke-dasharray="5 3"' : ''}/>`, `<text x="${x + 20}" y="${y + 4}" font-size="11" fill="#333">${escapeXml(it.name)}</text>`);
      x += 32 + it.name.length * 6.2;
    }
  });
  return out;
}

const svgOpen = (w: number, h: number, title: string) =>
  `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${w} ${h}" width="${w}" height="${h}" font-family="system-ui, -apple-system, Segoe UI, sans-serif" role="img" aria-label="${escapeXml(title)}"><rect width="${w}" height="${h}" fill="#fff"/>`;

export function lineChart(o: LineChartOptions): string {
  const w = o.width ?? 640;
  const h = o.height ?? 320;
  const pts = o.series.flatMap((s) => s.points.filter(([a, b]) => Number.isFinite(a) && Number.isFinite(b)));
  const bandYs = o.series.flatMap((s) => (s.band ?? []).flatMap(([, lo, hi]) => [lo, hi]));
  const x = linearScale(pts.map((p) => p[0]), [M.left, w - M.right]);
  const extra = [...(o.refLines ?? []).map((r) => r.y), ...(o.optimum ? [o.optimum.y] : []), ...(o.yRange ? [o.yRange.min, o.yRange.max] : [])];
  const rows = legendRows(o.series.map((s, i) => ({ name: s.name, color: s.color ?? PALETTE[i % PALETTE.length], dashed: s.dashed })), w);
  const top = M.top + 14 * (rows.length - 1);
  const y = linearScale([...pts.map((p) => p[1]), ...bandYs, ...extra], [h - M.bottom, top], { includeZero: !o.yRange });
  const parts = [svgOpen(w, h, o.title), ...axes(x, y, o, w, h)];
  for (const v of o.vLines ?? []) {
    const px = x.map(v.x).toFixed(1);
    parts.push(`<line class="vline" x1="${px}" y1="${h - M.bottom}" x2="${px}" y2="${top}" stroke="#bbb" stroke-dasharray="2 3"/>`);
    if (v.label) parts.push(`<text x="${px}" y="${h - M.bottom - 4}" font-size="10" fill="#777" text-anchor="middle">${escapeXml(v.label)}</text>`);
  }
  o.series.forEach((s, i) => {
    const color = s.color ?? PALETTE[i % PALETTE.length];
    const band = (s.band ?? []).filter((b) => b.every(Number.isFinite));
    if (band.length > 1) {
      const up = band.map(([bx, , hi]) => `${x.map(bx).toFixed(1)},${y.map(hi).toFixed(1)}`);
      const down = [...band].reverse().map(([bx, lo]) => `${x.map(bx).toFixed(1)},${y.map(lo).toFixed(1)}`);
      parts.push(`<polygon points="${[...up, ...down].join(' ')}" fill="${color}" fill-opacity="0.15" stroke="none"/>`);
    }
    for (const run of runs(s)) {
      const p = run.map(([a, b]) => `${x.map(a).toFixed(1)},${y.map(b).toFixed(1)}`);
      if (p.length === 1) parts.push(`<circle cx="${p[0].split(',')[0]}" cy="${p[0].split(',')[1]}" r="3" fill="${color}"/>`);
      else if (p.length > 1) parts.push(`<polyline points="${p.join(' ')}" fill="none" stroke="${color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6 4"' : ''}/>`);
    }
  });
  if (o.optimum) {
    const py = y.map(o.optimum.y);
    parts.push(`<line class="optimum" x1="${M.left}" y1="${py}" x2="${w - M.right}" y2="${py}" stroke="#009E73" stroke-width="1.5"/>`, `<text x="${M.left + 4}" y="${labelY(py, top)}" font-size="11" fill="#00704F">${escapeXml(o.optimum.label)}</text>`);
  }
  for (const r of o.refLines ?? []) {
    const py = y.map(r.y);
    parts.push(`<line x1="${M.left}" y1="${py}" x2="${w - M.right}" y2="${py}" stroke="#777" stroke-dasharray="3 3"/>`, `<text x="${w - M.right - 4}" y="${labelY(py, top)}" text-anchor="end" font-size="11" fill="#555">${escapeXml(r.label)}</text>`);
  }
  parts.push(...legend(rows));
  if (pts.length === 0) parts.push(`<text x="${w / 2}" y="${h / 2}" text-anchor="middle" font-size="13" fill="#999">no data yet</text>`);
  if (o.quick) parts.push(quickMark(M.left, w - M.right, top, h - M.bottom));
  return `${parts.join('')}</svg>`;
}

/** A line's label sits above it, or below when the line is at the top of the plot (under the legend). */
const labelY = (py: number, top = M.top) => (py < top + 14 ? py + 13 : py - 4);

/** The drawn runs of a series: finite points, split at non-finite ones when `gaps` is set. */
function runs(s: Series): [number, number][][] {
  const ok = (p: [number, number]) => Number.isFinite(p[0]) && Number.isFinite(p[1]);
  if (!s.gaps) return [s.points.filter(ok)];
  const out: [number, number][][] = [[]];
  for (const p of s.points) {
    if (ok(p)) out[out.length - 1].push(p);
    else if (out[out.length - 1].length) out.push([]);
  }
  return out;
}

/** How many points of a scatter are distinct, and how many distinct x values they take (6 significant digits). */
export function distinctPoints(points: [number, number][]): { points: number; xs: number } {
  const key = (v: number) => (v === 0 ? '0' : v.toPrecision(6));
  return { points: new Set(points.map(([a, b]) => `${key(a)} ${key(b)}`)).size, xs: new Set(points.map(([a]) => key(a))).size };
}

export interface ScatterOptions extends ChartFrame {
  points: [number, number][];
  color?: string;
  /** Show Pearson r and a least-squares line. Default true. */
  fit?: boolean;
  /** What one point is, for the caption ("segments"). Default 'points'. */
  unit?: string;
}

/** "60 segments, 12 distinct points, 2 distinct x values": what a scatter's r rests on. */
export function scatterCaption(points: [number, number][], unit = 'points'): string {
  const d = distinctPoints(points);
  return `${formatNumber(points.length)} ${unit}, ${formatNumber(d.points)} distinct point${d.points === 1 ? '' : 's'}, ${formatNumber(d.xs)} distinct x value${d.xs === 1 ? '' : 's'}`;
}

export function scatterChart(o: ScatterOptions): string {
  const w = o.width ?? 420;
  const h = o.height ?? 380;
  const pts = o.points.filter(([a, b]) => Number.isFinite(a) && Number.isFinite(b));
  const x = linearScale(pts.map((p) => p[0]), [M.left, w - M.right]);
  const top = M.top + 14; // room for the distinct-points line under Pearson r
  const y = linearScale(pts.map((p) => p[1]), [h - M.bottom, top]);
  const parts = [svgOpen(w, h, o.title), ...axes(x, y, o, w, h)];
  const color = o.color ?? PALETTE[0];
  for (const [a, b] of pts) parts.push(`<circle cx="${x.map(a).toFixed(1)}" cy="${y.map(b).toFixed(1)}" r="3" fill="${color}" fill-opacity="0.55"/>`);
  if ((o.fit ?? true) && pts.length > 2) {
    const xs = pts.map((p) => p[0]);
    const ys = pts.map((p) => p[1]);
    const r = pearson(xs, ys);
    const mx = xs.reduce((s, v) => s + v, 0) / xs.length;
    const my = ys.reduce((s, v) => s + v, 0) / ys.length;
    const vx = xs.reduce((s, v) => s + (v - mx) ** 2, 0);
    if (vx > 0) {
      const slope = xs.reduce((s, v, i) => s + (v - mx) * (ys[i] - my), 0) / vx;
      const [d0, d1] = x.domain;
      parts.push(`<line x1="${x.map(d0)}" y1="${y.map(my + slope * (d0 - mx))}" x2="${x.map(d1)}" y2="${y.map(my + slope * (d1 - mx))}" stroke="#D55E00" stroke-width="1.5"/>`);
    }
    parts.push(`<text x="${M.left}" y="38" font-size="12" fill="#222">Pearson r = ${formatNumber(r)} (n = ${formatNumber(pts.length)})</text>`);
  }
  if (pts.length > 0) parts.push(`<text class="distinct" x="${M.left}" y="54" font-size="11" fill="#555">${escapeXml(scatterCaption(pts, o.unit))}</text>`);
  if (pts.length === 0) parts.push(`<text x="${w / 2}" y="${h / 2}" text-anchor="middle" font-size="13" fill="#999">no data yet</text>`);
  if (o.quick) parts.push(quickMark(M.left, w - M.right, top, h - M.bottom));
  return `${parts.join('')}</svg>`;
}
