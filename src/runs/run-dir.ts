/**
 * Run directories: every command that produces results writes them here as plain files.
 *   config.json     what was asked for ({kind, version, ...})
 *   metrics.jsonl   one JSON object per iteration
 *   checkpoint/     the latest checkpoint (JSON + binary tensors), replaced atomically
 *   result.json     the final result (also what --json prints)
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataFormatError } from '../core/errors.js';
import { readJsonlFile, rewriteJsonlFile } from '../core/jsonl-file.js';

/** `runs/<env>__<kind>__<seed>__<timestamp>` (the seed is part of the name). */
export function defaultRunDir(kind: string, envId: string, seed: number, root = 'runs'): string {
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '');
  return join(root, `${envId}__${kind}__s${seed}__${stamp}`);
}

export function ensureDir(dir: string): string {
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** Write JSON atomically (temp file + rename), so a kill never leaves half a file. */
export function writeJsonAtomic(path: string, value: unknown): void {
  writeFileSync(`${path}.tmp`, `${JSON.stringify(value, null, 2)}\n`);
  renameSync(`${path}.tmp`, path);
}

export function readJson<T>(path: string, what = 'file'): T {
  if (!existsSync(path)) throw new DataFormatError(`${what} ${JSON.stringify(path)} does not exist`);
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch (e) {
    throw new DataFormatError(`${what} ${JSON.stringify(path)} is not valid JSON (${(e as Error).message})`);
  }
}

export function appendMetrics(dir: string, record: Record<string, unknown>): void {
  appendFileSync(join(dir, 'metrics.jsonl'), `${JSON.stringify(record)}\n`);
}

/** Metrics of a run (a torn last line from a kill is dropped). */
export function readMetrics(dir: string): Record<string, unknown>[] {
  return readJsonlFile(join(dir, 'metrics.jsonl'));
}

/** Rewrite metrics.jsonl keeping only records with iteration ≤ upTo (used when resuming). */
export function truncateMetrics(dir: string, upTo: number): void {
  rewriteJsonlFile(join(dir, 'metrics.jsonl'), readMetrics(dir).filter((m) => typeof m.iteration === 'number' && (m.iteration as number) <= upTo));
}
