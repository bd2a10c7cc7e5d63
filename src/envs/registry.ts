/**
 * The env registry: ids like `CartPole-v1` → a factory plus its documented defaults.
 * `make(id, options)` builds the env and wraps it in TimeLimit when the spec has a limit.
 */
import type { AnyEnv } from '../core/env.js';
import { ConfigError, UnknownEnvError, show } from '../core/errors.js';
import { TimeLimit } from '../wrappers/time-limit.js';

export type OptionType = 'number' | 'int' | 'boolean' | 'string';

export interface EnvSpec {
  id: string;
  /** One line for `rewardlab envs`. */
  description: string;
  family: 'classic-control' | 'fixed-horizon' | 'gridworld' | 'mujoco' | 'other';
  /** Builds the raw env (no TimeLimit). Receives options already checked against `options`. */
  create(options: Record<string, unknown>): AnyEnv;
  /** Options the env accepts, with their types (checked by make). */
  options?: Record<string, OptionType | readonly string[]>;
  /** Wrapped in TimeLimit(maxEpisodeSteps) by make, unless `maxEpisodeSteps: null` is passed. */
  maxEpisodeSteps?: number;
  /** Return at which the task counts as solved (Gymnasium's reward_threshold). */
  rewardThreshold?: number;
  /** Async set-up `create` relies on (MuJoCo: loading the WASM module); awaited by `prepareEnv`. */
  prepare?: () => Promise<unknown>;
}

export interface MakeOptions {
  /** Override the registered episode limit; `null` disables the TimeLimit wrapper. */
  maxEpisodeSteps?: number | null;
  /** Env-specific options. */
  [key: string]: unknown;
}

const specs = new Map<string, EnvSpec>();

export function register(spec: EnvSpec): void {
  if (specs.has(spec.id)) throw new ConfigError('EnvSpec.id', spec.id, 'is already registered');
  specs.set(spec.id, spec);
}

export function registeredEnvs(): EnvSpec[] {
  return [...specs.values()];
}

export function envSpec(id: string): EnvSpec {
  const spec = specs.get(id);
  if (!spec) throw new UnknownEnvError(id, [...specs.keys()]);
  return spec;
}

/** Validate env options against the spec's table; throws ConfigError naming the option and value. */
export function checkEnvOptions(spec: EnvSpec, options: Record<string, unknown>): Record<string, unknown> {
  const table = spec.options ?? {};
  for (const [key, value] of Object.entries(options)) {
    const type = table[key];
    const field = `${spec.id} option ${key}`;
    if (type === undefined) {
      const known = Object.keys(table);
      throw new ConfigError(field, value, known.length ? `is not an option of ${spec.id}; known options: ${known.join(', ')}` : `${spec.id} takes no options`);
    }
    if (Array.isArray(type)) {
      if (!type.includes(value as string)) throw new ConfigError(field, value, `must be one of ${type.map(show).join(', ')}`);
    } else if (type === 'boolean') {
      if (typeof value !== 'boolean') throw new ConfigError(field, value, 'must be true or false');
    } else if (type === 'string') {
      if (typeof value !== 'string') throw new ConfigError(field, value, 'must be a string');
    } else if (typeof value !== 'number' || !Number.isFinite(value) || (type === 'int' && !Number.isInteger(value))) {
      throw new ConfigError(field, value, type === 'int' ? 'must be an integer' : 'must be a finite number');
    }
  }
  return options;
}

/** Await the spec's async set-up, if it has one (call once before `make(id)`; cheap when done). */
export async function prepareEnv(id: string): Promise<void> {
  await envSpec(id).prepare?.();
}

/** Build a registered env by id. */
export function make(id: string, options: MakeOptions = {}): AnyEnv {
  const spec = envSpec(id);
  const { maxEpisodeSteps, ...envOptions } = options;
  const env = spec.create(checkEnvOptions(spec, envOptions));
  env.spec = { id, maxEpisodeSteps: maxEpisodeSteps === null ? undefined : (maxEpisodeSteps ?? spec.maxEpisodeSteps) };
  const limit = maxEpisodeSteps === undefined ? spec.maxEpisodeSteps : maxEpisodeSteps;
  if (limit === null || limit === undefined) return env;
  const wrapped = new TimeLimit(env, limit);
  wrapped.spec = env.spec;
  return wrapped;
}
