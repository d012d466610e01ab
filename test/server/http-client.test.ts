// The proxy's outbound client (server/upstreams/http-client.ts) against a real loopback
// server: what the upstream tests cannot see through MSW (sockets, slow bodies).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import { afterEach, describe, expect, test } from 'vitest';
import { createHttpClient, HttpNetworkError, HttpStatusError, HttpTimeoutError } from '../../server/upstreams/http-client.ts';

let server: Server | undefined;
afterEach(() => new Promise<void>((r) => (server ? (server.closeAllConnections(), server.close(() => r())) : r())));

/** A loopback server; returns its origin and the remote ports of the connections it saw. */
async function listen(handler: (req: IncomingMessage, res: ServerResponse, body: string) => void) {
  const ports = new Set<number>();
  server = createServer((req, res) => {
    ports.add(req.socket.remotePort!);
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => handler(req, res, body));
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, ports };
}

const json = (res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}) =>
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(value));

describe('the outbound client', () => {
  test('sends the credential and the body, and reuses one connection for calls in a row', async () => {
    const seen: Array<{ auth?: string; type?: string; body: string }> = [];
    const agents = new Set<string | undefined>();
    const { origin, ports } = await listen((req, res, body) => {
      seen.push({ auth: req.headers.authorization, type: req.headers['content-type'], body });
      agents.add(req.headers['user-agent']);
      json(res, 200, { ok: seen.length });
    });
    const client = createHttpClient({ baseUrl: `${origin}/base`, headers: { authorization: 'Key k' }, timeoutMs: 1_000 });
    expect(await client.json('/a', { method: 'POST', json: { n: 1 } })).toEqual({ ok: 1 });
    expect(await client.json('/b', { method: 'POST', form: new URLSearchParams({ x: 'a b' }) })).toEqual({ ok: 2 });
    await client.send('/c', { method: 'GET' });
    expect(seen).toEqual([
      { auth: 'Key k', type: 'application/json', body: '{"n":1}' },
      { auth: 'Key k', type: 'application/x-www-form-urlencoded;charset=UTF-8', body: 'x=a+b' },
      { auth: 'Key k', type: undefined, body: '' },
    ]);
    expect(ports.size).toBe(1);
    expect([...agents]).toEqual(['dd-directly-proxy']);
  });

  test('names the origin in Host, and gives an empty POST a zero Content-Length rather than a chunked body', async () => {
    const seen: Array<Record<string, string | undefined>> = [];
    const { origin } = await listen((req, res) => {
      seen.push({ host: req.headers.host, length: req.headers['content-length'], chunked: req.headers['transfer-encoding'] });
      json(res, 200, {});
    });
    const client = createHttpClient({ baseUrl: origin, headers: {}, timeoutMs: 1_000 });
    await client.send('/', { method: 'POST' });
    await client.send('/', { method: 'GET' });
    const host = new URL(origin).host;
    expect(seen).toEqual([
      { host, length: '0', chunked: undefined },
      { host, length: undefined, chunked: undefined },
    ]);
  });

  // Some containers have no IPv6 loopback.
  const ipv6 = Object.values(networkInterfaces()).some((list) => list?.some((i) => i.address === '::1'));
  test.skipIf(!ipv6)('an IPv6 literal origin is reached', async () => {
    server = createServer((_req, res) => json(res, 200, { v6: true }));
    await new Promise<void>((r) => server!.listen(0, '::1', r));
    const client = createHttpClient({ baseUrl: `http://[::1]:${(server.address() as AddressInfo).port}`, headers: {}, timeoutMs: 1_000 });
    expect(await client.json('/', { method: 'GET' })).toEqual({ v6: true });
  });

  test('a redirect is not followed: a network failure', async () => {
    let calls = 0;
    const { origin } = await listen((_req, res) => (calls++, res.writeHead(302, { location: 'http://elsewhere.test/' }).end()));
    const client = createHttpClient({ baseUrl: origin, headers: {}, timeoutMs: 1_000 });
    await expect(client.json('/', { method: 'POST' })).rejects.toThrow(HttpNetworkError);
    expect(calls).toBe(1);
  });

  test('the timeout covers the body: headers in time and a body that never ends is a timeout', async () => {
    const { origin } = await listen((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).write('{"partial":'));
    const client = createHttpClient({ baseUrl: origin, headers: {}, timeoutMs: 200 });
    await expect(client.json('/', { method: 'GET' })).rejects.toThrow(HttpTimeoutError);
  });

  test('a body that is not JSON is a SyntaxError; a non-2xx answer carries its status', async () => {
    const { origin } = await listen((req, res) => (req.url === '/html' ? res.end('<html>') : json(res, 404, {})));
    const client = createHttpClient({ baseUrl: origin, headers: {}, timeoutMs: 1_000 });
    await expect(client.json('/html', { method: 'GET' })).rejects.toThrow(SyntaxError);
    await expect(client.json('/missing', { method: 'GET' })).rejects.toMatchObject({ status: 404 });
  });

  test('reads are retried on a passing status, honouring a short Retry-After; writes never', async () => {
    let calls = 0;
    const { origin } = await listen((_req, res) => (++calls === 1 ? json(res, 503, {}, { 'retry-after': '0' }) : json(res, 200, { calls })));
    const client = createHttpClient({ baseUrl: origin, headers: {}, timeoutMs: 1_000, retryReads: { limit: 2, delayMs: () => 10 } });
    expect(await client.json('/', { method: 'GET' })).toEqual({ calls: 2 });
    calls = 0;
    await expect(client.json('/', { method: 'POST' })).rejects.toThrow(HttpStatusError);
    expect(calls).toBe(1);
  });

  test('a Retry-After longer than the timeout is not waited for', async () => {
    let calls = 0;
    const { origin } = await listen((_req, res) => (calls++, json(res, 503, {}, { 'retry-after': '60' })));
    const client = createHttpClient({ baseUrl: origin, headers: {}, timeoutMs: 1_000, retryReads: { limit: 2, delayMs: () => 10 } });
    await expect(client.json('/', { method: 'GET' })).rejects.toMatchObject({ status: 503 });
    expect(calls).toBe(1);
  });

  test('an aborted call rejects with the signal’s reason at once', async () => {
    const { origin } = await listen(() => {});
    const client = createHttpClient({ baseUrl: origin, headers: {}, timeoutMs: 5_000 });
    const abort = new AbortController();
    const call = client.json('/', { method: 'GET', signal: abort.signal });
    setTimeout(() => abort.abort(), 20);
    await expect(call).rejects.toMatchObject({ name: 'AbortError' });
  });
});
