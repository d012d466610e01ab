// The proxy remembers, for at most a minute and never past the token's own expiry, who
// DeskDirector said a token belongs to, so it does not ask DeskDirector on every call.
// It holds only a hash of (host, app, token), never the token.
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, test, vi } from 'vitest';

const { endpoints } = DD_PROFILE;
import type { DdUser } from '../../common/deskdirector.ts';
import { tokenExpiry } from '../../common/launch.ts';
import { createTokenCache, TOKEN_CACHE_TTL_MS, type TokenCache } from '../../server/upstreams/token-cache.ts';
import { DD_HOST, DD_PROFILE } from '../support/upstreams.ts';
import { errorOf, useProxy } from '../support/proxy-harness.ts';

let cache: TokenCache;
const h = useProxy({
  deps: () => {
    cache = createTokenCache();
    return { tokenCache: cache };
  },
});

const meCalls = () =>
  h.sent.filter((s) => s.url.origin === DD_HOST && (s.url.pathname === endpoints.portalMe.path || s.url.pathname === endpoints.techMe.path)).length;
const list = (token: string, app?: string) => h.call('GET', '/api/escalations?ticketIds=5001', { token, ...(app ? { app } : {}) });

/** Fakes only Date: the proxy, its cache and the simulated DeskDirector all read it. */
function freezeClock(): (ms: number) => void {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(Math.ceil(Date.now() / 1000) * 1000);
  return (ms) => vi.setSystemTime(Date.now() + ms);
}
afterEach(() => {
  vi.useRealTimers();
});

describe('token-check cache', () => {
  test('a second call within the TTL makes no DeskDirector me() call', async () => {
    const token = h.up.dd.mint('contact:101');
    expect((await list(token)).status).toBe(200);
    expect(meCalls()).toBe(1);
    expect((await list(token)).status).toBe(200);
    expect((await h.call('GET', '/api/drafts/latest', { token })).status).toBe(200);
    expect(meCalls()).toBe(1);
    // The metrics count the calls answered from the cache.
    expect(cache.stats()).toEqual({ hits: 2, misses: 1 });
  });

  test('an entry lasts at most 60 s, even for a token valid for an hour', async () => {
    const advance = freezeClock();
    const token = h.up.dd.mint('contact:101', 3600);
    await list(token);
    advance(TOKEN_CACHE_TTL_MS - 1_000);
    await list(token);
    expect(meCalls()).toBe(1);
    advance(1_000);
    expect((await list(token)).status).toBe(200);
    expect(meCalls()).toBe(2);
  });

  test("an expired token is never served from the cache: the entry ends at the token's exp", async () => {
    const advance = freezeClock();
    const token = h.up.dd.mint('contact:101', 20);
    expect((await list(token)).status).toBe(200);
    advance(19_000);
    expect((await list(token)).status).toBe(200);
    expect(meCalls()).toBe(1);
    // Still well inside the 60 s TTL, but past exp: DeskDirector is asked, and refuses.
    advance(1_000);
    const res = await list(token);
    expect(res.status).toBe(401);
    expect(errorOf(res).error.code).toBe('token_expired');
    expect(meCalls()).toBe(2);
  });

  test('a token that has already expired is never cached: every call asks DeskDirector', async () => {
    const token = h.up.dd.mint('contact:101', -10);
    expect((await list(token)).status).toBe(401);
    expect((await list(token)).status).toBe(401);
    expect(meCalls()).toBe(2);
    expect(cache.entries()).toEqual([]);
  });

  test('a failed check is not cached', async () => {
    const token = h.up.otherDd.mint('contact:101');
    expect((await list(token)).status).toBe(401);
    expect((await list(token)).status).toBe(401);
    expect(meCalls()).toBe(2);
  });

  test('the entry is bound to the app: a Portal token checked once is still checked against TECH when sent as TECH', async () => {
    const token = h.up.dd.mint('contact:101');
    expect((await list(token)).status).toBe(200);
    const asTech = await list(token, 'tech');
    expect(asTech.status).toBe(401);
    expect(h.sent.filter((s) => s.url.pathname === endpoints.techMe.path)).toHaveLength(1);
  });

  test('the cache holds SHA-256 keys and users, never the raw token or any part of it', async () => {
    const tokens = [h.up.dd.mint('contact:101'), h.up.dd.mint('member:9001')];
    await list(tokens[0]!);
    await list(tokens[1]!, 'tech');
    const entries = cache.entries();
    expect(entries).toHaveLength(2);
    for (const [key] of entries) expect(key).toMatch(/^[0-9a-f]{64}$/);
    const held = JSON.stringify(entries);
    for (const token of tokens) {
      expect(held).not.toContain(token);
      for (const part of token.split('.')) expect(held).not.toContain(part);
    }
    expect(entries.map(([, v]) => v.user.id).sort()).toEqual([101, 9001]);
  });
});

