/**
 * `openFeedbackStore(spec)`: one entry point for every FeedbackStore. A file path opens (or
 * creates) an SQLite store; a `postgres://` or `postgresql://` URL connects to PostgreSQL, the
 * namespace chosen by `?schema=`, `?table_prefix=` or `?run=` (or the options). Anything else is
 * a ConfigError naming the spec; an unreachable server is a ConfigError naming host, port and
 * the driver's error.
 */
import { ConfigError } from '../core/errors.js';
import type { FeedbackStore } from './feedback-store.js';
import { PostgresFeedbackStore, type PostgresStoreOptions } from './postgres-store.js';
import { SqliteFeedbackStore, type SqliteStoreOptions } from './sqlite-store.js';

export type OpenFeedbackStoreOptions = SqliteStoreOptions & PostgresStoreOptions;

const URL_LIKE = /^([a-z][a-z0-9+.-]*):\/\//i;

export async function openFeedbackStore(spec: string, options: OpenFeedbackStoreOptions = {}): Promise<FeedbackStore> {
  if (typeof spec !== 'string' || spec.trim() === '') throw new ConfigError('feedback store', spec, 'must be a file path or a postgres:// URL');
  const scheme = URL_LIKE.exec(spec)?.[1].toLowerCase();
  if (scheme === 'postgres' || scheme === 'postgresql') return PostgresFeedbackStore.open(spec, options);
  if (scheme !== undefined) throw new ConfigError('feedback store', spec.replace(/:[^:@/]*@/, ':***@'), `scheme ${scheme}:// is not supported; use a file path (SQLite) or postgres://user@host:port/db?schema=name (PostgreSQL)`);
  return SqliteFeedbackStore.open(spec, { readonly: options.readonly, clock: options.clock });
}
