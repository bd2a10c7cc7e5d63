/**
 * The labeling server under load, on a store like a real run's: 5,000 CartPole pair queries
 * with real clip payloads (25-step fragments with frames). N concurrent labelers (1, 8, 32),
 * each in its own session, loop claim → answer as fast as they can and ask for the status every
 * 10 answers. Rows: answers/s, p50/p99 latency of claim, answer and status, the start-up index
 * rebuild, and a check that every acknowledged answer is in the store afterwards.
 * Goal: ≥ 1,000 answers/s at 32 clients with p99 < 20 ms.
 */
import { Worker } from 'node:worker_threads';
import { median, type BenchRow, type BenchSuite } from '../suite.js';
import { buildSeedStore, copyStore, type SeedStore } from '../workers/server-store.js';

const QUERIES = 5000;

interface RoundResult {
  rate: number;
  lat: Record<'claim' | 'answer' | 'status', number[]>;
  /** Time inside the server's handlers (Server-Timing), per request kind: no network, no queueing. */
  inServer: Record<'claim' | 'answer' | 'status', number[]>;
  acked: number;
  stored: number;
  rebuildMs: number;
  kind: string;
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * p))];
};

export async function round(seed: SeedStore, clients: number, answersPerClient: number): Promise<RoundResult> {
  const worker = new Worker(new URL('../workers/server-worker.mjs', import.meta.url), { workerData: { path: copyStore(seed) } });
  const next = () => new Promise<Record<string, unknown>>((resolve) => worker.once('message', resolve));
  const hello = await next();
  const url = (hello.url as string).replace(/\/$/, '');
  const lat: RoundResult['lat'] = { claim: [], answer: [], status: [] };
  const inServer: RoundResult['inServer'] = { claim: [], answer: [], status: [] };
  let acked = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async (_, c) => {
      const labeler = `client-${c}`;
      let cookie = '';
      const call = async (kind: keyof RoundResult['lat'], path: string, body?: unknown): Promise<{ status: number; text: string }> => {
        const s = performance.now();
        const r = await fetch(url + path, body === undefined ? { headers: { cookie } } : { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify(body) });
        const text = await r.text();
        lat[kind].push(performance.now() - s);
        const dur = r.headers.get('server-timing')?.match(/dur=([\d.]+)/)?.[1];
        if (dur) inServer[kind].push(Number(dur));
        const set = r.headers.get('set-cookie');
        if (set) cookie = set.split(';')[0];
        return { status: r.status, text };
      };
      for (let k = 0; k < answersPerClient; k++) {
        const claim = await call('claim', '/api/claim', { labeler });
        const id = claim.text.match(/^\{"query":\{"id":("(?:[^"\\]|\\.)*")/)?.[1];
        if (!id) break; // queue empty
        const r = await call('answer', '/api/answer', { queryId: JSON.parse(id), labeler, answer: k % 2 ? 'left' : 'right' });
        if (r.status === 200) acked++;
        if (k % 10 === 9) await call('status', '/api/status');
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  worker.postMessage('stop');
  const stored = (await next()).stored as number;
  await worker.terminate();
  return { rate: acked / seconds, lat, inServer, acked, stored, rebuildMs: hello.rebuildMs as number, kind: hello.kind as string };
}

export const serverBench: BenchSuite = {
  name: 'server',
  async run({ quick }, progress) {
    progress(`building a store of ${QUERIES} CartPole pair queries with frames`);
    const seed = await buildSeedStore(QUERIES);
    const rows: BenchRow[] = [];
    const storeNote = `store: ${seed.queries} queries, mean payload ${(seed.payloadBytes / 1024).toFixed(1)} KiB, file ${(seed.fileBytes / 2 ** 20).toFixed(0)} MiB`;
    for (const clients of quick ? [8] : [1, 8, 32]) {
      const outs: RoundResult[] = [];
      const perClient = Math.floor((quick ? 800 : clients === 1 ? 1500 : 3200) / clients);
      for (let r = 0; r < (quick ? 1 : 3); r++) {
        progress(`${clients} clients, run ${r + 1}`);
        outs.push(await round(seed, clients, perClient));
      }
      const lost = outs.reduce((s, o) => s + (o.acked - o.stored), 0);
      rows.push({ suite: 'server', name: `answers/s, ${clients} concurrent labelers (claim + answer, durable before ack)`, unit: 'answers/s', value: median(outs.map((o) => o.rate)), runs: outs.map((o) => o.rate), notes: `${storeNote}; ${outs[0].kind}; acknowledged but not stored: ${lost}` });
      for (const kind of ['claim', 'answer', 'status'] as const) {
        for (const [p, label] of [[0.5, 'p50'], [0.99, 'p99']] as const) {
          const runs = outs.map((o) => pct(o.lat[kind], p));
          rows.push({ suite: 'server', name: `${kind} latency ${label}, ${clients} labelers`, unit: 'ms', value: median(runs), runs, notes: label === 'p99' ? 'goal < 20 ms' : undefined });
          const own = outs.map((o) => pct(o.inServer[kind], p));
          rows.push({ suite: 'server', name: `${kind} time inside the server ${label}, ${clients} labelers`, unit: 'ms', value: median(own), runs: own, notes: 'Server-Timing: handler time, without network and event-loop queueing' });
        }
      }
      rows.push({ suite: 'server', name: `index rebuild at server start (${seed.queries} queries), ${clients}-labeler rounds`, unit: 'ms', value: median(outs.map((o) => o.rebuildMs)), runs: outs.map((o) => o.rebuildMs) });
    }
    return rows;
  },
};
