/** `rewardlab feedback export|import RUN_DIR FILE.jsonl`: move labels between runs as versioned JSONL. */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../../core/errors.js';
import { exportJsonl, importJsonl } from '../../feedback/jsonl.js';
import { FeedbackStore } from '../../feedback/store.js';
import type { Command } from '../command.js';

/** A run directory or a .sqlite file. */
function storePath(target: string): string {
  return existsSync(target) && statSync(target).isDirectory() ? join(target, 'feedback.sqlite') : target;
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
    const store = FeedbackStore.open(path, { readonly: action === 'export' });
    try {
      const counts = action === 'export' ? exportJsonl(store, file) : importJsonl(store, file);
      io.log(`${action}ed ${counts.queries} queries and ${counts.feedback} answers${'skipped' in counts ? ` (${counts.skipped} already present)` : ''}: ${action === 'export' ? `${path} → ${file}` : `${file} → ${path}`}`);
      return { action, store: path, file, ...counts };
    } finally {
      store.close();
    }
  },
};
