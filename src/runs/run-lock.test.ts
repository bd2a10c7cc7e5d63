import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { LOCK_FILE, acquireRunLock, readRunLock, releaseAllRunLocks, type RunLockInfo } from './run-lock.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const MODULE = fileURLToPath(new URL('./run-lock.ts', import.meta.url));
const children: ChildProcess[] = [];

/** A child node process that (from time `startAt` on) tries to take the lock, prints `won <pid>` or `lost <message>`, then holds until killed. */
function child(dir: string, command = 'child', startAt = 0): { proc: ChildProcess; line: Promise<string> } {
  const code = `const m = await import(${JSON.stringify(MODULE)});
while (Date.now() < ${startAt}) {}
try { m.acquireRunLock(${JSON.stringify(dir)}, { command: ${JSON.stringify(command)} }); console.log('won ' + process.pid); }
catch (e) { console.log('lost ' + e.message); }
setInterval(() => {}, 1000);`;
  const proc = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(proc);
  const line = new Promise<string>((resolve, reject) => {
    let out = '';
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) resolve(out.split('\n')[0]);
    });
    proc.on('exit', (c) => reject(new Error(`child exited (${c}) before reporting: ${out}`)));
  });
  return { proc, line };
}

function killed(proc: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  return new Promise((resolve) => {
    if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
    proc.once('exit', () => resolve());
    proc.kill(signal);
  });
}

afterEach(async () => {
  releaseAllRunLocks();
  await Promise.all(children.splice(0).map((p) => killed(p, 'SIGKILL')));
});

const fresh = () => mkdtempSync(join(tmpdir(), 'rl-lock-'));

describe('run lock', () => {
  it('writes the holder into run.lock, refuses a second holder, and release removes it', () => {
    const dir = fresh();
    const lock = acquireRunLock(dir, { command: 'train' });
    const info = readRunLock(dir)!;
    expect(info).toMatchObject({ kind: 'rewardlab-run-lock', pid: process.pid, hostname: hostname(), command: 'train', token: lock.info.token });
    expect(new Date(info.startedAt).toISOString()).toBe(info.startedAt);
    expect(() => acquireRunLock(dir, { command: 'resume' })).toThrow(new RegExp(`is in use by pid ${process.pid} on host "${hostname()}" \\(command "train", since ${info.startedAt}\\)`));
    lock.release();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
    lock.release(); // idempotent
    const again = acquireRunLock(dir, { command: 'resume' });
    expect(readRunLock(dir)!.command).toBe('resume');
    again.release();
    expect(readdirSync(dir)).toEqual([]); // no temp files left behind
  });

  it('a lock held by a live second process is refused with its pid; after SIGKILL the stale lock is taken over', async () => {
    const dir = fresh();
    const holder = child(dir, 'rl');
    const first = await holder.line;
    expect(first).toBe(`won ${holder.proc.pid}`);
    expect(() => acquireRunLock(dir, { command: 'train' })).toThrow(new RegExp(`in use by pid ${holder.proc.pid} .*command "rl"`));
    expect(readRunLock(dir)!.pid).toBe(holder.proc.pid);
    await killed(holder.proc, 'SIGKILL');
    expect(readRunLock(dir)!.pid).toBe(holder.proc.pid); // the dead holder's lock is still on disk
    const lock = acquireRunLock(dir, { command: 'resume' });
    expect(readRunLock(dir)).toMatchObject({ pid: process.pid, command: 'resume' });
    lock.release();
  });

  it('several processes racing for one stale lock: exactly one wins', async () => {
    const dir = fresh();
    const dead = child(dir, 'dead');
    await dead.line;
    await killed(dead.proc, 'SIGKILL');
    const startAt = Date.now() + 3000; // all racers start loaded, then try at the same instant
    const racers = Array.from({ length: 4 }, () => child(dir, 'racer', startAt));
    const lines = await Promise.all(racers.map((r) => r.line));
    const winners = lines.filter((l) => l.startsWith('won '));
    expect(winners, lines.join('\n')).toHaveLength(1);
    expect(readRunLock(dir)!.pid).toBe(Number(winners[0].slice(4)));
    for (const l of lines.filter((x) => x.startsWith('lost '))) expect(l).toMatch(/in use by pid|being taken over/);
  });

  it('never takes over a lock from another host, and says which file to delete', () => {
    const dir = fresh();
    const foreign: RunLockInfo = { kind: 'rewardlab-run-lock', version: 1, pid: 1, hostname: 'some-other-host', command: 'train', startedAt: '2026-01-01T00:00:00.000Z', token: 'x' };
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify(foreign));
    expect(() => acquireRunLock(dir, { command: 'resume' })).toThrow(/locked by pid 1 on host "some-other-host" .*another host; if that process is no longer running, delete ".*run\.lock"/);
    expect(readRunLock(dir)).toEqual(foreign);
  });

  it('an unreadable lock file is refused, not overwritten', () => {
    const dir = fresh();
    writeFileSync(join(dir, LOCK_FILE), 'garbage');
    expect(() => acquireRunLock(dir, { command: 'train' })).toThrow(/cannot be read; if no RewardLab process uses this directory, delete that file/);
  });
});
