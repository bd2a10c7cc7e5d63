/**
 * Starts the labeling server on 127.0.0.1 (default). Binding any other interface requires a
 * token; one is generated (and must be printed for the user) when none is given. Requests must
 * name this server in their Host header: the bound address:port, the loopback names when it
 * listens on loopback, and for a wildcard bind (0.0.0.0, ::) this machine's interface
 * addresses and hostname (plus `extraHosts`, e.g. a DNS name the labelers use).
 * `close()` first marks the run finished and gives open pages up to `finishGraceMs` to see it
 * (they then show "run finished" and the report link instead of "server unreachable"), then
 * stops listening and drops every connection still open after `DRAIN_MS`: Node's `close()` drops
 * only idle ones, and counts a connection a browser opened ahead of time and never sent a
 * request on as busy, so without the drain such a connection kept the server (and the run
 * waiting for it) alive forever.
 */
import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hostname, networkInterfaces } from 'node:os';
import { serve } from '@hono/node-server';
import { createFeedbackApp, type FeedbackAppOptions, type FeedbackControl } from './app.js';
import { batchWriterFor } from '../feedback/sqlite-writer.js';
import { allowedHostsFor } from './guard.js';
import type { StoredAnswer } from './protocol.js';
import type { QueryKind } from './query-index.js';

export interface ServeOptions extends Omit<FeedbackAppOptions, 'token' | 'allowedHosts'> {
  host?: string;
  /** 0 = any free port. Default 0. */
  port?: number;
  token?: string;
  /** More host names clients may use in the Host header (the port is added). */
  extraHosts?: string[];
  /** How long `close()` waits for open pages to see "finished". Default 5000 ms. */
  finishGraceMs?: number;
  /** Commit answers to an SQLite store file from a worker thread (its fsync then never stalls the page). Default true. */
  writerThread?: boolean;
  /** A human feedback source: the server learns of new queries as the loop asks them, and delivers answers to it. */
  source?: { onAsk?(listener: (queryId: string, kind?: QueryKind) => void): void; deliver?(a: { queryId: string; labeler: string; answer: StoredAnswer; seq: number }): void };
}

export interface RunningServer {
  url: string;
  token: string | null;
  control: FeedbackControl;
  /** Marks the run finished, waits (≤ finishGraceMs) for open pages to see it, then stops. */
  close(): Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);
/** How long in-flight requests may finish after the server stopped listening. */
const DRAIN_MS = 1000;

export function startFeedbackServer(o: ServeOptions): Promise<RunningServer> {
  const host = o.host ?? '127.0.0.1';
  const token = o.token ?? (LOOPBACK.has(host) ? undefined : randomBytes(16).toString('hex'));
  let allowed: Set<string> | null = null;
  const onAnswer: FeedbackAppOptions['onAnswer'] = (a) => {
    o.source?.deliver?.(a);
    o.onAnswer?.(a);
  };
  const writer = o.writerThread === false ? undefined : batchWriterFor(o.store);
  const app = createFeedbackApp({ ...o, token, onAnswer, allowedHosts: () => allowed, writer });
  o.source?.onAsk?.((id, kind) => app.control.queriesAdded([id], kind));
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, hostname: host, port: o.port ?? 0 }, (info: AddressInfo) => {
      const wildcard = host === '0.0.0.0' || host === '::';
      const machine = wildcard ? [hostname(), ...Object.values(networkInterfaces()).flatMap((xs) => (xs ?? []).map((x) => x.address))] : [];
      allowed = allowedHostsFor(host === 'localhost' ? 'localhost' : host, info.port, [...machine, ...(o.extraHosts ?? [])]);
      const shown = host.includes(':') ? `[${host}]` : host;
      resolve({
        url: `http://${shown}:${info.port}/${token ? `?token=${token}` : ''}`,
        token: token ?? null,
        control: app.control,
        close: async () => {
          await app.control.finish(o.finishGraceMs ?? 5000);
          const http = server as Server;
          const closed = new Promise<void>((done) => http.close(() => done()));
          const drain = setTimeout(() => http.closeAllConnections(), DRAIN_MS);
          await closed;
          clearTimeout(drain);
          await writer?.close();
        },
      });
    });
  });
}
