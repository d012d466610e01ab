// Limits that fit a real deployment: behind the HTTPS reverse proxy every client may
// share one address, so an anonymous flood from it must not lock out users DeskDirector
// already vouched for, nor DeskDirector's signed webhook.
import { createHmac } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { loadConfig } from '../../server/config.ts';
import { clientIpResolver } from '../../server/http/rate-limit.ts';
import { testConfig, testEnv } from '../support/proxy.ts';
import { useProxy } from '../support/proxy-harness.ts';
import { DD_HOST, TEST_WEBHOOK_SECRET } from '../support/upstreams.ts';

describe('TRUST_PROXY with the reverse proxies’ addresses', () => {
  const request = (xff?: string) => ({ req: { header: (name: string) => (name.toLowerCase() === 'x-forwarded-for' ? xff : undefined) } }) as never;

  test('the client is the first address, from the connection backwards, that is not one of ours', () => {
    const ip = clientIpResolver({ trustProxy: ['10.0.0.0/8', '2001:db8::/32'], connectionIp: () => '10.1.2.3' });
    expect(ip(request('198.51.100.7, 10.9.9.9'))).toBe('198.51.100.7');
    // A client's own X-Forwarded-For entries to the left of it are not believed.
    expect(ip(request('1.1.1.1, 198.51.100.7, 10.9.9.9'))).toBe('198.51.100.7');
    expect(ip(request('2001:db8::5, ::ffff:203.0.113.4'))).toBe('203.0.113.4');
    expect(ip(request(undefined))).toBe('10.1.2.3');
  });

  test('a connection from outside the list is the client, whatever X-Forwarded-For says', () => {
    const ip = clientIpResolver({ trustProxy: ['10.0.0.0/8'], connectionIp: () => '203.0.113.50' });
    expect(ip(request('10.0.0.1'))).toBe('203.0.113.50');
  });

  test('the setting is checked at start and names what is wrong', () => {
    const ok = loadConfig({ ...testEnv, TRUST_PROXY: '10.0.0.0/8, 192.168.1.10, fd00::/8' });
    expect(ok.ok && ok.config.trustProxy).toEqual(['10.0.0.0/8', '192.168.1.10', 'fd00::/8']);
    const bad = loadConfig({ ...testEnv, TRUST_PROXY: '10.0.0.0/8, 10.0.0.0/33, proxy.local' });
    expect(!bad.ok && bad.problems.join('\n')).toMatch(/TRUST_PROXY: .*not: 10\.0\.0\.0\/33, proxy\.local/);
  });
});

describe('an anonymous flood from the one shared address', () => {
  const h = useProxy({
    config: () => testConfig({ RATE_LIMIT_IP_PER_MINUTE: '5', RATE_LIMIT_WEBHOOK_PER_MINUTE: '100', DESKDIRECTOR_WEBHOOK_SECRET: TEST_WEBHOOK_SECRET }),
    deps: () => ({ clientIp: () => '203.0.113.9' }),
  });
  const signed = (body: string) => ({
    body,
    headers: { 'content-type': 'application/json', 'x-dd-signature': `sha256=${createHmac('sha256', TEST_WEBHOOK_SECRET).update(body).digest('hex')}` },
  });
  const webhook = `/api/webhooks/deskdirector?host=${encodeURIComponent(DD_HOST)}`;

  test('gets 429, while a verified user and the signed webhook still get through', async () => {
    const token = h.up.dd.mint('contact:101');
    expect((await h.call('GET', '/api/tickets', { token })).status).toBe(200);

    const flood = await Promise.all(Array.from({ length: 12 }, () => h.call('GET', '/api/tickets', { token: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.bm9wZQ' })));
    expect(flood.filter((r) => r.status === 429).length).toBeGreaterThan(0);
    const unsigned = await Promise.all(Array.from({ length: 3 }, () => h.call('POST', webhook, { body: '[]' })));
    expect(unsigned.map((r) => r.status)).toContain(429);

    expect((await h.call('GET', '/api/tickets', { token })).status).toBe(200);
    expect((await h.call('GET', '/api/tickets/5001', { token })).status).toBe(200);
    const delivery = await h.call('POST', webhook, signed(JSON.stringify([{ id: 5001, status: { name: 'In Progress' } }])));
    expect(delivery.status).toBe(200);
  });
});

describe('signed webhook deliveries', () => {
  let n = 0;
  const h = useProxy({
    config: () => testConfig({ RATE_LIMIT_WEBHOOK_PER_MINUTE: '2', DESKDIRECTOR_WEBHOOK_SECRET: TEST_WEBHOOK_SECRET }),
    // Each delivery from another address: the limit is not per address.
    deps: () => ({ clientIp: () => `198.51.100.${++n}` }),
  });

  test('have a limit of their own, shared by every sender', async () => {
    const body = JSON.stringify([{ id: 5001, status: { name: 'In Progress' } }]);
    const headers = { 'content-type': 'application/json', 'x-dd-signature': `sha256=${createHmac('sha256', TEST_WEBHOOK_SECRET).update(body).digest('hex')}` };
    const path = `/api/webhooks/deskdirector?host=${encodeURIComponent(DD_HOST)}`;
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await h.call('POST', path, { body, headers })).status);
    expect(statuses).toEqual([200, 200, 429]);
  });
});
