import { setupServer } from 'msw/node';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createUpstreams, DD_HOST } from '../support/upstreams.ts';
import { createTestProxy } from '../support/proxy.ts';

const up = createUpstreams();
const server = setupServer(...up.handlers);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

test('portal user escalates', async () => {
  const { app } = await createTestProxy();
  const token = up.dd.mint('contact:101');
  const res = await app.request('/api/escalations', { method: 'POST', headers: { authorization: `DdAccessToken ${token}`, 'x-dd-host': DD_HOST, 'content-type': 'application/json' }, body: JSON.stringify({ ticketId: 5001, subject: 'Outlook', text: 'Outlook keeps asking for my password.' }) });
  expect(res.status).toBe(201);
  expect(up.directly.questions).toHaveLength(1);
});
