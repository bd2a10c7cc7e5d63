/**
 * What the CLI prints for an error, and its exit code: 2 for a usage or configuration error
 * (the user must change the command line or the run directory), 1 for a runtime failure.
 * Known errors become one `error: <message>` line; system errors say what happened in words
 * ("disk full", "permission denied", "read-only") and name the path; anything else is an
 * internal error, printed without its stack unless REWARDLAB_DEBUG is set.
 */
import { ConfigError, DataFormatError, EnvStateError, SpaceMismatchError, UnknownEnvError } from '../core/errors.js';

export interface DescribedError {
  message: string;
  exitCode: 1 | 2;
}

/** Usage/config errors: exit code 2. */
const USAGE = [ConfigError, UnknownEnvError];
/** Domain errors whose message is complete as it is: exit code 1. */
const RUNTIME = [DataFormatError, SpaceMismatchError, EnvStateError];
/** Named domain errors from other rooms (matched by name, so this file imports no server or store code). */
const RUNTIME_NAMES = ['DuplicateAnswerError', 'AnswerLimitError'];

const SYSTEM: Record<string, string> = {
  ENOSPC: 'disk full',
  EDQUOT: 'disk quota exceeded',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'read-only file system',
  ENOENT: 'no such file or directory',
  ENOTDIR: 'not a directory',
  EISDIR: 'is a directory',
  EMFILE: 'too many open files',
  EADDRINUSE: 'address already in use',
  EADDRNOTAVAIL: 'address not available on this machine',
  ENOTFOUND: 'host not found',
};

const SQLITE: Record<string, string> = {
  SQLITE_FULL: 'disk full',
  SQLITE_READONLY: 'read-only',
  SQLITE_CANTOPEN: 'cannot open the database file',
  SQLITE_CORRUPT: 'corrupted database file',
  SQLITE_NOTADB: 'not a database file',
  SQLITE_IOERR: 'disk I/O error',
  SQLITE_BUSY: 'database is locked by another process',
};

/**
 * Describe `e` for the terminal. `where` is the directory the command was working in when it
 * is known (its --out / RUN_DIR): fd-level errors like ENOSPC on write carry no path of their own.
 */
export function describeError(e: unknown, where?: string): DescribedError {
  if (!(e instanceof Error)) return { message: `internal error: ${String(e)}`, exitCode: 1 };
  if (USAGE.some((c) => e instanceof c)) return { message: e.message, exitCode: 2 };
  if (RUNTIME.some((c) => e instanceof c) || RUNTIME_NAMES.includes(e.name)) return { message: e.message, exitCode: 1 };
  const err = e as NodeJS.ErrnoException & { address?: string; port?: number; hostname?: string };
  const code = typeof err.code === 'string' ? err.code : undefined;
  if (code && code.startsWith('SQLITE_')) {
    const what = SQLITE[code] ?? SQLITE[code.replace(/_[A-Z]+$/, '')] ?? code;
    const verb = code.startsWith('SQLITE_FULL') || code.startsWith('SQLITE_READONLY') ? 'could not write' : 'failed on';
    const place = where ? `the feedback store in ${JSON.stringify(where)}` : 'the feedback store';
    return { message: `${what}: SQLite ${verb} ${place}: ${e.message} [${code}]`, exitCode: 1 };
  }
  if (code && (SYSTEM[code] || err.syscall)) {
    const what = SYSTEM[code] ?? code;
    if (code === 'EADDRINUSE' || code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') {
      const addr = err.hostname ?? (err.address !== undefined ? `${err.address}${err.port !== undefined ? `:${err.port}` : ''}` : undefined);
      return { message: `${what}${addr ? `: ${addr}` : ''} (${code}); choose another --host/--port (--port 0 picks a free port)`, exitCode: 1 };
    }
    const target = err.path ? `: ${JSON.stringify(err.path)}` : where ? ` while writing in ${JSON.stringify(where)}` : '';
    const verb = err.syscall ? ` (${code} on ${err.syscall})` : ` (${code})`;
    const hint = code === 'ENOSPC' || code === 'EDQUOT' ? '; free some space, then resume the run from its last checkpoint (`rewardlab resume RUN_DIR`, `rewardlab rl --resume RUN_DIR`)' : '';
    return { message: `${what}${target}${verb}${hint}`, exitCode: 1 };
  }
  return { message: `internal error: ${e.name}: ${e.message} (set REWARDLAB_DEBUG=1 to print its stack)`, exitCode: 1 };
}
