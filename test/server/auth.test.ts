// Who may call the proxy: a valid DeskDirector token, from an allowed instance. Anything
// else is refused before Directly hears of it, and an unknown host before any request
// leaves the proxy at all.
import { describe, expect, test, vi } from 'vitest';
import { DD_HOST, OTHER_DD_HOST } from '../support/upstreams.ts';
import { errorOf, sampleDraft, useProxy, type CallOptions } from '../support/proxy-harness.ts';

const h = useProxy();

const escalate = (opts: CallOptions) => h.call('POST', '/api/escalations/5001', { json: { ...sampleDraft }, ...opts });

describe('authentication', () => {
  test('no Authorization header: 401 unauthenticated, nothing sent anywhere', async () => {
    const res = await escalate({});
    expect(res.status).toBe(401);
    expect(errorOf(res).error.code).toBe('unauthenticated');
    expect(h.sent).toEqual([]);
  });

  test.each([
    ['another scheme', 'Bearer abcdefghijklmnop'],
    ['no token', 'DdAccessToken '],
    ['a token too short to be one', 'DdAccessToken abc'],
    ['a token with spaces', 'DdAccessToken abc def ghi jkl'],
    ['the scheme only', 'DdAccessToken'],
  ])('malformed header (%s): 401 unauthenticated', async (_name, authorization) => {
    const res = await escalate({ headers: { authorization } });
    expect(res.status).toBe(401);
    expect(errorOf(res).error.code).toBe('unauthenticated');
    expect(h.up.directly.saveCalls()).toBe(0);
    expect(h.sent).toEqual([]);
  });

  test('expired token: 401 token_expired, Directly not called', async () => {
    const res = await escalate({ token: h.up.dd.mint('contact:101', -10) });
    expect(res.status).toBe(401);
    expect(errorOf(res).error.code).toBe('token_expired');
    expect(h.up.directly.saveCalls()).toBe(0);
    expect(h.directlyCalls('saveQuestion')).toEqual([]);
  });

  test('token that expires while in hand: accepted, then 401 token_expired once its second is up', async () => {
    // Only Date is faked: the sim reads the clock from it, timers stay real.
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(Math.ceil(Date.now() / 1000) * 1000);
      const token = h.up.dd.mint('contact:101', 1);
      const before = await h.call('GET', '/api/escalations?ticketIds=5001', { token });
      expect(before.status).toBe(200);
      vi.setSystemTime(Date.now() + 1000);
      const res = await escalate({ token });
      expect(res.status).toBe(401);
      expect(errorOf(res).error.code).toBe('token_expired');
      expect(h.up.directly.saveCalls()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });

  test('token of another DeskDirector instance sent with our instance as host: 401, Directly not called', async () => {
    const res = await escalate({ token: h.up.otherDd.mint('contact:101'), host: DD_HOST });
    expect(res.status).toBe(401);
    expect(['unauthenticated', 'token_expired']).toContain(errorOf(res).error.code);
    expect(h.up.directly.saveCalls()).toBe(0);
    // The foreign token went only to the host the caller named, which refused it.
    expect(h.sent.map((s) => s.url.origin)).toEqual([DD_HOST]);
  });

  test('token of another instance with that instance as host: 403, it is not on the allow-list', async () => {
    const res = await escalate({ token: h.up.otherDd.mint('contact:101'), host: OTHER_DD_HOST });
    expect(res.status).toBe(403);
    expect(errorOf(res).error.code).toBe('host_not_allowed');
    expect(h.sent).toEqual([]);
  });

  test('Portal token presented as TECH: 401, and no TECH powers', async () => {
    const close = await h.call('POST', '/api/escalations/5001/close', { as: 'contact:101', app: 'tech' });
    expect(close.status).toBe(401);
    const res = await escalate({ as: 'contact:101', app: 'tech' });
    expect(res.status).toBe(401);
    expect(h.up.directly.saveCalls()).toBe(0);
  });

  test('unknown X-DD-App: 400 invalid_request', async () => {
    const res = await escalate({ as: 'member:9001', app: 'admin' });
    expect(res.status).toBe(400);
    expect(errorOf(res).error.code).toBe('invalid_request');
    expect(h.sent).toEqual([]);
  });

  test('every error reply carries the request id it was logged under', async () => {
    const res = await escalate({});
    const requestId = res.headers.get('x-request-id');
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(errorOf(res).error.requestId).toBe(requestId);
  });

  test("a client's own X-Request-Id is not taken: the proxy names every request itself", async () => {
    const res = await h.call('GET', '/api/health', { headers: { 'x-request-id': 'chosen-by-the-client' } });
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('DeskDirector host allow-list', () => {
  test.each([
    ['an unknown instance', 'http://evil.test'],
    ['a look-alike subdomain', 'http://dd.test.evil.test'],
    ['credentials pointing elsewhere', 'http://dd.test@evil.test'],
    ['another port', 'http://dd.test:8443'],
    ['another scheme', 'https://dd.test'],
    ['not a URL', 'dd.test'],
    ['a javascript URL', 'javascript:alert(1)'],
    ['an empty value', ''],
  ])('%s: 403 host_not_allowed and no request leaves the proxy', async (_name, host) => {
    const res = await escalate({ as: 'contact:101', host });
    expect(res.status).toBe(403);
    expect(errorOf(res).error.code).toBe('host_not_allowed');
    expect(h.sent).toEqual([]);
  });

  test('missing X-DD-Host: 403 and no request leaves the proxy', async () => {
    const res = await escalate({ as: 'contact:101', host: null });
    expect(res.status).toBe(403);
    expect(errorOf(res).error.code).toBe('host_not_allowed');
    expect(h.sent).toEqual([]);
  });

  test('the allowed host written differently (case, trailing path) is the same origin', async () => {
    const res = await escalate({ as: 'contact:101', host: 'HTTP://DD.TEST/portal/' });
    expect(res.status).toBe(201);
    expect(h.callsOutside(DD_HOST).map((s) => s.url.pathname)).toEqual(['/helpDesk/saveQuestion']);
  });

  test('GET routes are guarded the same way', async () => {
    for (const path of ['/api/escalations?ticketIds=5001', '/api/escalations/5001/history']) {
      const res = await h.call('GET', path, { as: 'contact:101', host: 'http://evil.test' });
      expect(res.status).toBe(403);
      const anon = await h.call('GET', path, {});
      expect(anon.status).toBe(401);
    }
    expect(h.sent).toEqual([]);
  });
});
