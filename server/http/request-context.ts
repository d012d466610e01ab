import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { Context, MiddlewareHandler } from 'hono';
import type { Logger } from '../log.ts';
import type { Env, Timing } from './env.ts';

// Server-Timing is sent only when SERVER_TIMING=true: the upstreams' timings are nobody's
// business but the operator's.
export function createTiming(): Timing {
  const spans: Array<[string, number]> = [];
  return {
    async time(name, work) {
      const started = performance.now();
      try {
        return await work;
      } finally {
        spans.push([name, performance.now() - started]);
      }
    },
    span: (name, ms) => void spans.push([name, ms]),
    header: (appMs) => [...spans, ['app', appMs] as const].map(([name, ms]) => `${name};dur=${ms.toFixed(2)}`).join(', '),
  };
}

/**
 * A fresh request id (a client's own X-Request-Id is never taken), timing, the access log
 * line and no-store on every /api answer.
 *
 * Under @hono/node-server the headers go straight on Node's response, merged when the answer
 * is written (a header of the same name from the handler wins): Hono's c.header would build a
 * web Headers object for every request, about 0.1 ms of CPU. Without Node's response
 * (app.request in tests) they go through Hono as before.
 */
export function requestContext(opts: { log: Logger; serverTiming: boolean }): MiddlewareHandler<Env> {
  return async (c, next) => {
    const requestId = randomUUID();
    const timing = createTiming();
    c.set('requestId', requestId);
    c.set('timing', timing);
    const outgoing = (c.env as { outgoing?: ServerResponse } | undefined)?.outgoing;
    const api = c.req.path.startsWith('/api/');
    // API answers hold ticket data: never kept by a browser or a shared cache.
    if (outgoing) {
      outgoing.setHeader('x-request-id', requestId);
      if (api) outgoing.setHeader('cache-control', 'no-store');
    } else c.header('X-Request-Id', requestId);
    const started = performance.now();
    await next();
    const serverTiming = opts.serverTiming ? timing.header(performance.now() - started) : undefined;
    if (outgoing) {
      if (serverTiming) outgoing.setHeader('server-timing', serverTiming);
    } else {
      if (serverTiming) c.header('Server-Timing', serverTiming);
      if (api && !c.res.headers.has('cache-control')) c.header('Cache-Control', 'no-store');
    }
    const ms = Math.round(performance.now() - started);
    opts.log.info({ requestId, method: c.req.method, path: new URL(c.req.url).pathname, status: c.res.status, ms }, 'request');
    // The request's lines reach stdout in one write, before its answer (server/stdout-lines.ts).
    opts.log.flush?.();
  };
}

/** The request as the domain sees it (escalations/ has no Hono). */
export const scopeOf = (c: Context<Env>) => ({ requestId: c.get('requestId'), time: c.get('timing').time });
