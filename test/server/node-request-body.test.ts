// An escalation's body as Node receives it over a socket: whole, still arriving when the
// request is routed (DeskDirector is already being asked), or in chunks. The proxy reads
// each the same way: what it records is what was sent, and a body that is not JSON is
// refused as such: the ticket read already under way is abandoned, and nothing is written.
import { request } from 'node:http';
import { expect, test } from 'vitest';
import { useNodeServer } from '../support/over-node.ts';
import { useProxy } from '../support/proxy-harness.ts';
import { DD_HOST } from '../support/upstreams.ts';

const h = useProxy();
const serve = useNodeServer(h);
const headers = () => ({ authorization: `DdAccessToken ${h.up.dd.mint('contact:101')}`, 'x-dd-host': DD_HOST, 'content-type': 'application/json' });
const draft = () => ({ subject: 'Café menu ✓ prints blank', text: 'The printer on the 2nd floor prints blank pages — since Monday.' });

/** Sends `parts` one after another, `gapMs` apart, over one request with a declared length; resolves with the status and body. */
async function sendInParts(ticketId: number, parts: Buffer[], gapMs: number): Promise<{ status: number; body: string }> {
  const url = new URL(`/api/escalations/${ticketId}`, await serve());
  const length = parts.reduce((n, p) => n + p.length, 0);
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { ...headers(), 'content-length': String(length) } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode!, body }));
    });
    req.on('error', reject);
    const next = (i: number) => {
      if (i === parts.length) return req.end();
      req.write(parts[i]);
      setTimeout(() => next(i + 1), gapMs);
    };
    next(0);
  });
}

const recorded = (body: string) => (JSON.parse(body) as { escalation: { subject: string; text: string; ticketId: number } }).escalation;

test('a whole body is taken as sent, accents and symbols included', async () => {
  const res = await fetch(`${await serve()}/api/escalations/5001`, { method: 'POST', headers: headers(), body: JSON.stringify(draft()) });
  expect(res.status).toBe(201);
  expect(recorded(await res.text())).toMatchObject({ ticketId: 5001, ...draft() });
});

test('a body that is still arriving when the request is routed is waited for', async () => {
  const bytes = Buffer.from(JSON.stringify(draft()));
  // Split inside "Café": a character cut in two is joined again, not replaced.
  const cut = bytes.indexOf(Buffer.from('é')) + 1;
  const res = await sendInParts(5002, [bytes.subarray(0, cut), bytes.subarray(cut)], 50);
  expect(res.status).toBe(201);
  expect(recorded(res.body)).toMatchObject(draft());
});

test('a body sent in chunks, without a declared length, is read too', async () => {
  const body = new Blob([JSON.stringify(draft())]).stream();
  const res = await fetch(`${await serve()}/api/escalations/5003`, { method: 'POST', headers: headers(), body, duplex: 'half' } as RequestInit);
  expect(res.status).toBe(201);
  expect(recorded(await res.text())).toMatchObject(draft());
});

test('a body with a byte-order mark is read as JSON', async () => {
  const res = await sendInParts(5004, [Buffer.from('\uFEFF' + JSON.stringify(draft()))], 0);
  expect(res.status).toBe(201);
  expect(recorded(res.body)).toMatchObject(draft());
});

test.each([
  ['whole', 0],
  ['arriving', 50],
])('a %s body that is not JSON is refused with 400; the ticket read is abandoned, nothing is written, nothing logged above info', async (_how, gapMs) => {
  const res = await sendInParts(5005, [Buffer.from('{"subject": "Pri'), Buffer.from('nter", "text": ')], gapMs);
  expect(res.status).toBe(400);
  expect(JSON.parse(res.body)).toMatchObject({ error: { code: 'invalid_request', message: 'The request body must be JSON.' } });
  // The ticket read had started; it is abandoned, with nothing written and nothing logged above info.
  await new Promise((r) => setTimeout(r, 50));
  expect(h.sent.filter((s) => s.method !== 'GET' || s.url.origin !== DD_HOST)).toEqual([]);
  expect(h.logLines.map((l) => (JSON.parse(l) as { level: string }).level).filter((l) => l !== 'info')).toEqual([]);
});
