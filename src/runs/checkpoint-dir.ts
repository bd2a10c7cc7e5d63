/**
 * Crash-safe checkpoint directories: write DIR/checkpoint.tmp completely (ending with a DONE
 * marker), move the current DIR/checkpoint aside, rename the new one into place, delete the
 * old. A kill at any moment leaves a complete checkpoint in `checkpoint` or `checkpoint.old`.
 */
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { faultPoint } from './fault.js';

export function replaceCheckpoint(dir: string, write: (checkpointDir: string) => void): void {
  const tmp = join(dir, 'checkpoint.tmp');
  const cur = join(dir, 'checkpoint');
  const old = join(dir, 'checkpoint.old');
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  write(tmp);
  faultPoint('checkpoint-write');
  writeFileSync(join(tmp, 'DONE'), '');
  rmSync(old, { recursive: true, force: true });
  if (existsSync(cur)) renameSync(cur, old);
  faultPoint('checkpoint-swap');
  renameSync(tmp, cur);
  rmSync(old, { recursive: true, force: true });
}

/** The directory of the newest complete checkpoint, or null. */
export function latestCheckpoint(dir: string): string | null {
  for (const name of ['checkpoint', 'checkpoint.old']) {
    const d = join(dir, name);
    if (existsSync(join(d, 'DONE'))) return d;
  }
  return null;
}
