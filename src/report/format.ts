/**
 * The one number format of reports and command-line summaries, so a number reads the same on
 * the page, in a table and in the terminal. Ticks on chart axes use the compact `formatTick`
 * (scale.ts) instead; every value a person reads as a result goes through these.
 *
 *   formatNumber(487.25) → "487.3"   formatNumber(0.8712) → "0.871"   formatNumber(150000) → "150,000"
 *   formatShare(0.87, 40) → "87% of 40"   formatNumber(null) → "–"
 */

/** Decimals by magnitude: ≥ 1000 → 0, ≥ 100 → 1, ≥ 1 → 2, below 1 → 3 (trailing zeros dropped); tiny → 1.2e-4. */
export function formatNumber(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '–';
  const a = Math.abs(v);
  if (a === 0) return '0';
  if (a < 1e-3) return v.toExponential(1);
  const decimals = a >= 1000 ? 0 : a >= 100 ? 1 : a >= 1 ? 2 : 3;
  const x = +v.toFixed(decimals);
  if (x === 0) return '0';
  const [int, frac] = String(Math.abs(x)).split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${x < 0 ? '-' : ''}${grouped}${frac ? `.${frac}` : ''}`;
}

/** A share as a whole percentage, with how many it rests on when known: "87% of 40". */
export function formatShare(share: number | null | undefined, of?: number | null): string {
  if (share === null || share === undefined || !Number.isFinite(share)) return '–';
  const pct = `${Math.round(share * 100)}%`;
  return of === null || of === undefined ? pct : `${pct} of ${formatNumber(of)}`;
}

/** Seconds of wall time: "12.3 s", "1,234 s". */
export function formatSeconds(s: number | null | undefined): string {
  return s === null || s === undefined || !Number.isFinite(s) ? '–' : `${formatNumber(s)} s`;
}

/** The mark every chart of a quick-mode (tiny-budget) run carries. */
export const QUICK_MARK = 'QUICK MODE: tiny budgets, a smoke check, not a result';
