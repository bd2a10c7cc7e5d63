/**
 * Where a PostgreSQL feedback store lives and what its tables look like. A store is a namespace:
 * a schema plus a table prefix, both chosen by the connection string
 * (`postgres://user@host:port/db?schema=name&table_prefix=p_` or `?run=name`) or by options.
 * Each run needs its own namespace: `run` makes the prefix `run_<name>_`. The tables mirror the
 * SQLite format version 2 (queries, feedback, retractions, folds, meta), with triggers that
 * RAISE EXCEPTION on UPDATE, DELETE and TRUNCATE. Payloads and answers are TEXT (the exact JSON
 * text, as in SQLite), not JSONB, so idempotence compares the same bytes in both stores.
 */
import { createHash } from 'node:crypto';
import { ConfigError } from '../core/errors.js';

export const KIND = 'rewardlab-feedback-store';
export const VERSION = 2;
export const TABLES = ['meta', 'queries', 'feedback', 'retractions', 'folds'] as const;

export interface PostgresNamespaceOptions {
  /** Schema holding the tables (created if missing). Default: `?schema=` of the URL, else "public". */
  schema?: string;
  /** Prefix of every table name. Default: `?table_prefix=`, else `run_<run>_` with a run, else "rewardlab_". */
  tablePrefix?: string;
  /** Names the run that owns this namespace (sets the prefix when none is given). */
  run?: string;
}

export interface PostgresTarget {
  /** The connection string handed to `pg`, without our namespace parameters. */
  connectionString: string;
  schema: string;
  prefix: string;
  host: string;
  port: number;
  /** The URL without the password, with the namespace spelled out (reopens the same store). */
  location: string;
}

const IDENT = /^[a-z_][a-z0-9_]*$/;

/** A run name as a short identifier: lowercase [a-z0-9_]; a name that had to be changed or shortened gets a hash. */
export function runPrefix(run: string): string {
  const clean = run.toLowerCase().replace(/[^a-z0-9_]+/g, '_').replace(/^_+|_+$/g, '');
  if (clean === '') throw new ConfigError('run', run, 'must contain a letter or digit');
  // kept as is when it already is a short identifier; otherwise a hash keeps distinct runs apart ("a-b" vs "a_b")
  const short = clean === run && clean.length <= 24 ? clean : `${clean.slice(0, 15)}_${createHash('sha256').update(run).digest('hex').slice(0, 8)}`;
  return `run_${short}_`;
}

export function parsePostgresSpec(spec: string, options: PostgresNamespaceOptions = {}): PostgresTarget {
  let url: URL;
  try {
    url = new URL(spec);
  } catch {
    throw new ConfigError('feedback store', spec.replace(/:[^:@/]*@/, ':***@'), 'is not a valid postgres:// URL');
  }
  const param = (k: string) => url.searchParams.get(k) ?? undefined;
  const schema = param('schema') ?? options.schema ?? 'public';
  const run = param('run') ?? options.run;
  const prefix = param('table_prefix') ?? options.tablePrefix ?? (run !== undefined ? runPrefix(run) : 'rewardlab_');
  if (!IDENT.test(schema) || schema.length > 63) throw new ConfigError('schema', schema, 'must be a lowercase identifier ([a-z_][a-z0-9_]*, ≤ 63 characters)');
  if (!/^[a-z0-9_]*$/.test(prefix) || prefix.length > 30) throw new ConfigError('table_prefix', prefix, 'must be lowercase [a-z0-9_], ≤ 30 characters');
  for (const k of ['schema', 'table_prefix', 'run']) url.searchParams.delete(k);
  const connectionString = url.toString();
  const shown = new URL(connectionString);
  shown.password = '';
  shown.searchParams.delete('password');
  shown.searchParams.set('schema', schema);
  shown.searchParams.set('table_prefix', prefix);
  return { connectionString, schema, prefix, host: url.hostname || 'localhost', port: Number(url.port || 5432), location: shown.toString() };
}

/** Qualified, quoted table names for a namespace. */
export function tableNames(t: Pick<PostgresTarget, 'schema' | 'prefix'>): Record<(typeof TABLES)[number], string> {
  return Object.fromEntries(TABLES.map((name) => [name, `"${t.schema}"."${t.prefix}${name}"`])) as Record<(typeof TABLES)[number], string>;
}

/** Two int32 keys for pg_advisory_xact_lock: every writer of one namespace serializes on them. */
export function lockKeys(t: Pick<PostgresTarget, 'schema' | 'prefix'>): [number, number] {
  return [0x524c4653, createHash('sha256').update(`${t.schema}.${t.prefix}`).digest().readInt32BE(0)];
}

export function schemaSql(t: Pick<PostgresTarget, 'schema' | 'prefix'>): string {
  const n = tableNames(t);
  const fn = `"${t.schema}"."${t.prefix}append_only"`;
  const idx = (name: string) => `"${t.prefix}${name}"`;
  const guard = (table: keyof typeof n, what: string) => `
CREATE TRIGGER no_change BEFORE UPDATE OR DELETE ON ${n[table]} FOR EACH ROW EXECUTE FUNCTION ${fn}('${what}');
CREATE TRIGGER no_truncate BEFORE TRUNCATE ON ${n[table]} FOR EACH STATEMENT EXECUTE FUNCTION ${fn}('${what}');`;
  return `
CREATE SCHEMA IF NOT EXISTS "${t.schema}";
CREATE TABLE ${n.meta} (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE ${n.queries} (qseq BIGINT NOT NULL UNIQUE, id TEXT PRIMARY KEY, kind TEXT NOT NULL, payload TEXT NOT NULL, created_at BIGINT NOT NULL);
CREATE TABLE ${n.feedback} (
  seq BIGINT PRIMARY KEY,
  query_id TEXT NOT NULL REFERENCES ${n.queries}(id),
  kind TEXT NOT NULL,
  labeler TEXT NOT NULL,
  answer TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  checksum TEXT NOT NULL
);
CREATE INDEX ${idx('feedback_query')} ON ${n.feedback} (query_id, labeler);
CREATE INDEX ${idx('feedback_labeler')} ON ${n.feedback} (labeler, seq);
CREATE TABLE ${n.retractions} (seq BIGINT PRIMARY KEY, feedback_seq BIGINT NOT NULL UNIQUE REFERENCES ${n.feedback}(seq), labeler TEXT NOT NULL, created_at BIGINT NOT NULL);
CREATE TABLE ${n.folds} (seq BIGINT PRIMARY KEY, round BIGINT NOT NULL, feedback_upto BIGINT NOT NULL, retraction_upto BIGINT NOT NULL, created_at BIGINT NOT NULL);
CREATE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'the % table is append-only', TG_ARGV[0]; END $$;
${guard('queries', 'queries')}${guard('feedback', 'feedback')}${guard('retractions', 'retractions')}${guard('folds', 'folds')}
INSERT INTO ${n.meta} (key, value) VALUES ('kind', '${KIND}'), ('version', '${VERSION}');
`;
}
