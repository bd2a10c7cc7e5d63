/** The throwaway-server helper says why it cannot run instead of failing the suite. */
import { describe, expect, it } from 'vitest';
import { startTestPostgres } from './postgres-server.js';

describe('startTestPostgres', () => {
  it('without PostgreSQL binaries it returns a skip reason naming what it looked for and how to fix it', async () => {
    const r = await startTestPostgres({ root: '/nonexistent/postgresql', env: {} });
    expect(r).toEqual({ skip: 'PostgreSQL binaries not found (no /nonexistent/postgresql/*/bin/initdb); install Debian postgresql or set REWARDLAB_TEST_POSTGRES=postgres://…' });
  });

  it('REWARDLAB_TEST_POSTGRES selects an existing server and starts nothing', async () => {
    const r = await startTestPostgres({ root: '/nonexistent/postgresql', env: { REWARDLAB_TEST_POSTGRES: 'postgres://u@db:5432/x' } });
    expect('url' in r && r.url).toBe('postgres://u@db:5432/x');
    expect('crashAndRestart' in r).toBe(false);
  });
});
