/**
 * The demo's wall time (issue 18: `npm run demo` ≤ 15 s on an idle machine), two readings in one
 * run: the command as a user runs it (`node bin/rewardlab.js demo`, start-up and report
 * included), and the loop alone with reward-model rounds on the training thread vs in the loop's
 * thread (the same run bit for bit: the true returns must match), alternated so drift in the
 * machine's load hits both alike. The load average is in the notes: the numbers mean little on a
 * busy machine.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startRun } from '../../src/app/train-run.js';
import { median, type BenchRow } from '../suite.js';

const ENV = 'FixedHorizonCartPole-v0';
const REPO = fileURLToPath(new URL('../..', import.meta.url));
const tmp = (name: string) => join(mkdtempSync(join(tmpdir(), `bench-${name}-`)), 'run');

export async function demoWallTime(runs: number, progress: (msg: string) => void): Promise<BenchRow[]> {
  const loadBefore = loadavg()[0];
  const cli: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, ['bin/rewardlab.js', 'demo', '--out', tmp('demo')], { cwd: REPO, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`rewardlab demo failed (exit ${r.status}): ${r.stderr}`);
    cli.push((performance.now() - t0) / 1000);
    progress(`demo command ${i + 1}/${runs}: ${cli.at(-1)!.toFixed(1)} s`);
  }
  const wall = { thread: [] as number[], one: [] as number[] };
  const returns = { thread: [] as number[], one: [] as number[] };
  for (let i = 0; i < runs; i++) {
    for (const mode of ['one', 'thread'] as const) {
      const r = await startRun({ envId: ENV, seed: 0, labels: 200, feedback: 'synthetic' }, { out: tmp('demo-loop'), roles: { trainingThread: mode === 'thread' } });
      wall[mode].push(r.wallSeconds);
      returns[mode].push(r.trueReturn ?? NaN);
      progress(`demo loop, ${mode === 'thread' ? 'training thread' : 'one thread'} ${i + 1}/${runs}: ${r.wallSeconds.toFixed(1)} s, true return ${r.trueReturn}`);
    }
  }
  const load = `load ${loadBefore.toFixed(1)} before, ${loadavg()[0].toFixed(1)} after`;
  const same = returns.thread.every((r, i) => r === returns.one[i]);
  return [
    { suite: 'loop', name: `${ENV} demo command wall time`, unit: 's', value: median(cli), runs: cli, notes: `node bin/rewardlab.js demo, start-up and report included (target ≤ 15 s idle); ${load}` },
    { suite: 'loop', name: `${ENV} demo loop wall time, reward-model rounds on the training thread`, unit: 's', value: median(wall.thread), runs: wall.thread, notes: `${(median(wall.one) / median(wall.thread)).toFixed(2)}× faster than in one thread (same run: true returns ${same ? 'identical' : 'DIFFER'}, ${returns.thread.join(', ')}); ${load}` },
    { suite: 'loop', name: `${ENV} demo loop wall time, one thread`, unit: 's', value: median(wall.one), runs: wall.one, notes: load },
  ];
}
