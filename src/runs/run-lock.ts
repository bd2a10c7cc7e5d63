/**
 * One process per run directory: `acquireRunLock(dir, { command })` writes `dir/run.lock`
 * (holder pid, hostname, command, start time, token) or throws `RunLockedError` naming the
 * holder. The lock file appears whole and exclusively: it is written to a private temp file
 * (opened with O_EXCL) and then hard-linked to `run.lock`, which fails if a lock exists.
 *
 * A stale lock — same host, holder pid no longer alive — is taken over: takers serialize on
 * `run.lock.takeover` (O_EXCL), re-read the lock under it and replace it only if it is still
 * the stale one, so two takers cannot both win. A lock from another host is never taken over
 * (its pid means nothing here); the error says which file to delete.
 *
 * The library installs no process handlers: the CLI calls `releaseAllRunLocks()` on exit and
 * on SIGINT/SIGTERM (src/cli/main.ts).
 */
import { accessSync, closeSync, constants, existsSync, fsyncSync, linkSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { ConfigError, show } from '../core/errors.js';

export const LOCK_FILE = 'run.lock';
const TAKEOVER_FILE = 'run.lock.takeover';

export interface RunLockInfo {
  kind: 'rewardlab-run-lock';
  version: 1;
  pid: number;
  hostname: string;
  /** What holds the directory, e.g. `train`, `resume`, `rl`, `label`. */
  command: string;
  /** ISO time the lock was taken. */
  startedAt: string;
  /** pid + start time + a per-process counter: tells this holding apart from any other. */
  token: string;
}

export interface RunLockOptions {
  /** Recorded in the lock and quoted to whoever finds the directory busy. */
  command: string;
}

export interface RunLock {
  readonly path: string;
  readonly info: RunLockInfo;
  /** Remove the lock if it is still ours. Idempotent. */
  release(): void;
}

/** The run directory is held by another live process (or by a process on another host). */
export class RunLockedError extends ConfigError {
  override name = 'RunLockedError';
  constructor(
    readonly dir: string,
    readonly holder: RunLockInfo | null,
    expectation: string,
  ) {
    super('run directory', dir, expectation);
  }
}

const held = new Set<RunLock>();
let counter = 0;

/** Take the lock on `dir` (which must exist) or throw RunLockedError naming the holder. */
export function acquireRunLock(dir: string, options: RunLockOptions): RunLock {
  const path = join(dir, LOCK_FILE);
  const startedAt = new Date().toISOString();
  const info: RunLockInfo = {
    kind: 'rewardlab-run-lock', version: 1, pid: process.pid, hostname: hostname(), command: options.command, startedAt,
    token: `${process.pid}@${startedAt}#${++counter}`,
  };
  const tmp = join(dir, `${LOCK_FILE}.${process.pid}.${counter}.tmp`);
  removeQuietly(tmp); // only a dead process with our pid can have left this name behind
  try {
    writeExclusive(tmp, `${JSON.stringify(info)}\n`);
  } catch (e) {
    checkWritableDir(dir);
    throw Object.assign(e as Error, { path: (e as NodeJS.ErrnoException).path ?? tmp }); // e.g. ENOSPC: name the file
  }
  try {
    if (!linkOrFalse(tmp, path)) takeOverStale(dir, path, tmp);
  } finally {
    removeQuietly(tmp);
  }
  const lock: RunLock = {
    path,
    info,
    release() {
      if (!held.delete(lock)) return;
      if (readLock(path)?.token === info.token) removeQuietly(path);
    },
  };
  held.add(lock);
  return lock;
}

/** Why `dir` cannot be written ('does not exist', 'is not writable (read-only file system)', …), or null when it can. */
export function unwritableReason(dir: string): string | null {
  try {
    accessSync(dir, constants.W_OK);
    return null;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return 'does not exist';
    return `is not writable (${code === 'EROFS' ? 'read-only file system' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code ?? (e as Error).message})`;
  }
}

/**
 * Throws ConfigError unless `dir` is an existing directory this process may write (a read-only
 * mount or missing permission is named as such, not left to surface as a confusing later error).
 */
export function checkWritableDir(dir: string): void {
  const reason = unwritableReason(dir);
  if (reason === 'does not exist') throw new ConfigError('run directory', dir, reason);
  if (reason) throw new ConfigError('run directory', dir, `${reason}; RewardLab writes its lock, labels, metrics and checkpoints there — copy it somewhere writable or fix its permissions`);
}

/** Release every lock this process holds (the CLI's exit and signal handlers call this). */
export function releaseAllRunLocks(): void {
  for (const lock of [...held]) lock.release();
}

/** The current lock of `dir`, or null when there is none (or it cannot be parsed). */
export function readRunLock(dir: string): RunLockInfo | null {
  return readLock(join(dir, LOCK_FILE));
}

/** True when the holder is on this host and its pid is gone (`kill(pid, 0)` → ESRCH). */
export function isStale(info: RunLockInfo): boolean {
  if (info.hostname !== hostname()) return false;
  try {
    process.kill(info.pid, 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ESRCH'; // EPERM: alive, another user's
  }
}

function describe(h: RunLockInfo): string {
  return `pid ${h.pid} on host ${show(h.hostname)} (command ${show(h.command)}, since ${h.startedAt})`;
}

/** Under the takeover mutex: replace the lock with ours if it is (still) stale, else throw. */
function takeOverStale(dir: string, path: string, tmp: string): void {
  const current = readLock(path);
  if (!current) {
    if (!existsSync(path)) {
      if (linkOrFalse(tmp, path)) return; // released between our link and our read
      return takeOverStale(dir, path, tmp);
    }
    throw new RunLockedError(dir, null, `has a lock file ${show(path)} that cannot be read; if no RewardLab process uses this directory, delete that file`);
  }
  refuseLive(dir, path, current);
  const mutex = join(dir, TAKEOVER_FILE);
  if (!acquireMutex(mutex)) throw new RunLockedError(dir, current, `is being taken over from a stale lock by another process right now (${show(mutex)} exists; delete it if no RewardLab process is running)`);
  try {
    const again = readLock(path); // another taker may have replaced it before we got the mutex
    if (again) {
      refuseLive(dir, path, again);
      renameSync(tmp, path); // over the stale lock: normal acquirers cannot link while it exists
    } else if (!linkOrFalse(tmp, path)) refuseLive(dir, path, readLock(path), true);
  } finally {
    removeQuietly(mutex);
  }
}

/** Throws unless `h` is a stale lock (`always`: throws regardless, naming the holder). */
function refuseLive(dir: string, path: string, h: RunLockInfo | null, always = false): void {
  if (!h) throw new RunLockedError(dir, null, `is locked by another process (${show(path)})`);
  if (h.hostname !== hostname()) {
    throw new RunLockedError(dir, h, `is locked by ${describe(h)}, another host; if that process is no longer running, delete ${show(path)}`);
  }
  if (always || !isStale(h)) {
    throw new RunLockedError(dir, h, `is in use by ${describe(h)}; wait for it to finish or stop it (if pid ${h.pid} is not RewardLab — a reused pid — delete ${show(path)})`);
  }
}

/** O_EXCL create of the takeover mutex; waits up to ~1 s for a live taker to finish. */
function acquireMutex(mutex: string): boolean {
  for (let attempt = 0; attempt < 20; attempt++) {
    try {
      writeExclusive(mutex, `${process.pid}\n`);
      return true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      sleepSync(50);
    }
  }
  return false;
}

function writeExclusive(path: string, text: string): void {
  const fd = openSync(path, 'wx');
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Hard-link `from` to `to`; false when `to` exists. */
function linkOrFalse(from: string, to: string): boolean {
  try {
    linkSync(from, to);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
}

function readLock(path: string): RunLockInfo | null {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return null;
  }
  try {
    const v = JSON.parse(text) as RunLockInfo;
    return v && v.kind === 'rewardlab-run-lock' && Number.isInteger(v.pid) && v.pid > 0 && typeof v.token === 'string' ? v : null;
  } catch {
    return null;
  }
}

function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // already gone
  }
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
