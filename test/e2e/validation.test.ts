/**
 * The CLI refuses bad input before it writes anything, never lets two processes share a run
 * directory, imports a feedback file only whole, and reports failures as one `error:` line
 * (exit 2 usage/config, 1 runtime) — never a raw stack.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteFeedbackStore } from '../../src/feedback/sqlite-store.js';
import { exportJsonl } from '../../src/feedback/jsonl.js';
import { COMMANDS } from '../../src/cli/commands/index.js';
import { ROOT, cliEnv, runCli, type CliResult } from './run-cli.js';

const background: ChildProcess[] = [];
afterEach(() => {
  for (const p of background.splice(0)) if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
});

const fresh = (prefix: string) => mkdtempSync(join(tmpdir(), `rl-valid-${prefix}-`));

/** No raw stack trace, no bare error class names: one `error:` line. */
function expectCleanError(r: CliResult, code: number, pattern: RegExp): void {
  expect(r.code, r.stderr).toBe(code);
  expect(r.stderr).toMatch(/^error: /m);
  expect(r.stderr).toMatch(pattern);
  expect(r.stderr).not.toMatch(/^\s+at /m);
  expect(r.stderr).not.toMatch(/SqliteError|RangeError|TypeError/);
}

/** Start the CLI in the background; resolves once every file in `waitFor` exists (the process still running). */
function startCli(args: string[], waitFor: string[]): Promise<ChildProcess> {
  const proc = spawn(process.execPath, [`${ROOT}bin/rewardlab.js`, ...args], { cwd: ROOT, env: cliEnv(), stdio: ['ignore', 'ignore', 'pipe'] });
  background.push(proc);
  let stderr = '';
  proc.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    const poll = setInterval(() => {
      if (waitFor.every((f) => existsSync(f))) {
        clearInterval(poll);
        resolve(proc);
      } else if (proc.exitCode !== null) {
        clearInterval(poll);
        reject(new Error(`rewardlab ${args.join(' ')} exited ${proc.exitCode} before ${waitFor.join(', ')} appeared: ${stderr}`));
      }
    }, 50);
  });
}

const exited = (p: ChildProcess) =>
  new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    if (p.exitCode !== null || p.signalCode !== null) resolve({ code: p.exitCode, signal: p.signalCode });
    else p.once('exit', (code, signal) => resolve({ code, signal }));
  });

/** A feedback store with `n` answered preference queries. */
async function makeStore(path: string, n: number): Promise<void> {
  const s = await SqliteFeedbackStore.open(path);
  await s.addQueries(Array.from({ length: n }, (_, i) => ({ id: `q${i}`, kind: 'preference' as const, payload: { left: [i, i + 0.5], right: [i + 1], note: 'x'.repeat(200) } })));
  for (let i = 0; i < n; i++) await s.addFeedback({ queryId: `q${i}`, labeler: 'ann', answer: i % 3 ? 'left' : 'right' });
  await s.close();
}

