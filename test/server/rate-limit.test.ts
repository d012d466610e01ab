// Requests to /api are limited per DeskDirector user and per client IP: past the limit,
// 429 rate_limited with Retry-After, and nothing reaches DeskDirector or Directly.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, test } from 'vitest';
import { loadConfig } from '../../server/config.ts';
import { clientIpResolver, createRateLimiter } from '../../server/http/rate-limit.ts';
import { servePage } from '../../server/routes/page.ts';
import { testConfig, testEnv } from '../support/proxy.ts';
import { errorOf, useProxy, type CallOptions } from '../support/proxy-harness.ts';
import { tempDir } from '../support/temp-dir.ts';

const PER_USER = 5;
const PER_IP = 8;
let offset = 0;
const h = useProxy({
  config: () => testConfig({ RATE_LIMIT_PER_MINUTE: String(PER_USER), RATE_LIMIT_IP_PER_MINUTE: String(PER_IP) }),
  // Tests only: the client IP from a test header. The real entry (server/main.ts) reads the socket.
  deps: () => ({ now: () => Date.now() + offset, clientIp: (c) => c.req.header('x-test-ip') }),
});
beforeEach(() => {
  offset = 0;
});

const list = (opts: CallOptions) => h.call('GET', '/api/escalations?ticketIds=5001', opts);
const fromIp = (ip: string, opts: CallOptions = {}) => ({ ...opts, headers: { 'x-test-ip': ip, ...opts.headers } });

describe('per-user limit', () => {
  test('past RATE_LIMIT_PER_MINUTE a user gets 429 rate_limited with Retry-After, then is let in again', async () => {
    const token = h.up.dd.mint('contact:101');
    for (let i = 0; i < PER_USER; i++) expect((await list({ token })).status).toBe(200);
    const sentBefore = h.sent.length;
    const res = await list({ token });
    expect(res.status).toBe(429);
    const body = errorOf(res);
    expect(body.error.code).toBe('rate_limited');
    expect(body.error.requestId).toBe(res.headers.get('x-request-id'));
    // One request refills every 60/PER_USER seconds.
    expect(res.headers.get('retry-after')).toBe(String(60 / PER_USER));
    // Refused after the (cached) token check: nothing else left the proxy.
    expect(h.sent.length).toBe(sentBefore);

    offset += (60 / PER_USER) * 1000;
    expect((await list({ token })).status).toBe(200);
    expect((await list({ token })).status).toBe(429);
  });

  test('counts every /api call of the user, escalations included: no saveQuestion once limited', async () => {
    const token = h.up.dd.mint('contact:101');
    for (let i = 0; i < PER_USER; i++) await h.call('GET', '/api/drafts/latest', { token });
    const res = await h.call('POST', '/api/escalations/5001', {
      token,
      json: { subject: 'Outlook', text: 'Outlook keeps asking for my password.' },
    });
    expect(res.status).toBe(429);
    expect(h.directlyCalls('saveQuestion')).toEqual([]);
  });

  test("one user's limit is not another's, and Portal and TECH are counted apart", async () => {
    const alice = h.up.dd.mint('contact:101');
    for (let i = 0; i < PER_USER; i++) await list({ token: alice });
    expect((await list({ token: alice })).status).toBe(429);
    expect((await list({ token: h.up.dd.mint('contact:102') })).status).toBe(200);
    expect((await list({ as: 'member:9001' })).status).toBe(200);
  });

  test("a fresh token for the same user shares the user's limit", async () => {
    for (let i = 0; i < PER_USER; i++) await list({ token: h.up.dd.mint('contact:101') });
    expect((await list({ token: h.up.dd.mint('contact:101', 1800) })).status).toBe(429);
  });
});

