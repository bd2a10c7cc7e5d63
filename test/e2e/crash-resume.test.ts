/**
 * Crash torture: a small synthetic-feedback run killed with SIGKILL at chosen bad moments
 * (between two answers of the warm start, inside a checkpoint write, between the two renames
 * of a checkpoint swap) and at random moments drawn from a fixed seed, then resumed, ends
 * with the same result.json, metrics.jsonl and diagnostics.jsonl as the uninterrupted run —
 * no label lost, none asked twice.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/rng.js';
import { ROOT, USES_DIST, cliEnv } from './run-cli.js';

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  seconds: number;
}

function runChild(mode: 'start' | 'resume', dir: string, o: { fault?: string; killAfterMs?: number } = {}): Promise<Exit> {
  const t0 = performance.now();
  const child = spawn(process.execPath, [...(USES_DIST ? [] : ['--import', 'tsx']), join(ROOT, 'test/e2e/crash-run.mjs'), mode, dir], {
    cwd: ROOT, env: cliEnv({ REWARDLAB_FAULT: o.fault ?? '' }), stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const timer = o.killAfterMs === undefined ? null : setTimeout(() => child.kill('SIGKILL'), o.killAfterMs);
  return new Promise((resolve) => child.on('exit', (code, signal) => {
    if (timer) clearTimeout(timer);
    resolve({ code, signal, stdout, stderr, seconds: (performance.now() - t0) / 1000 });
  }));
}

const metrics = (dir: string) =>
  readFileSync(join(dir, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => {
    const m = JSON.parse(l);
    delete m.wallSeconds;
    delete m.time;
    return m;
  });

/** The run's diagnostics.jsonl, whole (it holds no timings: every line must match). */
const diagnostics = (dir: string) => readFileSync(join(dir, 'diagnostics.jsonl'), 'utf8');

const result = (dir: string) => {
  const { wallSeconds: _w, time: _t, runDir: _d, ...rest } = JSON.parse(readFileSync(join(dir, 'result.json'), 'utf8'));
  return rest;
};

function answers(dir: string): { queryId: string; answer: string }[] {
  const db = new Database(join(dir, 'feedback.sqlite'), { readonly: true });
  try {
    return (db.prepare('SELECT query_id, answer FROM feedback ORDER BY seq').all() as { query_id: string; answer: string }[]).map((r) => ({ queryId: r.query_id, answer: r.answer }));
  } finally {
    db.close();
  }
}

async function resumeToEnd(dir: string): Promise<number> {
  for (let attempt = 1; attempt <= 3; attempt++) {
    const r = await runChild('resume', dir);
    if (r.code === 0) return attempt;
    throw new Error(`resume of ${dir} failed (code ${r.code}): ${r.stderr.slice(-2000)}`);
  }
  return -1;
}

const root = mkdtempSync(join(tmpdir(), 'rl-crash-'));
const base = join(root, 'uninterrupted');
/** The uninterrupted run, started by whichever test needs it first. */
let uninterrupted: Promise<Exit> | undefined;
const reference = () => (uninterrupted ??= runChild('start', base));

describe('crash torture: SIGKILL at any moment, resume ends where the uninterrupted run ends', () => {
  it('kills in warm start, inside checkpoint writes and at 5 random moments all resume to the same run', async () => {
    const ref = await reference();
    expect(ref.code, ref.stderr.slice(-2000)).toBe(0);
    const refResult = result(base);
    const refMetrics = metrics(base);
    const refAnswers = answers(base);
    const refDiagnostics = diagnostics(base);
    expect(refDiagnostics.split('\n').filter(Boolean).map((l) => JSON.parse(l).kind)).toEqual(expect.arrayContaining(['answers', 'reward-model', 'rollout', 'evaluation']));
    expect(refResult.finished).toBe(true);
    expect(refResult.labels).toBeGreaterThan(0);

    const rng = new Rng(20261202);
    const cases: { name: string; fault?: string; killAfterMs?: number }[] = [
      { name: 'warm start, after the 4th stored answer', fault: 'answer-stored:4' },
      { name: 'inside the 2nd checkpoint write', fault: 'checkpoint-write:2' },
      { name: 'between the renames of the 3rd checkpoint swap', fault: 'checkpoint-swap:3' },
      ...Array.from({ length: 5 }, (_, i) => ({ name: `random moment ${i + 1}`, killAfterMs: Math.round(ref.seconds * 1000 * (0.15 + 0.8 * rng.next())) })),
    ];
    let killed = 0;
    for (const [i, c] of cases.entries()) {
      const dir = join(root, `case-${i}`);
      let first = await runChild('start', dir, c);
      // A random moment must land inside the run: under load the child may still be starting
      // (no run directory yet: nothing to resume) or already done. Move the moment and run again.
      for (let retry = 0; c.killAfterMs !== undefined && retry < 4; retry++) {
        const early = first.signal === 'SIGKILL' && !existsSync(join(dir, 'config.json'));
        if (first.signal === 'SIGKILL' && !early) break;
        rmSync(dir, { recursive: true, force: true });
        c.killAfterMs = Math.round(early ? c.killAfterMs * 1.5 + 500 : c.killAfterMs * 0.6);
        first = await runChild('start', dir, c);
      }
      if (first.signal === 'SIGKILL') killed++;
      else expect(first.code, `${c.name}: ${first.stderr.slice(-1500)}`).toBe(0);
      if (first.code !== 0) await resumeToEnd(dir);
      expect(result(dir), c.name).toEqual(refResult);
      expect(metrics(dir), c.name).toEqual(refMetrics);
      expect(diagnostics(dir), `${c.name}: diagnostics.jsonl`).toBe(refDiagnostics);
      const got = answers(dir);
      expect(got.length, `${c.name}: answers stored`).toBe(refAnswers.length); // none lost, none asked twice
      expect(new Set(got.map((a) => a.queryId)).size, c.name).toBe(got.length);
      expect([...got].sort((a, b) => a.queryId.localeCompare(b.queryId))).toEqual([...refAnswers].sort((a, b) => a.queryId.localeCompare(b.queryId)));
    }
    expect(killed).toBe(cases.length); // every case was killed inside the run
  }, 600_000);

  it('a finished run resumed is left unchanged', async () => {
    const dir = base;
    expect((await reference()).code).toBe(0);
    const before = readFileSync(join(dir, 'result.json'), 'utf8');
    const metricsBefore = readFileSync(join(dir, 'metrics.jsonl'), 'utf8');
    const diagnosticsBefore = diagnostics(dir);
    const again = await runChild('resume', dir);
    expect(again.code).toBe(0);
    expect(readFileSync(join(dir, 'result.json'), 'utf8')).toBe(before);
    expect(readFileSync(join(dir, 'metrics.jsonl'), 'utf8')).toBe(metricsBefore);
    expect(diagnostics(dir)).toBe(diagnosticsBefore);
  }, 300_000);
});
