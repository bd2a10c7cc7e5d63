/**
 * A grouped bar chart in the style of charts.ts (same palette, frame and escaping): one group
 * per category on the x axis, one bar per series inside each group, the value printed on each
 * bar, and optional per-bar points (e.g. one dot per seed over a median bar). Bars start at 0,
 * so negative values (a negative objective) hang below the axis.
 *
 *   barChart({ title: 'J by condition', yLabel: 'J', groups: ['unassisted', 'assisted'],
 *              series: [{ name: 'median of 5 seeds', values: [-12, 9], points: [[...], [...]] }] });
 */
import { escapeXml } from './svg.js';
import { PALETTE, quickMark, type ChartFrame } from './charts.js';
import { formatNumber } from './format.js';
import { formatTick, linearScale } from './scale.js';

export interface BarSeries {
  name: string;
  /** One value per group (NaN = no bar). */
  values: number[];
  color?: string;
  /** Extra points per group drawn as dots over the bar (seed values, say). */
  points?: number[][];
}

export interface BarChartOptions extends Omit<ChartFrame, 'xLabel'> {
  xLabel?: string;
  groups: string[];
  series: BarSeries[];
  /** Horizontal reference lines, e.g. { y: 0.5, label: 'chance' }. */
  refLines?: { y: number; label: string }[];
}

const M = { top: 50, right: 16, bottom: 70, left: 58 };

/** Greedy word wrap into at most 3 lines of about `width` characters (the last one may run long). */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  for (const word of text.split(/\s+/)) {
    const last = lines.length - 1;
    if (last >= 0 && (lines[last].length + 1 + word.length <= width || lines.length === 3)) lines[last] += ` ${word}`;
    else lines.push(word);
  }
  return lines;
}

const valueLabel = formatNumber;

export function barChart(o: BarChartOptions): string {
  const longest = Math.max(0, ...o.groups.map((g) => g.length));
  const legendW = o.series.reduce((a, s) => a + 30 + s.name.length * 6.2, 0);
  // Never narrower than the legend (a page scales a wide chart down; it cannot unclip a legend).
  const auto = Math.ceil(Math.max(360, M.left + legendW, M.left + o.title.length * 8, M.left + M.right + o.groups.length * Math.max(28 + 30 * Math.max(1, o.series.length), Math.min(150, longest * 3.4 + 12))));
  const w = o.width === undefined ? auto : Math.max(o.width, Math.ceil(M.left + legendW));
  const h = o.height ?? 320;
  const all = [...o.series.flatMap((s) => [...s.values, ...(s.points ?? []).flat()]), ...(o.refLines ?? []).map((r) => r.y)].filter(Number.isFinite);
  // 14 px of headroom above the top tick and below the bottom one for the value labels of the longest bars.
  const y = linearScale(all, [h - M.bottom - 14, M.top + 14], { includeZero: true });
  const [x0, x1] = [M.left, w - M.right];
  const groupW = (x1 - x0) / Math.max(1, o.groups.length);
  const barW = Math.min(48, (groupW * 0.8) / Math.max(1, o.series.length));
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${w} ${h}" width="${w}" height="${h}" font-family="system-ui, -apple-system, Segoe UI, sans-serif" role="img" aria-label="${escapeXml(o.title)}"><rect width="${w}" height="${h}" fill="#fff"/>`,
    `<text x="${M.left}" y="20" font-size="14" font-weight="600" fill="#111">${escapeXml(o.title)}</text>`,
  ];
  for (const t of y.ticks) {
    const py = y.map(t);
    parts.push(`<line x1="${x0}" y1="${py}" x2="${x1}" y2="${py}" stroke="#e5e5e5"/>`, `<text x="${x0 - 6}" y="${py + 4}" text-anchor="end" font-size="11" fill="#444">${formatTick(t)}</text>`);
  }
  const zero = y.map(0);
  o.groups.forEach((g, gi) => {
    const gx = x0 + gi * groupW + (groupW - barW * o.series.length) / 2;
    o.series.forEach((s, si) => {
      const color = s.color ?? PALETTE[si % PALETTE.length];
      const bx = gx + si * barW;
      const v = s.values[gi];
      if (Number.isFinite(v)) {
        const py = y.map(v);
        parts.push(`<rect class="bar" x="${bx.toFixed(1)}" y="${Math.min(py, zero).toFixed(1)}" width="${(barW - 3).toFixed(1)}" height="${Math.abs(zero - py).toFixed(1)}" fill="${color}" fill-opacity="0.85"/>`);
        parts.push(`<text x="${(bx + (barW - 3) / 2).toFixed(1)}" y="${(v >= 0 ? py - 4 : py + 13).toFixed(1)}" text-anchor="middle" font-size="10" fill="#222">${escapeXml(valueLabel(v))}</text>`);
      }
      for (const p of (s.points?.[gi] ?? []).filter(Number.isFinite)) parts.push(`<circle cx="${(bx + (barW - 3) / 2).toFixed(1)}" cy="${y.map(p).toFixed(1)}" r="2.5" fill="#111" fill-opacity="0.6"/>`);
    });
    const cx = (x0 + (gi + 0.5) * groupW).toFixed(1);
    const lines = wrap(g, Math.max(6, Math.floor(groupW / 6.2)));
    parts.push(`<text x="${cx}" y="${h - M.bottom + 16}" text-anchor="middle" font-size="11" fill="#333">${lines.map((l, i) => `<tspan x="${cx}" dy="${i ? 13 : 0}">${escapeXml(l)}</tspan>`).join('')}</text>`);
  });
  parts.push(`<line x1="${x0}" y1="${zero}" x2="${x1}" y2="${zero}" stroke="#888"/>`, `<line x1="${x0}" y1="${h - M.bottom}" x2="${x0}" y2="${M.top}" stroke="#888"/>`);
  for (const r of o.refLines ?? []) {
    const py = y.map(r.y);
    parts.push(`<line x1="${x0}" y1="${py}" x2="${x1}" y2="${py}" stroke="#777" stroke-dasharray="3 3"/>`, `<text x="${x1 - 4}" y="${py - 4}" text-anchor="end" font-size="11" fill="#555">${escapeXml(r.label)}</text>`);
  }
  if (o.xLabel) parts.push(`<text x="${(x0 + x1) / 2}" y="${h - 10}" text-anchor="middle" font-size="12" fill="#222">${escapeXml(o.xLabel)}</text>`);
  parts.push(`<text transform="translate(14 ${(h - M.bottom + M.top) / 2}) rotate(-90)" text-anchor="middle" font-size="12" fill="#222">${escapeXml(o.yLabel)}</text>`);
  let lx = M.left;
  o.series.forEach((s, si) => {
    parts.push(`<rect x="${lx}" y="29" width="12" height="10" fill="${s.color ?? PALETTE[si % PALETTE.length]}"/>`, `<text x="${lx + 16}" y="38" font-size="11" fill="#333">${escapeXml(s.name)}</text>`);
    lx += 30 + s.name.length * 6.2;
  });
  if (all.length === 0) parts.push(`<text x="${w / 2}" y="${h / 2}" text-anchor="middle" font-size="13" fill="#999">no data yet</text>`);
  if (o.quick) parts.push(quickMark(x0, x1, M.top, h - M.bottom));
  return `${parts.join('')}</svg>`;
}
