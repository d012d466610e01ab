// The first screen as main.ts serves it: by @hono/node-server over a socket, with Server-Timing
// on. The API reads made for the page must not touch the page's own response, whose head is
// already on its way (an answer's headers go straight onto Node's response when it has one).
import { readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { delay, http, passthrough } from 'msw';
import { expect, test } from 'vitest';
import { FIRST_SCREEN_ID } from '../../common/contract.ts';
import { servePage } from '../../server/routes/page.ts';
import { testConfig } from '../support/proxy.ts';
import { DD_HOST, ddUrl } from '../support/upstreams.ts';
import { useProxy } from '../support/proxy-harness.ts';
import { tempDir } from '../support/temp-dir.ts';

const h = useProxy({ config: () => testConfig({ SERVER_TIMING: 'true' }) });

test('the page served over a socket carries its first screen, and its own request id', async () => {
  const root = tempDir('dd-first-screen-node-');
  writeFileSync(join(root, 'index.html'), readFileSync(join(import.meta.dirname, '../../index.html'), 'utf8'));
  servePage(h.app, h.config, root);
  // DeskDirector takes a moment, as it does: the page's head has gone out before the reads end.
  h.server.use(
    http.get(ddUrl('portalTicketsFind'), async () => {
      await delay(50);
    }),
  );
  const server = serve({ fetch: h.app.fetch, port: 0, hostname: '127.0.0.1' });
  try {
    await new Promise<void>((r) => (server.listening ? r() : server.once('listening', r)));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    h.server.use(http.all(`${origin}/*`, () => passthrough()));
    const res = await fetch(`${origin}/?${new URLSearchParams({ access_token: h.up.dd.mint('contact:101'), host: DD_HOST })}`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain(`id="${FIRST_SCREEN_ID}"`);
    const pageLine = h.logLines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.msg === 'request' && l.path === '/');
    expect(res.headers.get('x-request-id')).toBe(pageLine?.requestId);
  } finally {
    server.close();
  }
});
