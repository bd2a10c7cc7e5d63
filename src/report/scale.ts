/** Linear scales with "nice" 1-2-5 ticks and compact tick labels. */

export interface Scale {
  domain: [number, number];
  range: [number, number];
  ticks: number[];
  map(v: number): number;
}

/** Nice tick step for a span and a target tick count. */
export function niceStep(span: number, count = 5): number {
  if (!(span > 0) || !Number.isFinite(span)) return 1;
  const raw = span / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const f = raw / mag;
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * mag;
}

export function linearScale(values: number[], range: [number, number], opts: { includeZero?: boolean; count?: number } = {}): Scale {
  const finite = values.filter(Number.isFinite);
  let lo = finite.length ? Math.min(...finite) : 0;
  let hi = finite.length ? Math.max(...finite) : 1;
  if (opts.includeZero) {
    lo = Math.min(lo, 0);
    hi = Math.max(hi, 0);
  }
  if (lo === hi) {
    lo -= Math.abs(lo) * 0.1 || 1;
    hi += Math.abs(hi) * 0.1 || 1;
  }
  const step = niceStep(hi - lo, opts.count ?? 5);
  const start = Math.floor(lo / step) * step;
  const end = Math.ceil(hi / step) * step;
  const ticks: number[] = [];
  for (let t = start; t <= end + step * 1e-9; t += step) ticks.push(Math.abs(t) < step * 1e-9 ? 0 : +t.toPrecision(12));
  const [r0, r1] = range;
  return { domain: [start, end], range, ticks, map: (v) => r0 + ((v - start) / (end - start)) * (r1 - r0) };
}

/** 1234567 → "1.2M", 25000 → "25k", 0.00012 → "1.2e-4", 3.5 → "3.5". */
export function formatTick(v: number): string {
  const a = Math.abs(v);
  if (a === 0) return '0';
  if (a >= 1e6) return `${+(v / 1e6).toFixed(1)}M`;
  if (a >= 1e4) return `${+(v / 1e3).toFixed(1)}k`;
  if (a < 1e-3) return v.toExponential(1);
  return String(+v.toPrecision(3));
}
