// The proxy's one outbound HTTP client, for DeskDirector and Directly alike: node:http(s)
// over one keep-alive agent per origin. It costs half the CPU of fetch (undici) per call,
// and the proxy makes three calls per escalation.
import http from 'node:http';
import https from 'node:https';

/** The answer was not 2xx. Redirects count as failures too: they are never followed. */
export class HttpStatusError extends Error {
  override name = 'HttpStatusError';
  readonly status: number;
  readonly retryAfter: string | undefined;
  constructor(status: number, retryAfter: string | undefined) {
    super(`answered ${status}`);
    this.status = status;
    this.retryAfter = retryAfter;
  }
}

/** No whole answer (status, headers and body) within the timeout. */
export class HttpTimeoutError extends Error {
  override name = 'HttpTimeoutError';
}

/** No answer at all: refused, reset, unknown host. The request may have arrived. */
export class HttpNetworkError extends Error {
  override name = 'HttpNetworkError';
}

/** Retries for idempotent reads only: on a lost connection or a passing status, never on a timeout. */
export interface RetryReads {
  limit: number;
  /** Before retry n (1-based), at most this long; the wait is a random share of it (full jitter). */
  delayMs: (n: number) => number;
}

const RETRY_STATUSES = new Set([408, 429, 500, 502, 503, 504]);
const USER_AGENT = 'dd-directly-proxy';
/** Methods node:http sends without a body (nor a Content-Length) unless one is given. */
const BODILESS_METHODS = new Set(['GET', 'HEAD', 'DELETE', 'OPTIONS', 'TRACE', 'CONNECT']);

export interface HttpClientOptions {
  /** Origin and optional base path, e.g. `https://api.directly.com/helpDesk`; paths are appended to it. */
  baseUrl: string;
  /** Sent with every request: the credential lives here and nowhere else. */
  headers: Record<string, string>;
  /** For each attempt, from the request until the last byte of the answer. */
  timeoutMs: number;
  retryReads?: RetryReads | undefined;
}

export interface RequestInit {
  method: string;
  /** Serialized as JSON. */
  json?: unknown;
  /** Sent as application/x-www-form-urlencoded. */
  form?: URLSearchParams;
  signal?: AbortSignal | undefined;
}

export interface HttpClient {
  /** The answer's body parsed as JSON (a SyntaxError if it is not). */
  json(path: string, init: RequestInit): Promise<unknown>;
  /** Resolves on any 2xx; the body is read and dropped. */
  send(path: string, init: RequestInit): Promise<void>;
}

/** What a base URL says about where requests go, and the origin's sockets. */
interface Target {
  protocol: 'http:' | 'https:';
  hostname: string;
  port: string;
  /** The Host header node:http would write: brackets around an IPv6 literal, the port unless the default. */
  host: string;
  basePath: string;
  agent: http.Agent;
}

// Sockets are shared by every client of an origin (the caller's client is made per request).
// Idle sockets close after 4 s, before the usual 5 s server keep-alive, so a request is
// rarely written to a socket the server is closing.
const agents = new Map<string, http.Agent>();
function agentFor(url: URL): http.Agent {
  let agent = agents.get(url.origin);
  if (!agent) {
    const options = { keepAlive: true, timeout: 4_000, scheduling: 'lifo' as const };
    agent = url.protocol === 'https:' ? new https.Agent(options) : new http.Agent(options);
    agents.set(url.origin, agent);
  }
  return agent;
}

// A DeskDirector client is made per request, for a handful of base URLs: each is parsed once.
const targets = new Map<string, Target>();
function targetOf(baseUrl: string): Target {
  let target = targets.get(baseUrl);
  if (!target) {
    const base = new URL(baseUrl);
    if (base.protocol !== 'http:' && base.protocol !== 'https:') throw new Error(`${baseUrl} is not an http(s) URL`);
    target = {
      protocol: base.protocol,
      // An IPv6 literal without its brackets, as node:http wants it.
      hostname: base.hostname.replace(/^\[(.*)\]$/, '$1'),
      port: base.port,
      host: base.host,
      basePath: base.pathname.replace(/\/$/, ''),
      agent: agentFor(base),
    };
    targets.set(baseUrl, target);
  }
  return target;
}

