/**
 * Starts the labeling server on 127.0.0.1 (default). Binding any other interface requires a
 * token; one is generated (and must be printed for the user) when none is given.
 */
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createFeedbackApp, type FeedbackAppOptions } from './app.js';

export interface ServeOptions extends Omit<FeedbackAppOptions, 'token'> {
  host?: string;
  /** 0 = any free port. Default 0. */
  port?: number;
  token?: string;
}

export interface RunningServer {
  url: string;
  token: string | null;
  close(): Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

export function startFeedbackServer(o: ServeOptions): Promise<RunningServer> {
  const host = o.host ?? '127.0.0.1';
  const token = o.token ?? (LOOPBACK.has(host) ? undefined : randomBytes(16).toString('hex'));
  const app = createFeedbackApp({ ...o, token });
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, hostname: host, port: o.port ?? 0 }, (info: AddressInfo) => {
      const shown = host.includes(':') ? `[${host}]` : host;
      resolve({
        url: `http://${shown}:${info.port}/${token ? `?token=${token}` : ''}`,
        token: token ?? null,
        close: () => new Promise((done) => server.close(() => done())),
      });
    });
  });
}
