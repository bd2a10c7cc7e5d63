/**
 * Lower the calling thread's CPU priority (Linux nice value), so a person's page — the labeling
 * server in the main thread, a browser on the same machine — is served before training whenever
 * both want the CPU; training still uses every cycle nobody else wants. Linux gives each thread
 * its own nice value: the thread's id is read from /proc/thread-self. Elsewhere (or when the
 * system refuses) nothing changes and `false` is returned.
 */
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';

/** Default niceness of a run's training thread (0 = normal, 19 = lowest). */
export const TRAINING_NICE = 10;

export function lowerThreadPriority(nice = TRAINING_NICE): boolean {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (!Number.isInteger(tid) || tid <= 0) return false;
    setPriority(tid, nice);
    return true;
  } catch {
    return false;
  }
}
