// Node only: serves the built app with the headers a page inside another company's
// portal needs, and the first screen's data in it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import type { Context, Hono } from 'hono';
import { limits } from '../../common/question.ts';
import { APP_HEADER, FIRST_SCREEN_ID, type FirstScreen, HOST_HEADER, PAGE_CONFIG_META, type PageConfig } from '../../common/contract.ts';
import { parseLaunch } from '../../common/launch.ts';
import type { Config } from '../config.ts';
import type { Env } from '../http/env.ts';

const PAGE_CONFIG_TAG = `<meta name="${PAGE_CONFIG_META}" content="" />`;
const attr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** What the page may know of the proxy's configuration: nothing secret. */
export function pageConfigOf(config: Pick<Config, 'deskDirectorHosts' | 'mapping' | 'branding'>): PageConfig {
  return { deskDirectorHosts: config.deskDirectorHosts, mapping: config.mapping, limits, branding: config.branding };
}

/** The page learns its allowed hosts and expert mapping from index.html itself: no extra round trip, no inline script. */
export function renderIndex(html: string, config: Pick<Config, 'deskDirectorHosts' | 'mapping' | 'branding'>): string {
  if (!html.includes(PAGE_CONFIG_TAG)) throw new Error(`index.html lacks the ${PAGE_CONFIG_META} meta tag`);
  return html.replace(PAGE_CONFIG_TAG, `<meta name="${PAGE_CONFIG_META}" content="${attr(JSON.stringify(pageConfigOf(config)))}" />`);
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

export function servePage(app: Hono<Env>, config: Config, root: string, opts: { firstScreenWaitMs?: number } = {}): void {
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
  const page = (c: Context) => pageWithFirstScreen(app, c, index, config, opts.firstScreenWaitMs ?? FIRST_SCREEN_WAIT_MS);
  app.get('/', page);
  app.get('/index.html', page);
  app.use('*', serveStatic({ root }));
  // A missing hashed asset is a 404, never the page: a tab left open across a deploy
  // would otherwise run HTML as its script.
  app.get('/assets/*', (c) => c.text('Not found', 404));
  // Any other path is the single-page app.
  app.get('*', page);
}

/** JSON that can sit inside a <script> element: nothing in it can close the element or start markup. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/**
 * The launch URL already carries the caller's token (DeskDirector puts it there), so
 * the proxy starts the first screen's reads as soon as the page is asked for, through
 * its own API (same checks, limits and logs; the client's address passed on for the
 * per-IP limit). The page's markup goes out at once, so its script and style load while
 * DeskDirector answers; the answers follow as a JSON data block before </body>, and
 * the page then makes no request of its own for them. Without a usable token, or when
 * a read fails, the page is served as is and asks itself (and shows any error).
 */
async function firstScreenOf(app: Hono<Env>, c: Context, config: Pick<Config, 'deskDirectorHosts'>): Promise<string | null> {
  // Exactly what the page will make of the same URL; anything it would refuse is left to it.
  const parsed = parseLaunch(new URL(c.req.url).searchParams, config.deskDirectorHosts);
  if (!parsed.ok) return null;
  const { token, host, app: ddApp } = parsed.launch;
  const headers: Record<string, string> = { authorization: `DdAccessToken ${token}`, [HOST_HEADER]: host, [APP_HEADER]: ddApp };
  // The reads count against this client's per-IP limit: the socket comes with c.env, and
  // behind the operator's reverse proxy (TRUST_PROXY) the address is in this header.
  const forwardedFor = c.req.header('x-forwarded-for');
  if (forwardedFor !== undefined) headers['x-forwarded-for'] = forwardedFor;
  // Not the page's own response, though: an API answer puts its headers straight onto Node's
  // response when it has one (http/request-context.ts), and these answers are read here.
  const env = { ...(c.env as object), outgoing: undefined };
  const [tickets, latestDraft] = await Promise.all(['/api/tickets?page=0&search=', '/api/drafts/latest'].map((path) => app.request(path, { headers }, env)));
  if (tickets!.status !== 200 || latestDraft!.status !== 200) return null;
  const firstScreen: FirstScreen = {
    host,
    app: ddApp,
    tickets: (await tickets!.json()) as FirstScreen['tickets'],
    latestDraft: (await latestDraft!.json()) as FirstScreen['latestDraft'],
  };
  return jsonForScript(firstScreen);
}

/**
 * The page's script loads and runs meanwhile, but the page starts only once the document
 * is complete (src/main.tsx), so a slow DeskDirector must not hold it open: past this, the
 * page is finished without the data and asks for it itself (showing its loading state
 * and, if it comes to that, the error).
 */
export const FIRST_SCREEN_WAIT_MS = 1_500;

function pageWithFirstScreen(app: Hono<Env>, c: Context, index: string, config: Pick<Config, 'deskDirectorHosts'>, waitMs: number): Response {
  if (!new URL(c.req.url).searchParams.has('access_token')) return c.html(index);
  const end = index.lastIndexOf('</body>');
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      controller.enqueue(encoder.encode(index.slice(0, end)));
      let timer: ReturnType<typeof setTimeout> | undefined;
      const late = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), waitMs)));
      const data = await Promise.race([firstScreenOf(app, c, config).catch(() => null), late]);
      clearTimeout(timer);
      if (data) controller.enqueue(encoder.encode(`<script type="application/json" id="${FIRST_SCREEN_ID}">${data}</script>\n`));
      controller.enqueue(encoder.encode(index.slice(end)));
      controller.close();
    },
  });
  return c.body(body, 200, { 'Content-Type': 'text/html; charset=UTF-8' });
}
