/**
 * Which feedback store a command opens for a target: a run directory's own store (its
 * config.json `store`, else <run dir>/feedback.sqlite — what `openRunStore` opens), a store
 * file, or a `postgres://` URL.
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { RewardModelingConfig } from '../../loop/config.js';
import { readJson } from '../../runs/run-dir.js';

export interface StoreTarget {
  /** What openFeedbackStore opens. */
  spec: string;
  /** The run directory when the target is one (its lock guards the store), else null. */
  runDir: string | null;
  /** The run's config when the target is a run directory with a config.json. */
  config: RewardModelingConfig | null;
  /** An SQLite file (the store lives beside its journal in a directory that must be writable). */
  sqlite: boolean;
}

export const isPostgresSpec = (spec: string): boolean => /^postgres(ql)?:\/\//i.test(spec);

export function storeTarget(target: string): StoreTarget {
  if (isPostgresSpec(target)) return { spec: target, runDir: null, config: null, sqlite: false };
  if (!(existsSync(target) && statSync(target).isDirectory())) return { spec: target, runDir: null, config: null, sqlite: true };
  const file = join(target, 'config.json');
  const config = existsSync(file) ? readJson<RewardModelingConfig>(file, 'run config') : null;
  const spec = config?.store ?? join(target, 'feedback.sqlite');
  return { spec, runDir: target, config, sqlite: !isPostgresSpec(spec) };
}
