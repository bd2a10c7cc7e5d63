/**
 * Field checks shared by the JSON property specs (src/verify/spec.ts for vector-observation reward
 * models, src/analysis/exact/gridworld-spec.ts for gridworld ones): every refusal names the field
 * and the value.
 */
import { ConfigError, show } from './errors.js';

export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Refuses any key of `v` not in `allowed`. */
export function only(field: string, v: Record<string, unknown>, allowed: string[]): void {
  for (const k of Object.keys(v)) if (!allowed.includes(k)) throw new ConfigError(`${field}.${k}`, v[k], `is not a known field; use ${allowed.map(show).join(', ')}`);
}

export function finite(field: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new ConfigError(field, v, 'must be a finite number');
  return v;
}

/** A range property's bounds: min, max or both, finite, min ≤ max. */
export function rangeBounds(field: string, v: Record<string, unknown>): { min?: number; max?: number } {
  if (v.min === undefined && v.max === undefined) throw new ConfigError(`${field}.min`, undefined, 'a range needs min, max or both');
  const min = v.min === undefined ? undefined : finite(`${field}.min`, v.min);
  const max = v.max === undefined ? undefined : finite(`${field}.max`, v.max);
  if (min !== undefined && max !== undefined && min > max) throw new ConfigError(`${field}.max`, max, `must be ≥ min = ${min}`);
  return { ...(min !== undefined ? { min } : {}), ...(max !== undefined ? { max } : {}) };
}
