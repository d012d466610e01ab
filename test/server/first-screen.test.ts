// Served with a launch URL, the page carries its first screen: the proxy reads it through
// its own API with the URL's token while the page's head is already on its way, and
// writes the answers into a JSON data block that no ticket text can break out of.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { http } from 'msw';
import { beforeEach, describe, expect, test } from 'vitest';
import { FIRST_SCREEN_ID, firstScreenSchema } from '../../common/contract.ts';
import { displayName } from '../../common/deskdirector.ts';
import { endpointPath } from '../../server/profile/profile.ts';
import { parse } from 'valibot';
import { clientIpResolver } from '../../server/http/rate-limit.ts';
import { contentSecurityPolicy, servePage } from '../../server/routes/page.ts';
import { createTestProxy, testConfig } from '../support/proxy.ts';
import { DD_HOST, DD_PROFILE } from '../support/upstreams.ts';
import { useProxy } from '../support/proxy-harness.ts';
import { tempDir } from '../support/temp-dir.ts';

const h = useProxy();
const root = tempDir('dd-first-screen-');
// The built page's shape: Vite puts the module script in <head>.
writeFileSync(
  join(root, 'index.html'),
  readFileSync(join(import.meta.dirname, '../../index.html'), 'utf8')
    .replace('<script type="module" src="/src/main.tsx"></script>', '')
    .replace('</head>', '<script type="module" crossorigin src="/assets/index-abc.js"></script>\n</head>'),
);
beforeEach(() => servePage(h.app, h.config, root));

const launchUrl = (token: string, extra: Record<string, string> = {}) => `/?${new URLSearchParams({ access_token: token, host: DD_HOST, ...extra })}`;
const blockPattern = new RegExp(`<script type="application/json" id="${FIRST_SCREEN_ID}">([^<]*)</script>`);
const firstScreenIn = (html: string) => {
  const match = blockPattern.exec(html);
  return match ? parse(firstScreenSchema, JSON.parse(match[1]!)) : null;
};

describe('a page asked for with a usable launch URL', () => {
  test('carries what GET /api/tickets and GET /api/drafts/latest answer the same caller, and never the token', async () => {
    const token = h.up.dd.mint('contact:101');
    expect((await h.call('PUT', '/api/drafts/5003', { token, json: { subject: 'Pivot', text: 'Half typed' } })).status).toBe(204);
    const res = await h.app.request(launchUrl(token));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toBe(contentSecurityPolicy(h.config));
    expect(res.headers.get('cache-control')).toBe('no-store');
    const html = await res.text();
    const firstScreen = firstScreenIn(html);
    expect(firstScreen).not.toBeNull();
    expect(firstScreen!.host).toBe(DD_HOST);
    expect(firstScreen!.app).toBe('portal');
    expect(firstScreen!.tickets).toEqual((await h.call('GET', '/api/tickets?page=0&search=', { token })).json);
    expect(firstScreen!.latestDraft.draft).toMatchObject({ ticketId: 5003, subject: 'Pivot', text: 'Half typed' });
    // The block sits in the body, after the root element, and the page is still whole.
    expect(html.indexOf('<div id="root">')).toBeLessThan(html.indexOf(FIRST_SCREEN_ID));
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
    // The data is the caller's own; the token that read it is not written anywhere, logs included.
    expect(html).not.toContain(token);
    expect(h.logLines.filter((l) => l.includes('"path":"/"'))).toHaveLength(1);
    expect(h.logLines.join('\n')).not.toContain(token.split('.')[2]!);
  });

  test("a technician's launch (dd_app=tech) carries the technician's list", async () => {
    const html = await (await h.app.request(launchUrl(h.up.dd.mint('member:9001'), { dd_app: 'tech' }))).text();
    const firstScreen = firstScreenIn(html)!;
    expect(firstScreen.app).toBe('tech');
    // Called by name: the variant's userName is the email address.
    expect(firstScreen.tickets.user.id).toBe(9001);
    expect(displayName(firstScreen.tickets.user)).toBe('Tess Tech');
    expect(firstScreen.tickets.tickets.totalResults).toBe(12);
  });

  test('sends its head, script tag included, before DeskDirector has answered', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    h.server.use(
      http.all(`${DD_HOST}/*`, async ({ request }) => {
        await gate;
        return h.up.dd.app.fetch(request);
      }),
    );
    const res = await h.app.request(launchUrl(h.up.dd.mint('contact:101')));
    const reader = res.body!.getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    expect(first).toContain('<script type="module" crossorigin src="/assets/index-abc.js"></script>');
    expect(first).not.toContain(FIRST_SCREEN_ID);
    release();
    let rest = '';
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) rest += new TextDecoder().decode(chunk.value);
    const user = firstScreenIn(first + rest)!.tickets.user;
    expect(user.id).toBe(101);
    expect(displayName(user)).toBe('Alice Nguyen');
  });

  test('ticket text cannot close the data block or start markup, and reads back exactly', async () => {
    const hostile = 'Printer </script><script>alert(1)</script> <!-- & \u2028 \u2029 done';
    h.up.dd.tickets.find((t) => t.id === 5006)!.summary = hostile;
    const html = await (await h.app.request(launchUrl(h.up.dd.mint('contact:101')))).text();
    expect(html).not.toContain('<script>alert(1)');
    expect(html).not.toContain('\u2028');
    expect(blockPattern.exec(html)![1]).not.toMatch(/[<>&]/);
    expect(html.match(/<\/script>/g)).toHaveLength(2); // the module script's and the data block's own
    expect(firstScreenIn(html)!.tickets.tickets.results.find((t) => t.id === 5006)!.summary).toBe(hostile);
  });
});