describe('createTokenCache', () => {
  const user: DdUser = { id: 1, userName: 'A', email: 'a@example.com' } as DdUser;
  const jwt = (claims: object) => `eyJhbGciOiJIUzI1NiJ9.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.c2ln`;

  test('reads exp from the payload without verifying, and null when it cannot', () => {
    expect(tokenExpiry(jwt({ exp: 1_900_000_000 }))).toBe(1_900_000_000_000);
    expect(tokenExpiry(jwt({ sub: 'x' }))).toBeNull();
    expect(tokenExpiry(jwt({ exp: '1900000000' }))).toBeNull();
    expect(tokenExpiry('opaque-token-without-any-claims')).toBeNull();
    expect(tokenExpiry('a.!!!.b')).toBeNull();
    expect(tokenExpiry('a.bm90LWpzb24.b')).toBeNull();
  });

  test('a token whose exp cannot be read is not cached', async () => {
    const c = createTokenCache();
    const key = c.key('https://dd.example', 'portal', 'opaque-token-without-any-claims');
    c.set(key, 'opaque-token-without-any-claims', user);
    expect(c.get(key)).toBeUndefined();
    expect(c.entries()).toEqual([]);
  });

  test('the key is the SHA-256 of host, app and token', async () => {
    const expected = createHash('sha256').update('https://a.example\nportal\nsome.token.value').digest('hex');
    expect(createTokenCache().key('https://a.example', 'portal', 'some.token.value')).toBe(expected);
  });

  test('different host, app or token give different keys', async () => {
    const c = createTokenCache();
    const keys = new Set([
      c.key('https://a.example', 'portal', 't'),
      c.key('https://b.example', 'portal', 't'),
      c.key('https://a.example', 'tech', 't'),
      c.key('https://a.example', 'portal', 'u'),
    ]);
    expect(keys.size).toBe(4);
  });

  test('is bounded: past maxEntries the expired and then the oldest entries go', async () => {
    let now = 1_000_000;
    const c = createTokenCache({ maxEntries: 3, now: () => now });
    const token = jwt({ exp: 2_000_000 });
    for (let i = 0; i < 10; i++) c.set(`k${i}`, token, { ...user, id: i });
    expect(c.entries().map(([k]) => k)).toEqual(['k7', 'k8', 'k9']);
    now += TOKEN_CACHE_TTL_MS;
    c.set('fresh', token, user);
    expect(c.entries().map(([k]) => k)).toEqual(['fresh']);
    expect(c.get('fresh')).toEqual(user);
  });

  test('concurrent lookups of one token share one check; a failed check is not remembered', async () => {
    const c = createTokenCache();
    const token = jwt({ exp: Math.floor(Date.now() / 1000) + 600 });
    const key = c.key('https://a.example', 'portal', token);
    let checks = 0;
    let fail = true;
    const check = async () => {
      checks++;
      await new Promise((r) => setTimeout(r, 5));
      if (fail) throw new Error('DeskDirector said no');
      return user;
    };
    const failed = await Promise.allSettled([c.verify(key, token, check), c.verify(key, token, check)]);
    expect(failed.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(checks).toBe(1);
    fail = false;
    expect(await Promise.all([c.verify(key, token, check), c.verify(key, token, check)])).toEqual([user, user]);
    expect(checks).toBe(2);
    expect(await c.verify(key, token, check)).toEqual(user);
    expect(checks).toBe(2);
    expect(c.stats()).toEqual({ hits: 3, misses: 2 });
  });
});
