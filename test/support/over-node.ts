// The proxy app served by Node (@hono/node-server, as main.ts serves it) on a loopback port,
// for what only a real socket shows: Node's response headers, request bodies as they arrive.
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { http, passthrough } from 'msw';
import { afterEach } from 'vitest';
import type { Harness } from './proxy-harness.ts';

/** Serves `h.app` for one test at a time; returns its origin (MSW lets calls to it through). */
export function useNodeServer(h: Harness): () => Promise<string> {
  let close: (() => void) | undefined;
  afterEach(() => close?.());
  return async () => {
    const server = serve({ fetch: h.app.fetch, port: 0, hostname: '127.0.0.1' });
    close = () => server.close();
    await new Promise<void>((r) => (server.listening ? r() : server.once('listening', r)));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    h.server.use(http.all(`${origin}/*`, () => passthrough()));
    return origin;
  };
}