export function createHttpClient(opts: HttpClientOptions): HttpClient {
  const { protocol, hostname, port, host, basePath, agent } = targetOf(opts.baseUrl);
  // Looked up per call, so a test's interception of node:http applies.
  const transport = () => (protocol === 'https:' ? https.request : http.request);
  // Headers as a flat list, which node:http writes as given (each still checked) instead of
  // storing them one setHeader at a time: so the Host header it would add comes last, here.
  // A User-Agent as fetch sent one: some firewalls in front of APIs refuse requests without.
  const fixedHeaders = ['accept', 'application/json', 'user-agent', USER_AGENT, ...Object.entries(opts.headers).flat()];
  const hostHeader = Object.keys(opts.headers).some((k) => k.toLowerCase() === 'host') ? [] : ['Host', host];

  function once(path: string, init: RequestInit): Promise<Buffer> {
    const body = init.json !== undefined ? JSON.stringify(init.json) : init.form?.toString();
    const bodyHeaders =
      body !== undefined
        ? [
            'content-type',
            init.json !== undefined ? 'application/json' : 'application/x-www-form-urlencoded;charset=UTF-8',
            'content-length',
            String(Buffer.byteLength(body)),
          ]
        : // An empty POST says so, as node:http would have written it, rather than going chunked.
          BODILESS_METHODS.has(init.method.toUpperCase())
          ? []
          : ['Content-Length', '0'];
    const headers = [...fixedHeaders, ...bodyHeaders, ...hostHeader];
    return new Promise((resolve, reject) => {
      const { signal } = init;
      if (signal?.aborted) return reject(signal.reason);
      const req = transport()({ protocol, hostname, port, path: basePath + path, method: init.method, headers, agent });
      let settled = false;
      const finish = (error: unknown, value?: Buffer) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        if (error) {
          req.destroy();
          reject(error);
        } else resolve(value!);
      };
      const timer = setTimeout(() => finish(new HttpTimeoutError(`no answer within ${opts.timeoutMs} ms`)), opts.timeoutMs);
      const onAbort = () => finish(signal!.reason);
      signal?.addEventListener('abort', onAbort, { once: true });
      req.on('error', (e) => finish(new HttpNetworkError(e.message)));
      req.on('response', (res) => {
        const status = res.statusCode ?? 0;
        if (status >= 300 && status <= 399) return finish(new HttpNetworkError(`answered ${status}, a redirect, which is not followed`));
        if (status < 200 || status > 299) {
          // The body is drained so the socket goes back to the pool.
          res.resume();
          const retryAfter = res.headers['retry-after'];
          return finish(new HttpStatusError(status, Array.isArray(retryAfter) ? retryAfter[0] : retryAfter));
        }
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => finish(null, chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
        res.on('error', (e) => finish(new HttpNetworkError(e.message)));
        res.on('close', () => res.complete || finish(new HttpNetworkError('the answer was cut off')));
      });
      req.end(body);
    });
  }

  /** How long to wait before retry n, or null when this failure is not retried. */
  function retryDelay(error: unknown, n: number, init: RequestInit): number | null {
    const retry = opts.retryReads;
    if (!retry || n > retry.limit || init.method.toUpperCase() !== 'GET') return null;
    if (error instanceof HttpStatusError) {
      if (!RETRY_STATUSES.has(error.status)) return null;
      const asked = retryAfterMs(error.retryAfter);
      // A server that asks for more than one attempt's time is not waited for.
      if (asked !== undefined) return asked <= opts.timeoutMs ? asked : null;
    } else if (!(error instanceof HttpNetworkError)) return null;
    return Math.random() * retry.delayMs(n);
  }

  async function attempt(path: string, init: RequestInit): Promise<Buffer> {
    for (let n = 1; ; n++) {
      try {
        return await once(path, init);
      } catch (error) {
        const wait = retryDelay(error, n, init);
        if (wait === null) throw error;
        await pause(wait, init.signal);
      }
    }
  }

  return {
    json: async (path, init) => JSON.parse((await attempt(path, init)).toString('utf8')) as unknown,
    send: async (path, init) => void (await attempt(path, init)),
  };
}

/** Retry-After as seconds or an HTTP date, in ms; undefined when absent or unreadable. */
function retryAfterMs(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => (clearTimeout(timer), reject(signal!.reason));
    const timer = setTimeout(() => (signal?.removeEventListener('abort', onAbort), resolve()), ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
