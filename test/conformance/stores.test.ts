/** Every FeedbackStore implementation passes the shared conformance suite (store.case.ts). */
import Database from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, it } from 'vitest';
import { parsePostgresSpec, tableNames } from '../../src/feedback/postgres-schema.js';
import { PostgresFeedbackStore } from '../../src/feedback/postgres-store.js';
import { SqliteFeedbackStore } from '../../src/feedback/sqlite-store.js';
import { startTestPostgres } from './postgres-server.js';
import { runStoreConformance } from './store.case.js';

const fill = (sql: string, name: (t: string) => string) => sql.replace(/\{(\w+)\}/g, (_, t: string) => name(t));

const dir = mkdtempSync(join(tmpdir(), 'rl-stores-'));
let n = 0;
runStoreConformance('SQLite', () => SqliteFeedbackStore.open(join(dir, `s${n++}.sqlite`)), {
  async raw(store, sql) {
    const db = new Database(store.location);
    try {
      db.exec(fill(sql, (t) => t));
    } finally {
      db.close();
    }
  },
});

const server = await startTestPostgres();
if ('skip' in server) {
  describe('FeedbackStore conformance: PostgreSQL', () => {
    it.skip(`skipped: ${server.skip}`, () => {});
  });
} else {
  const schema = `rl_conf_${process.pid}`;
  afterAll(async () => {
    const c = new pg.Client(server.url);
    await c.connect();
    await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await c.end();
    await server.stop();
  });
  let run = 0;
  runStoreConformance('PostgreSQL', () => PostgresFeedbackStore.open(`${server.url}?schema=${schema}&run=case-${run++}`), {
    async raw(store, sql) {
      const target = parsePostgresSpec(store.location);
      const names = tableNames(target) as Record<string, string>;
      const c = new pg.Client(target.connectionString);
      await c.connect();
      try {
        await c.query(fill(sql, (t) => names[t]));
      } finally {
        await c.end();
      }
    },
  });
}