describe('flag validation: exit 2, the field and the value named, nothing written', () => {
  const cases: [string[], RegExp][] = [
    [['--labels', '1e99'], /--labels = "1e99": must be an integer in 2\.\.1000000/],
    [['--labels', '99999999999999999999'], /--labels = "99999999999999999999": must be an integer in 2\.\.1000000/],
    [['--labels', '1'], /--labels = "1": must be in 2\.\.1000000/],
    [['--steps', '1.5'], /--steps = "1.5": must be an integer/],
    [['--redundancy', '0'], /--redundancy = "0": must be in 1\.\.100/],
    [['--port', '99999'], /--port = "99999": must be in 0\.\.65535/],
    [['--seed', '-1'], /--seed = "-1": must be in 0\.\.4294967295/],
    [['--feedback', 'synthetic:bogus'], /feedback teacher = "bogus": is not a known teacher/],
    [['--feedback', 'synthetic:eps=7'], /feedback option eps = 7: must be in \[0, 1\]/],
    [['--feedback', 'robot'], /--feedback = "robot": must be 'human', 'synthetic'/],
  ];
  it.each(cases)('train %j is refused before a run directory exists', (flags, pattern) => {
    const out = join(fresh('flags'), 'run');
    expectCleanError(runCli(['train', ...flags, '--out', out]), 2, pattern);
    expect(existsSync(out)).toBe(false);
  });

  it('train --feedback human on a port in use fails before a run directory exists', async () => {
    const busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const port = (busy.address() as AddressInfo).port;
    const out = join(fresh('port'), 'run');
    const r = await new Promise<CliResult>((resolve) => {
      // async spawn: this process must keep serving `busy` while the CLI probes the port
      const p = spawn(process.execPath, [`${ROOT}bin/rewardlab.js`, 'train', '--feedback', 'human', '--port', String(port), '--out', out], { cwd: ROOT, env: cliEnv() });
      let stderr = '';
      p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      p.on('exit', (code) => resolve({ code, stdout: '', stderr }));
    });
    busy.close();
    expectCleanError(r, 1, new RegExp(`^error: address already in use: 127\\.0\\.0\\.1:${port} \\(EADDRINUSE\\)`, 'm'));
    expect(existsSync(out)).toBe(false);
  });

  it('an experiment that refuses its own flag leaves no directory behind', () => {
    const root = fresh('experiment');
    const out = join(root, 'nested', 'run');
    expectCleanError(runCli(['experiment', 'recursive', '--testbed', 'powering', '--depth', '0..9', '--out', out]), 2, /--depth = "0..9": must be a level/);
    expect(readdirSync(root)).toEqual([]);
  });

  it('label and rl check the same bounds; help shows them', () => {
    expectCleanError(runCli(['label', '/nonexistent', '--port', '70000']), 2, /--port = "70000": must be in 0\.\.65535/);
    expectCleanError(runCli(['rl', '--steps', '0']), 2, /--steps = "0": must be in 1\.\.1000000000/);
    expectCleanError(runCli(['experiment', 'recursive', '--seeds', '1,99999999999']), 2, /--seeds = "1,99999999999": 99999999999 is above 4294967295; use comma-separated integers or ranges in 0\.\.4294967295/);
    const help = runCli(['train', '--help']);
    expect(help.stdout).toContain('--labels <int 2..1000000>');
    expect(help.stdout).toContain('--port <int 0..65535>');
  });

  it('every default in every command table is within its own bounds', () => {
    for (const c of COMMANDS) {
      for (const f of c.flags) {
        if (typeof f.default !== 'number') continue;
        if (f.min !== undefined) expect(f.default, `${c.name} --${f.name}`).toBeGreaterThanOrEqual(f.min);
        if (f.max !== undefined) expect(f.default, `${c.name} --${f.name}`).toBeLessThanOrEqual(f.max);
      }
    }
  });
});

describe('one process per run directory', () => {
  it('resume and label are refused while train runs; SIGINT releases the lock; a SIGKILLed holder is taken over', async () => {
    const dir = join(fresh('lock'), 'run');
    const train = await startCli(['train', '--labels', '30', '--steps', '1000000', '--out', dir], [join(dir, 'run.lock'), join(dir, 'feedback.sqlite')]);
    const holder = JSON.parse(readFileSync(join(dir, 'run.lock'), 'utf8'));
    expect(holder).toMatchObject({ pid: train.pid, command: 'train' });
    expectCleanError(runCli(['resume', dir]), 2, new RegExp(`run directory = ".*run": is in use by pid ${train.pid} on host ".+" \\(command "train", since ${holder.startedAt}\\)`));
    expectCleanError(runCli(['label', dir, '--for-seconds', '0']), 2, new RegExp(`is in use by pid ${train.pid}`));
    train.kill('SIGINT');
    expect(await exited(train)).toEqual({ code: 130, signal: null });
    expect(existsSync(join(dir, 'run.lock'))).toBe(false);

    const resume = await startCli(['resume', dir], [join(dir, 'run.lock')]);
    resume.kill('SIGKILL');
    await exited(resume);
    expect(JSON.parse(readFileSync(join(dir, 'run.lock'), 'utf8')).pid).toBe(resume.pid); // left behind by the kill
    const label = runCli(['label', dir, '--for-seconds', '0', '--json']);
    expect(label.code, label.stderr).toBe(0); // the stale lock was taken over
    expect(existsSync(join(dir, 'run.lock'))).toBe(false);
  }, 120_000);

  it('rl --resume is refused while another process holds the directory', async () => {
    const dir = join(fresh('rl-lock'), 'run');
    expect(runCli(['rl', '--steps', '4096', '--out', dir]).code).toBe(0);
    const label = join(dir, 'holder.ts');
    writeFileSync(label, `import { acquireRunLock } from ${JSON.stringify(join(ROOT, 'src/runs/run-lock.ts'))};\nacquireRunLock(${JSON.stringify(dir)}, { command: 'holder' });\nsetInterval(() => {}, 1000);\n`);
    const proc = spawn(process.execPath, ['--import', 'tsx', label], { cwd: ROOT, stdio: 'ignore' });
    background.push(proc);
    await new Promise<void>((resolve) => {
      const poll = setInterval(() => existsSync(join(dir, 'run.lock')) && (clearInterval(poll), resolve()), 50);
    });
    expectCleanError(runCli(['rl', '--resume', dir]), 2, new RegExp(`is in use by pid ${proc.pid} .*command "holder"`));
  }, 60_000);
});

