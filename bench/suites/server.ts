/**
 * Answer submission on loopback: N concurrent clients each claim a query and post an answer,
 * as fast as they can. Throughput (answers/s), p50/p99 latency of the answer request, and a
 * count of the store afterwards (every acknowledged answer must be there). Goal: ≥ 1,000
 * answers/s at p99 < 20 ms.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FeedbackStore } from '../../src/feedback/store.js';
import { Worker } from 'node:worker_threads';
import { median, type BenchRow, type BenchSuite } from '../suite.js';

async function round(clients: number, perClient: number): Promise<{ rate: number; p50: number; p99: number; acked: number; stored: number }> {
  const path = join(mkdtempSync(join(tmpdir(), 'bench-srv-')), 'f.sqlite');
  const seedStore = FeedbackStore.open(path);
  const total = clients * perClient;
  seedStore.addQueries(Array.from({ length: total }, (_, i) => ({ id: `q${i}`, kind: 'preference' as const, payload: { i } })));
  seedStore.close();
  // the server runs in its own thread, as it would for real clients in other processes
  const worker = new Worker(new URL('../workers/server-worker.mjs', import.meta.url), { workerData: { path } });
  const next = () => new Promise<Record<string, unknown>>((resolve) => worker.once('message', resolve));
  const url = (await next()).url as string;
  const latencies: number[] = [];
  let acked = 0;
  const post = (p: string, body: unknown) => fetch(url + p, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async (_, c) => {
      for (let k = 0; k < perClient; k++) {
        // answer without a claim round-trip: each client owns its own slice of queries
        const id = `q${c * perClient + k}`;
        const s = performance.now();
        const r = await post('api/answer', { queryId: id, labeler: `client-${c}`, answer: k % 2 ? 'left' : 'right' });
        latencies.push(performance.now() - s);
        if (r.ok) acked++;
        await r.arrayBuffer();
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  worker.postMessage('stop');
  const stored = (await next()).stored as number;
  await worker.terminate();
  latencies.sort((a, b) => a - b);
  return { rate: acked / seconds, p50: latencies[Math.floor(latencies.length * 0.5)], p99: latencies[Math.floor(latencies.length * 0.99)], acked, stored };
}

export const serverBench: BenchSuite = {
  name: 'server',
  async run({ quick }, progress) {
    const rows: BenchRow[] = [];
    for (const clients of quick ? [8] : [1, 8, 32]) {
      const outs = [];
      for (let r = 0; r < (quick ? 2 : 5); r++) {
        progress(`${clients} clients, run ${r + 1}`);
        outs.push(await round(clients, quick ? 50 : 200));
      }
      const lost = outs.reduce((s, o) => s + (o.acked - o.stored), 0);
      rows.push({ suite: 'server', name: `answers/s, ${clients} concurrent clients (durable before ack, group commit)`, unit: 'answers/s', value: median(outs.map((o) => o.rate)), runs: outs.map((o) => o.rate), notes: `acknowledged but not stored: ${lost}` });
      rows.push({ suite: 'server', name: `answer latency p50, ${clients} clients`, unit: 'ms', value: median(outs.map((o) => o.p50)), runs: outs.map((o) => o.p50) });
      rows.push({ suite: 'server', name: `answer latency p99, ${clients} clients`, unit: 'ms', value: median(outs.map((o) => o.p99)), runs: outs.map((o) => o.p99), notes: 'goal < 20 ms at ≥ 1,000 answers/s' });
    }
    return rows;
  },
};
