import type { MiddlewareHandler } from 'hono';
import { requestId } from 'hono/request-id';
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
    header: (appMs) => [...spans, ['app', appMs] as const].map(([name, ms]) => `${name};dur=${ms.toFixed(2)}`).join(', '),
  };
}

// limitLength 0: a client's own X-Request-Id is never taken; every request gets a fresh UUID.
export const freshRequestId = requestId({ limitLength: 0 });

/** Timing, the access log line and no-store on every /api answer. */
export function requestContext(opts: { log: Logger; serverTiming: boolean }): MiddlewareHandler<Env> {
  return async (c, next) => {
    const timing = createTiming();
    c.set('timing', timing);
    const started = performance.now();
    await next();
    if (opts.serverTiming) c.header('Server-Timing', timing.header(performance.now() - started));
    // API answers hold ticket data: never kept by a browser or a shared cache.
    if (c.req.path.startsWith('/api/') && !c.res.headers.has('cache-control')) c.header('Cache-Control', 'no-store');
    const ms = Math.round(performance.now() - started);
    opts.log.info({ requestId: c.var.requestId, method: c.req.method, path: new URL(c.req.url).pathname, status: c.res.status, ms }, 'request');
  };
}

/** The request as the domain sees it (escalations/ has no Hono). */
export const scopeOf = (c: { var: Env['Variables'] }) => ({ requestId: c.var.requestId, time: c.var.timing.time });
