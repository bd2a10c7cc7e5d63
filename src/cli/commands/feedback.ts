/** `rewardlab feedback export|import RUN_DIR FILE.jsonl`: move labels between runs as versioned JSONL. */
import { existsSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { ConfigError } from '../../core/errors.js';
import type { FeedbackStore } from '../../feedback/feedback-store.js';
import { exportJsonl, parseJsonl } from '../../feedback/jsonl.js';
import { openFeedbackStore } from '../../feedback/open-store.js';
import { acquireRunLock, checkWritableDir, unwritableReason } from '../../runs/run-lock.js';
import type { Command } from '../command.js';
import { storeTarget, type StoreTarget } from './run-store.js';

/**
 * Open the target's store (a run's through openRunStore, so a PostgreSQL run works the same way);
 * a WAL store in a read-only directory cannot be opened even to read it: say so.
 */
async function openStore(t: StoreTarget, readonly: boolean): Promise<FeedbackStore> {
  try {
    if (t.runDir !== null && t.config !== null && !readonly) {
      const { openRunStore } = await import('../../app/train-run.js'); // the training stack, only when needed
      return await openRunStore(t.config, t.runDir);
    }
    return await openFeedbackStore(t.spec, { readonly });
  } catch (e) {
    const reason = readonly && t.sqlite ? unwritableReason(dirname(t.spec)) : null;
    if (reason) throw new ConfigError('store', t.spec, `cannot be opened: its directory ${reason}, and SQLite must create ${basename(t.spec)}-shm beside a WAL store even to read it; copy the run directory somewhere writable`);
    throw e;
  }
}

export const feedbackCommand: Command = {
  name: 'feedback',
  usage: 'export|import RUN_DIR|STORE.sqlite|postgres://… FILE.jsonl',
  summary: 'export a run\'s labels to versioned JSONL, or import them (all or nothing) into another run',
  flags: [],
  async run({ positionals }, io) {
    const [action, target, file] = positionals;
    if (action !== 'export' && action !== 'import') throw new ConfigError('ACTION', action ?? '(none)', 'must be "export" or "import"');
    if (!target || !file) throw new ConfigError('arguments', positionals.join(' '), 'need RUN_DIR (or STORE.sqlite, or a postgres:// URL) and FILE.jsonl');
    const t = storeTarget(target);
    if (action === 'export' && t.sqlite && !existsSync(t.spec)) throw new ConfigError('RUN_DIR', target, t.runDir ? 'has no feedback.sqlite' : 'does not exist');
    if (action === 'export') {
      const store = await openStore(t, true);
      try {
        const counts = await exportJsonl(store, file);
        io.log(`exported ${counts.queries} queries and ${counts.feedback} answers: ${store.location} → ${file}`);
        return { action, store: store.location, file, ...counts };
      } finally {
        await store.close();
      }
    }
    const parsed = parseJsonl(file); // the whole file is checked before the store is even opened
    if (t.sqlite) checkWritableDir(dirname(t.spec)); // SQLite writes the store and its journal beside it
    const lock = t.runDir === null ? null : acquireRunLock(t.runDir, { command: 'feedback import' }); // a run directory: not while it trains
    try {
      const store = await openStore(t, false);
      try {
        const counts = await store.importRecords(parsed.queries, parsed.feedback);
        io.log(`imported ${counts.queries} queries and ${counts.feedback} answers (${counts.skipped} already present): ${file} → ${store.location}`);
        return { action, store: store.location, file, ...counts };
      } finally {
        await store.close();
      }
    } finally {
      lock?.release();
    }
  },
};
