/**
 * The labeling server under load, on a store like a real run's: 5,000 CartPole pair queries
 * with real clip payloads (25-step fragments with frames). N concurrent labelers, each in its
 * own session, loop claim → answer and ask for the status every 10 answers, in two ways:
 * - saturated (1, 8, 32 clients as fast as they can): the most answers/s the server takes.
 *   Latency there is mostly queueing (Little's law: 32 clients / rate), so it is reported but
 *   the goal is judged on the paced rounds;
 * - paced: 32 clients offering 1,000 answers/s together (each on its own fixed schedule):
 *   claim, answer and status latency percentiles at that load.
 * Both idle and **while training runs** (bench/workers/train-load.ts: a real run in a thread
 * at the priority a human run's training gets, writing queries to the same store).
 * Every round checks that each acknowledged answer is in the store afterwards.
 * Goal (issue 12): ≥ 1,000 answers/s at 32 clients with p99 < 20 ms, while training runs.
 * Parts (REWARDLAB_BENCH_PART): `load` (the above) and `lock-handoff` (lockHandoff below).
 */
import { closeSync, fdatasyncSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { median, selectedParts, type BenchRow, type BenchSuite } from '../suite.js';
import { buildSeedStore, copyStore, dropStore, type SeedStore } from '../workers/server-store.js';
import { SqliteFeedbackStore } from '../../src/feedback/sqlite-store.js';

const QUERIES = 5000;
/** The paced rounds' offered load: answers per second over all clients. */
const PACED_RATE = 1000;

type Kind = 'claim' | 'answer' | 'status';
interface RoundResult {
  rate: number;
  lat: Record<Kind, number[]>;
  /** Time inside the server's handlers (its onTiming hook), per request kind: no network, no queueing. */
  inServer: Record<Kind, number[]>;
  acked: number;
  stored: number;
  rebuildMs: number;
  kind: string;
  /** The server thread's event-loop delay (p99, max, ms) and its garbage-collection pauses during the round. */
  loop: { p99: number; max: number; gcCount: number; gcMax: number };
  /** The load generator's own event-loop delay p99 (ms): a latency it measures includes this much of its own waiting. */
  clientLoopP99: number;
  /** The training thread got the lowered priority (false also when no training ran). */
  lowered: boolean;
}

export interface RoundOptions {
  clients: number;
  answersPerClient: number;
  /** Run a training thread meanwhile. Default false. */
  training?: boolean;
  /** Offered answers/s over all clients; absent: as fast as they can. */
  pace?: number;
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * p))];
};
/**
 * One request on a labeler's keep-alive connection with node:http: the load generator must cost
 * less than the server it measures (undici's fetch took ~80% of the clients' thread at 500 answers/s).
 */