describe('per-IP limit', () => {
  test('past RATE_LIMIT_IP_PER_MINUTE an IP gets 429 before a new token is checked: no DeskDirector call', async () => {
    const users = ['contact:101', 'contact:102', 'member:9001', 'member:9002'];
    // Distinct lifetimes make distinct tokens: each is new to the proxy until checked. Minted
    // once: a second token minted a second later would be another token.
    const tokens = Array.from({ length: PER_IP + 1 }, (_, i) => h.up.dd.mint(users[i % users.length]!, 3600 + i));
    const tokenOf = (i: number) => tokens[i]!;
    const app = (i: number) => (users[i % users.length]!.startsWith('member:') ? 'tech' : null);
    for (let i = 0; i < PER_IP; i++) expect((await list(fromIp('203.0.113.7', { token: tokenOf(i), app: app(i) }))).status).toBe(200);
    const sentBefore = h.sent.length;
    const res = await list(fromIp('203.0.113.7', { token: tokenOf(PER_IP), app: app(PER_IP) }));
    expect(res.status).toBe(429);
    expect(errorOf(res).error.code).toBe('rate_limited');
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(h.sent.length).toBe(sentBefore);
    // A caller DeskDirector already vouched for counts against their own limit instead.
    expect((await list(fromIp('203.0.113.7', { token: tokenOf(0) }))).status).toBe(200);
    // Another address is not affected.
    expect((await list(fromIp('203.0.113.8', { as: 'member:9002' }))).status).toBe(200);
  });

  test('unauthenticated floods are limited too, and answered without any outgoing request', async () => {
    for (let i = 0; i < PER_IP; i++) expect((await list(fromIp('198.51.100.1', { token: 'garbage-token-value' }))).status).toBe(401);
    expect((await list(fromIp('198.51.100.1', { token: 'garbage-token-value' }))).status).toBe(429);
    expect((await h.call('POST', '/api/webhooks/deskdirector', fromIp('198.51.100.1', { body: '{}' }))).status).toBe(429);
    expect((await h.call('GET', '/api/no-such-route', fromIp('198.51.100.1'))).status).toBe(429);
  });

  test('/api/health is never limited (load balancers poll it)', async () => {
    for (let i = 0; i < PER_IP + 3; i++) expect((await h.call('GET', '/api/health', fromIp('192.0.2.1'))).status).toBe(200);
  });

  test('static files and the page are not limited', async () => {
    const root = tempDir('dd-rate-static-');
    mkdirSync(join(root, 'assets'));
    writeFileSync(join(root, 'index.html'), '<!doctype html><meta name="dd-directly-config" content="" /><title>t</title>');
    writeFileSync(join(root, 'assets', 'app.js'), 'console.log(1)');
    servePage(h.app, h.config, root);
    for (let i = 0; i < PER_IP + 1; i++) await h.call('GET', '/api/config', fromIp('192.0.2.9'));
    expect((await h.call('GET', '/api/config', fromIp('192.0.2.9'))).status).toBe(429);
    for (let i = 0; i < PER_IP + 3; i++) {
      expect((await h.call('GET', '/', fromIp('192.0.2.9'))).status).toBe(200);
      expect((await h.call('GET', '/assets/app.js', fromIp('192.0.2.9'))).status).toBe(200);
    }
  });
});

describe('the client IP', () => {
  const connection = () => '10.0.0.1';
  const ctx = (headers: Record<string, string>) => ({ req: { header: (n: string) => headers[n.toLowerCase()] } }) as never;

  test("without TRUST_PROXY, X-Forwarded-For is ignored: the connection's address counts", () => {
    const ip = clientIpResolver({ trustProxy: false, connectionIp: connection });
    expect(ip(ctx({ 'x-forwarded-for': '1.2.3.4' }))).toBe('10.0.0.1');
    expect(ip(ctx({}))).toBe('10.0.0.1');
  });

  test('with TRUST_PROXY=true, the last X-Forwarded-For hop (added by our own proxy) counts', () => {
    const ip = clientIpResolver({ trustProxy: true, connectionIp: connection });
    expect(ip(ctx({ 'x-forwarded-for': 'spoofed-by-client, 203.0.113.5' }))).toBe('203.0.113.5');
    expect(ip(ctx({ 'x-forwarded-for': '203.0.113.5' }))).toBe('203.0.113.5');
    expect(ip(ctx({}))).toBe('10.0.0.1');
  });

  test('TRUST_PROXY defaults to false; the limits default to 120 per user and 600 per IP a minute', () => {
    const r = loadConfig(testEnv);
    expect(r.ok && [r.config.trustProxy, r.config.rateLimitPerMinute, r.config.rateLimitPerIpPerMinute]).toEqual([false, 120, 600]);
    const bad = loadConfig({ ...testEnv, RATE_LIMIT_PER_MINUTE: 'lots', TRUST_PROXY: 'yes' });
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.problems.join('\n')).toMatch(/RATE_LIMIT_PER_MINUTE[\s\S]*TRUST_PROXY/);
  });
});

describe('createRateLimiter', () => {
  test('a token bucket: perMinute at once, then one every 60/perMinute seconds', () => {
    let now = 0;
    const limiter = createRateLimiter({ perMinute: 60, now: () => now });
    for (let i = 0; i < 60; i++) expect(limiter.take('k')).toBeNull();
    expect(limiter.take('k')).toBe(1);
    now += 1_000;
    expect(limiter.take('k')).toBeNull();
    expect(limiter.take('k')).toBe(1);
  });

  test('0 turns the limit off', () => {
    const limiter = createRateLimiter({ perMinute: 0 });
    for (let i = 0; i < 1_000; i++) expect(limiter.take('k')).toBeNull();
  });

  test('holds at most maxKeys keys, dropping the least recently seen', () => {
    const limiter = createRateLimiter({ perMinute: 1, maxKeys: 100 });
    for (let i = 0; i < 1_000; i++) limiter.take(`ip-${i}`);
    expect(limiter.size()).toBe(100);
    // The most recent key is still held, and still limited.
    expect(limiter.take('ip-999')).not.toBeNull();
  });
});