describe('a page asked for without a usable launch URL is served as is, and nothing is read', () => {
  test.each([
    ['no token', '/'],
    ['a malformed token', `/?access_token=not-a-jwt&host=${encodeURIComponent(DD_HOST)}`],
    ['a host not allowed', 'evil'],
  ])('%s', async (_, path) => {
    const res = await h.app.request(
      path === 'evil' ? `/?${new URLSearchParams({ access_token: h.up.dd.mint('contact:101'), host: 'https://evil.example' })}` : path,
    );
    expect(res.status).toBe(200);
    expect(await res.text()).not.toContain(FIRST_SCREEN_ID);
    expect(h.sent).toEqual([]);
  });

  test('an expired token: no data, and DeskDirector is not asked', async () => {
    const res = await h.app.request(launchUrl(h.up.dd.mint('contact:101', -5)));
    expect(await res.text()).not.toContain(FIRST_SCREEN_ID);
    expect(h.sent).toEqual([]);
  });

  test('a token DeskDirector refuses: no data, and the page is still served whole', async () => {
    const forged = h.up.otherDd.mint('contact:101');
    const res = await h.app.request(launchUrl(forged));
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).not.toContain(FIRST_SCREEN_ID);
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
    expect(h.sent.map((s) => s.url.pathname)).toContain(endpointPath(DD_PROFILE, 'portalMe'));
  });
});

test('a DeskDirector slower than the wait does not hold the page: it is finished without the data', async () => {
  h.server.use(http.all(`${DD_HOST}/*`, () => new Promise<never>(() => {})));
  const app = (await createTestProxy({ db: h.db })).app;
  servePage(app, h.config, root, { firstScreenWaitMs: 100 });
  const started = performance.now();
  const html = await (await app.request(launchUrl(h.up.dd.mint('contact:101')))).text();
  expect(performance.now() - started).toBeLessThan(1_000);
  expect(html).not.toContain(FIRST_SCREEN_ID);
  expect(html.trimEnd().endsWith('</html>')).toBe(true);
});

test("the first screen's reads count against the client's own per-IP limit, even behind a reverse proxy", async () => {
  const behindProxy = await createTestProxy({
    db: h.db,
    config: testConfig({ RATE_LIMIT_IP_PER_MINUTE: '2', TRUST_PROXY: 'true' }),
    deps: { clientIp: clientIpResolver({ trustProxy: true, connectionIp: () => '10.0.0.1' }) },
  });
  servePage(behindProxy.app, h.config, root);
  const from = (ip: string, path: string, token = h.up.dd.mint('contact:101')) =>
    behindProxy.app.request(path.startsWith('/api/') ? path : launchUrl(token), {
      headers: { 'x-forwarded-for': ip, ...(path.startsWith('/api/') ? { authorization: `DdAccessToken ${token}`, 'x-dd-host': DD_HOST } : {}) },
    });
  // The page load spends client A's two tokens on its two reads (a new token's next read is refused)...
  expect(await (await from('203.0.113.7', '/')).text()).toContain(FIRST_SCREEN_ID);
  expect((await from('203.0.113.7', '/api/tickets', h.up.dd.mint('contact:101', 1800))).status).toBe(429);
  // ...and nobody else's.
  expect(await (await from('198.51.100.9', '/')).text()).toContain(FIRST_SCREEN_ID);
});
