/** `--depth` for the recursive experiments: '0..3' (a range), '2' (one level) or '0,2' (a list); default all. */
import { ConfigError } from '../core/errors.js';

export function parseDepth(spec: string | undefined, maxLevel: number): number[] {
  const all = Array.from({ length: maxLevel + 1 }, (_, k) => k);
  if (spec === undefined || spec.trim() === '') return all;
  const s = spec.trim();
  const range = /^(\d+)\s*\.\.\s*(\d+)$/.exec(s);
  const levels = range ? Array.from({ length: Math.max(0, Number(range[2]) - Number(range[1]) + 1) }, (_, i) => Number(range[1]) + i) : s.split(',').map((p) => (/^\d+$/.test(p.trim()) ? Number(p.trim()) : NaN));
  if (!levels.length || levels.some((k) => !Number.isInteger(k) || k > maxLevel)) throw new ConfigError('--depth', spec, `must be a level, a range a..b or a list of levels within 0..${maxLevel}, e.g. 0..${maxLevel} or 1`);
  return [...new Set(levels)].sort((a, b) => a - b);
}
