/**
 * Domain errors. Every message names the offending field and value so a user
 * can fix their input without reading our source.
 */

/** Render a value for an error message: short, unambiguous, never throws. */
export function show(value: unknown): string {
  if (typeof value === 'number') return Number.isNaN(value) ? 'NaN' : String(value);
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === undefined) return 'undefined';
  if (value instanceof Float32Array || value instanceof Float64Array) {
    return `${value.constructor.name}[${Array.from(value.slice(0, 8)).join(', ')}${value.length > 8 ? ', …' : ''}]`;
  }
  try {
    const text = JSON.stringify(value);
    return text.length > 120 ? `${text.slice(0, 117)}…` : text;
  } catch {
    return String(value);
  }
}

/** A configuration or option value is invalid. */
export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(
    readonly field: string,
    readonly value: unknown,
    expectation: string,
  ) {
    super(`${field} = ${show(value)}: ${expectation}`);
  }
}

/** An action or observation does not belong to its space. */
export class SpaceMismatchError extends Error {
  override name = 'SpaceMismatchError';
  constructor(
    readonly field: string,
    readonly value: unknown,
    expectation: string,
  ) {
    super(`${field} = ${show(value)}: ${expectation}`);
  }
}

/** reset/step called in the wrong order (e.g. step before reset, or after the episode ended). */
export class EnvStateError extends Error {
  override name = 'EnvStateError';
}

/** An environment id is not registered. */
export class UnknownEnvError extends Error {
  override name = 'UnknownEnvError';
  constructor(
    readonly id: string,
    known: readonly string[],
  ) {
    super(`env id = ${show(id)} is not registered; known ids: ${known.join(', ')} (an env of your own is registered by the module that calls register(): import it first, or pass it to rewardlab train with --env-module FILE)`);
  }
}

/** A file or record failed validation (wrong kind/version, bad checksum, malformed line). */
export class DataFormatError extends Error {
  override name = 'DataFormatError';
}

/** Check a number option; returns it or throws ConfigError naming the field. */
export function checkNumber(
  field: string,
  value: unknown,
  opts: { min?: number; max?: number; integer?: boolean; exclusiveMin?: boolean } = {},
): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new ConfigError(field, value, 'must be a finite number');
  if (opts.integer && !Number.isInteger(value)) throw new ConfigError(field, value, 'must be an integer');
  if (opts.min !== undefined) {
    if (opts.exclusiveMin ? value <= opts.min : value < opts.min) {
      throw new ConfigError(field, value, `must be ${opts.exclusiveMin ? '>' : '≥'} ${opts.min}`);
    }
  }
  if (opts.max !== undefined && value > opts.max) throw new ConfigError(field, value, `must be ≤ ${opts.max}`);
  return value;
}
