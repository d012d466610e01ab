// A refusal's envelope is read by a module that comes with the chunk loaded after the
// first screen. Read, the proxy's own code and words reach the user; if that chunk cannot
// be had, the user is still told what happened, and the status still ends a session on 401.
import * as v from 'valibot';
import { afterEach, expect, test, vi } from 'vitest';
import { createProxyApi, ProxyError, type ReadRefusal } from '../../src/lib/proxy-client.ts';
import { readRefusal } from '../../src/lib/proxy-refusal.ts';
import type { Launch } from '../../src/lib/launch.ts';

const launch: Launch = { token: 'a.b.c', host: 'http://dd.test', app: 'portal', expiresAt: Date.now() + 3_600_000 };
const envelope = { error: { code: 'forbidden', message: 'This ticket is not yours to see.', requestId: 'req-1' } };

afterEach(() => vi.unstubAllGlobals());

function answering(status: number, body: unknown) {
  vi.stubGlobal(
    'fetch',
    vi.fn(async () => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })),
  );
}

async function refusal(load: () => Promise<ReadRefusal>): Promise<ProxyError> {
  const api = createProxyApi(launch, () => undefined, load);
  const error: unknown = await api.get('tickets', v.unknown()).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ProxyError);
  return error as ProxyError;
}

test("a refusal reaches the user in the proxy's words, with its code and request id", async () => {
  answering(403, envelope);
  const error = await refusal(async () => readRefusal);
  expect(error).toMatchObject({ status: 403, code: 'forbidden', message: 'This ticket is not yours to see.', requestId: 'req-1' });
});

test('a body that is not the envelope is told by its status, nothing more', async () => {
  answering(502, { oops: true });
  const error = await refusal(async () => readRefusal);
  expect(error).toMatchObject({ status: 502, code: 'internal' });
  expect(error.message).toBe('The escalation service answered 502. Nothing you typed is lost; try again.');
});

test('when the reader cannot be loaded, the refusal is still told by its status', async () => {
  answering(401, { error: { code: 'token_expired', message: 'Your DeskDirector session has ended.' } });
  const error = await refusal(() => Promise.reject(new TypeError('Failed to fetch dynamically imported module')));
  expect(error).toMatchObject({ status: 401, code: 'internal' });
  expect(error.message).toBe('The escalation service answered 401. Nothing you typed is lost; try again.');
});
