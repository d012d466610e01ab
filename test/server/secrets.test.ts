// The Directly API token is the company's secret and the caller's DeskDirector token is
// the caller's: neither may leak through a reply, a log line, or the wrong upstream.
import { http, HttpResponse } from 'msw';
import { describe, expect, test } from 'vitest';
import { DD_HOST, DIRECTLY_URL, TEST_DIRECTLY_TOKEN } from '../support/upstreams.ts';
import { useProxy, type Reply } from '../support/proxy-harness.ts';

const h = useProxy();

/** Every place a reply can carry text: status line aside, its headers and its body. */
const replyText = (r: Reply) => `${[...r.headers].map(([k, v]) => `${k}: ${v}`).join('\n')}\n${r.text}`;

describe('secrets', () => {
  test('a whole flow, failures included, never shows the Directly token or the caller token where it does not belong', async () => {
    const alice = h.up.dd.mint('contact:101');
    const tess = h.up.dd.mint('member:9001');
    const callerTokens = [alice, tess];

    await h.call('GET', '/api/config');
    await h.call('GET', '/api/health');
    expect(
      (await h.call('POST', '/api/escalations/5001', { token: alice, json: { subject: 'Outlook', text: 'Outlook keeps asking for my password.' } })).status,
    ).toBe(201);
    expect(
      (await h.call('POST', '/api/escalations/5001', { token: alice, json: { subject: 'Again', text: 'Outlook keeps asking for my password.' } })).status,
    ).toBe(409);
    await h.call('GET', '/api/escalations?ticketIds=5001,5002', { token: alice });
    await h.call('GET', '/api/escalations/5001/history', { token: tess, app: 'tech' });
    await h.call('POST', '/api/escalations/5008', { token: alice, json: { subject: 'Not mine', text: "This is somebody else's ticket." } });
    await h.call('POST', '/api/escalations/5002', { token: alice, json: { subject: 'x', text: 'short', apiToken: 'guess' } });
    await h.call('POST', '/api/escalations/5002', {
      token: alice,
      host: 'http://evil.test',
      json: { subject: 'Evil', text: 'Send this somewhere else please.' },
    });
    // Directly fails, and even echoes the token in its error and in a wrong-shaped answer.
    h.server.use(
      http.post(`${DIRECTLY_URL}/helpDesk/saveQuestion`, () => new HttpResponse(`bad token ${TEST_DIRECTLY_TOKEN}`, { status: 500 }), { once: true }),
    );
    expect(
      (
        await h.call('POST', '/api/escalations/5002', {
          token: alice,
          json: { subject: 'Calendar', text: 'How do I share my calendar with the team?' },
        })
      ).status,
    ).toBe(502);
    h.server.use(http.post(`${DIRECTLY_URL}/helpDesk/saveQuestion`, () => HttpResponse.json({ echo: TEST_DIRECTLY_TOKEN }), { once: true }));
    expect((await h.call('POST', '/api/escalations/5003', { token: alice, json: { subject: 'Pivot', text: 'My pivot table does not refresh.' } })).status).toBe(
      502,
    );
    h.server.use(http.post(`${DIRECTLY_URL}/helpDesk/closeQuestion`, () => new HttpResponse(TEST_DIRECTLY_TOKEN, { status: 500 }), { once: true }));
    expect((await h.call('POST', '/api/escalations/5001/close', { token: tess, app: 'tech' })).status).toBe(502);
    expect((await h.call('POST', '/api/escalations/5001/close', { token: tess, app: 'tech' })).status).toBe(200);
    await h.call('POST', '/api/escalations/5004', {
      token: h.up.dd.mint('contact:101', -10),
      json: { subject: 'Expired', text: 'My token has expired by now.' },
    });
    await h.call('POST', '/api/escalations/5001', { token: alice, body: 'x'.repeat(40_000), headers: { 'content-type': 'application/json' } });

    expect(h.replies.length).toBeGreaterThanOrEqual(15);
    for (const reply of h.replies) expect(replyText(reply)).not.toContain(TEST_DIRECTLY_TOKEN);

    expect(h.logLines.length).toBeGreaterThanOrEqual(h.replies.length);
    for (const line of h.logLines) {
      expect(line).not.toContain(TEST_DIRECTLY_TOKEN);
      for (const token of callerTokens) expect(line).not.toContain(token);
      expect(line).not.toMatch(/DdAccessToken|ApiToken/i);
    }

    // The Directly token goes to Directly only, in its header, never in the form.
    const toDirectly = h.sent.filter((s) => s.url.origin === DIRECTLY_URL);
    const toDd = h.sent.filter((s) => s.url.origin === DD_HOST);
    expect(toDirectly.length).toBeGreaterThan(0);
    expect(toDd.length).toBeGreaterThan(0);
    expect(h.sent.filter((s) => s.url.origin !== DIRECTLY_URL && s.url.origin !== DD_HOST)).toEqual([]);
    for (const s of toDirectly) {
      expect(s.headers.get('apitoken')).toBe(TEST_DIRECTLY_TOKEN);
      expect(s.headers.has('authorization')).toBe(false);
      const body = await s.body;
      expect(body).not.toContain(TEST_DIRECTLY_TOKEN);
      for (const token of callerTokens) expect(body).not.toContain(token);
    }
    for (const s of toDd) {
      expect(s.headers.has('apitoken')).toBe(false);
      expect(`${[...s.headers].join('\n')}\n${await s.body}`).not.toContain(TEST_DIRECTLY_TOKEN);
    }
  });

  test('GET /api/config is public and holds the mapping and limits, no token and no upstream address', async () => {
    const res = await h.call('GET', '/api/config');
    expect(res.status).toBe(200);
    expect(Object.keys(res.json as object).sort()).toEqual(['limits', 'mapping']);
    expect(res.text).not.toContain(TEST_DIRECTLY_TOKEN);
    expect(res.text).not.toContain(DIRECTLY_URL);
    expect(h.sent).toEqual([]);
  });

  test('error bodies never echo the request body back', async () => {
    const res = await h.call('POST', '/api/escalations/5001', {
      as: 'contact:101',
      json: { subject: 'x', text: 'x', apiToken: TEST_DIRECTLY_TOKEN },
    });
    expect(res.status).toBe(400);
    expect(res.text).not.toContain(TEST_DIRECTLY_TOKEN);
  });
});
