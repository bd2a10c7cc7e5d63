/**
 * Measure a person-paced run taught through the HTTP API by the scripted human-like labeler:
 * `npx tsx test/e2e/human-api-measure.ts LABELS STEPS [THINK_LO THINK_HI] [MISTAKE_RATE] [SEED]` prints
 * the true return, wall time, answers used, and p50/p99 of GET /api/status (polled every 100 ms
 * by a second client) and of the answer round-trip, all while the agent trains. RM_OPTIONS (JSON)
 * adds run options.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRun } from '../../src/app/train-run.js';
import { ApiLabeler, percentile, sleep } from './api-labeler.js';

const [labels = '40', steps = '40000', lo = '200', hi = '500', mistakes = '0.1', seed = '0'] = process.argv.slice(2);
const out = join(mkdtempSync(join(tmpdir(), 'rl-human-api-')), 'run');
let url = '';
const t0 = performance.now();
let pausedSeen = 0;
const logs: string[] = [];
const extra = JSON.parse(process.env.RM_OPTIONS ?? '{}') as Record<string, unknown>; // e.g. RM_OPTIONS='{"rewardModel":{"useAction":true}}'
const run = startRun({ envId: 'FixedHorizonCartPole-v0', feedback: 'human', labels: Number(labels), agentSteps: Number(steps), seed: Number(seed), ...extra }, { out, onServer: (u) => (url = u), hooks: { onLog: (t) => logs.push(t) } });
while (!url) await sleep(20);
const person = new ApiLabeler(url, { thinkMs: [Number(lo), Number(hi)], mistakeRate: Number(mistakes), seed: Number(seed) });
const watcher = new ApiLabeler(url, { name: 'watcher' });
let done = false;
const watching = (async () => {
  while (!done) {
    const s = await watcher.status().catch(() => null);
    if (s?.paused) pausedSeen++;
    await sleep(100);
  }
})();
const labeling = person.run(Number(labels), () => done);
const result = await run;
done = true;
await Promise.all([labeling, watching]);
const ms = (xs: number[]) => `p50 ${percentile(xs, 50).toFixed(1)} ms, p99 ${percentile(xs, 99).toFixed(1)} ms, max ${Math.max(...xs).toFixed(1)} ms (n=${xs.length})`;
console.log(JSON.stringify({ trueReturn: result.trueReturn, labels: result.labels, answers: person.answers, mistakes: person.mistakes, globalStep: result.globalStep, finished: result.finished, wallSeconds: ((performance.now() - t0) / 1000).toFixed(1), pausedPolls: pausedSeen }));
console.log(`GET /api/status during training: ${ms(watcher.latencies.status)}`);
console.log(`answer round-trip: ${ms(person.latencies.answer)}; claim: ${ms(person.latencies.claim)}`);
console.log(`run dir: ${out}`);
