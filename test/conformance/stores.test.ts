/** Every FeedbackStore implementation passes the shared conformance suite (store.case.ts). */
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { openFeedbackStore } from '../../src/feedback/open-store.js';
import { lockKeys, parsePostgresSpec, tableNames } from '../../src/feedback/postgres-schema.js';
import { PostgresFeedbackStore } from '../../src/feedback/postgres-store.js';
import { SqliteFeedbackStore } from '../../src/feedback/sqlite-store.js';
import { startTestPostgres } from './postgres-server.js';
import { testSchema } from './postgres-schema.js';
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
  const { schema, spec } = testSchema(server, 'rl_conf');
  let run = 0;
  runStoreConformance('PostgreSQL', () => PostgresFeedbackStore.open(spec(`run=case-${run++}`)), {
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

  describe('PostgreSQL store: durable before acknowledged across a server crash', () => {
    it.skipIf(!server.crashAndRestart)('every answer acknowledged before `pg_ctl stop -m immediate` is there after the restart', async () => {
      const store = await PostgresFeedbackStore.open(spec(`run=crash`));
      await store.addQueries(Array.from({ length: 2000 }, (_, i) => ({ id: `k${i}`, kind: 'preference' as const, payload: { i } })));
      await store.close();
      const script = join(dir, 'crash-writer.mts');
      writeFileSync(script, `
        import { openFeedbackStore } from ${JSON.stringify(join(import.meta.dirname, '../../src/feedback/open-store.ts'))};
        const s = await openFeedbackStore(${JSON.stringify(store.location)});
        const one = async (w) => { for (let i = w; i < 2000; i += 4) { await s.addFeedback({ queryId: 'k' + i, labeler: 'x', answer: 'left' }); process.stdout.write('ack k' + i + '\\n'); } };
        await Promise.all([0, 1, 2, 3].map(one));
      `);
      const child = spawn(process.execPath, ['--import', 'tsx', script], { stdio: ['ignore', 'pipe', 'pipe'] });
      const acked: string[] = [];
      let buffer = '';
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (d: Buffer) => {
          buffer += d.toString();
          const lines = buffer.split('\n');
          buffer = lines.pop()!;
          for (const l of lines) if (l.startsWith('ack ')) acked.push(l.slice(4));
          if (acked.length >= 200) resolve();
        });
        child.once('exit', (code) => reject(new Error(`the writer exited (${code}) after ${acked.length} acks before the crash`)));
      });
      await server.crashAndRestart!(); // the writer is mid-stream: some commits in flight are lost, none acknowledged may be
      await exited;
      for (const l of buffer.split('\n')) if (l.startsWith('ack ')) acked.push(l.slice(4));
      const after = await openFeedbackStore(store.location);
      const stored = new Set((await after.feedback()).map((f) => f.queryId));
      expect(acked.length).toBeGreaterThanOrEqual(200);
      expect(acked.filter((id) => !stored.has(id))).toEqual([]);
      expect(await after.verify()).toEqual({ ok: true, bad: [] });
      await after.close();
    });
  });

  describe('PostgreSQL store: namespaces', () => {
    const sql = async (text: string) => {
      const c = new pg.Client(server.url);
      await c.connect();
      try {
        await c.query(text);
      } finally {
        await c.end();
      }
    };

    it('runs in one schema are separate stores; location reopens the same one; readonly refuses writes', async () => {
      const a = await openFeedbackStore(server.url, { schema, run: 'ns-a' });
      const b = await openFeedbackStore(spec(`run=ns-b`));
      await a.addQueries([{ id: 'x', kind: 'preference', payload: {} }]);
      await a.addFeedback({ queryId: 'x', labeler: 'l', answer: 'left' });
      expect(await b.count()).toEqual({ queries: 0, feedback: 0 });
      const at = new URL(a.location);
      expect([at.password, at.searchParams.get('schema'), at.searchParams.get('table_prefix')]).toEqual(['', schema, expect.stringMatching(/^run_ns_a_[0-9a-f]{8}_$/)]);
      const ro = await openFeedbackStore(a.location, { readonly: true });
      expect(await ro.count()).toEqual({ queries: 1, feedback: 1 });
      await expect(ro.addFeedback({ queryId: 'x', labeler: 'm', answer: 'left' })).rejects.toThrow(/read-only transaction/);
      await expect(openFeedbackStore(server.url, { schema, run: 'never-created', readonly: true })).rejects.toThrow(/does not exist/);
      for (const s of [a, b, ro]) await s.close();
    });

    it('a write waits for the store lock held by another writer, and fails after lockTimeoutMs instead of hanging', async () => {
      const s = await openFeedbackStore(server.url, { schema, run: 'lock', lockTimeoutMs: 300 });
      await s.addQueries([{ id: 'x', kind: 'preference', payload: {} }]);
      const [k1, k2] = lockKeys(parsePostgresSpec(s.location));
      const holder = new pg.Client(server.url);
      await holder.connect();
      await holder.query(`BEGIN; SELECT pg_advisory_xact_lock(${k1}, ${k2})`);
      await expect(s.addFeedback({ queryId: 'x', labeler: 'l', answer: 'left' })).rejects.toThrow(/lock timeout/);
      await holder.query('COMMIT');
      await holder.end();
      expect((await s.addFeedback({ queryId: 'x', labeler: 'l', answer: 'left' })).seq).toBe(1);
      await s.close();
    });

    it('refuses tables that are not a RewardLab store, and a newer version, changing nothing', async () => {
      await sql(`CREATE SCHEMA IF NOT EXISTS ${schema}; CREATE TABLE ${schema}.mine_queries (x INT); INSERT INTO ${schema}.mine_queries VALUES (1)`);
      await expect(openFeedbackStore(spec(`table_prefix=mine_`))).rejects.toThrow(/table\(s\) queries exist but are not a RewardLab feedback store/);
      await sql(`CREATE TABLE ${schema}.other_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL); INSERT INTO ${schema}.other_meta VALUES ('kind', 'something-else')`);
      await expect(openFeedbackStore(spec(`table_prefix=other_`))).rejects.toThrow(/is not a RewardLab feedback store \(meta.kind = "something-else"\)/);
      await sql(`CREATE TABLE ${schema}.future_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL); INSERT INTO ${schema}.future_meta VALUES ('kind', 'rewardlab-feedback-store'), ('version', '9')`);
      await expect(openFeedbackStore(spec(`table_prefix=future_`))).rejects.toThrow(/has version "9"; this RewardLab reads version 2/);
      const c = new pg.Client(server.url);
      await c.connect();
      const tables = (await c.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = $1 AND table_name LIKE 'mine_%' ORDER BY 1`, [schema])).rows.map((r) => r.table_name);
      const rows = (await c.query(`SELECT x FROM ${schema}.mine_queries`)).rows;
      await c.end();
      expect({ tables, rows }).toEqual({ tables: ['mine_queries'], rows: [{ x: 1 }] });
    });
  });
}
