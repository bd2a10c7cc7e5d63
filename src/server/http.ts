/**
 * The server's HTTP plumbing, written so a response is never rebuilt: the security headers are
 * set before the handler runs (Hono's secureHeaders writes them after, which turns every
 * response of @hono/node-server's fast path into a streamed Web Response: ~0.3 ms a request),
 * and JSON bodies are read straight from Node's request with the size limit enforced as they
 * arrive (Hono's bodyLimit materialises a Web Request with a stream first).
 */
import type { IncomingMessage } from 'node:http';
import type { Context, MiddlewareHandler } from 'hono';
import type { ZodTypeAny, z } from 'zod';

/** The headers of Hono's secureHeaders with our content security policy (test/server/http.test.ts keeps them equal). */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'",
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'origin-agent-cluster': '?1',
  'referrer-policy': 'no-referrer',
  'strict-transport-security': 'max-age=15552000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'x-dns-prefetch-control': 'off',
  'x-download-options': 'noopen',
  'x-frame-options': 'SAMEORIGIN',
  'x-permitted-cross-domain-policies': 'none',
  'x-xss-protection': '0',
};

export const securityHeaders = (): MiddlewareHandler => async (c, next) => {
  for (const [k, v] of Object.entries(SECURITY_HEADERS)) c.header(k, v);
  await next();
};

/** Request bodies over this are refused with 413. */
export const BODY_LIMIT = 16 * 1024;
const tooLarge = (c: Context) => c.json({ error: `request body too large (limit ${BODY_LIMIT / 1024} KB)` }, 413);

/** The body as text, at most BODY_LIMIT bytes; a 413 response when it is larger. */
async function bodyText(c: Context): Promise<string | Response> {
  const declared = Number(c.req.header('content-length') ?? 0);
  if (declared > BODY_LIMIT) return tooLarge(c);
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  if (!incoming) {
    const text = await c.req.text(); // in-process requests (app.request) carry no Node stream
    return Buffer.byteLength(text) > BODY_LIMIT ? tooLarge(c) : text;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of incoming as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > BODY_LIMIT) return tooLarge(c);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, size).toString('utf8');
}

/** Reads and validates a JSON body: the parsed value, or the 400/413 response that refuses it (naming the field). */
export async function parseBody<S extends ZodTypeAny>(c: Context, schema: S): Promise<z.infer<S> | Response> {
  const text = await bodyText(c);
  if (text instanceof Response) return text;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return c.json({ error: 'body must be JSON' }, 400);
  }
  const r = schema.safeParse(raw);
  if (!r.success) {
    const issue = r.error.issues[0];
    return c.json({ error: `${issue.path.join('.') || 'body'}: ${issue.message}` }, 400);
  }
  return r.data;
}
