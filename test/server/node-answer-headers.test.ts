// Served by Node (@hono/node-server, as main.ts serves it), the request id, no-store and
// Server-Timing are set on Node's response rather than through Hono's headers: the same
// answer a caller gets from app.request, checked here over a real socket.
import { expect, test } from 'vitest';
import { testConfig } from '../support/proxy.ts';
import { useNodeServer } from '../support/over-node.ts';
import { DD_HOST } from '../support/upstreams.ts';
import { sampleDraft, useProxy } from '../support/proxy-harness.ts';

const h = useProxy({ config: () => testConfig({ SERVER_TIMING: 'true' }) });
const serveOverNode = useNodeServer(h);
const overNode = async (path: string, init: RequestInit = {}) => fetch(`${await serveOverNode()}${path}`, init);

const asAlice = () => ({ authorization: `DdAccessToken ${h.up.dd.mint('contact:101')}`, 'x-dd-host': DD_HOST });

test('an escalation answered over a socket carries its request id, no-store and its timing', async () => {
  const res = await overNode('/api/escalations/5001', {
    method: 'POST',
    headers: { ...asAlice(), 'content-type': 'application/json' },
    body: JSON.stringify({ ...sampleDraft }),
  });
  expect(res.status).toBe(201);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  expect(res.headers.get('cache-control')).toBe('no-store');
  const id = res.headers.get('x-request-id');
  expect(id).toMatch(/^[0-9a-f-]{36}$/);
  expect(res.headers.get('server-timing')).toMatch(/(^|, )directly;dur=[\d.]+.*, app;dur=[\d.]+$/);
  expect(((await res.json()) as { escalation: { ticketId: number } }).escalation.ticketId).toBe(5001);
  const line = h.logLines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.msg === 'request');
  expect(line).toMatchObject({ requestId: id, method: 'POST', path: '/api/escalations/5001', status: 201 });
});

test("an error answer carries them too, and a client's own X-Request-Id is not taken", async () => {
  const res = await overNode('/api/tickets/abc', { headers: { ...asAlice(), 'x-request-id': 'mine-1234' } });
  expect(res.status).toBe(400);
  const id = res.headers.get('x-request-id');
  expect(id).toMatch(/^[0-9a-f-]{36}$/);
  expect(((await res.json()) as { error: { requestId: string } }).error.requestId).toBe(id);
  expect(res.headers.get('cache-control')).toBe('no-store');
  expect(res.headers.get('server-timing')).toMatch(/app;dur=/);
});
