/**
 * Spawn the real CLI (bin/rewardlab.js) for end-to-end tests.
 *
 * When dist/ is at least as new as every source file (`npm ci` builds it: the `prepare`
 * script), the spawned CLI runs the compiled build (REWARDLAB_DIST=1), which starts in about
 * 1 s instead of about 3 s through tsx's loader; after an edit to src/ it runs the sources, so
 * a test never exercises a stale build. REWARDLAB_TEST_SOURCES=1 forces the sources.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The newest modification time (ms) of a file below `dir` whose name passes `keep`. */
function newestBelow(dir: string, keep: (name: string) => boolean): number {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) newest = Math.max(newest, newestBelow(p, keep));
    else if (keep(e.name)) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

function distIsFresh(): boolean {
  if (process.env.REWARDLAB_TEST_SOURCES === '1') return false;
  const built = join(ROOT, 'dist/cli/main.js');
  if (!existsSync(built)) return false;
  const sources = Math.max(newestBelow(join(ROOT, 'src'), (n) => !n.endsWith('.test.ts')), statSync(join(ROOT, 'tsconfig.build.json')).mtimeMs);
  return statSync(built).mtimeMs >= sources;
}

/** Whether spawned CLIs run the compiled dist/ (see the file comment). */
export const USES_DIST = distIsFresh();

/** The environment for a spawned CLI: the caller's, plus REWARDLAB_DIST=1 when dist/ is fresh. */
export function cliEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  return { ...process.env, ...(USES_DIST ? { REWARDLAB_DIST: '1' } : {}), ...extra };
}

export function runCli(args: string[], opts: { cwd?: string; timeoutMs?: number; env?: Record<string, string> } = {}): CliResult {
  const r = spawnSync(process.execPath, [`${ROOT}bin/rewardlab.js`, ...args], {
    cwd: opts.cwd ?? ROOT,
    encoding: 'utf8',
    timeout: opts.timeoutMs ?? 110_000,
    env: cliEnv(opts.env),
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
