/**
 * A throwaway PostgreSQL server for tests: `initdb` into a temp dir, started with `pg_ctl` on a
 * free loopback port (unix socket in the same temp dir, trust auth for 127.0.0.1 and the socket
 * only), stopped and removed by `stop()`. Set REWARDLAB_TEST_POSTGRES=postgres://… to use an
 * existing server instead. When PostgreSQL is missing or cannot start, `startTestPostgres`
 * returns `{ skip: reason }` so the suite is skipped with that reason instead of failing.
 * Tests run as root, and PostgreSQL refuses to run as root: the data dir is owned by the
 * `postgres` user and the binaries run through `runuser -u postgres --`.
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

export interface TestPostgres {
  /** Base connection string, e.g. postgres://postgres@127.0.0.1:54321/postgres. */
  url: string;
  stop(): Promise<void>;
  /** Kill the server as a crash would (`pg_ctl stop -m immediate`: no checkpoint, WAL replay on start) and start it again. Only for the throwaway cluster. */
  crashAndRestart?(): Promise<void>;
}

const ROOT = '/usr/lib/postgresql';

/** The newest /usr/lib/postgresql/<version>/bin holding initdb, or undefined. */
export function findPostgresBin(root = ROOT): string | undefined {
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a));
  return versions.length ? join(root, versions[0], 'bin') : undefined;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

function userId(name: string): { uid: number; gid: number } | undefined {
  const r = spawnSync('id', ['-u', name], { encoding: 'utf8' });
  const g = spawnSync('id', ['-g', name], { encoding: 'utf8' });
  if (r.status !== 0 || g.status !== 0) return undefined;
  return { uid: Number(r.stdout.trim()), gid: Number(g.stdout.trim()) };
}

export interface TestPostgresOptions {
  /** Where the versioned PostgreSQL installs live. Default /usr/lib/postgresql. */
  root?: string;
  /** Environment to read REWARDLAB_TEST_POSTGRES from. Default process.env. */
  env?: Record<string, string | undefined>;
}

export async function startTestPostgres(options: TestPostgresOptions = {}): Promise<TestPostgres | { skip: string }> {
  const root = options.root ?? ROOT;
  const given = (options.env ?? process.env).REWARDLAB_TEST_POSTGRES;
  if (given) return { url: given, stop: async () => {} };
  const bin = findPostgresBin(root);
  if (!bin) return { skip: `PostgreSQL binaries not found (no ${root}/*/bin/initdb); install Debian postgresql or set REWARDLAB_TEST_POSTGRES=postgres://…` };
  const asRoot = userInfo().uid === 0;
  const owner = asRoot ? userId('postgres') : undefined;
  if (asRoot && !owner) return { skip: 'running as root and there is no `postgres` user to run the PostgreSQL server as' };
  const dir = mkdtempSync(join(tmpdir(), 'rl-pg-'));
  if (owner) chownSync(dir, owner.uid, owner.gid);
  const data = join(dir, 'data');
  const run = (cmd: string, args: string[]) =>
    asRoot ? spawnSync('runuser', ['-u', 'postgres', '--', join(bin, cmd), ...args], { encoding: 'utf8', timeout: 60_000 }) : spawnSync(join(bin, cmd), args, { encoding: 'utf8', timeout: 60_000 });
  const cleanup = () => rmSync(dir, { recursive: true, force: true });
  const init = run('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '--no-sync', '-E', 'UTF8', '--locale=C']);
  if (init.status !== 0) {
    cleanup();
    return { skip: `initdb failed (${bin}): ${(init.stderr || init.error?.message || '').trim().split('\n').slice(-3).join(' | ')}` };
  }
  writeFileSync(join(data, 'pg_hba.conf'), 'local all all trust\nhost all all 127.0.0.1/32 trust\n');
  let lastError = '';
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    appendFileSync(join(data, 'postgresql.conf'), `\nlisten_addresses = '127.0.0.1'\nport = ${port}\nunix_socket_directories = '${dir}'\nmax_connections = 60\nfsync = on\nsynchronous_commit = on\n`);
    const start = run('pg_ctl', ['-D', data, '-l', join(dir, 'server.log'), '-w', '-t', '30', 'start']);
    if (start.status === 0) {
      let stopped = false;
      const stop = async () => {
        if (stopped) return;
        stopped = true;
        process.off('exit', onExit);
        run('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
        cleanup();
      };
      const onExit = () => void stop(); // a test process that ends without afterAll still leaves no server behind
      process.once('exit', onExit);
      const crashAndRestart = async () => {
        const down = run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
        if (down.status !== 0) throw new Error(`pg_ctl stop -m immediate failed: ${down.stderr}`);
        const up = run('pg_ctl', ['-D', data, '-l', join(dir, 'server.log'), '-w', '-t', '30', 'start']);
        if (up.status !== 0) throw new Error(`PostgreSQL did not restart after the crash: ${up.stderr}`);
      };
      return { url: `postgres://postgres@127.0.0.1:${port}/postgres`, stop, crashAndRestart };
    }
    lastError = existsSync(join(dir, 'server.log')) ? readFileSync(join(dir, 'server.log'), 'utf8').trim().split('\n').slice(-3).join(' | ') : start.stderr.trim();
  }
  cleanup();
  return { skip: `the PostgreSQL server (${bin}) did not start: ${lastError}` };
}
