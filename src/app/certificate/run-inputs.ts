/**
 * What a certificate is about, read from a run directory: its resolved config, its newest
 * complete checkpoint, and its feedback store (opened read-only). Certify and the checker read
 * the run the same way, so they hash and re-check the same things.
 */
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ConfigError } from '../../core/errors.js';
import type { FeedbackStore } from '../../feedback/feedback-store.js';
import { openFeedbackStore } from '../../feedback/open-store.js';
import type { RewardModelingConfig } from '../../loop/config.js';
import { latestCheckpoint } from '../../runs/checkpoint-dir.js';
import { readJson } from '../../runs/run-dir.js';

export interface RunInputs {
  dir: string;
  config: RewardModelingConfig;
  /** Absolute (or caller-relative) path of the checkpoint folder, and its name relative to the run dir. */
  checkpointDir: string;
  checkpoint: string;
  /** Where the feedback store lives (a file path, or a postgres:// location). */
  storeLocation: string;
}

/** The run's inputs; `checkpoint` names the folder (relative to the run dir) to use instead of the newest. */
export function readRunInputs(dir: string, field = 'RUN_DIR', checkpoint?: string): RunInputs {
  if (!existsSync(join(dir, 'config.json'))) throw new ConfigError(field, dir, 'is not a run directory (no config.json)');
  const config = readJson<RewardModelingConfig>(join(dir, 'config.json'), 'run config');
  const checkpointDir = checkpoint === undefined ? latestCheckpoint(dir) : join(dir, checkpoint);
  if (!checkpointDir) throw new ConfigError(field, dir, 'has no finished checkpoint yet: train (or resume) until one is written');
  return { dir, config, checkpointDir, checkpoint: relative(dir, checkpointDir), storeLocation: config.store ?? join(dir, 'feedback.sqlite') };
}

/** The run's feedback store, read-only; closed after `use`. */
export async function withRunStore<T>(inputs: RunInputs, use: (store: FeedbackStore) => Promise<T>): Promise<T> {
  const store = await openFeedbackStore(inputs.storeLocation, { readonly: true });
  try {
    return await use(store);
  } finally {
    await store.close();
  }
}
