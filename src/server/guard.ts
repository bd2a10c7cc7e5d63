/**
 * Who may talk to the server at all. Two checks, both answered with 403 and a JSON reason:
 * - Host (every request): the Host header must name this server — its bound address:port or a
 *   loopback name with its port. A DNS-rebinding page (evil.example resolving to 127.0.0.1)
 *   sends `Host: evil.example:PORT` and is refused, so it can neither read nor write.
 * - Origin (every state-changing request, i.e. not GET/HEAD/OPTIONS): when the browser sends
 *   an Origin (it always does for cross-site POSTs), it must be `http://` + an allowed host;
 *   `Origin: null` and `Sec-Fetch-Site: cross-site|same-site` are refused. Clients that are not
 *   browsers (curl, the bench) send no Origin and pass.
 */
import type { MiddlewareHandler } from 'hono';

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Host names (host:port) a client may use for a server listening on `host:port`: the bound
 * address, plus the loopback names when the server is reachable on loopback, plus the `extra`
 * names (e.g. this machine's interface addresses and hostname for a wildcard bind).
 */
export function allowedHostsFor(host: string, port: number, extra: string[] = []): Set<string> {
  const shown = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  const out = new Set<string>([`${shown}:${port}`]);
  const wildcard = host === '0.0.0.0' || host === '::' || host === '[::]';
  if (wildcard || LOOPBACK_NAMES.includes(shown) || host === '::1') for (const n of LOOPBACK_NAMES) out.add(`${n}:${port}`);
  for (const e of extra) out.add(`${e.includes(':') ? `[${e}]` : e}:${port}`.toLowerCase());
  return out;
}

/** Without a configured set (in-process use), loopback names on any port (or no port). */
function loopbackAnyPort(hostHeader: string): boolean {
  const m = hostHeader.match(/^(\[[^\]]+\]|[^:]+)(?::\d+)?$/);
  return Boolean(m && LOOPBACK_NAMES.includes(m[1].toLowerCase()));
}

export function originGuard(allowed: () => Set<string> | null): MiddlewareHandler {
  return async (c, next) => {
    const hosts = allowed();
    const hostHeader = (c.req.header('host') ?? new URL(c.req.url).host).toLowerCase();
    const hostOk = hosts ? hosts.has(hostHeader) : loopbackAnyPort(hostHeader);
    if (!hostOk) return c.json({ error: `Host ${JSON.stringify(hostHeader)} is not this server's address; refused (protects against DNS rebinding). Open the URL the server printed.` }, 403);
    if (!SAFE_METHODS.has(c.req.method)) {
      const site = c.req.header('sec-fetch-site');
      if (site === 'cross-site' || site === 'same-site') return c.json({ error: `cross-site request refused (Sec-Fetch-Site: ${site}); answers come only from this server's own page` }, 403);
      const origin = c.req.header('origin');
      if (origin !== undefined) {
        let originHost: string | null = null;
        try {
          const u = new URL(origin);
          if (u.protocol === 'http:' || u.protocol === 'https:') originHost = u.host.toLowerCase();
        } catch {
          originHost = null;
        }
        const ok = originHost !== null && (hosts ? hosts.has(originHost) || hosts.has(`${originHost}:80`) : loopbackAnyPort(originHost));
        if (!ok) return c.json({ error: `cross-site request refused: Origin ${JSON.stringify(origin)} is not this server (${hostHeader}); answers come only from this server's own page` }, 403);
      }
    }
    await next();
  };
}
