// Serves the built app with the headers a page inside another company's portal needs.
import type { Hono } from 'hono';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { limits } from '../common/escalation.ts';
import type { Config } from './config.ts';

const PAGE_CONFIG_META = '<meta name="dd-directly-config" content="" />';
const attr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The page learns its allowed hosts and expert mapping from index.html itself: no extra round trip, no inline script. */
/** What the page may know of the proxy's configuration: nothing secret. */
export function pageConfigOf(config: Pick<Config, 'deskDirectorHosts' | 'mapping'>) {
  return { deskDirectorHosts: config.deskDirectorHosts, mapping: config.mapping, limits };
}

export function renderIndex(html: string, config: Pick<Config, 'deskDirectorHosts' | 'mapping'>): string {
  if (!html.includes(PAGE_CONFIG_META)) throw new Error('index.html lacks the dd-directly-config meta tag');
  return html.replace(PAGE_CONFIG_META, `<meta name="dd-directly-config" content="${attr(JSON.stringify(pageConfigOf(config)))}" />`);
}

export function contentSecurityPolicy(config: Pick<Config, 'portalOrigins'>): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    // Every call the page makes goes to the proxy; DeskDirector is read by the proxy, as the user.
    "connect-src 'self'",
    `frame-ancestors 'self' ${config.portalOrigins.join(' ')}`,
    "base-uri 'none'",
    "form-action 'none'",
    "object-src 'none'",
  ].join('; ');
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function servePage(app: Hono<any>, config: Config, root: string): void {
  const csp = contentSecurityPolicy(config);
  app.use('*', async (c, next) => {
    await next();
    if (new URL(c.req.url).pathname.startsWith('/api/')) return;
    c.header('Content-Security-Policy', csp);
    c.header('Referrer-Policy', 'no-referrer');
    c.header('X-Content-Type-Options', 'nosniff');
    const type = c.res.headers.get('content-type') ?? '';
    // Hashed assets may be cached; the HTML that names them, and carries no token, never.
    c.header('Cache-Control', type.startsWith('text/html') || c.res.status !== 200 ? 'no-store' : 'public, max-age=31536000, immutable');
  });
  const index = renderIndex(readFileSync(join(root, 'index.html'), 'utf8'), config);
  app.get('/', (c) => c.html(index));
  app.get('/index.html', (c) => c.html(index));
  app.use('*', serveStatic({ root }));
  // A missing hashed asset is a 404, never the page: a tab left open across a deploy
  // would otherwise run HTML as its script.
  app.get('/assets/*', (c) => c.text('Not found', 404));
  // Any other path is the single-page app.
  app.get('*', (c) => c.html(index));
}