function send(agent: Agent, url: string, cookie: string, body?: unknown): Promise<{ status: number; text: string; cookie?: string }> {
  const data = body === undefined ? undefined : JSON.stringify(body);
  const headers: Record<string, string | number> = cookie ? { cookie } : {};
  if (data !== undefined) Object.assign(headers, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) });
  return new Promise((resolve, reject) => {
    const req = request(url, { agent, method: data === undefined ? 'GET' : 'POST', headers }, (res) => {
      // Only the first chunk is decoded (a claim's id is at its start): the generator reads every
      // byte of the 23 KiB clip, as a browser would, without copying and decoding it (another
      // machine's work in a real deployment).
      let first: Buffer | null = null;
      res.on('data', (c: Buffer) => (first ??= c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: first ? (first as Buffer).toString('utf8') : '', cookie: res.headers['set-cookie']?.[0]?.split(';')[0] }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(data);
  });
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function round(seed: SeedStore, o: RoundOptions): Promise<RoundResult> {
  const path = copyStore(seed);
  const worker = new Worker(new URL('../workers/server-worker.mjs', import.meta.url), { workerData: { path } });
  const next = () => new Promise<Record<string, unknown>>((resolve) => worker.once('message', resolve));
  const hello = await next();
  let load: Worker | null = null;
  let lowered = false;
  if (o.training) {
    load = new Worker(new URL('../workers/train-load.mjs', import.meta.url), { workerData: { storePath: path, lowPriority: true } });
    lowered = (await new Promise<{ lowered: boolean }>((r) => load!.once('message', r))).lowered;
    load.on('message', (m: { asked?: string[] }) => m.asked && worker.postMessage({ asked: m.asked })); // the run announces its queries
    await sleep(3000); // let the run get past its set-up into PPO iterations
  }
  const url = (hello.url as string).replace(/\/$/, '');
  const lat: RoundResult['lat'] = { claim: [], answer: [], status: [] };
  let acked = 0;
  const interval = o.pace ? (1000 * o.clients) / o.pace : 0;
  const clientLoop = monitorEventLoopDelay({ resolution: 1 });
  clientLoop.enable();
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: o.clients }, async (_, c) => {
      const labeler = `client-${c}`;
      let cookie = '';
      const agent = new Agent({ keepAlive: true, maxSockets: 1 }); // one connection per labeler, as a browser tab keeps
      const call = async (kind: Kind, path: string, body?: unknown): Promise<{ status: number; text: string }> => {
        const s = performance.now();
        const r = await send(agent, url + path, cookie, body);
        lat[kind].push(performance.now() - s);
        if (r.cookie) cookie = r.cookie;
        return r;
      };
      const start = t0 + (interval * c) / o.clients; // spread the clients over one interval
      for (let k = 0; k < o.answersPerClient; k++) {
        if (interval) await sleep(start + k * interval - performance.now());
        const claim = await call('claim', '/api/claim', { labeler });
        const id = claim.text.match(/^\{"query":\{"id":("(?:[^"\\]|\\.)*")/)?.[1];
        if (!id) break; // queue empty
        const r = await call('answer', '/api/answer', { queryId: JSON.parse(id), labeler, answer: k % 2 ? 'left' : 'right' });
        if (r.status === 200) acked++;
        if (k % 10 === 9) await call('status', '/api/status');
      }
      agent.destroy();
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  clientLoop.disable();
  await load?.terminate();
  worker.postMessage('stop');
  const last = await next();
  await worker.terminate();
  dropStore(path);
  const timings = last.timings as Record<string, number[]>;
  const inServer = { claim: timings['/api/claim'] ?? [], answer: timings['/api/answer'] ?? [], status: timings['/api/status'] ?? [] };
  return { rate: acked / seconds, lat, inServer, acked, stored: last.stored as number, rebuildMs: hello.rebuildMs as number, kind: hello.kind as string, lowered, loop: last.loop as RoundResult['loop'], clientLoopP99: clientLoop.percentile(99) / 1e6 };
}

/** fdatasync latency of the disk the stores live on (percentiles over `n` syncs of a 4 KiB write). */
function diskSyncLatency(n: number): { p50: number; p99: number; max: number; n: number } {
  const dir = mkdtempSync(join(tmpdir(), 'bench-sync-'));
  const fd = openSync(join(dir, 'probe'), 'w');
  const block = Buffer.alloc(4096, 1);
  const t: number[] = [];
  for (let i = 0; i < n; i++) {
    writeSync(fd, block, 0, block.length, (i % 64) * block.length);
    const s = performance.now();
    fdatasyncSync(fd);
    t.push(performance.now() - s);
  }
  closeSync(fd);
  rmSync(dir, { recursive: true, force: true });
  return { p50: pct(t, 0.5), p99: pct(t, 0.99), max: Math.max(...t), n };
}

/**
 * Write-lock handoff (bench/workers/lock-handoff.ts): the waiter's time beyond the holder's
 * `holdMs`, with the store's fine-grained wait vs SQLite's own busy handler, alternated per hold.
 */
async function lockHandoff(holdMs: number, mode: 'store' | 'sqlite', rounds: number): Promise<number[]> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-lock-'));
  const path = join(dir, 'feedback.sqlite');
  const store = await SqliteFeedbackStore.open(path);
  await store.addQueries([{ id: 'q', kind: 'preference', payload: {} }]);
  await store.close();
  const sync = new Int32Array(new SharedArrayBuffer(8));
  const start = (role: 'holder' | 'waiter') => new Worker(new URL('../workers/lock-handoff.mjs', import.meta.url), { workerData: { path, role, mode, holdMs, rounds, sync } });
  const holder = start('holder');
  const waiter = start('waiter');
  const extra = await new Promise<number[]>((r) => waiter.once('message', r));
  await Promise.all([holder.terminate(), waiter.terminate()]);
  rmSync(dir, { recursive: true, force: true });
  return extra;
}

/** The rows of one setting: answers/s, then p50/p99 latency and in-server time per request kind. */
function rowsOf(label: string, outs: RoundResult[], storeNote: string, goal: boolean): BenchRow[] {
  const lost = outs.reduce((s, o) => s + (o.acked - o.stored), 0);
  const rows: BenchRow[] = [{ suite: 'server', name: `answers/s, ${label}`, unit: 'answers/s', value: median(outs.map((o) => o.rate)), runs: outs.map((o) => o.rate), notes: `${storeNote}; ${outs[0].kind}; acknowledged but not stored: ${lost}${outs[0].lowered ? '; training thread at nice 10' : ''}` }];
  for (const kind of ['claim', 'answer', 'status'] as const) {
    for (const [p, tag] of [[0.5, 'p50'], [0.99, 'p99']] as const) {
      const runs = outs.map((o) => pct(o.lat[kind], p));
      rows.push({ suite: 'server', name: `${kind} latency ${tag}, ${label}`, unit: 'ms', value: median(runs), runs, notes: tag === 'p99' && goal ? 'goal < 20 ms' : undefined });
      const own = outs.map((o) => pct(o.inServer[kind], p));
      rows.push({ suite: 'server', name: `${kind} time inside the server ${tag}, ${label}`, unit: 'ms', value: median(own), runs: own, notes: 'handler time (onTiming hook), without network and event-loop queueing' });
    }
  }
  const loop = (f: (o: RoundResult) => number) => outs.map(f);
  rows.push(
    { suite: 'server', name: `load generator event-loop delay p99, ${label}`, unit: 'ms', value: median(loop((o) => o.clientLoopP99)), runs: loop((o) => o.clientLoopP99), notes: 'monitorEventLoopDelay on the clients\' thread (same 2 cores): part of every client-side latency above is the clients\' own waiting' },
    { suite: 'server', name: `server event-loop delay p99, ${label}`, unit: 'ms', value: median(loop((o) => o.loop.p99)), runs: loop((o) => o.loop.p99), notes: 'monitorEventLoopDelay on the server thread: how long a ready request can wait before it runs' },
    { suite: 'server', name: `longest garbage-collection pause, ${label}`, unit: 'ms', value: median(loop((o) => o.loop.gcMax)), runs: loop((o) => o.loop.gcMax), notes: `server thread; collections per round: ${loop((o) => o.loop.gcCount).join(', ')}` },
  );
  return rows;
}

export const serverBench: BenchSuite = {
  name: 'server',
  async run({ quick }, progress) {
    const rows: BenchRow[] = [];
    const parts = selectedParts(['lock-handoff', 'load'] as const);
    for (const holdMs of parts.has('lock-handoff') ? [1.5, 4, 12] : []) {
      progress(`write-lock handoff, holder keeps the lock ${holdMs} ms`);
      const per: Record<'store' | 'sqlite', number[]> = { store: [], sqlite: [] };
      for (let rep = 0; rep < 3; rep++) for (const mode of ['sqlite', 'store'] as const) per[mode].push(...(await lockHandoff(holdMs, mode, quick ? 10 : 40)));
      for (const mode of ['store', 'sqlite'] as const) {
        const p50 = pct(per[mode], 0.5);
        rows.push({ suite: 'server', name: `write-lock handoff p50, holder keeps the lock ${holdMs} ms, ${mode === 'store' ? 'the store\'s wait' : 'SQLite\'s busy handler'}`, unit: 'ms', value: p50, runs: [p50, pct(per[mode], 0.9), Math.max(...per[mode])], notes: `runs = p50, p90, max over ${per[mode].length} handoffs: time after the other connection's COMMIT until this writer's answer is committed, beyond the hold` });
      }
    }
    if (!parts.has('load')) return rows;
    progress(`building a store of ${QUERIES} CartPole pair queries with frames`);
    const seed = await buildSeedStore(QUERIES);
    const storeNote = `store: ${seed.queries} queries, mean payload ${(seed.payloadBytes / 1024).toFixed(1)} KiB, file ${(seed.fileBytes / 2 ** 20).toFixed(0)} MiB`;
    const disk = diskSyncLatency(quick ? 200 : 1000);
    const reps = quick ? 1 : 3;
    const settings: { label: string; o: Omit<RoundOptions, 'answersPerClient'>; total: number; goal: boolean }[] = [
      ...(quick ? [8] : [1, 8, 32]).map((clients) => ({ label: `${clients} concurrent labelers, saturated`, o: { clients }, total: clients === 1 ? 1500 : 3200, goal: false })),
      { label: '32 concurrent labelers, saturated, while training runs', o: { clients: 32, training: true }, total: 3200, goal: false },
      { label: `32 labelers offering ${PACED_RATE} answers/s`, o: { clients: 32, pace: PACED_RATE }, total: 4800, goal: true },
      { label: `32 labelers offering ${PACED_RATE} answers/s, while training runs`, o: { clients: 32, pace: PACED_RATE, training: true }, total: 4800, goal: true },
    ];
    const rebuild: number[] = [];
    for (const s of settings) {
      const outs: RoundResult[] = [];
      for (let r = 0; r < reps; r++) {
        progress(`${s.label}, run ${r + 1}`);
        outs.push(await round(seed, { ...s.o, answersPerClient: Math.floor((quick ? 800 : s.total) / s.o.clients) }));
      }
      rows.push(...rowsOf(s.label, outs, storeNote, s.goal));
      rebuild.push(...outs.map((o) => o.rebuildMs));
    }
    rows.push({ suite: 'server', name: `server start until it answers (${seed.queries} queries)`, unit: 'ms', value: median(rebuild), runs: rebuild, notes: 'opening the store, rebuilding the query index from its ids, and waiting for the SQLite writer thread to open its connection (in the bench the thread starts through the tsx loader; the package starts its compiled .js)' });
    dropStore(seed.path);
    rows.push(
      { suite: 'server', name: 'disk sync latency p50 (the store\'s folder)', unit: 'ms', value: disk.p50, runs: [disk.p50], notes: `fdatasync after a 4 KiB write, ${disk.n} times: what every answer's commit waits for at least once` },
      { suite: 'server', name: 'disk sync latency p99 (the store\'s folder)', unit: 'ms', value: disk.p99, runs: [disk.p99], notes: `max ${disk.max.toFixed(1)} ms; an answer waits for the commit in flight and then its own, so its p99 cannot beat this disk's` },
    );
    return rows;
  },
};
