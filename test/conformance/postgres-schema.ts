/**
 * One schema per test file on the throwaway (or given) PostgreSQL server: `spec(params)` builds
 * a store URL inside it; after the file's tests the schema is dropped and the server stopped.
 */
import pg from 'pg';
import { afterAll } from 'vitest';
import type { TestPostgres } from './postgres-server.js';

export function testSchema(server: TestPostgres, prefix: string): { schema: string; spec(params: string): string } {
  const schema = `${prefix}_${process.pid}`;
  const sep = server.url.includes('?') ? '&' : '?'; // REWARDLAB_TEST_POSTGRES may carry parameters already
  afterAll(async () => {
    const c = new pg.Client(server.url);
    await c.connect();
    await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await c.end();
    await server.stop();
  });
  return { schema, spec: (params) => `${server.url}${sep}schema=${schema}&${params}` };
}
