// Serves the built app with the headers a page inside another company's portal needs.
import type { Hono } from 'hono';
import { serveStatic } from '@hono/node-server/serve-static';
import type { Config } from './config.ts';

export function contentSecurityPolicy(config: Pick<Config, 'deskDirectorHosts' | 'portalOrigins'>): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self' ${config.deskDirectorHosts.join(' ')}`,
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
    c.header('Cache-Control', type.startsWith('text/html') ? 'no-store' : 'public, max-age=31536000, immutable');
  });
  app.use('/assets/*', serveStatic({ root }));
  app.use('*', serveStatic({ root }));
  app.get('*', serveStatic({ root, path: 'index.html' }));
}
