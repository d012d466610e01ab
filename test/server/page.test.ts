// The page lives inside another company's portal: its CSP lets only that portal frame it
// and only the DeskDirector hosts be called, and the HTML carries its configuration
// but never a secret.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { ExpertMapping } from '../../common/expert-mapping.ts';
import { limits } from '../../common/question.ts';
import { createApp } from '../../server/app.ts';
import type { Ledger } from '../../server/ledger/index.ts';
import { contentSecurityPolicy, renderIndex, servePage } from '../../server/routes/page.ts';
import { testConfig } from '../support/proxy.ts';
import { DIRECTLY_URL, TEST_DIRECTLY_TOKEN } from '../support/upstreams.ts';
import { tempDir } from '../support/temp-dir.ts';

const config = testConfig({
  DESKDIRECTOR_HOSTS: 'https://acme.deskdirector.com,https://help.msp.example',
  DESKDIRECTOR_PORTAL_ORIGINS: 'https://portal.msp.example,https://acme.deskdirector.com',
});

/** `a b; c d` → { a: ['b'], c: ['d'] } */
function directives(csp: string): Record<string, string[]> {
  return Object.fromEntries(
    csp
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...values]) => [name!, values]),
  );
}

/** Reads the injected page configuration back the way a browser would. */
function pageConfigOf(html: string): unknown {
  const metas = [...html.matchAll(/<meta name="dd-directly-config" content="([^"]*)" \/>/g)];
  expect(metas).toHaveLength(1);
  const content = metas[0]![1]!
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
  return JSON.parse(content);
}

const projectIndex = readFileSync(join(import.meta.dirname, '../../index.html'), 'utf8');

describe('contentSecurityPolicy', () => {
  const csp = directives(contentSecurityPolicy(config));

  test("allows scripts from the page's own origin only", () => {
    expect(csp['script-src']).toEqual(["'self'"]);
    expect(csp['default-src']).toEqual(["'self'"]);
    expect(csp['object-src']).toEqual(["'none'"]);
    expect(csp['base-uri']).toEqual(["'none'"]);
  });

  test('lets the page call its own origin only: DeskDirector and Directly are reached through the proxy', () => {
    expect(csp['connect-src']).toEqual(["'self'"]);
    expect(csp['connect-src']).not.toContain(DIRECTLY_URL);
    expect(csp['connect-src']).not.toContain('https://acme.deskdirector.com');
  });

  test('lets the portal origins frame the page, and no one else', () => {
    expect(csp['frame-ancestors']).toEqual(["'self'", 'https://portal.msp.example', 'https://acme.deskdirector.com']);
  });

  test('has no wildcard and no unsafe source anywhere', () => {
    const all = Object.values(csp).flat();
    expect(all).not.toContain('*');
    expect(all.filter((v) => /unsafe/.test(v))).toEqual([]);
    // A bare scheme such as `https:` would allow any host.
    expect(all.filter((v) => /^https?:$/.test(v))).toEqual([]);
    expect(csp['img-src']).toEqual(["'self'", 'data:']);
  });

  test('defaults frame-ancestors to the DeskDirector hosts', () => {
    const plain = testConfig({ DESKDIRECTOR_HOSTS: 'https://acme.deskdirector.com' });
    expect(directives(contentSecurityPolicy(plain))['frame-ancestors']).toEqual(["'self'", 'https://acme.deskdirector.com']);
  });
});

describe('renderIndex', () => {
  test("injects the hosts, the mapping and the limits into the project's index.html", () => {
    const html = renderIndex(projectIndex, config);
    expect(pageConfigOf(html)).toEqual({ deskDirectorHosts: config.deskDirectorHosts, mapping: config.mapping, limits, branding: config.branding });
    // The rest of the document is untouched.
    expect(html.replace(/<meta name="dd-directly-config"[^>]*>/, '')).toBe(projectIndex.replace(/<meta name="dd-directly-config"[^>]*>/, ''));
  });

  test('never writes the Directly token or address into the page, even when handed the whole config', () => {
    const html = renderIndex(projectIndex, config);
    expect(html).not.toContain(TEST_DIRECTLY_TOKEN);
    expect(html).not.toContain(DIRECTLY_URL);
  });

  test('a mapping with quotes and angle brackets cannot break out of the attribute', () => {
    const mapping: ExpertMapping = {
      ...config.mapping,
      visible: { 'He said "hi" <script>alert(1)</script> & left': 'summary' },
    };
    const html = renderIndex(projectIndex, { ...config, mapping });
    expect(html).not.toContain('<script>alert');
    expect((pageConfigOf(html) as { mapping: ExpertMapping }).mapping).toEqual(mapping);
  });

  test('refuses an index.html without the config meta tag', () => {
    expect(() => renderIndex('<!doctype html><html><head></head></html>', config)).toThrow(/dd-directly-config/);
  });
});

describe('servePage', () => {
  const root = tempDir('dd-page-');
  writeFileSync(join(root, 'index.html'), projectIndex);
  mkdirSync(join(root, 'assets'));
  writeFileSync(join(root, 'assets', 'app-1234.js'), 'console.log("app");');
  const app = createApp({ config, ledger: {} as Ledger, log: { info() {}, warn() {}, error() {} } });
  servePage(app, config, root);

  test.each([['/'], ['/index.html'], ['/tickets/5001']])('%s: the page with its CSP, never cached, frameable by the portal', async (path) => {
    const res = await app.request(path);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('content-security-policy')).toBe(contentSecurityPolicy(config));
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.has('x-frame-options')).toBe(false);
    const html = await res.text();
    expect(pageConfigOf(html)).toMatchObject({ deskDirectorHosts: config.deskDirectorHosts });
    expect(html).not.toContain(TEST_DIRECTLY_TOKEN);
  });

  test('hashed assets are cached for good', async () => {
    const res = await app.request('/assets/app-1234.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  });

  test('a missing asset is a 404, not the page, and is not cached', async () => {
    const res = await app.request('/assets/app-old-hash.js');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).not.toMatch(/html/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    // Other unknown paths are still the single-page app.
    expect((await app.request('/some/deep/link')).headers.get('content-type')).toMatch(/text\/html/);
  });

  test('API routes keep their JSON answers and get no page headers', async () => {
    const cfg = await app.request('/api/config');
    expect(cfg.status).toBe(200);
    expect(cfg.headers.has('content-security-policy')).toBe(false);
    // An unknown API path is an API error, never the single-page app's HTML.
    const missing = await app.request('/api/nothing');
    expect(missing.status).not.toBe(200);
    expect(missing.headers.has('content-security-policy')).toBe(false);
    expect(missing.headers.get('content-type')).toMatch(/^application\/json/);
  });
});
