/** `rewardlab feedback export|import RUN_DIR FILE.jsonl`: move labels between runs as versioned JSONL. */
import { existsSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { ConfigError } from '../../core/errors.js';
import { exportJsonl, parseJsonl } from '../../feedback/jsonl.js';
import { FeedbackStore } from '../../feedback/store.js';
import { acquireRunLock, checkWritableDir, unwritableReason } from '../../runs/run-lock.js';
import type { Command } from '../command.js';

/** A run directory or a .sqlite file. */
function storePath(target: string): string {
  return existsSync(target) && statSync(target).isDirectory() ? join(target, 'feedback.sqlite') : target;
}

/** Open the store; a WAL store in a read-only directory cannot be opened even to read it: say so. */
function openStore(path: string, readonly: boolean): FeedbackStore {
  try {
    return FeedbackStore.open(path, { readonly });
  } catch (e) {
    const reason = readonly ? unwritableReason(dirname(path)) : null;
    if (reason) throw new ConfigError('store', path, `cannot be opened: its directory ${reason}, and SQLite must create ${basename(path)}-shm beside a WAL store even to read it; copy the run directory somewhere writable`);
    throw e;
  }
}

export const feedbackCommand: Command = {
  name: 'feedback',
  usage: 'export|import RUN_DIR|STORE.sqlite FILE.jsonl',
  summary: 'export a run\'s labels to versioned JSONL, or import them (all or nothing) into another run',
  flags: [],
  async run({ positionals }, io) {
    const [action, target, file] = positionals;
    if (action !== 'export' && action !== 'import') throw new ConfigError('ACTION', action ?? '(none)', 'must be "export" or "import"');
    if (!target || !file) throw new ConfigError('arguments', positionals.join(' '), 'need RUN_DIR (or STORE.sqlite) and FILE.jsonl');
    const path = storePath(target);
    if (action === 'export' && !existsSync(path)) throw new ConfigError('RUN_DIR', target, 'has no feedback.sqlite');
    if (action === 'export') {
      const store = openStore(path, true);
      try {
        const counts = exportJsonl(store, file);
        io.log(`exported ${counts.queries} queries and ${counts.feedback} answers: ${path} → ${file}`);
        return { action, store: path, file, ...counts };
      } finally {
        store.close();
      }
    }
    const parsed = parseJsonl(file); // the whole file is checked before the store is even opened
    checkWritableDir(dirname(path)); // SQLite writes the store and its journal beside it
    const lock = path === target ? null : acquireRunLock(target, { command: 'feedback import' }); // a run directory: not while it trains
    try {
      const store = openStore(path, false);
      try {
        const counts = store.importRecords(parsed.queries, parsed.feedback);
        io.log(`imported ${counts.queries} queries and ${counts.feedback} answers (${counts.skipped} already present): ${file} → ${path}`);
        return { action, store: path, file, ...counts };
      } finally {
        store.close();
      }
    } finally {
      lock?.release();
    }
  },
};
