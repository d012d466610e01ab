// Directly's question link reaches the DeskDirector note, the page and the CSV, so only
// a link on Directly's own host is kept. Anything else means Directly did answer (the
// question may exist), so the escalation is held as unknown, never sent again.
import { http, HttpResponse } from 'msw';
import { expect, test } from 'vitest';
import { errorOf, useProxy } from '../support/proxy-harness.ts';
import { DIRECTLY_URL } from '../support/upstreams.ts';

const h = useProxy();

test.each([
  ['a javascript: link', 'javascript:alert(document.domain)'],
  ['another host', 'https://directly.test.evil.example/p/x-1'],
  ['credentials in the link', `${DIRECTLY_URL.replace('://', '://user:pw@')}/p/x-1`],
  ['not a URL', 'p/x-1'],
])('%s: 502, the escalation is held as unknown, the link is stored nowhere', async (_what, url) => {
  h.server.use(http.post(`${DIRECTLY_URL}/helpDesk/saveQuestion`, () => HttpResponse.json({ question: { id: 1, url, status: '0 answers' } })));
  const res = await h.escalate(5001, 'contact:101');
  expect(res.status).toBe(502);
  expect(errorOf(res).escalation).toMatchObject({ state: 'unknown', questionUrl: null });
  const [latest] = await h.history(5001);
  expect(latest).toMatchObject({ state: 'unknown', questionUrl: null });
  expect(JSON.stringify(await h.history(5001))).not.toContain(url);
  // Held: a second try sends nothing.
  expect((await h.escalate(5001, 'contact:101')).status).toBe(409);
  expect(h.directlyCalls('saveQuestion')).toHaveLength(1);
});
