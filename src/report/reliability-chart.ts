/**
 * Reliability diagram (calibration plot) as hand-written SVG: for each predictor, the observed
 * rate against the mean prediction per bin of the predicted probability, one marker per
 * non-empty bin with its AREA proportional to the bin's share of the predictions (so a sparse
 * bin cannot pass for a strong signal), joined by a line; the diagonal is perfect calibration.
 * Under the plot, a strip shows each predictor's share of predictions per bin. Both axes are
 * fixed to [0, 1]. A quick-mode chart carries the QUICK MODE mark across its plot.
 */
import { escapeXml } from './svg.js';
import { PALETTE, quickMark } from './charts.js';
import { formatTick } from './scale.js';

export interface ReliabilitySeries {
  name: string;
  color?: string;
  dashed?: boolean;
  /** Per bin (equal width on [0, 1]): predictions in it, and the sums of the predictions and of the outcomes. */
  count: number[];
  sumP: number[];
  sumY: number[];
}

export interface ReliabilityChartOptions {
  title: string;
  series: ReliabilitySeries[];
  xLabel?: string;
  yLabel?: string;
  width?: number;
  quick?: boolean;
}

export function reliabilityChart(o: ReliabilityChartOptions): string {
  const w = o.width ?? 520;
  const left = 58;
  const right = 16;
  const legendRows = Math.ceil(o.series.length / 2);
  const top = 40 + 14 * legendRows;
  const plot = Math.min(w - left - right, 360);
  const stripTop = top + plot + 54;
  const stripH = 14 * o.series.length;
  const h = stripTop + stripH + 24;
  const X = (v: number) => left + v * plot;
  const Y = (v: number) => top + (1 - v) * plot;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${w} ${h}" width="${w}" height="${h}" font-family="system-ui, -apple-system, Segoe UI, sans-serif" role="img" aria-label="${escapeXml(o.title)}"><rect width="${w}" height="${h}" fill="#fff"/>`,
    `<text x="${left}" y="20" font-size="14" font-weight="600" fill="#111">${escapeXml(o.title)}</text>`,
  ];
  for (const t of [0, 0.2, 0.4, 0.6, 0.8, 1]) {
    parts.push(
      `<line x1="${X(0)}" y1="${Y(t)}" x2="${X(1)}" y2="${Y(t)}" stroke="#e5e5e5"/>`,
      `<text x="${X(0) - 6}" y="${Y(t) + 4}" text-anchor="end" font-size="11" fill="#444">${formatTick(t)}</text>`,
      `<line x1="${X(t)}" y1="${Y(0)}" x2="${X(t)}" y2="${Y(0) + 4}" stroke="#888"/>`,
      `<text x="${X(t)}" y="${Y(0) + 17}" text-anchor="middle" font-size="11" fill="#444">${formatTick(t)}</text>`,
    );
  }
  parts.push(
    `<line x1="${X(0)}" y1="${Y(0)}" x2="${X(1)}" y2="${Y(0)}" stroke="#888"/>`, `<line x1="${X(0)}" y1="${Y(0)}" x2="${X(0)}" y2="${Y(1)}" stroke="#888"/>`,
    `<line class="diagonal" x1="${X(0)}" y1="${Y(0)}" x2="${X(1)}" y2="${Y(1)}" stroke="#999" stroke-dasharray="4 3"/>`,
    `<text x="${X(0.5)}" y="${Y(0) + 32}" text-anchor="middle" font-size="12" fill="#222">${escapeXml(o.xLabel ?? 'predicted probability (mean in bin)')}</text>`,
    `<text transform="translate(14 ${Y(0.5)}) rotate(-90)" text-anchor="middle" font-size="12" fill="#222">${escapeXml(o.yLabel ?? 'observed rate')}</text>`,
  );
  const maxR = 9;
  o.series.forEach((s, i) => {
    const color = s.color ?? PALETTE[i % PALETTE.length];
    const total = s.count.reduce((a, c) => a + c, 0) || 1;
    const pts = s.count.flatMap((c, b) => (c ? [{ x: s.sumP[b] / c, y: s.sumY[b] / c, share: c / total }] : []));
    if (pts.length > 1) parts.push(`<polyline points="${pts.map((p) => `${X(p.x).toFixed(1)},${Y(p.y).toFixed(1)}`).join(' ')}" fill="none" stroke="${color}" stroke-width="1.5" stroke-opacity="0.8"${s.dashed ? ' stroke-dasharray="6 4"' : ''}/>`);
    for (const p of pts) parts.push(`<circle cx="${X(p.x).toFixed(1)}" cy="${Y(p.y).toFixed(1)}" r="${Math.max(1.5, maxR * Math.sqrt(p.share)).toFixed(2)}" fill="${color}" fill-opacity="${s.dashed ? 0.25 : 0.6}" stroke="${color}"/>`);
    // legend, two per row
    const lx = left + (i % 2) * ((w - left - right) / 2);
    const ly = 34 + 14 * Math.floor(i / 2);
    parts.push(`<line x1="${lx}" y1="${ly}" x2="${lx + 16}" y2="${ly}" stroke="${color}" stroke-width="3"${s.dashed ? ' stroke-dasharray="5 3"' : ''}/>`, `<text x="${lx + 20}" y="${ly + 4}" font-size="11" fill="#333">${escapeXml(s.name)}</text>`);
    // share-per-bin strip
    const bins = s.count.length;
    const y0 = stripTop + 14 * i;
    s.count.forEach((c, b) => {
      const share = c / total;
      parts.push(`<rect x="${(X(b / bins) + 0.5).toFixed(1)}" y="${y0}" width="${(plot / bins - 1).toFixed(1)}" height="12" fill="${color}" fill-opacity="${Math.min(1, share * 3).toFixed(3)}" stroke="#eee"><title>${escapeXml(`${s.name}: ${c} of ${total} in ${formatTick(b / bins)}–${formatTick((b + 1) / bins)}`)}</title></rect>`);
    });
  });
  parts.push(`<text x="${left}" y="${stripTop - 6}" font-size="11" fill="#555">share of predictions per bin (darker = more)</text>`);
  if (o.quick) parts.push(quickMark(X(0), X(1), Y(1), Y(0)));
  return `${parts.join('')}</svg>`;
}
