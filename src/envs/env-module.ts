/**
 * Envs registered by the user's own code, for runs started from the command line: a run's
 * `envModule` is a module that calls `register()` (from `rewardlab/envs`) when imported. It is
 * recorded in the run's config.json as an absolute path, so `rewardlab resume` and a labeling
 * run's training thread import it again before they make the env.
 */
import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfigError, show } from '../core/errors.js';
import { prepareEnv } from './registry.js';

/** A file path (anything starting with `.`, `/` or ending in .js/.mjs/.cjs/.ts) is made absolute against `cwd`; a package name is kept. */
export function resolveEnvModule(spec: string, cwd = process.cwd()): string {
  if (typeof spec !== 'string' || spec.trim() === '') throw new ConfigError('envModule', spec, 'must be a file path or a package name of a module that registers the env');
  const looksLikeFile = spec.startsWith('.') || isAbsolute(spec) || /\.(m|c)?(j|t)s$/.test(spec);
  if (!looksLikeFile) return spec;
  const path = resolve(cwd, spec);
  if (!existsSync(path)) throw new ConfigError('envModule', spec, `no such file (${show(path)})`);
  return path;
}

const imported = new Set<string>();

/** Import the module once per thread (it registers its envs as it loads). */
export async function importEnvModule(spec: string): Promise<void> {
  if (imported.has(spec)) return;
  const target = isAbsolute(spec) ? pathToFileURL(spec).href : spec;
  try {
    await import(target);
  } catch (e) {
    throw new ConfigError('envModule', spec, `could not be imported: ${(e as Error).message.split('\n')[0]}`);
  }
  imported.add(spec);
}

/** Everything a run does before it can make its env: the user's env module, then the env family's own set-up (MuJoCo's WebAssembly build). */
export async function prepareRunEnv(run: { envId: string; envModule?: string | null }): Promise<void> {
  if (run.envModule) await importEnvModule(run.envModule);
  await prepareEnv(run.envId);
}
