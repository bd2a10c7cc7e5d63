/**
 * The labeling server's latency while `rewardlab train --feedback human` trains (the CLI as a
 * person starts it): `npx tsx test/e2e/human-cli-measure.ts [LABELS] [STEPS]` spawns the CLI,
 * reads the page URL from its stderr, then one scripted labeler answers (0.2–0.5 s each, 10%
 * mistakes) while a second client polls GET /api/status every 100 ms. Prints time to the first
 * status byte after the URL appeared, p50/p99 of status and answer round-trips, and the outcome.
 * REWARDLAB_DIST=1 runs the compiled dist/ (the training worker from dist/app/train-worker.js).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ApiLabeler, percentile, sleep } from './api-labeler.js';

const [labels = '40', steps = '20000'] = process.argv.slice(2);
const out = join(mkdtempSync(join(tmpdir(), 'rl-human-cli-')), 'run');
const bin = fileURLToPath(new URL('../../bin/rewardlab.js', import.meta.url));
const t0 = performance.now();
const cli = spawn(process.execPath, [bin, 'train', '--env', 'FixedHorizonCartPole-v0', '--feedback', 'human', '--labels', labels, '--steps', steps, '--out', out], { stdio: ['ignore', 'pipe', 'pipe'] });
let stderr = '';
let stdout = '';
cli.stderr.on('data', (d) => (stderr += d));
cli.stdout.on('data', (d) => (stdout += d));
const exited = new Promise<number | null>((r) => cli.on('exit', (code) => r(code)));
let url = '';
while (!url) {
  url = /label clips at (\S+)/.exec(stderr)?.[1] ?? '';
  if (cli.exitCode !== null) throw new Error(`the CLI exited: ${stderr}`);
  await sleep(10);
}
const urlAt = performance.now();
const watcher = new ApiLabeler(url, { name: 'watcher' });
await watcher.status();
const firstStatus = performance.now() - urlAt;
const person = new ApiLabeler(url, { name: 'ada', thinkMs: [200, 500], mistakeRate: 0.1 });
let done = false;
const watching = (async () => {
  while (!done) {
    await watcher.status().catch(() => null);
    await sleep(100);
  }
})();
const labeling = person.run(Number(labels), () => done).catch((e: Error) => console.log(`labeler stopped: ${e.message}`));
const code = await exited;
done = true;
await Promise.all([labeling, watching]);
const ms = (xs: number[]) => `p50 ${percentile(xs, 50).toFixed(1)} ms, p99 ${percentile(xs, 99).toFixed(1)} ms, max ${Math.max(...xs).toFixed(1)} ms (n=${xs.length})`;
console.log(`CLI exit ${code} after ${((performance.now() - t0) / 1000).toFixed(1)} s; first /api/status ${firstStatus.toFixed(1)} ms after the URL was printed`);
console.log(`GET /api/status during training: ${ms(watcher.latencies.status)}`);
console.log(`answer round-trip: ${ms(person.latencies.answer)} (${person.answers} answers)`);
console.log(stdout.trim());
