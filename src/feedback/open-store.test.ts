import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../core/errors.js';
import { openFeedbackStore } from './open-store.js';
import { lockKeys, parsePostgresSpec, runPrefix } from './postgres-schema.js';
import { SqliteFeedbackStore } from './sqlite-store.js';

const closedPort = () => new Promise<number>((resolve) => {
  const srv = createServer().listen(0, '127.0.0.1', () => {
    const port = (srv.address() as { port: number }).port;
    srv.close(() => resolve(port));
  });
});

describe('openFeedbackStore', () => {
  it('a path opens an SQLite store', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'rl-open-')), 'f.sqlite');
    const s = await openFeedbackStore(path);
    expect(s).toBeInstanceOf(SqliteFeedbackStore);
    expect(s.location).toBe(path);
    await s.close();
  });

  it('refuses an empty spec and an unknown scheme, naming the spec (password hidden)', async () => {
    await expect(openFeedbackStore('')).rejects.toThrow(ConfigError);
    await expect(openFeedbackStore('mysql://u:secret@h/db')).rejects.toThrow(/feedback store = "mysql:\/\/u:\*\*\*@h\/db": scheme mysql:\/\/ is not supported; use a file path/);
  });

  it('an unreachable PostgreSQL server is a ConfigError naming host, port and the driver error, without the password', async () => {
    const port = await closedPort();
    const open = openFeedbackStore(`postgresql://ann:hunter2@127.0.0.1:${port}/db?schema=s1`, { connectTimeoutMs: 3000 });
    await expect(open).rejects.toBeInstanceOf(ConfigError);
    const message = ((await open.catch((e: Error) => e)) as Error).message;
    expect(message).toContain(`cannot reach the PostgreSQL server at 127.0.0.1:${port} (`);
    expect(message).toMatch(/ECONNREFUSED/);
    expect(message).not.toContain('hunter2');
  });
});

describe('PostgreSQL namespaces', () => {
  it('location drops the password and spells out schema and table prefix; pg gets the URL without them', () => {
    const t = parsePostgresSpec('postgres://ann:pw@db.example:6543/labels?schema=exp1&sslmode=disable');
    expect(t).toMatchObject({ schema: 'exp1', prefix: 'rewardlab_', host: 'db.example', port: 6543 });
    expect(t.location).toBe('postgres://ann@db.example:6543/labels?sslmode=disable&schema=exp1&table_prefix=rewardlab_');
    expect(t.connectionString).toBe('postgres://ann:pw@db.example:6543/labels?sslmode=disable');
    expect(parsePostgresSpec(t.location)).toMatchObject({ schema: 'exp1', prefix: 'rewardlab_' });
  });

  it('a run gets its own table prefix; changed or long run names get a hash; bad identifiers are ConfigErrors', () => {
    expect(parsePostgresSpec('postgres://h/db?run=seed_3').prefix).toBe('run_seed_3_');
    expect(parsePostgresSpec('postgres://h/db', { run: 'a-b' }).prefix).toMatch(/^run_a_b_[0-9a-f]{8}_$/);
    expect(runPrefix('a-b')).not.toBe(runPrefix('a_b'));
    const long = runPrefix('cartpole__preference-comparisons__seed0__2026-12-02T06:00:00Z');
    expect(long).toMatch(/^run_cartpole__prefe_[0-9a-f]{8}_$/);
    expect(runPrefix('cartpole__preference-comparisons__seed1__2026-12-02T06:00:00Z')).not.toBe(long);
    expect(() => parsePostgresSpec('postgres://h/db?schema=Bad-Name')).toThrow(/schema = "Bad-Name": must be a lowercase identifier/);
    expect(() => parsePostgresSpec('postgres://h/db', { run: '--' })).toThrow(/run = "--": must contain a letter or digit/);
    expect(lockKeys({ schema: 'a', prefix: 'p_' })).not.toEqual(lockKeys({ schema: 'a', prefix: 'q_' }));
  });
});
