/**
 * A scripted, human-like labeler for FixedHorizonCartPole through the labeling server's HTTP
 * API (no browser): it "watches" both clips by reading what the page would draw (cart position
 * and pole angle per frame), prefers the clip where the pole stays up longer, says 'equal' when
 * both stay up equally long, makes a mistake (the other answer) with probability
 * `mistakeRate`, and takes `thinkMs` per answer. Every request's round-trip is recorded.
 */
import { Rng } from '../../src/core/rng.js';

const THETA = (12 * 2 * Math.PI) / 360;
const X = 2.4;

export interface ApiLabelerOptions {
  name?: string;
  seed?: number;
  /** Share of answers that are wrong on purpose. Default 0.1. */
  mistakeRate?: number;
  /** Time per answer, uniform in [lo, hi] ms. Default [200, 500]. */
  thinkMs?: [number, number];
}

interface Fragment { observations: number[][] }
type Answer = 'left' | 'right' | 'equal';

/**
 * Steps of a fragment that start with the pole up and the cart on the track (what a person
 * sees in the clip; the last observation is where the fragment ends, not a step). After the
 * pole fell the env is absorbed: the last coordinate is 1 (the others 0) and the clip keeps
 * showing the fallen pole.
 */
export const upright = (f: Fragment) => f.observations.slice(0, -1).filter((o) => o[4] !== 1 && Math.abs(o[0]) <= X && Math.abs(o[2]) <= THETA).length;

/**
 * The server went away: refused (it had stopped listening) or reset (it dropped a keep-alive
 * connection a request was on while it closed at the end of the run).
 */
export const serverGone = (e: unknown): boolean => ['ECONNREFUSED', 'ECONNRESET'].includes((e as { cause?: { code?: string } }).cause?.code ?? '');

export class ApiLabeler {
  readonly name: string;
  readonly latencies = { status: [] as number[], claim: [] as number[], answer: [] as number[] };
  answers = 0;
  mistakes = 0;
  private cookie = '';
  private readonly rng: Rng;

  constructor(private readonly base: string, private readonly o: ApiLabelerOptions = {}) {
    this.name = o.name ?? 'scripted';
    this.rng = new Rng(o.seed ?? 0);
  }

  private async call<T>(path: string, body?: unknown, kind?: keyof ApiLabeler['latencies']): Promise<{ status: number; json: T }> {
    const t0 = performance.now();
    const res = await fetch(new URL(path, this.base), body === undefined ? { headers: { cookie: this.cookie } } : { method: 'POST', headers: { 'content-type': 'application/json', cookie: this.cookie }, body: JSON.stringify(body) });
    const json = (await res.json()) as T;
    if (kind) this.latencies[kind].push(performance.now() - t0);
    const set = res.headers.get('set-cookie');
    if (set) this.cookie = set.split(';')[0];
    return { status: res.status, json };
  }

  async status(): Promise<{ finished: boolean; stopped: boolean; paused: boolean; answersNeeded: number; pending: number; answered: number; labelsLeft: number | null; stepsLeft: number | null }> {
    return (await this.call<never>('/api/status', undefined, 'status')).json;
  }

  /** Watch the page as a browser does (a session polling status every 100 ms) until the run is over; its last status. */
  async watchUntilOver(): Promise<Awaited<ReturnType<ApiLabeler['status']>>> {
    await this.call('/api/session', { labeler: this.name });
    for (;;) {
      const s = await this.status();
      if (s.finished) return s;
      await sleep(100);
    }
  }

  /** Label until the run finishes (or its server has gone) or `maxAnswers` are given; returns the number of answers. */
  async run(maxAnswers: number, shouldStop: () => boolean = () => false): Promise<number> {
    try {
      return await this.label(maxAnswers, shouldStop);
    } catch (e) {
      // The run ended and its server closed while this person was thinking: a person would just stop.
      if (serverGone(e)) return this.answers;
      throw e;
    }
  }

  private async label(maxAnswers: number, shouldStop: () => boolean): Promise<number> {
    await this.call('/api/session', { labeler: this.name });
    const [lo, hi] = this.o.thinkMs ?? [200, 500];
    while (this.answers < maxAnswers && !shouldStop()) {
      const { json } = await this.call<{ query: { id: string; payload: { left: Fragment; right: Fragment } } | null }>('/api/claim', { labeler: this.name }, 'claim');
      if (!json.query) {
        if ((await this.status()).finished) break;
        await sleep(200);
        continue;
      }
      await sleep(this.rng.uniform(lo, hi));
      const { left, right } = json.query.payload;
      const a = upright(left);
      const b = upright(right);
      let answer: Answer = a > b ? 'left' : a < b ? 'right' : 'equal';
      if (this.rng.bernoulli(this.o.mistakeRate ?? 0.1)) {
        answer = answer === 'left' ? 'right' : answer === 'right' ? 'left' : this.rng.bernoulli(0.5) ? 'left' : 'right';
        this.mistakes++;
      }
      const r = await this.call<{ ok?: boolean; error?: string }>('/api/answer', { queryId: json.query.id, labeler: this.name, answer }, 'answer');
      if (r.status !== 200) throw new Error(`answer refused (${r.status}): ${r.json.error}`);
      this.answers++;
      if (this.answers % 10 === 0) await this.status();
    }
    return this.answers;
  }
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export function percentile(xs: number[], p: number): number {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}
