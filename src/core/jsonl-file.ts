/**
 * Append-only JSON-lines files of a run (metrics.jsonl, diagnostics.jsonl): read them back
 * tolerating the torn last line a kill leaves, and rewrite them atomically when a resume cuts
 * them back to its checkpoint.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { DataFormatError } from './errors.js';

/** Every record of the file ([] when it does not exist); a torn last line is dropped, a bad line elsewhere is an error naming it. */
export function readJsonlFile<T = Record<string, unknown>>(path: string): T[] {
  if (!existsSync(path)) return [];
  const lines = readFileSync(path, 'utf8').split('\n');
  const out: T[] = [];
  lines.forEach((line, i) => {
    if (!line.trim()) return;
    try {
      out.push(JSON.parse(line) as T);
    } catch (e) {
      if (i < lines.length - 2) throw new DataFormatError(`${path}: line ${i + 1} is not valid JSON (${(e as Error).message})`);
      // a torn last line from a kill: ignore it
    }
  });
  return out;
}

/** Replace the file by `records`, one per line, atomically (temp file + rename). */
export function rewriteJsonlFile(path: string, records: unknown[]): void {
  writeFileSync(`${path}.tmp`, records.map((r) => `${JSON.stringify(r)}\n`).join(''));
  renameSync(`${path}.tmp`, path);
}
