/**
 * The declarative flag table behind every CLI command: parsing, validation and help text
 * all come from the same `FlagSpec` list. `parseFlags` is pure (argv in, values out).
 */
import { ConfigError } from '../core/errors.js';

export type FlagType = 'string' | 'number' | 'int' | 'boolean';

export interface FlagSpec {
  /** Long name without dashes, kebab-case: `total-steps` → args['total-steps']. */
  name: string;
  type: FlagType;
  help: string;
  default?: string | number | boolean;
  /** Allowed values for a string flag. */
  choices?: readonly string[];
  required?: boolean;
  /** Single-letter alias. */
  short?: string;
  /** Smallest allowed value of an int or number flag (inclusive). */
  min?: number;
  /** Largest allowed value of an int or number flag (inclusive). */
  max?: number;
}

/**
 * The bounds commands share, spread into their tables (`{ name: 'labels', type: 'int', ...LIMITS.labels }`).
 * `anyPort` is for commands whose help says "0 = any free port".
 */
export const LIMITS = {
  labels: { min: 2, max: 1_000_000 },
  steps: { min: 1, max: 1_000_000_000 },
  seed: { min: 0, max: 2 ** 32 - 1 },
  port: { min: 1, max: 65_535 },
  anyPort: { min: 0, max: 65_535 },
  redundancy: { min: 1, max: 100 },
  /** `rl --eval-every`: rollouts between greedy evaluations, 0 = only at the end. */
  evalEvery: { min: 0, max: 1_000_000 },
  /** `rl --env-workers`: worker threads stepping the env copies, 0 = in the training thread. */
  envWorkers: { min: 0, max: 64 },
} as const satisfies Record<string, { min: number; max: number }>;

export type FlagValues = Record<string, string | number | boolean | undefined>;

/** Flags every command understands. */
export const GLOBAL_FLAGS: FlagSpec[] = [
  { name: 'json', type: 'boolean', default: false, help: 'print the result as one JSON document on stdout' },
  { name: 'help', short: 'h', type: 'boolean', default: false, help: 'show help for this command' },
];

export interface ParsedArgs {
  values: FlagValues;
  positionals: string[];
}

/** Plain decimal notation (`12`, `-3`, `1.5`, `2e5`); rejects hex, `Infinity` and the empty string. */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** `2..1000000`, `≥ 1`, `≤ 100` or '' for a flag's bounds. */
export function describeBounds(spec: Pick<FlagSpec, 'min' | 'max'>): string {
  if (spec.min !== undefined && spec.max !== undefined) return `${spec.min}..${spec.max}`;
  if (spec.min !== undefined) return `≥ ${spec.min}`;
  if (spec.max !== undefined) return `≤ ${spec.max}`;
  return '';
}

function checkBounds(spec: FlagSpec, field: string, raw: string, v: number): number {
  const bounds = describeBounds(spec);
  if ((spec.min !== undefined && v < spec.min) || (spec.max !== undefined && v > spec.max)) {
    throw new ConfigError(field, raw, spec.min !== undefined && spec.max !== undefined ? `must be in ${bounds}` : `must be ${bounds}`);
  }
  return v;
}

function convert(spec: FlagSpec, raw: string): string | number | boolean {
  const field = `--${spec.name}`;
  const bounds = describeBounds(spec);
  switch (spec.type) {
    case 'boolean':
      if (raw === 'true' || raw === '1') return true;
      if (raw === 'false' || raw === '0') return false;
      throw new ConfigError(field, raw, 'must be true or false');
    case 'int': {
      const v = Number(raw);
      if (!DECIMAL.test(raw.trim()) || !Number.isInteger(v)) throw new ConfigError(field, raw, `must be an integer${bounds ? ` (${bounds})` : ''}`);
      if (!Number.isSafeInteger(v)) throw new ConfigError(field, raw, `must be an integer ${bounds ? `in ${bounds}` : `of at most ${Number.MAX_SAFE_INTEGER} in magnitude`}`);
      return checkBounds(spec, field, raw, v);
    }
    case 'number': {
      const v = Number(raw);
      if (!DECIMAL.test(raw.trim()) || !Number.isFinite(v)) throw new ConfigError(field, raw, `must be a finite number${bounds ? ` (${bounds})` : ''}`);
      return checkBounds(spec, field, raw, v);
    }
    case 'string':
      if (spec.choices && !spec.choices.includes(raw)) throw new ConfigError(field, raw, `must be one of ${spec.choices.join(', ')}`);
      return raw;
  }
}

/** Parse argv against the flag table. Unknown flags and bad values throw ConfigError naming the flag. */
export function parseFlags(argv: readonly string[], specs: readonly FlagSpec[]): ParsedArgs {
  const all = [...specs, ...GLOBAL_FLAGS];
  const byName = new Map(all.map((s) => [s.name, s]));
  const byShort = new Map(all.filter((s) => s.short).map((s) => [s.short!, s]));
  const values: FlagValues = {};
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    const long = arg.startsWith('--');
    let name = long ? arg.slice(2) : arg.slice(1);
    let inline: string | undefined;
    const eq = name.indexOf('=');
    if (eq >= 0) {
      inline = name.slice(eq + 1);
      name = name.slice(0, eq);
    }
    let spec = long ? byName.get(name) : byShort.get(name);
    let negated = false;
    if (!spec && long && name.startsWith('no-')) {
      const base = byName.get(name.slice(3));
      if (base?.type === 'boolean') {
        spec = base;
        negated = true;
      }
    }
    if (!spec) {
      const known = all.map((s) => `--${s.name}`).join(', ');
      throw new ConfigError('flag', arg, `is not a known flag; known flags: ${known}`);
    }
    if (spec.type === 'boolean' && inline === undefined) {
      values[spec.name] = !negated;
      continue;
    }
    const raw = inline ?? argv[++i];
    if (raw === undefined) throw new ConfigError(`--${spec.name}`, undefined, 'needs a value');
    values[spec.name] = convert(spec, raw);
  }
  for (const spec of all) {
    if (values[spec.name] === undefined && spec.default !== undefined) values[spec.name] = spec.default;
    if (spec.required && values[spec.name] === undefined && !values.help) {
      throw new ConfigError(`--${spec.name}`, undefined, `is required (${spec.help})`);
    }
  }
  return { values, positionals };
}

/** Help text generated from the table. */
export function formatFlags(specs: readonly FlagSpec[]): string {
  const all = [...specs, ...GLOBAL_FLAGS];
  const rows = all.map((s) => {
    const bounds = describeBounds(s);
    const left = `${s.short ? `-${s.short}, ` : '    '}--${s.name}${s.type === 'boolean' ? '' : ` <${s.choices ? s.choices.join('|') : s.type}${bounds ? ` ${bounds}` : ''}>`}`;
    const def = s.default !== undefined && s.default !== false ? ` (default: ${s.default})` : s.required ? ' (required)' : '';
    return [left, `${s.help}${def}`] as const;
  });
  const width = Math.max(...rows.map(([l]) => l.length)) + 2;
  return rows.map(([l, r]) => `  ${l.padEnd(width)}${r}`).join('\n');
}
