// Per-user and per-IP request limits for /api, in memory (one process; several proxies
// each keep their own). A token bucket per key: `perMinute` requests may come at once,
// then they refill at perMinute/60 a second. A refused request gets 429 with
// Retry-After (whole seconds until one request is allowed again).
import { BlockList, isIP } from 'node:net';
import type { Context, MiddlewareHandler } from 'hono';
import { parseCidr, plainIp } from '../ip.ts';
import { ApiError } from '../errors.ts';
import type { Logger } from '../log.ts';
import type { Env } from './env.ts';

export interface RateLimiter {
  /** Takes one request from `key`'s bucket; null when allowed, else the seconds to wait. */
  take(key: string): number | null;
  /** How many keys are held (bounded by maxKeys). */
  size(): number;
}

export interface RateLimiterOptions {
  perMinute: number;
  /** Keys held at most; the least recently seen go first when full. */
  maxKeys?: number;
  now?: () => number;
}

const DEFAULT_MAX_KEYS = 10_000;

export function createRateLimiter(opts: RateLimiterOptions): RateLimiter {
  const now = opts.now ?? (() => Date.now());
  const capacity = opts.perMinute;
  const perMs = opts.perMinute / 60_000;
  const maxKeys = opts.maxKeys ?? DEFAULT_MAX_KEYS;
  // Map order is insertion order; a key is re-inserted when seen, so the first is the stalest.
  const buckets = new Map<string, { tokens: number; at: number }>();

  return {
    take(key) {
      if (capacity <= 0) return null;
      const t = now();
      const old = buckets.get(key);
      let tokens = old ? Math.min(capacity, old.tokens + Math.max(0, t - old.at) * perMs) : capacity;
      buckets.delete(key);
      const allowed = tokens >= 1;
      if (allowed) tokens -= 1;
      buckets.set(key, { tokens, at: t });
      while (buckets.size > maxKeys) buckets.delete(buckets.keys().next().value!);
      return allowed ? null : Math.max(1, Math.ceil((1 - tokens) / perMs / 1000));
    },
    size: () => buckets.size,
  };
}

export const tooMany = (retryAfterSeconds: number) =>
  new ApiError(429, 'rate_limited', `Too many requests. Try again in ${retryAfterSeconds} seconds.`, { retryAfterSeconds });

/** The client's IP for a request, or undefined when it cannot be known (main.ts reads the socket). */
export type ClientIp = (c: Context) => string | undefined;

/**
 * The address to limit by. Without TRUST_PROXY only the connection's address counts: a
 * client can write any X-Forwarded-For it likes. `true`: the connecting peer is our own
 * reverse proxy, so the last hop it added counts. A list of addresses and CIDR blocks:
 * starting from the connection, every hop inside the list is a proxy of ours, and the
 * client is the first address that is not.
 */
export function clientIpResolver(opts: { trustProxy: boolean | readonly string[]; connectionIp: ClientIp }): ClientIp {
  const trusted = new BlockList();
  for (const entry of Array.isArray(opts.trustProxy) ? opts.trustProxy : []) {
    const cidr = parseCidr(entry);
    if (cidr) trusted.addSubnet(cidr.address, cidr.prefix, cidr.family);
  }
  const isTrusted = (ip: string) => {
    const version = isIP(ip);
    return version !== 0 && trusted.check(ip, version === 4 ? 'ipv4' : 'ipv6');
  };
  return (c) => {
    const peer = opts.connectionIp(c);
    if (!opts.trustProxy || (opts.trustProxy !== true && (peer === undefined || !isTrusted(plainIp(peer))))) return peer;
    const hops = (c.req.header('x-forwarded-for') ?? '')
      .split(',')
      .map((s) => plainIp(s.trim()))
      .filter((s) => s.length > 0 && s.length <= 64);
    if (opts.trustProxy === true) return hops.at(-1) ?? peer;
    for (let i = hops.length - 1; i >= 0; i--) if (!isTrusted(hops[i]!)) return hops[i];
    return hops[0] ?? peer;
  };
}

/** Takes one request from the client address's bucket, or throws the 429. */
export function chargeIp(limiter: RateLimiter, clientIp: ClientIp | undefined, log: Logger) {
  return (c: Context<Env>) => {
    const ip = clientIp?.(c);
    const wait = ip === undefined ? null : limiter.take(ip);
    if (wait !== null) {
      log.warn({ requestId: c.var.requestId, limit: 'ip' }, 'rate limited');
      throw tooMany(wait);
    }
  };
}

/**
 * Per client IP, before anything else is read, so a flood never reaches DeskDirector. A
 * caller DeskDirector already vouched for is counted by the per-user limit instead: an
 * anonymous flood from one address (every client behind a reverse proxy, without
 * TRUST_PROXY) must not lock out the users behind it.
 */
export function perIp(charge: (c: Context<Env>) => void, verified: (c: Context<Env>) => boolean): MiddlewareHandler<Env> {
  return async (c, next) => {
    if (!verified(c)) charge(c);
    await next();
  };
}