describe('feedback import is all or nothing', () => {
  it('a file cut at a line boundary is refused by the CLI and the store keeps its count', async () => {
    const dir = fresh('import');
    await makeStore(join(dir, 'a.sqlite'), 100);
    const a = await SqliteFeedbackStore.open(join(dir, 'a.sqlite'), { readonly: true });
    await exportJsonl(a, join(dir, 'all.jsonl'));
    await a.close();
    const lines = readFileSync(join(dir, 'all.jsonl'), 'utf8').split('\n');
    writeFileSync(join(dir, 'cut.jsonl'), `${lines.slice(0, 100).join('\n')}\n`); // header + 99 of 200 records
    const target = join(fresh('import-target'), 'run');
    mkdirSync(target);
    await makeStore(join(target, 'feedback.sqlite'), 3);
    expectCleanError(runCli(['feedback', 'import', target, join(dir, 'cut.jsonl')]), 1, /cut\.jsonl": the header announces 200 records but the file holds 99.*nothing imported/);
    const b = await SqliteFeedbackStore.open(join(target, 'feedback.sqlite'), { readonly: true });
    expect(await b.count()).toEqual({ queries: 3, feedback: 3 });
    await b.close();
    const ok = runCli(['feedback', 'import', target, join(dir, 'all.jsonl'), '--json']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ queries: 97, feedback: 97, skipped: 3 });
    expect(readdirSync(target)).not.toContain('run.lock');
  });
});

describe('clear errors, no raw stacks', () => {
  it('a store with damaged pages but an intact header: the message names the file', async () => {
    const dir = join(fresh('corrupt'), 'run');
    mkdirSync(dir);
    const file = join(dir, 'feedback.sqlite');
    await makeStore(file, 300);
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ envId: 'FixedHorizonCartPole-v0' }));
    const bytes = readFileSync(file);
    expect(bytes.length).toBeGreaterThan(50_000);
    for (let i = Math.floor(bytes.length / 3); i < Math.floor(bytes.length / 3) + 2000; i++) bytes[i] = (i * 7 + 13) & 255;
    writeFileSync(file, bytes);
    expect(bytes.subarray(0, 16).toString('latin1')).toBe('SQLite format 3\u0000');
    for (const args of [['feedback', 'export', dir, join(dir, 'x.jsonl')], ['label', dir, '--for-seconds', '0']]) {
      expectCleanError(runCli(args), 1, new RegExp(`feedback store ".*run/feedback\\.sqlite" is corrupted`));
    }
  });

  it('disk full and permission denied are said in words with the path, exit 1', () => {
    expectCleanError(runCli(['render', '--env', 'CartPole-v1', '--out', '/dev/full']), 1, /^error: disk full while writing in "\/dev\/full" \(ENOSPC on write\)/m);
  });

  it('a read-only run directory is named as not writable (resume, rl --resume, label, feedback import)', async () => {
    const root = fresh('readonly');
    const dir = join(root, 'run');
    mkdirSync(dir);
    await makeStore(join(dir, 'feedback.sqlite'), 3);
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ envId: 'FixedHorizonCartPole-v0' }));
    const exported = join(root, 'in.jsonl');
    const s = await SqliteFeedbackStore.open(join(dir, 'feedback.sqlite'), { readonly: true });
    await exportJsonl(s, exported);
    await s.close();
    chmodSync(root, 0o755);
    chmodSync(dir, 0o555);
    const before = readdirSync(dir).sort();
    // root ignores permission bits: run the CLI as an unprivileged user then (nobody, 65534)
    const asUser = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    const run = (args: string[]): CliResult => {
      const r = spawnSync(process.execPath, [`${ROOT}bin/rewardlab.js`, ...args], { cwd: tmpdir(), encoding: 'utf8', timeout: 60_000, env: cliEnv({ HOME: tmpdir() }), ...asUser });
      return { code: r.status, stdout: r.stdout, stderr: r.stderr };
    };
    const notWritable = /run directory = ".*run": is not writable \(permission denied\)/;
    expectCleanError(run(['resume', dir]), 2, notWritable);
    expectCleanError(run(['rl', '--resume', dir]), 2, notWritable);
    expectCleanError(run(['label', dir, '--for-seconds', '0']), 2, notWritable);
    expectCleanError(run(['feedback', 'import', dir, exported]), 2, notWritable);
    expect(statSync(dir).mode & 0o777).toBe(0o555);
    expect(readdirSync(dir).sort()).toEqual(before);
  });
});
