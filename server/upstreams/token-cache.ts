// Who a DeskDirector access token belongs to, remembered for a short while so the proxy
// does not ask DeskDirector's "current user" endpoint on every request.
//
// - The key is SHA-256 of (host, app, token): the token itself is never held.
// - An entry lives at most `ttlMs` (60 s by default) and never past the token's own
//   `exp` claim, read from the JWT payload without verifying it (only DeskDirector can;
//   it did, when it answered for the token). A token whose `exp` cannot be read is not
//   cached at all, so it is checked with DeskDirector every time.
// - At most `maxEntries`; expired entries go first, then the oldest.
import { hash } from 'node:crypto';
import type { DdApp, DdUser } from '../../common/deskdirector.ts';
import { tokenExpiry } from '../../common/launch.ts';

export interface TokenCache {
  key(host: string, app: DdApp, token: string): string;
  get(key: string): DdUser | undefined;
  /** As get(), counted as a hit when found (verify() without its promise, for a known token). */
  remembered(key: string): DdUser | undefined;
  /** Remembers `user` for `token` unless its expiry cannot be read or has passed. */
  set(key: string, token: string, user: DdUser): void;
  /**
   * The user behind `token`: from the cache, or from `check()` (DeskDirector), which runs
   * at most once at a time per key, so a page's parallel first calls ask DeskDirector once.
   */
  verify(key: string, token: string, check: () => Promise<DdUser>): Promise<DdUser>;
  /** What is held, for tests and metrics: hashed keys, users and expiry times. */
  entries(): Array<[string, { user: DdUser; expiresAt: number }]>;
  /** Lookups answered from the cache (or joined to a check in flight) and lookups that asked DeskDirector. */
  stats(): { hits: number; misses: number };
}

export const TOKEN_CACHE_TTL_MS = 60_000;
const TOKEN_CACHE_MAX_ENTRIES = 5_000;

export function createTokenCache(opts: { ttlMs?: number; maxEntries?: number; now?: () => number } = {}): TokenCache {
  const ttlMs = opts.ttlMs ?? TOKEN_CACHE_TTL_MS;
  const maxEntries = opts.maxEntries ?? TOKEN_CACHE_MAX_ENTRIES;
  const now = opts.now ?? (() => Date.now());
  const map = new Map<string, { user: DdUser; expiresAt: number }>();
  const inFlight = new Map<string, Promise<DdUser>>();
  const counts = { hits: 0, misses: 0 };

  function makeRoom() {
    const t = now();
    for (const [k, v] of map) if (v.expiresAt <= t) map.delete(k);
    while (map.size >= maxEntries) map.delete(map.keys().next().value!);
  }

  const cache: TokenCache = {
    // Synchronous: Web Crypto's digest would cost every request a turn of the event loop.
    key: (host, app, token) => hash('sha256', `${host}\n${app}\n${token}`),
    get(key) {
      const hit = map.get(key);
      if (!hit) return undefined;
      if (hit.expiresAt <= now()) {
        map.delete(key);
        return undefined;
      }
      return hit.user;
    },
    set(key, token, user) {
      const exp = tokenExpiry(token);
      const t = now();
      if (exp === null || exp <= t || ttlMs <= 0) return;
      if (map.size >= maxEntries) makeRoom();
      map.set(key, { user, expiresAt: Math.min(exp, t + ttlMs) });
    },
    remembered(key) {
      const known = cache.get(key);
      if (known) counts.hits++;
      return known;
    },
    verify(key, token, check) {
      const known = cache.remembered(key);
      if (known) return Promise.resolve(known);
      const pending = inFlight.get(key);
      if (pending) {
        counts.hits++;
        return pending;
      }
      counts.misses++;
      const asked = check()
        .then((user) => {
          cache.set(key, token, user);
          return user;
        })
        .finally(() => inFlight.delete(key));
      inFlight.set(key, asked);
      return asked;
    },
    entries: () => [...map.entries()],
    stats: () => ({ ...counts }),
  };
  return cache;
}
