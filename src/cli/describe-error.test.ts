import { describe, expect, it } from 'vitest';
import { ConfigError, DataFormatError, UnknownEnvError } from '../core/errors.js';
import { RunLockedError } from '../runs/run-lock.js';
import { describeError } from './describe-error.js';

const sys = (code: string, extra: Record<string, unknown> = {}) => Object.assign(new Error(`${code}: something, write`), { code, ...extra });

describe('describeError', () => {
  it('usage and config errors exit 2 with their own message; domain runtime errors exit 1', () => {
    expect(describeError(new ConfigError('--labels', '1e99', 'must be an integer'))).toEqual({ message: '--labels = "1e99": must be an integer', exitCode: 2 });
    expect(describeError(new UnknownEnvError('Nope-v0', ['CartPole-v1'])).exitCode).toBe(2);
    expect(describeError(new RunLockedError('runs/x', null, 'is in use')).exitCode).toBe(2);
    expect(describeError(new DataFormatError('feedback store "a.sqlite" is corrupted'))).toEqual({ message: 'feedback store "a.sqlite" is corrupted', exitCode: 1 });
    expect(describeError(Object.assign(new Error('labeler "a" already answered'), { name: 'DuplicateAnswerError' })).exitCode).toBe(1);
  });

  it('system errors in words, with the path when the error has one, else the working directory', () => {
    expect(describeError(sys('ENOSPC', { syscall: 'write' }), 'runs/r1').message).toMatch(/^disk full while writing in "runs\/r1" \(ENOSPC on write\); free some space/);
    expect(describeError(sys('EACCES', { syscall: 'open', path: '/x/report.html' })).message).toBe('permission denied: "/x/report.html" (EACCES on open)');
    expect(describeError(sys('EROFS', { syscall: 'open', path: '/ro/a' })).message).toBe('read-only file system: "/ro/a" (EROFS on open)');
    expect(describeError(sys('EADDRINUSE', { syscall: 'listen', address: '127.0.0.1', port: 8080 })).message).toMatch(/^address already in use: 127\.0\.0\.1:8080 \(EADDRINUSE\); choose another --host\/--port/);
    expect(describeError(sys('ENOSPC')).exitCode).toBe(1);
  });

  it('SQLite errors: disk full / read-only named, the store located when known', () => {
    const full = Object.assign(new Error('database or disk is full'), { name: 'SqliteError', code: 'SQLITE_FULL' });
    expect(describeError(full, 'runs/r1')).toEqual({ message: 'disk full: SQLite could not write the feedback store in "runs/r1": database or disk is full [SQLITE_FULL]', exitCode: 1 });
    const ro = Object.assign(new Error('attempt to write a readonly database'), { code: 'SQLITE_READONLY_DBMOVED' });
    expect(describeError(ro).message).toMatch(/^read-only: SQLite could not write the feedback store/);
  });

  it('anything else is an internal error, without its stack', () => {
    const d = describeError(new TypeError("Cannot read properties of undefined (reading 'x')"));
    expect(d).toEqual({ message: "internal error: TypeError: Cannot read properties of undefined (reading 'x') (set REWARDLAB_DEBUG=1 to print its stack)", exitCode: 1 });
    expect(describeError('a string').message).toBe('internal error: a string');
  });
});
